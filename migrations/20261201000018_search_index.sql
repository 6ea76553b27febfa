-- Full-text search moved to its own index beside the database (Tantivy, `app::search`),
-- which follows the change record; SQLite's FTS5 tables and their vocabulary go.
DROP TABLE IF EXISTS deals_fts_vocab;
DROP TABLE IF EXISTS deals_fts;
