-- The list indexes in ascending order. Every list order is descending in all its columns
-- (`repo::browse::order_of`), which SQLite reads from an ascending index backwards as well
-- as from a descending one forwards. But new deals come in ascending order (a newer time, a
-- higher id): a descending index put each at its front, where SQLite splits pages in half,
-- while an ascending one adds them at its end, filling pages whole. A million-row import:
-- see docs/benchmarks.md ("Ascending list indexes"). The same columns, so the same plans
-- (`list_pages_are_read_in_order_from_an_index`).
DROP INDEX deals_created;
CREATE INDEX deals_created ON deals (created_at) WHERE deleted_at IS NULL;
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
