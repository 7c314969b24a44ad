package store

import (
	"context"
	"fmt"
)

// rollupLock is the advisory lock key guarding the roll-up: writes that
// mark keys dirty hold it shared until they commit, a rebuild holds it
// exclusively, so a rebuild sees every committed mark and its events.
const rollupLock = 0x70726f63 // "proc"

func (db *DB) rollupShared(ctx context.Context) error {
	return translate(db.conn(ctx).Exec(`SELECT pg_advisory_xact_lock_shared(?)`, rollupLock).Error)
}

// RefreshRollups rebuilds the roll-up rows of the keys marked dirty, in
// one transaction. It is cheap when nothing is marked.
func (db *DB) RefreshRollups(ctx context.Context) error {
	var pending bool
	if err := db.conn(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM case_rollup_dirty)`).Scan(&pending).Error; err != nil {
		return fmt.Errorf("refresh roll-up: %w", translate(err))
	}
	if !pending {
		return nil
	}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		for _, q := range []string{
			`SELECT pg_advisory_xact_lock(` + fmt.Sprint(rollupLock) + `)`,
			`CREATE TEMP TABLE rollup_keys ON COMMIT DROP AS SELECT unit_id, category, month FROM case_rollup_dirty`,
			`DELETE FROM case_rollup_dirty d USING rollup_keys k WHERE d.unit_id = k.unit_id AND d.category = k.category AND d.month = k.month`,
			`DELETE FROM case_event_months m USING rollup_keys k WHERE m.unit_id = k.unit_id AND m.category = k.category AND m.month = k.month`,
			`DELETE FROM case_event_days d USING rollup_keys k WHERE d.unit_id = k.unit_id AND d.category = k.category
				AND d.day >= k.month AND d.day < (k.month + interval '1 month')::date`,
			`INSERT INTO case_event_days (unit_id, category, day, event, events, persons, cases_received)
			SELECT k.unit_id, k.category, e.occurred_on, e.event, count(*), sum(e.persons),
				count(*) FILTER (WHERE e.event = 'arrest_review_received' OR (e.event = 'prosecution_review_received' AND NOT c.has_arrest_review))
			FROM rollup_keys k JOIN cases c ON c.unit_id = k.unit_id AND c.category = k.category
			JOIN case_events e ON e.case_id = c.id AND e.occurred_on >= k.month AND e.occurred_on < (k.month + interval '1 month')::date
			GROUP BY k.unit_id, k.category, e.occurred_on, e.event`,
			`INSERT INTO case_event_months (unit_id, category, month, event, events, persons, cases_received)
			SELECT k.unit_id, k.category, k.month, d.event, sum(d.events), sum(d.persons), sum(d.cases_received)
			FROM rollup_keys k JOIN case_event_days d ON d.unit_id = k.unit_id AND d.category = k.category
				AND d.day >= k.month AND d.day < (k.month + interval '1 month')::date
			GROUP BY k.unit_id, k.category, k.month, d.event`,
		} {
			if err := c.Exec(q).Error; err != nil {
				return translate(err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("refresh roll-up: %w", err)
	}
	return nil
}
