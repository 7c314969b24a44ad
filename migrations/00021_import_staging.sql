-- +goose Up

-- What committed import batches add to the indicator roll-up, not yet
-- folded in: one row per batch, the batch's deltas as parallel arrays
-- (one element per event added or changed, or per earlier prosecution
-- review of a case that got its first arrest review), summed into
-- case_event_days and case_event_months by the next roll-up refresh. A
-- batch queues its deltas instead of having the months it touched
-- rebuilt, so that an import costs the same whatever the size of
-- case_events.
CREATE TABLE case_rollup_pending (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id         bigint[] NOT NULL,
    category        text[] NOT NULL,
    day             date[] NOT NULL,
    event           text[] NOT NULL,
    events          integer[] NOT NULL,
    persons         bigint[] NOT NULL,
    cases_received  integer[] NOT NULL
);

-- An import sets has_arrest_review on nearly half the cases it loaded
-- the batch before. Room on each page lets that update stay on the page
-- (a HOT update) instead of adding an entry to each of the ten indexes
-- of cases. Pages written from now on keep it.
ALTER TABLE cases SET (fillfactor = 70);

-- The roll-up is derived from cases, whose unit is checked; checking it
-- again for each roll-up row an import adds cost a lookup per row.
ALTER TABLE case_event_days DROP CONSTRAINT case_event_days_unit_id_fkey;
ALTER TABLE case_event_months DROP CONSTRAINT case_event_months_unit_id_fkey;

-- +goose Down
ALTER TABLE case_event_months ADD CONSTRAINT case_event_months_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES units (id);
ALTER TABLE case_event_days ADD CONSTRAINT case_event_days_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES units (id);
ALTER TABLE cases RESET (fillfactor);
DROP TABLE case_rollup_pending;
