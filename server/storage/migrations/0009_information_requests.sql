-- Issue 6: information requests from professionals (IRR) and OFSTED suitability checks via LADO
-- (seed 002).

-- One row per request, whichever way it came (the public form, an inbox e-mail, LADO). What the
-- professional gave is kept as typed; the Business Support check, the RAO's tag, the consent
-- basis and the Team Manager's agreement are written onto it as the request moves. `tagged_by` is
-- set by a conditional update, so no two RAOs hold one request. The deadline is computed on the
-- server from the working-day calendar and stored with the calendar's version.
CREATE TABLE information_requests (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    inbox_item_id TEXT REFERENCES inbox_items (id),
    status TEXT NOT NULL,
    outcome TEXT,
    title TEXT NOT NULL,
    urgent BIGINT NOT NULL,
    said_urgent BIGINT NOT NULL,
    urgency_criteria TEXT NOT NULL,
    urgency_reason TEXT NOT NULL,
    requester_name TEXT NOT NULL,
    requester_organisation TEXT NOT NULL,
    requester_email TEXT NOT NULL,
    requester_phone TEXT NOT NULL,
    child_name TEXT NOT NULL,
    child_date_of_birth TEXT,
    child_address TEXT NOT NULL,
    family_details TEXT NOT NULL,
    information_needed TEXT NOT NULL,
    reason TEXT NOT NULL,
    consent TEXT NOT NULL,
    consent_given_by TEXT NOT NULL,
    consent_form TEXT NOT NULL,
    exception TEXT NOT NULL,
    exception_details TEXT NOT NULL,
    ofsted_reference TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    applicant_date_of_birth TEXT,
    person_id TEXT REFERENCES people (id),
    involvement TEXT,
    depth TEXT,
    check_reply TEXT NOT NULL,
    checked_by TEXT REFERENCES users (id),
    checked_at TEXT,
    tagged_by TEXT REFERENCES users (id),
    tagged_at TEXT,
    consent_basis TEXT,
    agreement_requested_by TEXT REFERENCES users (id),
    agreement_requested_at TEXT,
    agreement_note TEXT NOT NULL,
    agreed_by TEXT REFERENCES users (id),
    agreed_at TEXT,
    duplicate_of TEXT REFERENCES information_requests (id),
    received_at TEXT NOT NULL,
    timescale TEXT NOT NULL,
    due_at TEXT NOT NULL,
    calendar_version TEXT NOT NULL,
    actioned_by TEXT REFERENCES users (id),
    actioned_at TEXT,
    created_by TEXT REFERENCES users (id),
    version BIGINT NOT NULL
);
CREATE INDEX information_requests_folder ON information_requests (status, urgent, received_at);
CREATE INDEX information_requests_ofsted ON information_requests (kind, ofsted_reference);

-- What CASS sent about a request: Business Support's reply, the notice to the allocated worker
-- and their Team Manager, the RAO's response, the request to resubmit with consent, the response
-- to OFSTED. Recipients are one a line. The text is written once; the e-mail delivery job claims
-- a queued message with a lease (claimed_by, claimed_until: a conditional UPDATE only one
-- instance wins), sends it, and records `sent` or a failure with the next attempt.
CREATE TABLE information_request_messages (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES information_requests (id),
    message_kind TEXT NOT NULL,
    recipients TEXT NOT NULL,
    address_kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    claimed_by TEXT,
    claimed_until TEXT,
    sent_at TEXT,
    sent_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX information_request_messages_request ON information_request_messages (request_id, created_at);
CREATE INDEX information_request_messages_due ON information_request_messages (status, next_attempt_at);

-- The case notes a request wrote (one note linked to every sibling in the household).
CREATE TABLE information_request_notes (
    request_id TEXT NOT NULL REFERENCES information_requests (id),
    note_id TEXT NOT NULL REFERENCES case_notes (id),
    PRIMARY KEY (request_id, note_id)
);

-- The secure generic e-mail addresses and domains (one a line), every saved version kept; the
-- highest version is in force.
CREATE TABLE secure_address_versions (
    version BIGINT PRIMARY KEY,
    entries TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
