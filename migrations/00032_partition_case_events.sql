-- +goose Up

-- Partitioned history (docs/decisions.md): the tables that grow without
-- bound are partitioned by calendar year of their time column, with a
-- DEFAULT partition so that no row is ever refused.

-- ensure_year_partition creates partition <parent>_y<year> of a table
-- partitioned by range of one date or timestamptz column, for the year as
-- Shanghai counts it, and answers whether it made one (false: it was
-- there). Rows of that year that wait in <parent>_default are moved into
-- it in the same transaction: the default partition is detached (which
-- drops the triggers cloned onto it, so that append-only tables can hand
-- their rows on), emptied of the year into the parent and attached again.
-- Statement-level triggers (such as audit_events' TRUNCATE guard), which
-- PostgreSQL does not clone onto partitions, are copied onto the new one.
-- An advisory lock per table lets several servers call it at once.
-- +goose StatementBegin
CREATE FUNCTION ensure_year_partition(parent text, year integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    part   text := parent || '_y' || year;
    dflt   text := parent || '_default';
    col    text;
    typ    regtype;
    lo     text;
    hi     text;
    cond   text;
    waiting boolean;
    trg    record;
BEGIN
    IF year NOT BETWEEN 1900 AND 2999 THEN
        RAISE EXCEPTION 'ensure_year_partition: year % out of range', year USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('procura.partition.' || parent));
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    SELECT a.attname, a.atttypid::regtype INTO col, typ
    FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent::regclass;
    IF col IS NULL THEN
        RAISE EXCEPTION 'ensure_year_partition: % is not partitioned', parent USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF typ = 'date'::regtype THEN
        lo := make_date(year, 1, 1)::text;
        hi := make_date(year + 1, 1, 1)::text;
    ELSE
        lo := (make_date(year, 1, 1)::timestamp AT TIME ZONE 'Asia/Shanghai')::text;
        hi := (make_date(year + 1, 1, 1)::timestamp AT TIME ZONE 'Asia/Shanghai')::text;
    END IF;
    cond := format('%I >= %L AND %I < %L', col, lo, col, hi);
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %s)', dflt, cond) INTO waiting;
    IF waiting THEN
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, dflt);
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
    IF waiting THEN
        EXECUTE format('INSERT INTO %I OVERRIDING SYSTEM VALUE SELECT * FROM %I WHERE %s', parent, dflt, cond);
        EXECUTE format('DELETE FROM %I WHERE %s', dflt, cond);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I DEFAULT', parent, dflt);
    END IF;
    FOR trg IN SELECT t.tgname FROM pg_trigger t
        WHERE t.tgrelid = parent::regclass AND NOT t.tgisinternal AND t.tgtype & 1 = 0 LOOP
        EXECUTE replace(pg_get_triggerdef(
            (SELECT oid FROM pg_trigger WHERE tgrelid = parent::regclass AND tgname = trg.tgname)),
            ' ON ' || (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = parent::regclass) || ' ', ' ON ' || quote_ident(part) || ' ');
    END LOOP;
    RETURN true;
END;
$$;
-- +goose StatementEnd

-- ensure_year_partitions makes the partitions of years first..last and
-- answers how many it made.
-- +goose StatementBegin
CREATE FUNCTION ensure_year_partitions(parent text, first integer, last integer) RETURNS integer LANGUAGE sql AS $$
    SELECT count(*) FILTER (WHERE made)::integer FROM (SELECT ensure_year_partition(parent, y) AS made FROM generate_series(first, last) y) x;
$$;
-- +goose StatementEnd

-- case_events by year of occurred_on. The unique key (case_id, event,
-- occurred_on) already holds the partition key, so the import's ON
-- CONFLICT is unchanged; the primary key becomes (id, occurred_on).
ALTER TABLE case_events RENAME TO case_events_unpartitioned;
ALTER INDEX case_events_pkey RENAME TO case_events_unpartitioned_pkey;
ALTER INDEX case_events_case_id_event_occurred_on_key RENAME TO case_events_unpartitioned_key;
ALTER INDEX case_events_occurred RENAME TO case_events_unpartitioned_occurred;
ALTER SEQUENCE case_events_id_seq RENAME TO case_events_unpartitioned_id_seq;

CREATE TABLE case_events (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    case_id      bigint NOT NULL REFERENCES cases (id),
    event        text NOT NULL CHECK (event IN ('arrest_review_received', 'arrest_approved', 'arrest_denied',
                     'prosecution_review_received', 'prosecuted', 'not_prosecuted', 'returned_for_investigation',
                     'review_extended', 'reconsideration', 'review', 'appeal', 'protest', 'petition', 'plea_leniency',
                     'sentencing_recommended', 'sentencing_adopted')),
    occurred_on  date NOT NULL,
    persons      integer NOT NULL CHECK (persons > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, occurred_on),
    UNIQUE (case_id, event, occurred_on)
) PARTITION BY RANGE (occurred_on);
CREATE INDEX case_events_occurred ON case_events (occurred_on, case_id);
CREATE TABLE case_events_default PARTITION OF case_events DEFAULT;

-- A partition for every year that has events, and for this year and the
-- next three (the partition job keeps that lead).
SELECT ensure_year_partition('case_events', y::integer) FROM (
    SELECT DISTINCT extract(year FROM occurred_on) AS y FROM case_events_unpartitioned
    UNION
    SELECT extract(year FROM now() AT TIME ZONE 'Asia/Shanghai') + g FROM generate_series(0, 3) g) years
WHERE y BETWEEN 1900 AND 2999
ORDER BY y;

INSERT INTO case_events (id, case_id, event, occurred_on, persons, created_at) OVERRIDING SYSTEM VALUE
SELECT id, case_id, event, occurred_on, persons, created_at FROM case_events_unpartitioned;
SELECT setval(pg_get_serial_sequence('case_events', 'id'), last_value, is_called) FROM case_events_unpartitioned_id_seq;
DROP TABLE case_events_unpartitioned;
ANALYZE case_events;

-- +goose Down
ALTER TABLE case_events RENAME TO case_events_partitioned;
ALTER INDEX case_events_pkey RENAME TO case_events_partitioned_pkey;
ALTER INDEX case_events_case_id_event_occurred_on_key RENAME TO case_events_partitioned_key;
ALTER INDEX case_events_occurred RENAME TO case_events_partitioned_occurred;
ALTER SEQUENCE case_events_id_seq RENAME TO case_events_partitioned_id_seq;
CREATE TABLE case_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id),
    event        text NOT NULL CHECK (event IN ('arrest_review_received', 'arrest_approved', 'arrest_denied',
                     'prosecution_review_received', 'prosecuted', 'not_prosecuted', 'returned_for_investigation',
                     'review_extended', 'reconsideration', 'review', 'appeal', 'protest', 'petition', 'plea_leniency',
                     'sentencing_recommended', 'sentencing_adopted')),
    occurred_on  date NOT NULL,
    persons      integer NOT NULL CHECK (persons > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, event, occurred_on)
);
CREATE INDEX case_events_occurred ON case_events (occurred_on, case_id);
INSERT INTO case_events (id, case_id, event, occurred_on, persons, created_at) OVERRIDING SYSTEM VALUE
SELECT id, case_id, event, occurred_on, persons, created_at FROM case_events_partitioned;
SELECT setval(pg_get_serial_sequence('case_events', 'id'), last_value, is_called) FROM case_events_partitioned_id_seq;
DROP TABLE case_events_partitioned;
DROP FUNCTION ensure_year_partitions(text, integer, integer);
DROP FUNCTION ensure_year_partition(text, integer);
