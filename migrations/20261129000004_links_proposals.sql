-- Links between deals (one package, an amendment or renewal, a buy under another
-- government's cooperative contract) and jurisdictions proposed by contributors.

CREATE TABLE deal_links (
    id INTEGER PRIMARY KEY,
    from_deal INTEGER NOT NULL REFERENCES deals (id),
    to_deal INTEGER NOT NULL REFERENCES deals (id),
    -- package: parts of one package; amends/renews: from_deal changes or renews to_deal;
    -- cooperative_buy: from_deal buys under to_deal's cooperative contract.
    kind TEXT NOT NULL CHECK (kind IN ('package', 'amends', 'renews', 'cooperative_buy')),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    -- Links are taken down, not deleted, so the record of who linked what stays.
    removed_at TEXT,
    removed_by INTEGER REFERENCES users (id),
    CHECK (from_deal != to_deal)
) STRICT;
CREATE UNIQUE INDEX deal_links_live ON deal_links (from_deal, to_deal, kind) WHERE removed_at IS NULL;
CREATE INDEX deal_links_to ON deal_links (to_deal);

-- Governments the Census files don't list (port authorities, development boards) are
-- proposed by contributors and approved by moderators; until then they are not public.
ALTER TABLE jurisdictions ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1));
ALTER TABLE jurisdictions ADD COLUMN proposed_by INTEGER REFERENCES users (id);
ALTER TABLE jurisdictions ADD COLUMN proposal_note TEXT;
CREATE INDEX jurisdictions_pending ON jurisdictions (pending) WHERE pending = 1;
ALTER TABLE jurisdictions ADD COLUMN rejected_reason TEXT;
