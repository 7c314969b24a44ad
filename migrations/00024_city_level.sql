-- +goose Up
-- Unit level 市级院 (city): a city procuratorate under the province that is
-- not a branch of it (issue 15). It ranks with a branch.
ALTER TABLE units DROP CONSTRAINT units_level_check;
ALTER TABLE units ADD CONSTRAINT units_level_check CHECK (level IN ('province', 'branch', 'city', 'basic'));

-- +goose Down
UPDATE units SET level = 'branch' WHERE level = 'city';
ALTER TABLE units DROP CONSTRAINT units_level_check;
ALTER TABLE units ADD CONSTRAINT units_level_check CHECK (level IN ('province', 'branch', 'basic'));
