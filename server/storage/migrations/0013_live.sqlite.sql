CREATE TRIGGER work_items_changed_insert AFTER INSERT ON work_items
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE topic = 'work';
END;
CREATE TRIGGER work_items_changed_update AFTER UPDATE ON work_items
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE topic = 'work';
END;
CREATE TRIGGER work_items_changed_delete AFTER DELETE ON work_items
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE topic = 'work';
END;
