-- NOTIFY is delivered at commit, once per channel and payload however many rows changed, and
-- never for a rolled-back transaction. No counter row here: it would serialise every writer.
CREATE FUNCTION work_items_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('frontdoor_changes', 'work');
    RETURN NULL;
END;
$$;
CREATE TRIGGER work_items_changed AFTER INSERT OR UPDATE OR DELETE ON work_items
    FOR EACH STATEMENT EXECUTE FUNCTION work_items_changed();
