-- +goose Up

-- Times a user types are bounded to 1900–2200 (domain.MinYear/MaxYear):
-- 9999-12-31T23:59:59Z, year 10000 in Asia/Shanghai, was once stored and
-- then broke every list that held it. Values already out of range are
-- clamped so that the constraint can hold and the record can be corrected.
UPDATE hearings SET planned_start = LEAST(GREATEST(planned_start, '1900-01-02 00:00+00'), '2200-12-30 00:00+00')
    WHERE planned_start NOT BETWEEN '1900-01-02 00:00+00' AND '2200-12-30 00:00+00';
UPDATE hearings SET starts_at = LEAST(GREATEST(starts_at, '1900-01-02 00:00+00'), '2200-12-30 00:00+00')
    WHERE starts_at NOT BETWEEN '1900-01-02 00:00+00' AND '2200-12-30 00:00+00';
UPDATE hearings SET held_at = LEAST(GREATEST(held_at, '1900-01-02 00:00+00'), '2200-12-30 00:00+00')
    WHERE held_at NOT BETWEEN '1900-01-02 00:00+00' AND '2200-12-30 00:00+00';
ALTER TABLE hearings
    ADD CONSTRAINT hearings_times_in_range CHECK (
        (planned_start IS NULL OR planned_start BETWEEN '1900-01-02 00:00+00' AND '2200-12-31 00:00+00') AND
        (starts_at IS NULL OR starts_at BETWEEN '1900-01-02 00:00+00' AND '2200-12-31 00:00+00') AND
        (held_at IS NULL OR held_at BETWEEN '1900-01-02 00:00+00' AND '2200-12-31 00:00+00'));

-- The unit that entered a person into the master name index. A person is
-- visible where a record naming them is visible: this unit, the hearings
-- they take part in, and the officer pools they belong to.
ALTER TABLE persons ADD COLUMN unit_id bigint REFERENCES units (id);
UPDATE persons p SET unit_id = coalesce(
    (SELECT h.unit_id FROM hearing_participants hp JOIN hearings h ON h.id = hp.hearing_id WHERE hp.person_id = p.id ORDER BY hp.id LIMIT 1),
    (SELECT o.unit_id FROM hearing_officers o WHERE o.person_id = p.id ORDER BY o.id LIMIT 1));
CREATE INDEX persons_unit ON persons (unit_id);

-- +goose Down
DROP INDEX persons_unit;
ALTER TABLE persons DROP COLUMN unit_id;
ALTER TABLE hearings DROP CONSTRAINT hearings_times_in_range;
