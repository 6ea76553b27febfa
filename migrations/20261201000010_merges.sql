-- Edits merge field by field (see app/src/domain/merge.rs), which needs each source to keep
-- its identity across revisions. Sources saved before ids existed are matched by position,
-- as revision snapshots of that time are (`s1`, `s2`… in app/src/model/snapshot.rs).
ALTER TABLE sources ADD COLUMN stable_id TEXT NOT NULL DEFAULT '';
UPDATE sources SET stable_id = 's' || (position + 1);

-- A pending edit approved after the deal changed is published as a new revision that merges
-- it onto the current one; that revision names the pending one it came from.
ALTER TABLE revisions ADD COLUMN merged_from INTEGER;

-- Decisions gain two outcomes: 'merged' (approved by being merged into a newer revision) and
-- 'superseded' (replaced by its author's newer version, before any moderator decided). The
-- table is append-only, so it is rebuilt with the wider check rather than altered;
-- superseded versions were recorded as rejections with a fixed reason until now.
DROP TRIGGER revision_decisions_append_only_update;
DROP TRIGGER revision_decisions_append_only_delete;
CREATE TABLE revision_decisions_new (
    revision_id INTEGER PRIMARY KEY REFERENCES revisions (id),
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected', 'merged', 'superseded')),
    moderator_id INTEGER REFERENCES users (id),
    decided_at TEXT NOT NULL,
    reason TEXT
) STRICT;
INSERT INTO revision_decisions_new (revision_id, decision, moderator_id, decided_at, reason)
    SELECT revision_id,
        CASE WHEN decision = 'rejected' AND moderator_id IS NULL AND reason LIKE 'replaced by revision %'
             THEN 'superseded' ELSE decision END,
        moderator_id, decided_at, reason
    FROM revision_decisions;
DROP TABLE revision_decisions;
ALTER TABLE revision_decisions_new RENAME TO revision_decisions;
CREATE INDEX revision_decisions_at ON revision_decisions (decided_at);
CREATE TRIGGER revision_decisions_append_only_update BEFORE UPDATE ON revision_decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER revision_decisions_append_only_delete BEFORE DELETE ON revision_decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

-- Pending work per deal and author: the deal page tells an author their change is waiting.
CREATE INDEX revisions_author ON revisions (author_id, deal_id);
