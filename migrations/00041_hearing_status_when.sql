-- +goose Up

-- Hearings of one status in one period (the hearing list's status and
-- date filters together, issue 10): one range of this index, where the
-- page's tiers otherwise intersected bitmaps of the status index (every
-- decided hearing in the range of ids read) and of the time index.
CREATE INDEX hearings_status_when ON hearings (status, (coalesce(held_at, starts_at)));

-- +goose Down
DROP INDEX hearings_status_when;
