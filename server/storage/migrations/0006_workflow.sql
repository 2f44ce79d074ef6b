-- Issue 5: the contact-to-decision workflow. A contact now carries what the front door records
-- on a call or a Request for Support (channel, caller, referrer, concern, consent), the
-- workflow's state (`flow`, JSON of domain::workflow::ContactFlow) with its queryable parts
-- (level, referral, outcome), and a version for optimistic locking. Work on it is a list of work
-- items, each at a stage on a worklist with a stored deadline; every decision is logged.
-- The engine companions make contacts.person_id optional (an anonymous call may identify nobody).

ALTER TABLE contacts ADD COLUMN channel TEXT NOT NULL DEFAULT 'inbox';
ALTER TABLE contacts ADD COLUMN caller_kind TEXT;
ALTER TABLE contacts ADD COLUMN concern TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN referrer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN referrer_organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN referrer_role TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN referrer_relationship TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN referrer_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN referrer_email TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN contact_source TEXT NOT NULL DEFAULT '10';
ALTER TABLE contacts ADD COLUMN consent_given_by TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN consent_scopes TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN flow TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN level TEXT;
ALTER TABLE contacts ADD COLUMN is_referral BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN referral_at TEXT;
ALTER TABLE contacts ADD COLUMN repeat_within_7_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN referral_within_12_months BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN outcome TEXT;
ALTER TABLE contacts ADD COLUMN closed_at TEXT;
ALTER TABLE contacts ADD COLUMN created_by TEXT;
ALTER TABLE contacts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- What a call handler records during the call has its own version, so saving as they type never
-- makes the decision they are about to take look out of date.
ALTER TABLE contacts ADD COLUMN details_version BIGINT NOT NULL DEFAULT 1;

-- The children a contact is about: siblings grouped on one contact (seed 000 "group siblings").
-- Annex A List 1 has one row per child per contact.
CREATE TABLE contact_children (
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (contact_id, person_id)
);
CREATE INDEX contact_children_person ON contact_children (person_id);

-- One piece of work on a subject (a contact now; information requests and EHAs later), at a
-- stage on a worklist, held by a team until someone claims it.
CREATE TABLE work_items (
    id TEXT PRIMARY KEY,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    worklist TEXT NOT NULL,
    team_id TEXT REFERENCES teams (id),
    assigned_user_id TEXT REFERENCES users (id),
    status TEXT NOT NULL,
    timescale TEXT NOT NULL,
    started_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    calendar_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    claimed_at TEXT,
    completed_at TEXT,
    completed_by TEXT REFERENCES users (id),
    decision TEXT,
    version BIGINT NOT NULL
);
CREATE INDEX work_items_subject ON work_items (subject_kind, subject_id);
CREATE INDEX work_items_open_worklist ON work_items (status, worklist, team_id, due_at);
CREATE INDEX work_items_assigned ON work_items (assigned_user_id, status, due_at);

-- Every decision, claim and reassignment, with the worker's own words and what followed.
CREATE TABLE workflow_decisions (
    id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    work_item_id TEXT REFERENCES work_items (id),
    stage TEXT NOT NULL,
    worklist TEXT NOT NULL,
    decision TEXT NOT NULL,
    detail TEXT NOT NULL,
    reason TEXT NOT NULL,
    outcome TEXT NOT NULL,
    seed TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users (id),
    decided_at TEXT NOT NULL
);
CREATE INDEX workflow_decisions_contact ON workflow_decisions (contact_id, decided_at);

-- Which team holds each worklist: configuration an administrator edits.
CREATE TABLE worklist_teams (
    worklist TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams (id),
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A form someone is filling in, kept as they type so a timeout or a closed tab loses nothing.
-- Only its author ever reads it.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    form_key TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title TEXT NOT NULL,
    path TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (user_id, form_key)
);
