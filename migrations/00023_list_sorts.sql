-- +goose Up
-- Sorted lists (issue 15): each sortable column has an index on (key, id),
-- so that a page sorted by it is a walk of that index from the cursor
-- (store/keyset.go, sortedWith). A key has no NULL: a missing date sorts
-- as 'infinity' (last ascending, first descending), and a status sorts by
-- its place in the lifecycle, not by its code.

-- +goose StatementBegin
CREATE FUNCTION procura_suggestion_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_position(ARRAY['draft','pending_approval','approved','issued','objection_review','replied',
        'rectifying','verified','escalated','litigation','closed','withdrawn'], status), 99)
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION procura_hearing_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_position(ARRAY['proposed','approved','scheduled','held','decided','rejected','cancelled'], status), 99)
$$;
-- +goose StatementEnd

CREATE INDEX suggestions_sort_served ON suggestions ((coalesce(served_on, 'infinity'::date)), id);
CREATE INDEX suggestions_sort_due ON suggestions ((coalesce(reply_due_on, 'infinity'::date)), id);
CREATE INDEX suggestions_sort_status ON suggestions ((procura_suggestion_rank(status)), id);
CREATE INDEX suggestions_sort_updated ON suggestions (updated_at, id);

CREATE INDEX hearings_sort_when ON hearings ((coalesce(held_at, starts_at, 'infinity'::timestamptz)), id);
CREATE INDEX hearings_sort_status ON hearings ((procura_hearing_rank(status)), id);

CREATE INDEX cases_sort_received ON cases (received_on, id);
CREATE INDEX cases_sort_persons ON cases (persons, id);

-- +goose Down
DROP INDEX cases_sort_persons, cases_sort_received, hearings_sort_status, hearings_sort_when;
DROP INDEX suggestions_sort_updated, suggestions_sort_status, suggestions_sort_due, suggestions_sort_served;
DROP FUNCTION procura_hearing_rank(text);
DROP FUNCTION procura_suggestion_rank(text);
