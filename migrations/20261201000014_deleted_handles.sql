-- Deleted accounts move out of the handle namespace: `deleted-<id>` could be taken by a
-- sign-up before the deletion ran (making it fail); `~` is in no handle a person can choose.
UPDATE users SET handle = '~deleted~' || id WHERE deleted_at IS NOT NULL;
