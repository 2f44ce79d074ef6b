-- The manager's dashboard shows MASH requests and return interviews beside the work items
-- (issue 8 point 1): their changes are announced as the work items' are (0013).
CREATE TRIGGER mash_notifications_changed AFTER INSERT OR UPDATE ON mash_notifications
    FOR EACH STATEMENT EXECUTE FUNCTION work_items_changed();
CREATE TRIGGER return_interviews_changed AFTER INSERT OR UPDATE ON return_interviews
    FOR EACH STATEMENT EXECUTE FUNCTION work_items_changed();
