-- Source documents kept on the site: each file stored once, named by its SHA-256 in the
-- documents folder (the bytes never go in the database), and the text read from it.

-- One stored file. Public exactly when an approved revision of a published deal cites it
-- (`revision_documents`); until then only its uploaders and moderators see it.
CREATE TABLE documents (
    -- Lower-case hex: the file's name in the store and its address on the site.
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    -- Decided from the bytes, never from the name or the browser's claim.
    media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'text/html', 'text/plain')),
    size INTEGER NOT NULL CHECK (size > 0),
    -- The name the first uploader's file had (shown to uploaders and moderators; the public
    -- sees the name of the upload an approved change attached).
    file_name TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users (id),
    uploaded_at TEXT NOT NULL,
    -- Reading its text: waiting, done, none (a type without text, or no words found),
    -- failed (the reader gave up; the file is kept and the page says so).
    text_status TEXT NOT NULL DEFAULT 'waiting' CHECK (text_status IN ('waiting', 'done', 'none', 'failed')),
    -- Pages (PDF) once read; 1 for an image or a page of text.
    pages INTEGER,
    -- Why reading failed, in a code the page turns into words (timeout, too_large, unreadable).
    text_problem TEXT
) STRICT;
CREATE INDEX documents_waiting ON documents (uploaded_at) WHERE text_status = 'waiting';

-- The text of each page, read once: rebuilding the search index never reads a file again.
CREATE TABLE document_pages (
    sha256 TEXT NOT NULL REFERENCES documents (sha256),
    page INTEGER NOT NULL CHECK (page >= 1),
    text TEXT NOT NULL,
    PRIMARY KEY (sha256, page)
) STRICT, WITHOUT ROWID;

-- Every upload by an account, for the daily byte quota and so the uploader keeps seeing a
-- file someone else uploaded first.
CREATE TABLE document_uploads (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents (sha256),
    user_id INTEGER NOT NULL REFERENCES users (id),
    size INTEGER NOT NULL,
    -- The name the file had on this uploader's computer.
    file_name TEXT NOT NULL,
    -- Through the upload form (counted in the day's quota) or a command-line import.
    via TEXT NOT NULL CHECK (via IN ('form', 'import')),
    at TEXT NOT NULL
) STRICT;
CREATE INDEX document_uploads_by_user ON document_uploads (user_id, at);
CREATE INDEX document_uploads_by_file ON document_uploads (sha256, user_id);

-- The document kept for a source of the version shown (its SHA-256), as in the snapshot.
ALTER TABLE sources ADD COLUMN document TEXT;
CREATE INDEX sources_document ON sources (document) WHERE document IS NOT NULL;

-- Which revisions cite which documents, derived from each revision's snapshot as it is
-- written (by every path that writes revisions, bulk imports included).
CREATE TABLE revision_documents (
    revision_id INTEGER NOT NULL REFERENCES revisions (id),
    deal_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (sha256, revision_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX revision_documents_by_revision ON revision_documents (revision_id);

CREATE TRIGGER revisions_cite_documents AFTER INSERT ON revisions
BEGIN
    INSERT OR IGNORE INTO revision_documents (revision_id, deal_id, sha256)
        SELECT NEW.id, NEW.deal_id, json_extract(s.value, '$.document')
        FROM json_each(NEW.snapshot, '$.sources') AS s
        WHERE json_type(s.value, '$.document') = 'text';
END;

-- The change record gains a kind: a document uploaded (its text waits to be read).
CREATE TABLE changes_new (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    -- deal: one deal's content, publication or withdrawal; deals: new deals from an import,
    -- first_deal to last_deal; places: jurisdictions loaded, proposed or decided; links: links
    -- between deals; reports: a report resolved; accounts: a public name removed; documents:
    -- a document stored whose text waits to be read.
    kind TEXT NOT NULL CHECK (kind IN ('deal', 'deals', 'places', 'links', 'reports', 'accounts', 'documents')),
    first_deal INTEGER,
    last_deal INTEGER,
    CHECK ((first_deal IS NULL) = (last_deal IS NULL) AND (first_deal IS NULL OR first_deal <= last_deal))
) STRICT;
INSERT INTO changes_new (seq, at, kind, first_deal, last_deal) SELECT seq, at, kind, first_deal, last_deal FROM changes;
-- Sequence numbers are never reused, even those of rows no longer kept: the data version
-- only ever moves forward.
DELETE FROM sqlite_sequence WHERE name = 'changes_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'changes_new', seq FROM sqlite_sequence WHERE name = 'changes';
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
