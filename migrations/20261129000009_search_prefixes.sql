-- A search's last word is a prefix ("tax" finds "taxes", "taxable"). A three-letter prefix
-- stands for hundreds of words whose lists FTS5 merged at search time ("sales tax": 7 ms of
-- its 10); an index of every word's first three letters answers it directly (3 ms), for
-- about twice the index's size. Longer prefixes stand for few words and stay quick.
-- The table is built again with the option, from the deals as the first search migration
-- built it (the repository keeps it current from then on).
DROP TABLE deals_fts;
CREATE VIRTUAL TABLE deals_fts USING fts5(
    title, description, program, agency, facility, place, sources,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO deals_fts (rowid, title, description, program, agency, facility, place, sources)
    SELECT d.id, d.title, coalesce(d.description, ''), coalesce(d.program, ''), coalesce(d.agency, ''),
           coalesce(d.facility_name, '') || ' ' || coalesce(d.facility_location, ''),
           j.display_name || ' ' || j.official_name,
           coalesce((SELECT group_concat(coalesce(s.title, '') || ' ' || coalesce(s.publisher, ''), ' ') FROM sources s WHERE s.deal_id = d.id), '')
    FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id;
