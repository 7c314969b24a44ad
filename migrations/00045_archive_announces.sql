-- +goose Up

-- archive_audit_year announces on procura_records that every record page
-- may have changed (its events leave the pages' histories), however it is
-- called: by `procura audit-archive` or by an operator in psql. Otherwise
-- as in migration 00033.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION archive_audit_year(year integer) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    part     text := 'audit_events_y' || year;
    archive  text := 'audit_archive_y' || year;
    n        bigint;
BEGIN
    IF year >= extract(year FROM now() AT TIME ZONE 'Asia/Shanghai') THEN
        RAISE EXCEPTION 'archive_audit_year: % is not a past year', year USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('procura.partition.audit_events'));
    IF NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(part) AND inhparent = 'audit_events'::regclass) THEN
        RAISE EXCEPTION 'archive_audit_year: no audit partition for %', year USING ERRCODE = 'no_data_found';
    END IF;
    IF to_regclass(archive) IS NOT NULL THEN
        RAISE EXCEPTION 'archive_audit_year: % exists already', archive USING ERRCODE = 'duplicate_table';
    END IF;
    EXECUTE format('ALTER TABLE audit_events DETACH PARTITION %I', part);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', part, archive);
    EXECUTE format('CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON %I
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()', archive);
    EXECUTE format('SELECT count(*) FROM %I', archive) INTO n;
    -- The archived events leave the histories of the cached record pages
    -- (migration 00042): detaching a partition fires no trigger.
    PERFORM pg_notify('procura_records', '*');
    RETURN n;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION archive_audit_year(year integer) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    part     text := 'audit_events_y' || year;
    archive  text := 'audit_archive_y' || year;
    n        bigint;
BEGIN
    IF year >= extract(year FROM now() AT TIME ZONE 'Asia/Shanghai') THEN
        RAISE EXCEPTION 'archive_audit_year: % is not a past year', year USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('procura.partition.audit_events'));
    IF NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(part) AND inhparent = 'audit_events'::regclass) THEN
        RAISE EXCEPTION 'archive_audit_year: no audit partition for %', year USING ERRCODE = 'no_data_found';
    END IF;
    IF to_regclass(archive) IS NOT NULL THEN
        RAISE EXCEPTION 'archive_audit_year: % exists already', archive USING ERRCODE = 'duplicate_table';
    END IF;
    EXECUTE format('ALTER TABLE audit_events DETACH PARTITION %I', part);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', part, archive);
    EXECUTE format('CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON %I
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()', archive);
    EXECUTE format('SELECT count(*) FROM %I', archive) INTO n;
    RETURN n;
END;
$$;
-- +goose StatementEnd
