-- Issue 5 point 3: e-mails in the CASS inbox and the Business Support filter.

-- One row per message, from the watched folder or an upload. The raw RFC 5322 message is kept
-- (base64 text: portable across both engines) and is unique by its SHA-256, so a redelivered or
-- twice-imported e-mail is stored once. `claimed_by` is set by a conditional update: one holder.
CREATE TABLE inbox_items (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    raw_sha256 TEXT NOT NULL UNIQUE,
    raw_base64 TEXT NOT NULL,
    from_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    sent_at TEXT,
    text_body TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,
    uploaded_by TEXT REFERENCES users (id),
    claimed_by TEXT REFERENCES users (id),
    claimed_at TEXT,
    decision TEXT,
    decision_detail TEXT NOT NULL DEFAULT '',
    decided_by TEXT REFERENCES users (id),
    decided_at TEXT,
    contact_id TEXT REFERENCES contacts (id),
    version BIGINT NOT NULL
);
CREATE INDEX inbox_items_status ON inbox_items (status, received_at);

-- Attachments as the message carried them. `scan_status` is `not_scanned` until an
-- `AttachmentScanner` (server) records `clean` or `infected`.
CREATE TABLE inbox_attachments (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES inbox_items (id),
    position BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content_base64 TEXT NOT NULL,
    scan_status TEXT NOT NULL,
    scanned_at TEXT
);
CREATE INDEX inbox_attachments_item ON inbox_attachments (item_id, position);
