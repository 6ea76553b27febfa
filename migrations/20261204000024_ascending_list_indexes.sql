-- The list indexes in ascending order. Every list order is descending in all its columns
-- (`repo::browse::order_of`, `repo::sets::list`, `repo::exports`), which SQLite reads from an
-- ascending index backwards as well as from a descending one forwards. But new deals come
-- in ascending order (a newer time, a higher id): in a descending index each went in at the
-- front of its range (the whole index, a state's, a kind's, a government's), where SQLite
-- splits pages in half; in an ascending one it goes in at the range's end, where pages are
-- filled whole. See docs/benchmarks.md, "SQLite without its process-wide locks, list indexes
-- in ascending order". `list_pages_are_read_in_order_from_an_index` names the index each list
-- reads.
-- `deals_created` (every live deal, published or not, by date) goes: no query reads deals
-- in that order any more, and read backwards it would tie with `deals_public_created` for
-- the public lists while also holding a contributor's unpublished import.
DROP INDEX deals_created;
DROP INDEX deals_public_created;
CREATE INDEX deals_public_created ON deals (created_at, id) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX deals_public_state_created;
CREATE INDEX deals_public_state_created ON deals (state_usps, created_at, id) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX deals_public_kind_created;
CREATE INDEX deals_public_kind_created ON deals (kind, created_at, id) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX deals_public_state_kind_created;
CREATE INDEX deals_public_state_kind_created ON deals (state_usps, kind, created_at, id) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX deals_public_amount_order;
CREATE INDEX deals_public_amount_order ON deals (coalesce(amount_cents, -1), id) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX deals_public_approved_order;
CREATE INDEX deals_public_approved_order ON deals (coalesce(approved_on, ''), id) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX deals_jurisdiction;
CREATE INDEX deals_jurisdiction ON deals (jurisdiction_id, created_at, id) WHERE deleted_at IS NULL;
