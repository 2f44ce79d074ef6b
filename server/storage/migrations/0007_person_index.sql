-- Issue 5, point 2: the person and family index. People gain the facts a caller identifies them
-- by (phone, identifiers, where they lived before) and the match keys the server derives from
-- them with domain::matching (never typed by anyone): scalar columns for exact look-ups and
-- display, plus one row per index key in person_match_keys, which a search fetches candidates
-- from with a portable `WHERE key IN (...)`. keys_version records the KEYS_VERSION a row was keyed
-- with; the server re-keys rows whose version differs.

ALTER TABLE people ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN nhs_number TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN upn TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN la_child_id TEXT NOT NULL DEFAULT '';
-- Earlier postcodes, most recent first, one per line.
ALTER TABLE people ADD COLUMN previous_postcodes TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- Set while this record is merged into another (the survivor); searches leave it out.
ALTER TABLE people ADD COLUMN merged_into TEXT REFERENCES people (id);
ALTER TABLE people ADD COLUMN key_surname_primary TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN key_surname_alternate TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN key_given_code TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN key_given_canonical TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN key_dob TEXT;
ALTER TABLE people ADD COLUMN key_postcode_sector TEXT;
ALTER TABLE people ADD COLUMN key_phone TEXT;
ALTER TABLE people ADD COLUMN key_nhs_number TEXT;
ALTER TABLE people ADD COLUMN key_upn TEXT;
ALTER TABLE people ADD COLUMN key_la_child_id TEXT;
ALTER TABLE people ADD COLUMN keys_version BIGINT NOT NULL DEFAULT 0;

CREATE INDEX people_key_names ON people (key_surname_primary, key_given_code);
CREATE INDEX people_key_dob ON people (key_dob);
CREATE INDEX people_key_sector ON people (key_postcode_sector);
CREATE INDEX people_key_phone ON people (key_phone) WHERE key_phone IS NOT NULL;
CREATE INDEX people_key_nhs ON people (key_nhs_number) WHERE key_nhs_number IS NOT NULL;
CREATE INDEX people_key_upn ON people (key_upn) WHERE key_upn IS NOT NULL;
CREATE INDEX people_key_la ON people (key_la_child_id) WHERE key_la_child_id IS NOT NULL;
CREATE INDEX people_stale_keys ON people (keys_version);

-- kind:value strings from MatchKeys::index_keys(); the primary key answers `key IN (...)`.
CREATE TABLE person_match_keys (
    key TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (key, person_id)
);
CREATE INDEX person_match_keys_person ON person_match_keys (person_id);

-- "person_id is <kind> of other_person_id" (domain::people::RelationshipKind), read from either
-- side. parental_responsibility: person_id holds PR for other_person_id.
CREATE TABLE relationships (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    other_person_id TEXT NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    parental_responsibility BIGINT NOT NULL DEFAULT 0,
    household_member BIGINT NOT NULL DEFAULT 0,
    created_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    UNIQUE (person_id, other_person_id, kind)
);
CREATE INDEX relationships_other ON relationships (other_person_id);

-- Children's Social Care involvement: open with an allocated worker, or closed on a date.
CREATE TABLE csc_involvements (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    status TEXT NOT NULL,
    worker_name TEXT NOT NULL,
    worker_team TEXT NOT NULL,
    worker_phone TEXT NOT NULL,
    worker_email TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    closure_reason TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX csc_involvements_person ON csc_involvements (person_id, status);

-- A merge keeps the merged record and lists every row it moved to the survivor, so unmerging
-- moves exactly those rows back.
CREATE TABLE person_merges (
    id TEXT PRIMARY KEY,
    survivor_id TEXT NOT NULL REFERENCES people (id),
    merged_id TEXT NOT NULL REFERENCES people (id),
    reason TEXT NOT NULL,
    merged_by TEXT REFERENCES users (id),
    merged_at TEXT NOT NULL,
    unmerged_by TEXT REFERENCES users (id),
    unmerged_at TEXT,
    unmerge_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
CREATE INDEX person_merges_merged ON person_merges (merged_id);

CREATE TABLE person_merge_moves (
    merge_id TEXT NOT NULL REFERENCES person_merges (id),
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    PRIMARY KEY (merge_id, table_name, column_name, row_key)
);

-- Search before create: a search that named someone leaves a row; creating that person (same
-- domain::people::identity_key) needs its id, from the same user, within a time window.
CREATE TABLE person_searches (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    identity_key TEXT NOT NULL,
    searched_at TEXT NOT NULL
);
CREATE INDEX person_searches_at ON person_searches (searched_at);
