-- +goose Up

-- The hearing and case lists' date filters count their matches (up to
-- 1,001, when the planner expects fewer than 10,000) by reading these
-- indexes only, not the rows (issue 10): the caller's units, and for an
-- indexed expression the columns it reads, are included, since PostgreSQL
-- answers a query from an index alone only when every column it names is
-- there. Counting the hearings of one month went from 2.4 ms to 0.3 ms a
-- page (200,000 hearings), the cases received in one month from 800 heap
-- pages to none (500,000 cases). Each replaces the index of the same name
-- and keys.
CREATE INDEX hearings_when_covering ON hearings ((coalesce(held_at, starts_at))) INCLUDE (unit_id, held_at, starts_at);
DROP INDEX hearings_when;
ALTER INDEX hearings_when_covering RENAME TO hearings_when;

CREATE INDEX hearings_status_when_covering ON hearings (status, (coalesce(held_at, starts_at))) INCLUDE (unit_id, held_at, starts_at);
DROP INDEX hearings_status_when;
ALTER INDEX hearings_status_when_covering RENAME TO hearings_status_when;

CREATE INDEX cases_received_covering ON cases (received_on, id DESC) INCLUDE (unit_id);
DROP INDEX cases_received;
ALTER INDEX cases_received_covering RENAME TO cases_received;

-- +goose Down
CREATE INDEX cases_received_plain ON cases (received_on, id DESC);
DROP INDEX cases_received;
ALTER INDEX cases_received_plain RENAME TO cases_received;

CREATE INDEX hearings_status_when_plain ON hearings (status, (coalesce(held_at, starts_at)));
DROP INDEX hearings_status_when;
ALTER INDEX hearings_status_when_plain RENAME TO hearings_status_when;

CREATE INDEX hearings_when_plain ON hearings ((coalesce(held_at, starts_at)));
DROP INDEX hearings_when;
ALTER INDEX hearings_when_plain RENAME TO hearings_when;
