-- A deal's dated events (hearings, votes, comment deadlines, renewal options, expiry), as its
-- shown revision holds them, plus one row for the deal's own end date ("ends", kind expiry):
-- a materialised view of the snapshots, like `sources`, rewritten with the deal's row
-- (`repo::events::project`). The upcoming lists and calendars read it by date, so a list
-- costs the rows it shows. Visibility is the deal's (published, not withdrawn), read by join.
CREATE TABLE deal_events (
    deal_id INTEGER NOT NULL REFERENCES deals (id),
    -- The event's id in the snapshot; "ends" for the deal's end date.
    stable_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hearing', 'vote', 'comment_deadline', 'renewal_option', 'expiry')),
    -- The local day; for a partial end date, the last day it can mean.
    on_date TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- How precisely the day is known: 'day', or 'month' / 'year' for a partial end date.
    precision TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    at_time TEXT CHECK (at_time IS NULL OR at_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    zone TEXT,
    body TEXT,
    location TEXT,
    agenda_url TEXT CHECK (agenda_url IS NULL OR agenda_url LIKE 'http://%' OR agenda_url LIKE 'https://%'),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('approved', 'rejected', 'tabled', 'postponed')),
    outcome_url TEXT CHECK (outcome_url IS NULL OR outcome_url LIKE 'http://%' OR outcome_url LIKE 'https://%'),
    -- The deal's government and state, copied so lists by place read by index.
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions (id),
    state_usps TEXT NOT NULL,
    PRIMARY KEY (deal_id, stable_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX deal_events_by_date ON deal_events (on_date);
CREATE INDEX deal_events_by_government ON deal_events (jurisdiction_id, on_date);
CREATE INDEX deal_events_by_state ON deal_events (state_usps, on_date);

-- Every deal's end date as it stands.
INSERT INTO deal_events (deal_id, stable_id, position, kind, on_date, precision, jurisdiction_id, state_usps)
SELECT d.id, 'ends', 0, 'expiry',
    CASE length(d.ends_on)
        WHEN 10 THEN d.ends_on
        WHEN 7 THEN date(d.ends_on || '-01', '+1 month', '-1 day')
        ELSE d.ends_on || '-12-31'
    END,
    CASE length(d.ends_on) WHEN 10 THEN 'day' WHEN 7 THEN 'month' ELSE 'year' END,
    d.jurisdiction_id, j.state_usps
FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id
WHERE length(d.ends_on) IN (4, 7, 10);

-- A government's "how to take part" profile (its meetings, how to comment in public, its
-- public-records office): every version a contributor or moderator proposed, with its
-- decision. The one shown is the government's most recently approved version.
CREATE TABLE profile_versions (
    id INTEGER PRIMARY KEY,
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions (id),
    author_id INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    -- The profile as JSON (`model::profile::Profile`).
    content TEXT NOT NULL CHECK (json_valid(content)),
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    decided_by INTEGER REFERENCES users (id),
    decided_at TEXT,
    reason TEXT
) STRICT;
CREATE INDEX profile_versions_by_place ON profile_versions (jurisdiction_id, state, decided_at);
CREATE INDEX profile_versions_pending ON profile_versions (id) WHERE state = 'pending';
-- A version is decided once; what it says never changes.
CREATE TRIGGER profile_versions_keep BEFORE UPDATE ON profile_versions
WHEN OLD.state != 'pending' OR NEW.content != OLD.content OR NEW.jurisdiction_id != OLD.jurisdiction_id
BEGIN SELECT RAISE(ABORT, 'profile versions are kept as written'); END;
CREATE TRIGGER profile_versions_no_delete BEFORE DELETE ON profile_versions
BEGIN SELECT RAISE(ABORT, 'profile versions are kept as written'); END;
