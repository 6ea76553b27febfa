-- Bulk imports: one row per import run, and one per imported source row, keyed by the row's
-- stable external id so a re-import of the same file creates nothing.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('tracker', 'good_jobs_first')),
    user_id INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    rows_created INTEGER NOT NULL DEFAULT 0,
    rows_updated INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE import_rows (
    external_id TEXT PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id),
    -- A hash of the row's normalised content: a changed row is told apart from a repeat.
    content_hash TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports (id),
    line INTEGER NOT NULL
) STRICT;
CREATE INDEX import_rows_deal ON import_rows (deal_id);
