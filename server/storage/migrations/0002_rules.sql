-- Versioned rules a council replaces without a release: the RHRT threshold framework and the
-- essential-question scripts (JSON, validated by domain::rules before they are stored), days an
-- administrator adds to the working-day calendar, and the level decisions made under them.

CREATE TABLE rule_sets (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    activated_by TEXT,
    activated_at TEXT,
    UNIQUE (kind, version)
);
-- At most one version of each kind is in force, even if two administrators activate at once.
CREATE UNIQUE INDEX rule_sets_one_active ON rule_sets (kind) WHERE status = 'active';

CREATE TABLE non_working_days (
    day TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE level_decisions (
    id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    level TEXT NOT NULL,
    suggested TEXT NOT NULL,
    indicators TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    scripts_version TEXT NOT NULL,
    script_id TEXT NOT NULL,
    answers TEXT NOT NULL,
    rationale TEXT NOT NULL,
    departure_reason TEXT,
    previous_level TEXT,
    decided_by TEXT NOT NULL REFERENCES users (id),
    decided_at TEXT NOT NULL
);
CREATE INDEX level_decisions_contact ON level_decisions (contact_id, decided_at);
