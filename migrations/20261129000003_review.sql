-- Review and history: contributors' deals and edits wait for a moderator; every decision is
-- recorded, never overwritten.

-- A deal is public once one of its revisions is approved. Until then the row holds the
-- pending content, visible to its author and moderators only.
ALTER TABLE deals ADD COLUMN published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1));
-- Why a deal was withdrawn (soft deletion), and the deal kept when it was a duplicate.
ALTER TABLE deals ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE deals ADD COLUMN duplicate_of INTEGER REFERENCES deals (id);
-- The number of the revision the public row shows.
ALTER TABLE deals ADD COLUMN published_revision INTEGER;
UPDATE deals SET published_revision = (SELECT max(number) FROM revisions r WHERE r.deal_id = deals.id);

-- Which revision an edit started from, so a stale edit is caught instead of overwriting.
ALTER TABLE revisions ADD COLUMN base_number INTEGER;

-- Decisions on revisions: append-only, one per revision. A revision without a decision is
-- pending. Revisions written before review existed count as approved.
CREATE TABLE revision_decisions (
    revision_id INTEGER PRIMARY KEY REFERENCES revisions (id),
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    moderator_id INTEGER REFERENCES users (id),
    decided_at TEXT NOT NULL,
    reason TEXT
) STRICT;
INSERT INTO revision_decisions (revision_id, decision, moderator_id, decided_at, reason)
    SELECT id, 'approved', NULL, created_at, 'published before review existed' FROM revisions;
CREATE TRIGGER revision_decisions_append_only_update BEFORE UPDATE ON revision_decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER revision_decisions_append_only_delete BEFORE DELETE ON revision_decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

-- Reports from readers that something about a deal is wrong.
CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id),
    user_id INTEGER REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('amount_wrong', 'duplicate', 'source_dead', 'other')),
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_by INTEGER REFERENCES users (id),
    resolved_at TEXT,
    resolution TEXT,
    CHECK ((resolved_at IS NULL) = (resolution IS NULL))
) STRICT;
CREATE INDEX flags_open ON flags (created_at) WHERE resolved_at IS NULL;

-- Who did what: sign-ins, failed sign-ins, role changes, every moderation action. No foreign
-- keys, so it outlives the accounts and rows it mentions.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,
    actor_handle TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT,
    client TEXT
) STRICT;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Deleted accounts keep their id (history points at it) but lose handle and password.
ALTER TABLE users ADD COLUMN deleted_at TEXT;
