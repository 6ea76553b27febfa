-- A revision cites a document only when its snapshot names one: the trigger's JSON walk of
-- every snapshot (a twentieth of a bulk import's time) runs only then. A snapshot's sources
-- write the key "document" only when it is set, so no citing revision is passed over; a
-- value that is the word itself matches too, and the walk then finds nothing.
DROP TRIGGER revisions_cite_documents;
CREATE TRIGGER revisions_cite_documents AFTER INSERT ON revisions
WHEN instr(NEW.snapshot, '"document"') > 0
BEGIN
    INSERT OR IGNORE INTO revision_documents (revision_id, deal_id, sha256)
        SELECT NEW.id, NEW.deal_id, json_extract(s.value, '$.document')
        FROM json_each(NEW.snapshot, '$.sources') AS s
        WHERE json_type(s.value, '$.document') = 'text';
END;
