-- Aggregates kept by the writes (issue 18): each write that changes a public deal updates
-- the counts it touches in its own transaction, so a page's totals cost what they show, not
-- a count of every deal. `tracker aggregates rebuild` recounts them from the deals.

-- Each public deal as the counts last counted it: what to take away when it changes.
CREATE TABLE tallied_deals (
    deal_id INTEGER PRIMARY KEY,
    jurisdiction_id INTEGER NOT NULL,
    -- The deal's own state (the state facet of /deals).
    state_usps TEXT,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    -- The value basis; '' when the amount is undisclosed.
    basis TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    -- Year of the best-known date; '' when it has none.
    year TEXT NOT NULL,
    cents INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX tallied_deals_place ON tallied_deals (jurisdiction_id);

-- Where each government with counted deals sat when they were counted (its parent and
-- state): a places load that moves it moves its counts from the old scopes to the new.
CREATE TABLE tallied_places (
    jurisdiction_id INTEGER PRIMARY KEY,
    parent_id INTEGER,
    state_usps TEXT NOT NULL,
    is_state INTEGER NOT NULL
) STRICT;

-- The counts, one row per scope: the site (''), a government's own deals ('own', its id),
-- the governments directly under one ('within', its id), or a state's governments other
-- than the state itself ('state', its code). `counts` is JSON (`repo::tallies::Counts`):
-- deals, disclosed cents, latest change, governments with a public deal, and deals and cents
-- by kind, status and company (each by value basis), deals by year and kind, and by state.
-- One row per scope keeps a write's upkeep to a few rows per deal, read and written whole.
CREATE TABLE tallies (
    scope TEXT NOT NULL CHECK (scope IN ('site', 'own', 'within', 'state')),
    scope_key TEXT NOT NULL,
    counts TEXT NOT NULL,
    PRIMARY KEY (scope, scope_key)
) STRICT;

-- Whether the counts above cover the deals: 0 after this migration (an existing database
-- has deals but no counts), so the first start counts them once.
CREATE TABLE tallies_built (built INTEGER NOT NULL) STRICT;
INSERT INTO tallies_built (built) VALUES (0);
