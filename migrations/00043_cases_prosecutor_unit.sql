-- +goose Up

-- A unit's cases of one category by a prosecutor named without an account
-- (the case list's prosecutor filter with its unit and category filters,
-- issue 10): one range of this index, in id order. Before, the page's
-- tiers intersected the bitmaps of cases_prosecutor_name and
-- cases_unit_category (28 ms), and a prosecutor of another unit, who has
-- no case there, read them all (100–200 ms at p95 over 500,000 cases).
CREATE INDEX cases_prosecutor_name_unit ON cases (prosecutor_name, unit_id, category, id DESC) WHERE prosecutor_id IS NULL;

-- +goose Down
DROP INDEX cases_prosecutor_name_unit;
