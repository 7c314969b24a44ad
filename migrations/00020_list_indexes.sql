-- +goose Up
-- Indexes that keep every list filter cheap at millions of rows (issue 10;
-- store/keyset.go says how a page uses them).

-- The one- and two-character pieces of a text: a search of one or two
-- characters (trigrams need three) finds its rows through a GIN index of
-- these.
-- +goose StatementBegin
CREATE FUNCTION procura_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
        UNION ALL
        SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
    ) AS grams
$$;
-- +goose StatementEnd

CREATE INDEX suggestions_grams ON suggestions USING gin (procura_grams(coalesce(doc_no, '') || ' ' || title || ' ' || recipient_name));
CREATE INDEX suggestions_handler_id ON suggestions (handling_prosecutor_id, id DESC);
CREATE INDEX suggestions_served_id ON suggestions (served_on, id DESC) WHERE served_on IS NOT NULL;
DROP INDEX suggestions_served;
-- Unit, status, category and type go together (a unit's old suggestions
-- are closed, some units send mostly one category): without these
-- statistics the planner multiplies their frequencies as if independent.
CREATE STATISTICS suggestions_filters (dependencies, mcv) ON unit_id, status, category, type FROM suggestions;

CREATE INDEX hearings_kind_id ON hearings (kind, id DESC);
CREATE INDEX hearings_status_id ON hearings (status, id DESC);
CREATE INDEX hearings_when ON hearings ((coalesce(held_at, starts_at)));
CREATE INDEX hearings_search ON hearings USING gin ((title || ' ' || case_number) gin_trgm_ops);
CREATE INDEX hearings_grams ON hearings USING gin (procura_grams(title || ' ' || case_number));
CREATE STATISTICS hearings_filters (dependencies, mcv) ON unit_id, status, kind FROM hearings;

CREATE INDEX cases_grams ON cases USING gin (procura_grams(prosecutor_name || ' ' || case_type));
CREATE STATISTICS cases_filters (dependencies, mcv) ON unit_id, category FROM cases;

-- +goose Down
DROP STATISTICS cases_filters;
DROP INDEX cases_grams;
DROP STATISTICS hearings_filters;
DROP INDEX hearings_grams, hearings_search, hearings_when, hearings_status_id, hearings_kind_id;
DROP STATISTICS suggestions_filters;
CREATE INDEX suggestions_served ON suggestions (served_on);
DROP INDEX suggestions_served_id, suggestions_handler_id, suggestions_grams;
DROP FUNCTION procura_grams(text);
