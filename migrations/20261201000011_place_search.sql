-- Governments that share a name are ranked for the place search by land area (the
-- Gazetteer's ALAND, square metres) after kind and deals recorded: the Gazetteer has no
-- population. Filled by the next `tracker places load` (and at start, when empty).
ALTER TABLE jurisdictions ADD COLUMN aland INTEGER;
