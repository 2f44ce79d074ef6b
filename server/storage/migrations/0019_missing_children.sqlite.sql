-- The manager's dashboard shows MASH requests and return interviews beside the work items
-- (issue 8 point 1): their changes are announced on the same topic, so open pages refresh.
CREATE TRIGGER mash_notifications_changed_insert AFTER INSERT ON mash_notifications
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE topic = 'work';
END;
CREATE TRIGGER mash_notifications_changed_update AFTER UPDATE ON mash_notifications
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE topic = 'work';
END;
CREATE TRIGGER return_interviews_changed_insert AFTER INSERT ON return_interviews
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE topic = 'work';
END;
CREATE TRIGGER return_interviews_changed_update AFTER UPDATE ON return_interviews
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE topic = 'work';
END;
