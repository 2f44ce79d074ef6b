-- Issue 5: an online Request for Support goes through Business Support's filter like an e-mail.
-- Each one now has an inbox item (source `online_form`) pointing at its waiting contact; this
-- gives the requests already waiting theirs. The contact stays in status `inbox` until the filter
-- decides: "create a contact" opens it, any other outcome closes it.
INSERT INTO inbox_items (id, source, raw_sha256, raw_base64, from_address, subject, sent_at, text_body, status,
    received_at, contact_id, version)
SELECT 'online-' || c.id, 'online_form', 'online:' || c.id, '', o.referrer_email,
    'Request for Support ' || c.reference, NULL, c.summary, 'new', c.received_at, c.id, 1
FROM contacts c
JOIN online_requests o ON o.contact_id = c.id
WHERE c.status = 'inbox'
  AND NOT EXISTS (SELECT 1 FROM inbox_items i WHERE i.contact_id = c.id);
