-- Issue 7: the Early Help MASH desk (seed 003). Each EHA is a contact (channel 'eha') whose work
-- moves through the desk's stages as work items; this table holds what only an EHA has. `form`
-- is the EHA as keyed in (JSON of domain::early_help::IntakeForm) and `checklist` the Triage
-- Support Involvement Checklist; both are emptied when an EHA closed for no consent reaches
-- `destroy_after` (seed 003 §1.1.1: kept 30 days, then destroyed), and `destroyed_at` says so.
CREATE TABLE eha_episodes (
    contact_id TEXT PRIMARY KEY REFERENCES contacts (id),
    source TEXT NOT NULL,
    priority TEXT,
    form TEXT NOT NULL,
    checklist TEXT NOT NULL,
    cin_primary TEXT,
    cin_secondary TEXT,
    escalation TEXT,
    agency TEXT,
    cog_team TEXT,
    fst_route TEXT,
    closure_reason TEXT,
    final_level TEXT,
    incomplete_due_at TEXT,
    chased_at TEXT,
    destroy_after TEXT,
    destroyed_at TEXT,
    framework_version TEXT NOT NULL,
    calendar_version TEXT NOT NULL
);
CREATE INDEX eha_episodes_destroy ON eha_episodes (destroyed_at, destroy_after);

-- The Early Help MASH database: every incoming item (EHAs by every route, direct phone calls)
-- and every outcome, with its date. A phone call's line has no contact.
CREATE TABLE eha_log (
    id TEXT PRIMARY KEY,
    contact_id TEXT REFERENCES contacts (id),
    kind TEXT NOT NULL,
    caller TEXT NOT NULL,
    child TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT NOT NULL,
    at TEXT NOT NULL,
    by_user TEXT REFERENCES users (id)
);
CREATE INDEX eha_log_at ON eha_log (at);
CREATE INDEX eha_log_contact ON eha_log (contact_id);

-- The administrator's data for the desk, every saved version kept (the highest is in force):
-- 'cog_table' (postcode district or sector, COG team; seed 003 §1.7) and 'authorities' (the
-- neighbouring authorities for out-of-authority closures; §6.3).
CREATE TABLE eha_setting_versions (
    setting TEXT NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (setting, version)
);
