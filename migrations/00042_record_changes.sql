-- +goose Up

-- Every change to what a record's page shows is announced on the
-- procura_records channel (issue 10): each server keeps the pages it read
-- (store/detailcache.go) and drops the ones named here. The payload is
-- "suggestion:ID", "hearing:ID", "case:ID", "KIND:*" for every record of
-- a kind, or "*" for everything. PostgreSQL delivers a notification only
-- when its transaction commits, once per distinct payload.
--
-- A session that sets procura.bulk_changes = 'on' (a bulk load) announces
-- "*" once instead of one payload per row.

-- +goose StatementBegin
CREATE FUNCTION procura_record_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- TG_ARGV[0] is the kind ('*': every kind); TG_ARGV[1] the column
    -- holding the record's id ('id', 'suggestion_id', 'hearing_id', or
    -- 'entity_id' where the kind is the row's entity), or '*' for every
    -- record of the kind; TG_ARGV[2], when given, another kind whose every
    -- record is concerned too.
    kind text := TG_ARGV[0];
    ids text[] := '{}';
    id text;
BEGIN
    IF kind = '*' THEN
        PERFORM pg_notify('procura_records', '*');
        RETURN NULL;
    END IF;
    IF TG_ARGV[1] = '*' OR TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('procura_records', kind || ':*');
    ELSIF current_setting('procura.bulk_changes', true) = 'on' THEN
        PERFORM pg_notify('procura_records', '*');
    ELSE
        -- Each branch names its column, so that a row is never asked for
        -- a column it lacks.
        IF TG_ARGV[1] = 'id' THEN
            IF TG_OP <> 'INSERT' THEN ids := ids || OLD.id::text; END IF;
            IF TG_OP <> 'DELETE' THEN ids := ids || NEW.id::text; END IF;
        ELSIF TG_ARGV[1] = 'suggestion_id' THEN
            IF TG_OP <> 'INSERT' THEN ids := ids || OLD.suggestion_id::text; END IF;
            IF TG_OP <> 'DELETE' THEN ids := ids || NEW.suggestion_id::text; END IF;
        ELSIF TG_ARGV[1] = 'hearing_id' THEN
            IF TG_OP <> 'INSERT' THEN ids := ids || OLD.hearing_id::text; END IF;
            IF TG_OP <> 'DELETE' THEN ids := ids || NEW.hearing_id::text; END IF;
        ELSIF TG_ARGV[1] = 'entity_id' THEN
            kind := NEW.entity;
            ids := ids || NEW.entity_id;
        ELSE
            RAISE EXCEPTION 'procura_record_changed: unknown id column %', TG_ARGV[1];
        END IF;
        FOREACH id IN ARRAY ids LOOP
            PERFORM pg_notify('procura_records', kind || ':' || id);
        END LOOP;
    END IF;
    IF TG_NARGS > 2 THEN
        PERFORM pg_notify('procura_records', TG_ARGV[2] || ':*');
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- A suggestion's page: the row, its sections, and (through the case
-- numbers it names, its title and status) the pages of its cases.
CREATE TRIGGER suggestions_changed AFTER INSERT OR UPDATE OR DELETE ON suggestions
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('suggestion', 'id', 'case');
CREATE TRIGGER suggestion_cases_changed AFTER INSERT OR UPDATE OR DELETE ON suggestion_cases
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('suggestion', 'suggestion_id', 'case');
CREATE TRIGGER suggestion_replies_changed AFTER INSERT OR UPDATE OR DELETE ON suggestion_replies
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('suggestion', 'suggestion_id');
CREATE TRIGGER suggestion_followups_changed AFTER INSERT OR UPDATE OR DELETE ON suggestion_followups
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('suggestion', 'suggestion_id');
CREATE TRIGGER suggestion_verifications_changed AFTER INSERT OR UPDATE OR DELETE ON suggestion_verifications
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('suggestion', 'suggestion_id');
CREATE TRIGGER suggestion_transitions_changed AFTER INSERT OR UPDATE OR DELETE ON suggestion_transitions
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('suggestion', 'suggestion_id');
CREATE TRIGGER suggestion_attachments_changed AFTER INSERT OR UPDATE OR DELETE ON suggestion_attachments
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('suggestion', 'suggestion_id');
CREATE TRIGGER attachments_changed AFTER UPDATE OR DELETE ON attachments
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('suggestion', '*');
-- Reading the provisional flags of due dates.
CREATE TRIGGER calendar_days_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('suggestion', '*');

-- A hearing's page, and the pages of the cases it names.
CREATE TRIGGER hearings_changed AFTER INSERT OR UPDATE OR DELETE ON hearings
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('hearing', 'id', 'case');
CREATE TRIGGER hearing_participants_changed AFTER INSERT OR UPDATE OR DELETE ON hearing_participants
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('hearing', 'hearing_id');
CREATE TRIGGER hearing_transitions_changed AFTER INSERT OR UPDATE OR DELETE ON hearing_transitions
    FOR EACH ROW EXECUTE FUNCTION procura_record_changed('hearing', 'hearing_id');
CREATE TRIGGER persons_changed AFTER UPDATE OR DELETE ON persons
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('hearing', '*');
CREATE TRIGGER hearing_officers_changed AFTER UPDATE OR DELETE ON hearing_officers
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('hearing', '*');

-- A case's page: imports change many cases at once, so a statement
-- announces them all.
CREATE TRIGGER cases_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('case', '*');
CREATE TRIGGER case_events_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('case', '*');

-- The histories on the pages of suggestions and hearings.
CREATE TRIGGER audit_events_record_changed AFTER INSERT ON audit_events
    FOR EACH ROW WHEN (NEW.entity IN ('suggestion', 'hearing') AND NEW.entity_id <> '')
    EXECUTE FUNCTION procura_record_changed('entity', 'entity_id');

-- TRUNCATE fires no row trigger: the tables announced row by row announce
-- it as a change of everything.
CREATE TRIGGER suggestions_truncated AFTER TRUNCATE ON suggestions
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER suggestion_cases_truncated AFTER TRUNCATE ON suggestion_cases
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER suggestion_replies_truncated AFTER TRUNCATE ON suggestion_replies
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER suggestion_followups_truncated AFTER TRUNCATE ON suggestion_followups
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER suggestion_verifications_truncated AFTER TRUNCATE ON suggestion_verifications
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER suggestion_transitions_truncated AFTER TRUNCATE ON suggestion_transitions
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER suggestion_attachments_truncated AFTER TRUNCATE ON suggestion_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER hearings_truncated AFTER TRUNCATE ON hearings
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER hearing_participants_truncated AFTER TRUNCATE ON hearing_participants
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER hearing_transitions_truncated AFTER TRUNCATE ON hearing_transitions
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER audit_events_truncated AFTER TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');

-- Names of units and users appear on every page.
CREATE TRIGGER units_changed AFTER UPDATE OR DELETE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');
CREATE TRIGGER users_changed AFTER UPDATE OF name OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION procura_record_changed('*', '*');

-- +goose Down
DROP TRIGGER audit_events_truncated ON audit_events;
DROP TRIGGER hearing_transitions_truncated ON hearing_transitions;
DROP TRIGGER hearing_participants_truncated ON hearing_participants;
DROP TRIGGER hearings_truncated ON hearings;
DROP TRIGGER suggestion_attachments_truncated ON suggestion_attachments;
DROP TRIGGER suggestion_transitions_truncated ON suggestion_transitions;
DROP TRIGGER suggestion_verifications_truncated ON suggestion_verifications;
DROP TRIGGER suggestion_followups_truncated ON suggestion_followups;
DROP TRIGGER suggestion_replies_truncated ON suggestion_replies;
DROP TRIGGER suggestion_cases_truncated ON suggestion_cases;
DROP TRIGGER suggestions_truncated ON suggestions;
DROP TRIGGER users_changed ON users;
DROP TRIGGER units_changed ON units;
DROP TRIGGER audit_events_record_changed ON audit_events;
DROP TRIGGER case_events_changed ON case_events;
DROP TRIGGER cases_changed ON cases;
DROP TRIGGER hearing_officers_changed ON hearing_officers;
DROP TRIGGER persons_changed ON persons;
DROP TRIGGER hearing_transitions_changed ON hearing_transitions;
DROP TRIGGER hearing_participants_changed ON hearing_participants;
DROP TRIGGER hearings_changed ON hearings;
DROP TRIGGER calendar_days_changed ON calendar_days;
DROP TRIGGER attachments_changed ON attachments;
DROP TRIGGER suggestion_attachments_changed ON suggestion_attachments;
DROP TRIGGER suggestion_transitions_changed ON suggestion_transitions;
DROP TRIGGER suggestion_verifications_changed ON suggestion_verifications;
DROP TRIGGER suggestion_followups_changed ON suggestion_followups;
DROP TRIGGER suggestion_replies_changed ON suggestion_replies;
DROP TRIGGER suggestion_cases_changed ON suggestion_cases;
DROP TRIGGER suggestions_changed ON suggestions;
-- CASCADE: ensure_year_partition (00032) copies the statement triggers of
-- case_events and audit_events onto each partition it makes, so the
-- partitions made since Up hold copies of case_events_changed and
-- audit_events_truncated.
DROP FUNCTION procura_record_changed() CASCADE;
