-- The state of a deal's government, copied onto the deal so the commonest filter (a state,
-- often with a kind) is one index range instead of a join over every deal.
ALTER TABLE deals ADD COLUMN state_usps TEXT;
UPDATE deals SET state_usps = (SELECT state_usps FROM jurisdictions j WHERE j.id = deals.jurisdiction_id);
CREATE INDEX deals_public_state_created ON deals (state_usps, created_at DESC, id DESC) WHERE published = 1 AND deleted_at IS NULL;
CREATE INDEX deals_public_kind_created ON deals (kind, created_at DESC, id DESC) WHERE published = 1 AND deleted_at IS NULL;
CREATE INDEX deals_public_state_kind_created ON deals (state_usps, kind, created_at DESC, id DESC) WHERE published = 1 AND deleted_at IS NULL;
DROP INDEX deals_public_kind;
