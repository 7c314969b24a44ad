-- +goose Up
-- The case totals of the class-case analysis at scale (issue 10, point 4):
-- every case of a category in a subtree, their persons, and those received
-- in the period, from a roll-up by unit, category and day received instead
-- of every case of the category. Kept exact by a statement trigger on
-- cases in the writing transaction (an import batch, the API, a bulk load
-- alike).
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

-- +goose Down
CREATE INDEX cases_category_totals ON cases (category, unit_id) INCLUDE (persons, received_on);
DROP TRIGGER cases_rollup_delete ON cases;
DROP TRIGGER cases_rollup_update ON cases;
DROP TRIGGER cases_rollup_insert ON cases;
DROP FUNCTION case_rollup_rebuild();
DROP FUNCTION case_rollup_changed();
DROP FUNCTION case_rollup_statement();
DROP TABLE case_days;
