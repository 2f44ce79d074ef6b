-- Issue 8 point 2: a decision made on a tablet during a network drop is queued in the browser
-- and sent again when the connection returns, under the id it was first given. The first
-- outcome for that id is kept here, so a repeat (the answer was lost, or the queue sent twice)
-- gets the same answer and changes nothing. Kept 30 days (server::jobs).
CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    endpoint TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX submissions_created_at ON submissions (created_at);
