-- The foundation schema. Every table is STRICT so a wrong type is an error, not a silent
-- conversion. Text dates are ISO 8601 (UTC for timestamps), which sort correctly as text.

-- Governments. One table for every kind so a deal can point at any of them and roll-ups are
-- a walk up `parent_id`.
CREATE TABLE jurisdictions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'county', 'place', 'township', 'school_district', 'special_district')),
    -- The type the source file gives (city, town, village, County, Parish, township ...),
    -- kept because it disambiguates names ("Jackson township" vs "Jackson city").
    legal_type TEXT NOT NULL,
    -- The name as the source file has it, suffix included ("Abbeville city").
    official_name TEXT NOT NULL,
    -- The name people use ("Abbeville", "Arlington County").
    display_name TEXT NOT NULL COLLATE NOCASE,
    state_fips TEXT NOT NULL CHECK (length(state_fips) = 2),
    state_usps TEXT NOT NULL CHECK (length(state_usps) = 2),
    -- Census fully-qualified GEOID: unique across kinds, so one column serves them all.
    geoidfq TEXT UNIQUE,
    -- NCES local education agency id for school districts (7 digits).
    leaid TEXT UNIQUE,
    -- Open Civic Data division id, where known.
    ocd_id TEXT UNIQUE,
    -- GNIS id: stable across renames; used to spot independent cities listed twice.
    ansicode TEXT,
    parent_id INTEGER REFERENCES jurisdictions (id),
    slug TEXT NOT NULL,
    intpt_lat REAL,
    intpt_lon REAL,
    UNIQUE (state_usps, slug)
) STRICT;
CREATE INDEX jurisdictions_parent ON jurisdictions (parent_id);
CREATE INDEX jurisdictions_state_kind ON jurisdictions (state_usps, kind);
CREATE INDEX jurisdictions_name ON jurisdictions (display_name);

-- Other identifiers that lead to a jurisdiction, e.g. the county-equivalent GEOIDFQ of an
-- independent city that is stored once, as a place.
CREATE TABLE jurisdiction_aliases (
    identifier TEXT PRIMARY KEY,
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions (id)
) STRICT;

-- Slugs that once named a jurisdiction: shared links keep working after a rename.
CREATE TABLE slug_redirects (
    state_usps TEXT NOT NULL,
    old_slug TEXT NOT NULL,
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions (id),
    PRIMARY KEY (state_usps, old_slug)
) STRICT;

-- Census-designated places have no government of their own. People still search for them,
-- so they are kept to point at the county that governs them.
CREATE TABLE unincorporated_places (
    geoidfq TEXT PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    state_usps TEXT NOT NULL,
    county_id INTEGER REFERENCES jurisdictions (id)
) STRICT;
CREATE INDEX unincorporated_places_name ON unincorporated_places (name);

-- The Amazon side of a deal; `parent_id` lets a parent's page include its subsidiaries.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES entities (id)
) STRICT;
INSERT INTO entities (id, name, parent_id) VALUES
    (1, 'Amazon.com, Inc.', NULL),
    (2, 'Amazon Web Services, Inc.', 1),
    (3, 'Amazon.com Services LLC', 1),
    (4, 'Amazon Business', 1),
    (5, 'Ring LLC', 1),
    (6, 'Vadata, Inc.', 2),
    (7, 'Whole Foods Market', 1),
    (8, 'Kuiper Systems LLC', 1);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'contributor' CHECK (role IN ('contributor', 'moderator', 'admin')),
    created_at TEXT NOT NULL,
    CONSTRAINT users_handle_unique UNIQUE (handle)
) STRICT;

-- Only a hash of the session token is stored, so a leaked database opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

-- A deal belongs to the awarding government (the one that pays, signs or grants), not to
-- where the facility stands, which is `facility_location`.
CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind TEXT NOT NULL CHECK (kind IN ('procurement_contract', 'cloud_contract', 'cooperative_purchasing',
        'cash_grant', 'tax_abatement', 'tax_credit', 'tif', 'land_deal', 'loan', 'fee_waiver',
        'infrastructure', 'device_subsidy', 'police_partnership', 'other')),
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions (id),
    agency TEXT,
    program TEXT,
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    -- Integer cents. NULL exactly when the amount was not disclosed: "undisclosed" must never
    -- be shown or summed as $0, while a disclosed 0 (a no-cost partnership) is a real value.
    amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
    amount_disclosed INTEGER NOT NULL CHECK (amount_disclosed IN (0, 1)),
    value_basis TEXT CHECK (value_basis IN ('maximum', 'estimated', 'actual_paid')),
    -- Partial dates: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.
    announced_on TEXT CHECK (announced_on IS NULL OR announced_on GLOB '[12][0-9][0-9][0-9]*'),
    approved_on TEXT CHECK (approved_on IS NULL OR approved_on GLOB '[12][0-9][0-9][0-9]*'),
    starts_on TEXT CHECK (starts_on IS NULL OR starts_on GLOB '[12][0-9][0-9][0-9]*'),
    ends_on TEXT CHECK (ends_on IS NULL OR ends_on GLOB '[12][0-9][0-9][0-9]*'),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'active', 'completed', 'cancelled', 'terminated', 'clawed_back')),
    jobs_promised INTEGER CHECK (jobs_promised IS NULL OR jobs_promised >= 0),
    facility_name TEXT,
    facility_location TEXT,
    description TEXT,
    review_state TEXT NOT NULL DEFAULT 'unreviewed' CHECK (review_state IN ('unreviewed', 'approved')),
    -- Soft deletion: a withdrawn deal keeps its row and history.
    deleted_at TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT deals_amount_disclosure CHECK (
        (amount_disclosed = 1 AND amount_cents IS NOT NULL AND value_basis IS NOT NULL)
        OR (amount_disclosed = 0 AND amount_cents IS NULL AND value_basis IS NULL))
) STRICT;
CREATE INDEX deals_jurisdiction ON deals (jurisdiction_id) WHERE deleted_at IS NULL;
CREATE INDEX deals_created ON deals (created_at DESC) WHERE deleted_at IS NULL;

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id),
    position INTEGER NOT NULL,
    url TEXT CHECK (url IS NULL OR url LIKE 'http://%' OR url LIKE 'https://%'),
    title TEXT,
    publisher TEXT,
    published_on TEXT,
    archive_url TEXT CHECK (archive_url IS NULL OR archive_url LIKE 'http://%' OR archive_url LIKE 'https://%'),
    note TEXT,
    -- A source is a link, or a citation a reader can ask for (title and publisher).
    CONSTRAINT sources_link_or_citation CHECK (url IS NOT NULL OR (title IS NOT NULL AND publisher IS NOT NULL)),
    UNIQUE (deal_id, position)
) STRICT;

-- Append-only history: every save writes the deal's full snapshot (JSON) here.
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id),
    number INTEGER NOT NULL,
    author_id INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
    UNIQUE (deal_id, number)
) STRICT;

CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER deals_no_hard_delete BEFORE DELETE ON deals
BEGIN SELECT RAISE(ABORT, 'deals are withdrawn, never deleted'); END;
