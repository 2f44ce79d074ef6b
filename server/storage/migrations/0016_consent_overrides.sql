-- Issue 3 point 3 (seed 004): "there will be times when the need for consent is overridden by
-- the Duty Manager". An override of the need for consent to gather information on a contact,
-- always with its reason; one per contact (the unique index decides a race between two Duty
-- Managers). Never updated or deleted: it is part of the contact's history.
CREATE TABLE consent_overrides (
    id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    -- domain::rules::ConsentRoute, e.g. cass_information_gathering.
    route TEXT NOT NULL,
    reason TEXT NOT NULL,
    by_user_id TEXT NOT NULL REFERENCES users (id),
    -- The role the person acted in (always duty_manager: the rule refuses anyone else).
    by_role TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE UNIQUE INDEX consent_overrides_contact ON consent_overrides (contact_id);
