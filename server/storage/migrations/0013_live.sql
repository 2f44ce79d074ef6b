-- Issue 8 point 1: live worklists. Every change to work items is announced so each server
-- instance can tell its open pages to refresh. PostgreSQL announces with NOTIFY from a trigger
-- (see the .postgres companion); SQLite, embedded in one process, counts changes in this table
-- from a trigger (the .sqlite companion) and the server polls the one row.
CREATE TABLE change_counters (
    topic TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO change_counters (topic, n) VALUES ('work', 0);
