-- +goose Up
-- The hearing side of the indicators and the class-case analysis at scale
-- (issue 10, point 4).
--
-- A hearing's category is that of the case its number names (the case
-- with that unified number or department number, the first by id; '' when
-- none). Each hearing keeps it in case_category, set when the hearing is
-- written and kept by a statement trigger on cases when a case with its
-- number comes, goes or changes category or number. A roll-up of the held
-- hearings by unit, category and Shanghai day (hearing_days), kept by
-- statement triggers on hearings and hearing_participants in the writing
-- transaction, answers the hearing counts from a few rows per unit,
-- category and day instead of every hearing of the period and a look-up of
-- its case.

-- hearing_case_category is the category of the case a hearing number
-- names ('' when none). Two index look-ups, never a walk of cases.
CREATE FUNCTION hearing_case_category(num text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT x.category FROM (
        SELECT c.id, c.category FROM cases c WHERE c.unified_no = num
        UNION ALL
        SELECT c.id, c.category FROM cases c WHERE c.dept_no = num AND c.dept_no <> '') x
        ORDER BY x.id LIMIT 1), '')
$$;

ALTER TABLE hearings ADD COLUMN case_category text NOT NULL DEFAULT '';

-- A hearing's updated_at says when the hearing was changed, not when a
-- case changed its category: writes made by triggers leave it.
DROP TRIGGER hearings_updated_at ON hearings;
UPDATE hearings SET case_category = hearing_case_category(case_number) WHERE case_number <> '';
CREATE TRIGGER hearings_updated_at BEFORE UPDATE ON hearings FOR EACH ROW WHEN (pg_trigger_depth() = 0)
    EXECUTE FUNCTION set_updated_at();

-- +goose StatementBegin
CREATE FUNCTION hearing_set_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.case_category := CASE WHEN NEW.case_number = '' THEN '' ELSE hearing_case_category(NEW.case_number) END;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER hearings_category BEFORE INSERT OR UPDATE OF case_number, case_category ON hearings
    FOR EACH ROW EXECUTE FUNCTION hearing_set_category();

-- +goose StatementBegin
-- cases_numbers_changed sets the category of the hearings whose number a
-- statement on cases added, removed or changed (number or category).
CREATE FUNCTION cases_numbers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    nums text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT v.n) INTO nums FROM new_rows r, LATERAL (VALUES (r.unified_no), (r.dept_no)) v(n) WHERE v.n <> '';
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT v.n) INTO nums FROM old_rows r, LATERAL (VALUES (r.unified_no), (r.dept_no)) v(n) WHERE v.n <> '';
    ELSE
        SELECT array_agg(DISTINCT v.n) INTO nums FROM old_rows o JOIN new_rows r ON r.id = o.id,
            LATERAL (VALUES (o.unified_no), (o.dept_no), (r.unified_no), (r.dept_no)) v(n)
        WHERE v.n <> '' AND (o.unified_no, o.dept_no, o.category) IS DISTINCT FROM (r.unified_no, r.dept_no, r.category);
    END IF;
    IF nums IS NOT NULL THEN
        -- Setting case_category fires hearing_set_category, which looks
        -- the category up; only hearings whose category changes are
        -- written (in id order, so concurrent writers do not deadlock).
        PERFORM 1 FROM (SELECT h.id FROM hearings h WHERE h.case_number = ANY (nums)
            AND h.case_category <> hearing_case_category(h.case_number) ORDER BY h.id FOR UPDATE) l;
        UPDATE hearings h SET case_category = '' WHERE h.case_number = ANY (nums)
            AND h.case_category <> hearing_case_category(h.case_number);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cases_hearing_categories_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_numbers_changed();
CREATE TRIGGER cases_hearing_categories_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_numbers_changed();
CREATE TRIGGER cases_hearing_categories_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_numbers_changed();

-- The held (or decided) hearings by unit, category and the Shanghai day
-- they took place (held_at, else starts_at): held_when and public_when
-- count every such hearing (the class-case analysis); held, public,
-- officers (hearing officers seated: attended, without conflict, recusal
-- not granted) and non_prosecution only those with a time held (the
-- indicators' quantities, by the day held).
CREATE TABLE hearing_days (
    unit_id          bigint NOT NULL,
    category         text NOT NULL,
    day              date NOT NULL,
    held             integer NOT NULL,
    public           integer NOT NULL,
    officers         integer NOT NULL,
    non_prosecution  integer NOT NULL,
    held_when        integer NOT NULL,
    public_when      integer NOT NULL,
    PRIMARY KEY (unit_id, category, day)
);
CREATE INDEX hearing_days_category ON hearing_days (category, day);

-- +goose StatementBegin
-- hearing_rollup_statement adds to hearing_days the signed hearings of a
-- query (%s: sign, then the hearings' columns), their officers counted
-- from the participants as they are. Rows in key order, so that
-- concurrent writers lock the keys they share in the same order.
CREATE FUNCTION hearing_rollup_statement() RETURNS text LANGUAGE sql IMMUTABLE AS $f$
    SELECT $q$WITH s AS (%s),
    c AS (
        SELECT s.unit_id, s.case_category AS category, (coalesce(s.held_at, s.starts_at) AT TIME ZONE 'Asia/Shanghai')::date AS day,
            CASE WHEN s.held_at IS NOT NULL THEN s.sign ELSE 0 END AS held,
            CASE WHEN s.held_at IS NOT NULL AND s.public THEN s.sign ELSE 0 END AS public,
            CASE WHEN s.held_at IS NOT NULL THEN s.sign * (SELECT count(*) FROM hearing_participants p WHERE p.hearing_id = s.id
                AND p.role = 'hearing_officer' AND p.attended AND NOT p.conflict AND p.recusal_outcome <> 'granted') ELSE 0 END AS officers,
            CASE WHEN s.held_at IS NOT NULL AND s.kind = 'non_prosecution' THEN s.sign ELSE 0 END AS non_prosecution,
            s.sign AS held_when, CASE WHEN s.public THEN s.sign ELSE 0 END AS public_when
        FROM s WHERE s.status IN ('held', 'decided') AND coalesce(s.held_at, s.starts_at) IS NOT NULL)
    INSERT INTO hearing_days AS t (unit_id, category, day, held, public, officers, non_prosecution, held_when, public_when)
    SELECT unit_id, category, day, sum(held), sum(public), sum(officers), sum(non_prosecution), sum(held_when), sum(public_when)
    FROM c GROUP BY unit_id, category, day
    HAVING sum(held) <> 0 OR sum(public) <> 0 OR sum(officers) <> 0 OR sum(non_prosecution) <> 0 OR sum(held_when) <> 0
        OR sum(public_when) <> 0
    ORDER BY unit_id, category, day
    ON CONFLICT (unit_id, category, day) DO UPDATE SET held = t.held + EXCLUDED.held, public = t.public + EXCLUDED.public,
        officers = t.officers + EXCLUDED.officers, non_prosecution = t.non_prosecution + EXCLUDED.non_prosecution,
        held_when = t.held_when + EXCLUDED.held_when, public_when = t.public_when + EXCLUDED.public_when$q$
$f$;
-- +goose StatementEnd

-- transition_rows is the query of a statement trigger's transition tables
-- (new_rows, old_rows) with a sign: +1 a row added, -1 a row removed.
CREATE FUNCTION transition_rows(op text, cols text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE op
        WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', cols)
        WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows', cols)
        ELSE format('SELECT -1 AS sign, %1$s FROM old_rows UNION ALL SELECT 1, %1$s FROM new_rows', cols) END
$$;

-- +goose StatementBegin
CREATE FUNCTION hearing_rollup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'id, unit_id, case_category, status, held_at, starts_at, public, kind';
BEGIN
    EXECUTE format(hearing_rollup_statement(), transition_rows(TG_OP, cols));
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- hearing_officers_changed adds to the officers of the hearings' keys the
-- seated officers a statement on hearing_participants added or removed.
CREATE FUNCTION hearing_officers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'hearing_id, role, attended, conflict, recusal_outcome';
BEGIN
    EXECUTE format($q$WITH p AS (%s)
        INSERT INTO hearing_days AS t (unit_id, category, day, held, public, officers, non_prosecution, held_when, public_when)
        SELECT h.unit_id, h.case_category, (h.held_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, sum(p.sign), 0, 0, 0
        FROM p JOIN hearings h ON h.id = p.hearing_id
        WHERE h.status IN ('held', 'decided') AND h.held_at IS NOT NULL
            AND p.role = 'hearing_officer' AND p.attended AND NOT p.conflict AND p.recusal_outcome <> 'granted'
        GROUP BY 1, 2, 3 HAVING sum(p.sign) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (unit_id, category, day) DO UPDATE SET officers = t.officers + EXCLUDED.officers$q$, transition_rows(TG_OP, cols));
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- hearing_rollup_rebuild recomputes hearing_days from the hearings.
CREATE FUNCTION hearing_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE hearings, hearing_participants IN SHARE MODE;
    TRUNCATE hearing_days;
    EXECUTE format(hearing_rollup_statement(),
        'SELECT 1 AS sign, id, unit_id, case_category, status, held_at, starts_at, public, kind FROM hearings');
END
$$;
-- +goose StatementEnd

SELECT hearing_rollup_rebuild();

CREATE TRIGGER hearings_rollup_insert AFTER INSERT ON hearings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hearing_rollup_changed();
CREATE TRIGGER hearings_rollup_update AFTER UPDATE ON hearings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hearing_rollup_changed();
CREATE TRIGGER hearings_rollup_delete AFTER DELETE ON hearings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hearing_rollup_changed();
CREATE TRIGGER hearing_participants_rollup_insert AFTER INSERT ON hearing_participants REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hearing_officers_changed();
CREATE TRIGGER hearing_participants_rollup_update AFTER UPDATE ON hearing_participants
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hearing_officers_changed();
CREATE TRIGGER hearing_participants_rollup_delete AFTER DELETE ON hearing_participants REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hearing_officers_changed();

-- The class-case hearing list: the hearings of a category, latest first.
CREATE INDEX hearings_category_when ON hearings (case_category, (coalesce(held_at, starts_at)) DESC, id DESC) INCLUDE (unit_id);

-- The class-case hearings now come from the category and the roll-up;
-- the hearings a cut by prosecutor reads carry their category.
DROP INDEX hearings_when_counts;
DROP INDEX hearings_held_counts;
CREATE INDEX hearings_held_counts ON hearings (held_at) INCLUDE (id, unit_id, case_category, created_by, public, kind)
    WHERE status IN ('held', 'decided');

-- +goose Down
DROP INDEX hearings_held_counts;
CREATE INDEX hearings_held_counts ON hearings (held_at) INCLUDE (id, unit_id, case_number, created_by, public, kind)
    WHERE status IN ('held', 'decided');
CREATE INDEX hearings_when_counts ON hearings ((coalesce(held_at, starts_at))) INCLUDE (id, unit_id, case_number, status, public);
DROP INDEX hearings_category_when;
DROP TRIGGER hearing_participants_rollup_delete ON hearing_participants;
DROP TRIGGER hearing_participants_rollup_update ON hearing_participants;
DROP TRIGGER hearing_participants_rollup_insert ON hearing_participants;
DROP TRIGGER hearings_rollup_delete ON hearings;
DROP TRIGGER hearings_rollup_update ON hearings;
DROP TRIGGER hearings_rollup_insert ON hearings;
DROP FUNCTION hearing_rollup_rebuild();
DROP FUNCTION hearing_officers_changed();
DROP FUNCTION hearing_rollup_changed();
DROP FUNCTION hearing_rollup_statement();
DROP FUNCTION transition_rows(text, text);
DROP TABLE hearing_days;
DROP TRIGGER cases_hearing_categories_delete ON cases;
DROP TRIGGER cases_hearing_categories_update ON cases;
DROP TRIGGER cases_hearing_categories_insert ON cases;
DROP FUNCTION cases_numbers_changed();
DROP TRIGGER hearings_category ON hearings;
DROP FUNCTION hearing_set_category();
DROP TRIGGER hearings_updated_at ON hearings;
CREATE TRIGGER hearings_updated_at BEFORE UPDATE ON hearings FOR EACH ROW EXECUTE FUNCTION set_updated_at();
ALTER TABLE hearings DROP COLUMN case_category;
DROP FUNCTION hearing_case_category(text);
