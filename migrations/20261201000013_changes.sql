-- The durable record of changes to published data, written in each write's transaction.
-- Its newest sequence number is the data version: cached pages, counts and the public
-- download are current while it hasn't moved, and a write that changes nothing public (a
-- sign-in, a session, an anonymous sign-out) never moves it. Background work (the search
-- index, mail to followers, reading uploaded documents) follows it from a position of its
-- own, so a crash loses nothing: one queue for all of it.
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    -- deal: one deal's content, publication or withdrawal; deals: new deals from an import,
    -- first_deal to last_deal; places: jurisdictions loaded, proposed or decided; links: links
    -- between deals; reports: a report resolved; accounts: a public name removed.
    kind TEXT NOT NULL CHECK (kind IN ('deal', 'deals', 'places', 'links', 'reports', 'accounts')),
    first_deal INTEGER,
    last_deal INTEGER,
    CHECK ((first_deal IS NULL) = (last_deal IS NULL) AND (first_deal IS NULL OR first_deal <= last_deal))
) STRICT;
