-- +goose Up

-- audit_events by year of at (Shanghai's year), with a DEFAULT partition.
-- Append-only on every partition: the row trigger is cloned onto each
-- partition by PostgreSQL; the TRUNCATE guard, a statement trigger that
-- is not cloned, is put on each partition by ensure_year_partition (and
-- on the default partition here).
ALTER TABLE audit_events RENAME TO audit_events_unpartitioned;
ALTER INDEX audit_events_pkey RENAME TO audit_events_unpartitioned_pkey;
ALTER INDEX audit_events_unit RENAME TO audit_events_unpartitioned_unit;
ALTER INDEX audit_events_entity RENAME TO audit_events_unpartitioned_entity;
ALTER INDEX audit_events_actor RENAME TO audit_events_unpartitioned_actor;
ALTER INDEX audit_events_action RENAME TO audit_events_unpartitioned_action;
ALTER INDEX audit_events_at RENAME TO audit_events_unpartitioned_at;
ALTER SEQUENCE audit_events_id_seq RENAME TO audit_events_unpartitioned_id_seq;

CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint,
    actor       text NOT NULL DEFAULT '',
    unit_id     bigint,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text NOT NULL DEFAULT '',
    before      jsonb,
    after       jsonb,
    request_id  text NOT NULL DEFAULT '',
    client_ip   text NOT NULL DEFAULT '',
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE INDEX audit_events_unit ON audit_events (unit_id, id);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id);
CREATE INDEX audit_events_actor ON audit_events (actor, id);
CREATE INDEX audit_events_action ON audit_events (action, id);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events_default
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

SELECT ensure_year_partition('audit_events', y::integer) FROM (
    SELECT DISTINCT extract(year FROM at AT TIME ZONE 'Asia/Shanghai') AS y FROM audit_events_unpartitioned
    UNION
    SELECT extract(year FROM now() AT TIME ZONE 'Asia/Shanghai') + g FROM generate_series(0, 3) g) years
WHERE y BETWEEN 1900 AND 2999
ORDER BY y;

INSERT INTO audit_events OVERRIDING SYSTEM VALUE SELECT * FROM audit_events_unpartitioned;
SELECT setval(pg_get_serial_sequence('audit_events', 'id'), last_value, is_called) FROM audit_events_unpartitioned_id_seq;
DROP TABLE audit_events_unpartitioned;
ANALYZE audit_events;

-- archive_audit_year detaches the audit partition of a past year and
-- keeps it, whole, as the table audit_archive_y<year>, append-only like
-- the log (detaching drops the triggers cloned onto it, so they are put
-- back). It answers the rows archived. The current year and later stay.
-- +goose StatementBegin
CREATE FUNCTION archive_audit_year(year integer) RETURNS bigint LANGUAGE plpgsql AS $$
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

-- +goose Down
-- Archive tables (audit_archive_y*) are kept: they hold history.
DROP FUNCTION archive_audit_year(integer);
ALTER TABLE audit_events RENAME TO audit_events_partitioned;
ALTER INDEX audit_events_pkey RENAME TO audit_events_partitioned_pkey;
ALTER INDEX audit_events_unit RENAME TO audit_events_partitioned_unit;
ALTER INDEX audit_events_entity RENAME TO audit_events_partitioned_entity;
ALTER INDEX audit_events_actor RENAME TO audit_events_partitioned_actor;
ALTER INDEX audit_events_action RENAME TO audit_events_partitioned_action;
ALTER INDEX audit_events_at RENAME TO audit_events_partitioned_at;
ALTER SEQUENCE audit_events_id_seq RENAME TO audit_events_partitioned_id_seq;
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint,
    actor       text NOT NULL DEFAULT '',
    unit_id     bigint,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text NOT NULL DEFAULT '',
    before      jsonb,
    after       jsonb,
    request_id  text NOT NULL DEFAULT '',
    client_ip   text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_unit ON audit_events (unit_id, id);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id);
CREATE INDEX audit_events_actor ON audit_events (actor, id);
CREATE INDEX audit_events_action ON audit_events (action, id);
CREATE INDEX audit_events_at ON audit_events (at);
INSERT INTO audit_events OVERRIDING SYSTEM VALUE SELECT * FROM audit_events_partitioned;
SELECT setval(pg_get_serial_sequence('audit_events', 'id'), last_value, is_called) FROM audit_events_partitioned_id_seq;
DROP TABLE audit_events_partitioned;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
