-- Indexes the million-deal benchmark (bench/scale.sh) showed missing.
-- The facts in memory catch up with a change by reading the deals changed since their last
-- read: without this, every catch-up read all the deals.
CREATE INDEX deals_updated ON deals (updated_at);
-- The list orders by amount and by approval date, as `repo::browse::order_of` writes them,
-- so a page of the largest deals reads its 50 rows rather than sorting every deal.
CREATE INDEX deals_public_amount_order ON deals (coalesce(amount_cents, -1) DESC, id DESC) WHERE published = 1 AND deleted_at IS NULL;
CREATE INDEX deals_public_approved_order ON deals (coalesce(approved_on, '') DESC, id DESC) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX IF EXISTS deals_public_amount;
