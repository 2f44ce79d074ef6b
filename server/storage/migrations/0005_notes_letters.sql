-- Issue 5 points 6 and 7: case notes, letter templates, outcome communications, job leases.

-- A note is written once and linked to every child it concerns (case_note_people); it may belong
-- to a contact. Notes are never deleted: a withdrawal (who, when, why) hides it, and undoing it
-- fills restored_by/restored_at, so every withdrawal ever made is kept.
CREATE TABLE case_notes (
    id TEXT PRIMARY KEY,
    note_type TEXT NOT NULL,
    body TEXT NOT NULL,
    contact_id TEXT REFERENCES contacts (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    written_at TEXT NOT NULL
);
CREATE INDEX case_notes_contact ON case_notes (contact_id, written_at);

CREATE TABLE case_note_people (
    note_id TEXT NOT NULL REFERENCES case_notes (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (note_id, person_id)
);
CREATE INDEX case_note_people_person ON case_note_people (person_id);

CREATE TABLE case_note_withdrawals (
    id TEXT PRIMARY KEY,
    note_id TEXT NOT NULL REFERENCES case_notes (id),
    withdrawn_by TEXT NOT NULL REFERENCES users (id),
    withdrawn_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    restored_by TEXT REFERENCES users (id),
    restored_at TEXT
);
CREATE INDEX case_note_withdrawals_note ON case_note_withdrawals (note_id);
-- At most one withdrawal in force per note, even if two people withdraw it at once.
CREATE UNIQUE INDEX case_note_withdrawals_open ON case_note_withdrawals (note_id) WHERE restored_at IS NULL;

-- One template per letter kind (domain::letters::letter_slug); every saved version is kept and
-- every communication records the version it was rendered from.
CREATE TABLE letter_templates (
    letter_kind TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE letter_template_versions (
    letter_kind TEXT NOT NULL,
    version BIGINT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (letter_kind, version)
);

-- A letter or e-mail to one recipient about one contact, rendered when it was issued.
-- idempotency_key makes issuing the same letter for the same step twice a no-op.
-- E-mails are claimed for sending with a lease (claimed_by, claimed_until): a conditional UPDATE
-- only one instance wins. Failures set next_attempt_at; nothing is ever dropped.
CREATE TABLE communications (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    letter_kind TEXT NOT NULL,
    template_version BIGINT NOT NULL,
    recipient_name TEXT NOT NULL,
    recipient_role TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient_email TEXT NOT NULL,
    recipient_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at TEXT,
    last_error TEXT,
    claimed_by TEXT,
    claimed_until TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    printed_by TEXT,
    printed_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX communications_contact ON communications (contact_id, created_at);
CREATE INDEX communications_status ON communications (status, next_attempt_at);

-- Once-per-period jobs (chasers, retention): whoever moves leased_until on wins the period.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    leased_until TEXT NOT NULL,
    claimed_at TEXT NOT NULL
);
