-- Seed 003 §8: MASH notifications at the Early Help desk. One row per notification the MASH team
-- records from the MASH Log, with its priority (red, amber, green), the response deadline computed
-- on the server from the calendar in force and stored with that calendar's version (none for
-- Green), each representative's part of the agency response as they wrote it, the return to the
-- MASH team, the MASH discussion's rating and outcome, and the Green-after-MASH entry on the Early
-- Help MASH database. `version` guards concurrent edits: every write names the version it read.
CREATE TABLE mash_notifications (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    -- domain::mash_notifications::NotificationKind, Priority and NotificationStatus slugs.
    kind TEXT NOT NULL,
    priority TEXT NOT NULL,
    status TEXT NOT NULL,
    mash_log_reference TEXT NOT NULL,
    child_name TEXT NOT NULL,
    child_date_of_birth TEXT,
    person_id TEXT REFERENCES people (id),
    concern TEXT NOT NULL,
    received_at TEXT NOT NULL,
    timescale TEXT,
    due_at TEXT,
    calendar_version TEXT,
    tys_synopsis TEXT NOT NULL,
    tys_by TEXT REFERENCES users (id),
    tys_at TEXT,
    eh_synopsis TEXT NOT NULL,
    eh_by TEXT REFERENCES users (id),
    eh_at TEXT,
    chronology TEXT NOT NULL,
    chronology_by TEXT REFERENCES users (id),
    chronology_at TEXT,
    returned_by TEXT REFERENCES users (id),
    returned_at TEXT,
    rating_after TEXT,
    discussion_outcome TEXT NOT NULL,
    discussed_by TEXT REFERENCES users (id),
    discussed_at TEXT,
    logged_outcome TEXT,
    logged_on TEXT,
    logged_by TEXT REFERENCES users (id),
    logged_at TEXT,
    created_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX mash_notifications_status ON mash_notifications (status, due_at);
CREATE INDEX mash_notifications_person ON mash_notifications (person_id);
