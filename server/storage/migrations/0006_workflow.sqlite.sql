-- SQLite cannot drop a NOT NULL constraint: rebuild the table (migrate.rs runs this step with
-- foreign keys off, in its own transaction, as SQLite's documentation prescribes).
CREATE TABLE contacts_rebuilt (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    person_id TEXT REFERENCES people (id),
    status TEXT NOT NULL,
    summary TEXT NOT NULL,
    assigned_team_id TEXT REFERENCES teams (id),
    assigned_user_id TEXT REFERENCES users (id),
    received_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'inbox',
    caller_kind TEXT,
    concern TEXT NOT NULL DEFAULT '',
    referrer_name TEXT NOT NULL DEFAULT '',
    referrer_organisation TEXT NOT NULL DEFAULT '',
    referrer_role TEXT NOT NULL DEFAULT '',
    referrer_relationship TEXT NOT NULL DEFAULT '',
    referrer_phone TEXT NOT NULL DEFAULT '',
    referrer_email TEXT NOT NULL DEFAULT '',
    contact_source TEXT NOT NULL DEFAULT '10',
    consent_given_by TEXT NOT NULL DEFAULT '',
    consent_scopes TEXT NOT NULL DEFAULT '',
    flow TEXT NOT NULL DEFAULT '',
    level TEXT,
    is_referral BIGINT NOT NULL DEFAULT 0,
    referral_at TEXT,
    repeat_within_7_days BIGINT NOT NULL DEFAULT 0,
    referral_within_12_months BIGINT NOT NULL DEFAULT 0,
    outcome TEXT,
    closed_at TEXT,
    created_by TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    details_version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO contacts_rebuilt SELECT id, reference, person_id, status, summary, assigned_team_id, assigned_user_id,
    received_at, created_at, updated_at, channel, caller_kind, concern, referrer_name, referrer_organisation, referrer_role,
    referrer_relationship, referrer_phone, referrer_email, contact_source, consent_given_by, consent_scopes, flow, level,
    is_referral, referral_at, repeat_within_7_days, referral_within_12_months, outcome, closed_at, created_by, version, details_version
    FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_rebuilt RENAME TO contacts;
CREATE INDEX contacts_person ON contacts (person_id);
CREATE INDEX contacts_team ON contacts (assigned_team_id, status);
CREATE INDEX contacts_user ON contacts (assigned_user_id, status);
