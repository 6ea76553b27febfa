-- Full-text search over what a council watcher would type: title, description, program,
-- agency, facility, the government's name and the sources' titles. Kept up to date by the
-- repository whenever a deal row changes (it needs joins a trigger can't see).
CREATE VIRTUAL TABLE deals_fts USING fts5(
    title, description, program, agency, facility, place, sources,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO deals_fts (rowid, title, description, program, agency, facility, place, sources)
    SELECT d.id, d.title, coalesce(d.description, ''), coalesce(d.program, ''), coalesce(d.agency, ''),
           coalesce(d.facility_name, '') || ' ' || coalesce(d.facility_location, ''),
           j.display_name || ' ' || j.official_name,
           coalesce((SELECT group_concat(coalesce(s.title, '') || ' ' || coalesce(s.publisher, ''), ' ') FROM sources s WHERE s.deal_id = d.id), '')
    FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id;

-- Browse orders and filters.
CREATE INDEX deals_public_created ON deals (created_at DESC, id DESC) WHERE published = 1 AND deleted_at IS NULL;
CREATE INDEX deals_public_amount ON deals (amount_cents DESC, id DESC) WHERE published = 1 AND deleted_at IS NULL;
CREATE INDEX deals_public_kind ON deals (kind) WHERE published = 1 AND deleted_at IS NULL;
CREATE INDEX deals_entity ON deals (entity_id);
CREATE INDEX revision_decisions_at ON revision_decisions (decided_at);
