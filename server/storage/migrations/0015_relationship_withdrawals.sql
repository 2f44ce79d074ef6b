-- Issue 9 point 5: nothing is deleted for good by a slip. A relationship recorded in error is
-- withdrawn (who, when, why), not deleted; it stops counting (siblings, Parental
-- Responsibility, letters) but stays on the person's page, and can be restored: by the person
-- who withdrew it for a short time, by a manager afterwards (domain::people::may_restore_relationship).
ALTER TABLE relationships ADD COLUMN withdrawn_at TEXT;
ALTER TABLE relationships ADD COLUMN withdrawn_by TEXT REFERENCES users (id);
ALTER TABLE relationships ADD COLUMN withdraw_reason TEXT;
