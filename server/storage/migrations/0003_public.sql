-- Issue 4: the public site and the online Request for Support.
-- Public page content and service contacts are data an administrator edits (defaults are written
-- by the server the first time a page or contact is read). Drafts of the online form are kept
-- server-side, keyed by a hash of an opaque cookie, and expire. Posts and submissions are counted
-- per address so the rate limit holds across every server instance. A submitted request becomes
-- a contact (status 'inbox') with the details below beside it.

CREATE TABLE public_pages (
    slug TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Every published version of every page, so earlier wording can always be seen again.
CREATE TABLE public_page_versions (
    slug TEXT NOT NULL,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (slug, version)
);

CREATE TABLE service_contacts (
    contact_key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    contact_value TEXT NOT NULL,
    hint TEXT NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Only a SHA-256 of the cookie's token is stored, as for staff sessions.
CREATE TABLE support_drafts (
    token_hash TEXT PRIMARY KEY,
    answers TEXT NOT NULL,
    reference TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX support_drafts_expiry ON support_drafts (expires_at);

CREATE TABLE public_form_events (
    id TEXT PRIMARY KEY,
    ip TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX public_form_events_ip ON public_form_events (ip, kind, at);

-- What a contact made from the online form carries besides the contact itself: who sent it,
-- their relationship with the family, consent and who gave it, every answer (JSON), and the
-- guidance level and rule versions it was made under.
CREATE TABLE online_requests (
    contact_id TEXT PRIMARY KEY REFERENCES contacts (id),
    channel TEXT NOT NULL,
    referrer_kind TEXT NOT NULL,
    referrer_name TEXT NOT NULL,
    referrer_organisation TEXT NOT NULL,
    referrer_role TEXT NOT NULL,
    referrer_email TEXT NOT NULL,
    referrer_phone TEXT NOT NULL,
    relationship TEXT NOT NULL,
    ongoing_relationship BIGINT NOT NULL,
    parental_responsibility TEXT NOT NULL,
    consent TEXT NOT NULL,
    consent_given_by TEXT NOT NULL,
    consent_scopes TEXT NOT NULL,
    immediate_danger BIGINT NOT NULL,
    suggested_level TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    scripts_version TEXT NOT NULL,
    answers TEXT NOT NULL,
    created_at TEXT NOT NULL
);
