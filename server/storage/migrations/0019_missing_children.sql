-- Seed 003 §7: a child reported missing has come back ("Missing status: found"). The missing-
-- children partner worker carries out a return interview within 72 hours of the return and puts
-- the Return Interview Form on the child's record. One row per return: when the child came back,
-- the deadline computed on the server from `Timescale::ReturnInterview` and stored with the
-- calendar version, and the uploaded form (kept, like e-mail attachments, as base64 text so both
-- engines store it the same way). `version` guards the upload against a second one at once.
CREATE TABLE return_interviews (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    found_note_id TEXT REFERENCES case_notes (id),
    returned_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    calendar_version TEXT NOT NULL,
    -- domain::missing::InterviewStatus slugs.
    status TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    form_file_name TEXT,
    form_content_type TEXT,
    form_size_bytes BIGINT,
    form_sha256 TEXT,
    form_base64 TEXT,
    cse_screening_completed BIGINT NOT NULL,
    completed_by TEXT REFERENCES users (id),
    completed_at TEXT,
    version BIGINT NOT NULL
);
CREATE INDEX return_interviews_person ON return_interviews (person_id, returned_at);
CREATE INDEX return_interviews_status ON return_interviews (status, due_at);
-- One interview waiting per child, however many "found" notes arrive at once.
CREATE UNIQUE INDEX return_interviews_one_due ON return_interviews (person_id) WHERE status = 'due';

-- Seed 003 §8.1: a Green notification is "workflowed through to the Early Help desk ... for
-- processing in the usual way": the EHA it opened there (a contact on the `eha` channel).
ALTER TABLE mash_notifications ADD COLUMN eha_contact_id TEXT REFERENCES contacts (id);
