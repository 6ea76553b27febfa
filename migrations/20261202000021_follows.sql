-- Following a place, a state or a /deals view by email. Addresses are personal data: these
-- tables are never in exports, feeds, OCDS or the public download (`backup::PUBLIC_TABLES`
-- lists what is public), and unsubscribing deletes the follow with everything that names it.

-- One address following one view. The view is the feed's: a place (or nothing, for the
-- country) and the /deals filter as its canonical query string.
-- Ids are never reused (AUTOINCREMENT): a message, a token or an item naming a follow that
-- was stopped can never come to name another address's.
CREATE TABLE follows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Lower-cased; the only copy of the address besides messages not yet sent.
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    -- "va" or "va/arlington-county"; '' when the view is the whole country's.
    place TEXT NOT NULL,
    -- The filter's canonical query ("kind=subsidy&state=va"); '' for every deal.
    view TEXT NOT NULL,
    -- What is followed, as the mails and the manage page name it ("Arlington County, VA").
    label TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('instant', 'daily', 'weekly')),
    -- The language the mails are written in: the one the follow form was in.
    lang TEXT NOT NULL CHECK (lang IN ('en', 'es')),
    created_at TEXT NOT NULL,
    -- Null until the address's owner confirms from the link mailed to it: nothing but the
    -- confirmation is ever sent to an unconfirmed follow.
    confirmed_at TEXT,
    -- When a daily or weekly follow's next digest is due.
    next_digest_at TEXT,
    UNIQUE (email, place, view)
) STRICT;
CREATE INDEX follows_confirmed ON follows (confirmed_at) WHERE confirmed_at IS NOT NULL;
CREATE INDEX follows_digest ON follows (next_digest_at) WHERE next_digest_at IS NOT NULL;

-- Links mailed to an address: only the SHA-256 of each token is kept, and each expires.
-- 'confirm' confirms one follow; 'manage' opens the address's follows and, for its follow,
-- unsubscribes with one click.
CREATE TABLE follow_tokens (
    hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    -- The follow it was mailed for (a manage link outlives it while the address follows
    -- anything; all of an address's tokens go with its last follow).
    follow_id INTEGER NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'manage')),
    expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX follow_tokens_by_email ON follow_tokens (email);
CREATE INDEX follow_tokens_by_follow ON follow_tokens (follow_id);

-- Mail to send: one row per message, never per deal. A sent message's row is deleted; one
-- whose sending was cut off (a crash between the SMTP server's acceptance and the mark) is
-- sent again with the same Message-ID, so a mail client shows it once.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    follow_id INTEGER NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('confirm', 'instant', 'digest')),
    -- Without the angle brackets; the same on every attempt.
    message_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
CREATE INDEX mail_outbox_by_follow ON mail_outbox (follow_id);

-- The deals a follow's next message lists: added by the dispatcher as it reads the change
-- record, taken by a message (`message` is the outbox row; 0 while waiting for one).
CREATE TABLE follow_items (
    follow_id INTEGER NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    deal_id INTEGER NOT NULL REFERENCES deals (id),
    message INTEGER NOT NULL DEFAULT 0,
    -- The change that added it last.
    seq INTEGER NOT NULL,
    PRIMARY KEY (follow_id, message, deal_id)
) STRICT, WITHOUT ROWID;

-- How far the dispatcher has read the change record (one row). It starts at the newest
-- change when mail is first set up: followers hear of what changes from then on.
CREATE TABLE mail_position (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
) STRICT;
