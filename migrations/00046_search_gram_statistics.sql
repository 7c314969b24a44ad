-- +goose Up
-- How common each trigram of the search texts is (issue 10). A search for
-- a whole 文号 or case number holds trigrams that nearly every row has
-- ("202", "025", a unit's code): the trigram index reads each such
-- trigram's whole posting tree, a hundred pages or more, though the rows
-- that match are one or two. ANALYZE keeps the most common elements of
-- these arrays and their frequencies; the lists look up the rarest piece of
-- the search through the index and check the whole of it on the rows found
-- (store/searchpiece.go).
CREATE STATISTICS suggestions_search_grams ON (show_trgm(search_text)) FROM suggestions;
CREATE STATISTICS cases_search_grams ON (show_trgm(search_text)) FROM cases;
CREATE STATISTICS hearings_search_grams ON (show_trgm(title || ' ' || case_number)) FROM hearings;
-- At once rather than at autovacuum's next analyze, which a table that
-- changes little may not reach for weeks.
ANALYZE suggestions, cases, hearings;

-- +goose Down
DROP STATISTICS hearings_search_grams;
DROP STATISTICS cases_search_grams;
DROP STATISTICS suggestions_search_grams;
