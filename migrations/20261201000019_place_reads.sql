-- What a place page reads, by index rather than by every deal of the place.

-- Each scope's number of deals in a column of its own, beside the counts: the state map and
-- the national index read it for thousands of scopes per page, and reading it out of each
-- scope's JSON (parsed whole every time) was a quarter of a state page's first render.
-- Written with the counts, in the same statement (`repo::tallies::write`).
ALTER TABLE tallies ADD COLUMN deals INTEGER NOT NULL DEFAULT 0;
UPDATE tallies SET deals = coalesce(counts ->> '$.deals', 0);

-- A government's newest deals in order: its page lists fifty of them, and Texas's 897 own
-- deals at a million were read and sorted for each render. Still what the lookups by
-- government (an import's likenesses) use.
DROP INDEX deals_jurisdiction;
CREATE INDEX deals_jurisdiction ON deals (jurisdiction_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
