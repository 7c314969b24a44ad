-- +goose Up
-- The case totals of the class-case analysis at scale (issue 10, point 4):
-- every case of a category in a subtree, their persons, and those received
-- in the period, from a roll-up by unit, category and day received instead
-- of every case of the category. Kept exact by a statement trigger on
-- cases in the writing transaction (an import batch, the API, a bulk load
-- alike). Below, what list pages at scale need (point 2).
CREATE TABLE case_days (
    unit_id   bigint NOT NULL,
    category  text NOT NULL,
    day       date NOT NULL,
    n         integer NOT NULL,
    persons   bigint NOT NULL,
    PRIMARY KEY (category, unit_id, day)
);

-- +goose StatementBegin
-- case_rollup_statement adds to case_days the signed cases of a query (%s:
-- sign, unit_id, category, received_on, persons), in key order.
CREATE FUNCTION case_rollup_statement() RETURNS text LANGUAGE sql IMMUTABLE AS $f$
    SELECT $q$WITH s AS (%s)
    INSERT INTO case_days AS t (unit_id, category, day, n, persons)
    SELECT unit_id, category, received_on, sum(sign), sum(sign * persons) FROM s
    GROUP BY unit_id, category, received_on HAVING sum(sign) <> 0 OR sum(sign * persons) <> 0
    ORDER BY category, unit_id, received_on
    ON CONFLICT (category, unit_id, day) DO UPDATE SET n = t.n + EXCLUDED.n, persons = t.persons + EXCLUDED.persons$q$
$f$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION case_rollup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(case_rollup_statement(), transition_rows(TG_OP, 'unit_id, category, received_on, persons'));
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- case_rollup_rebuild recomputes case_days from the cases.
CREATE FUNCTION case_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE cases IN SHARE MODE;
    TRUNCATE case_days;
    EXECUTE format(case_rollup_statement(), 'SELECT 1 AS sign, unit_id, category, received_on, persons FROM cases');
END
$$;
-- +goose StatementEnd

SELECT case_rollup_rebuild();

CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_rollup_changed();
CREATE TRIGGER cases_rollup_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_rollup_changed();
CREATE TRIGGER cases_rollup_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_rollup_changed();

-- The totals no longer read the cases.
DROP INDEX cases_category_totals;

-- List pages (issue 10, point 2). The ids of the units of a scope or a
-- unit filter (the units at the paths exact, and at or below the paths
-- roots), which the store computes first and writes into a page's
-- condition as a constant array: the planner then knows how many units
-- and rows the condition takes and can use it in a composite index (an
-- array computed by a subquery in the condition was a parameter it could
-- do neither with).
-- +goose StatementBegin
CREATE FUNCTION procura_unit_ids(exact text[], roots text[]) RETURNS bigint[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM units u
    WHERE u.path = ANY (exact) OR EXISTS (SELECT 1 FROM unnest(roots) r WHERE u.path = r OR u.path LIKE r || '/%')
$$;
-- +goose StatementEnd

-- Filter combinations each of whose filters matches much and which
-- together match little or nothing (a status with a category or a type,
-- in a unit; a hearing's status and kind in a unit): one index finds
-- what they match together instead of a BitmapAnd of the hundreds of
-- thousands of rows each matches alone.
CREATE INDEX suggestions_status_category ON suggestions (status, category, unit_id);
CREATE INDEX suggestions_status_type ON suggestions (status, type, unit_id);
CREATE INDEX hearings_status_kind ON hearings (status, kind, unit_id);

-- +goose Down
DROP INDEX hearings_status_kind;
DROP INDEX suggestions_status_type;
DROP INDEX suggestions_status_category;
DROP FUNCTION procura_unit_ids(text[], text[]);
CREATE INDEX cases_category_totals ON cases (category, unit_id) INCLUDE (persons, received_on);
DROP TRIGGER cases_rollup_delete ON cases;
DROP TRIGGER cases_rollup_update ON cases;
DROP TRIGGER cases_rollup_insert ON cases;
DROP FUNCTION case_rollup_rebuild();
DROP FUNCTION case_rollup_changed();
DROP FUNCTION case_rollup_statement();
DROP TABLE case_days;
