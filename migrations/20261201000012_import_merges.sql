-- An imported row is compared by the deal it makes, not by its cells: `derived_hash` is a
-- hash of the revision snapshot the row produced, so a change of the importer's rules (a
-- kind read from the program name) shows as a change, and a cell that changes nothing
-- doesn't. `revision` is the revision the import last wrote for the row: an update merges
-- onto the deal from there, keeping edits made on the site since. Rows imported before
-- these columns are compared with the snapshot of the import's revision when next seen.
ALTER TABLE import_rows ADD COLUMN derived_hash TEXT;
ALTER TABLE import_rows ADD COLUMN revision INTEGER;
