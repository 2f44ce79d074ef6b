-- Issue 8 point 4: Ofsted Annex A's common columns need each child's gender and ethnicity. They
-- are not matching facts, so they sit beside them with "not recorded" defaults (Annex A gender
-- "c", DfE ethnicity NOBT). The lists read contacts by received date and referrals by referral date.
ALTER TABLE people ADD COLUMN gender TEXT NOT NULL DEFAULT 'not_stated';
ALTER TABLE people ADD COLUMN ethnicity TEXT NOT NULL DEFAULT 'NOBT';
CREATE INDEX contacts_received_at ON contacts (received_at);
CREATE INDEX contacts_referral_at ON contacts (referral_at);
