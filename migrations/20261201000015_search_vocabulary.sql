-- The words of the search index and how many deals hold each: a view of the index
-- (fts5vocab keeps no data of its own), read to suggest a spelling when a search finds
-- nothing. Named under deals_fts_ so backups and the public copy treat it as derived.
CREATE VIRTUAL TABLE deals_fts_vocab USING fts5vocab(deals_fts, row);
