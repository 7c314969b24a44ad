package store

import (
	"context"
	"fmt"
)

// The roll-up (case_event_days and case_event_months) is kept in two
// ways. Import batches queue what they add to it as deltas in
// case_rollup_pending, computed set-based from the rows they wrote.
// Other writes (an event added through the API, a case moved to another
// unit or category) mark the keys they touch in case_rollup_dirty. A
// refresh folds the deltas in, then rebuilds the marked keys from the
// events, which makes them right whatever the deltas said.

// rollupLock is the advisory lock key guarding the roll-up: writes that
// queue deltas or mark keys hold it shared until they commit, a refresh
// holds it exclusively, so a refresh sees every committed delta and mark
// with its events.
const rollupLock = 0x70726f63 // "proc"

func (db *DB) rollupShared(ctx context.Context) error {
	return translate(db.conn(ctx).Exec(`SELECT pg_advisory_xact_lock_shared(?)`, rollupLock).Error)
}

// importShared is rollupShared for an import batch, which also sets for
// its transaction: no JIT compilation (the planner cannot know the size
// of a staging table, and compiling a batch's statements took longer
// than running them), memory enough to sort and hash a batch
// (importWorkMem), and no wait for the commit to reach the disk. A batch
// commits with its progress mark, so one lost by a crash of PostgreSQL
// is lost whole and written again by the resumed run; the import's end
// is committed synchronously, which makes every batch before it durable.
func (db *DB) importShared(ctx context.Context) error {
	return translate(db.conn(ctx).Exec(`SELECT pg_advisory_xact_lock_shared(?), set_config('jit', 'off', true), set_config('work_mem', ?, true),
		set_config('synchronous_commit', 'off', true)`, rollupLock, importWorkMem).Error)
}

// importWorkMem is the work_mem of import batches and roll-up refreshes:
// enough to sort a batch and to sum an import's deltas in memory.
const importWorkMem = "64MB"

// RefreshRollups brings the roll-up up to date, in one transaction: it
// folds in the deltas import batches queued and rebuilds the keys marked
// dirty. It is cheap when nothing is queued or marked.
func (db *DB) RefreshRollups(ctx context.Context) error {
	var pending bool
	if err := db.conn(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM case_rollup_dirty) OR EXISTS (SELECT 1 FROM case_rollup_pending)`).
		Scan(&pending).Error; err != nil {
		return fmt.Errorf("refresh roll-up: %w", translate(err))
	}
	if !pending {
		return nil
	}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		for _, q := range []string{
			`SELECT pg_advisory_xact_lock(` + fmt.Sprint(rollupLock) + `), set_config('jit', 'off', true), set_config('work_mem', '` + importWorkMem + `', true)`,
			// The deltas, summed by key. No batch can queue more
			// meanwhile (each holds the lock shared), so the queue is
			// emptied whole.
			`CREATE TEMP TABLE rollup_deltas ON COMMIT DROP AS
			SELECT d.unit_id, d.category, d.day, d.event, sum(d.events) AS events, sum(d.persons) AS persons, sum(d.cases_received) AS cases_received
			FROM case_rollup_pending p, unnest(p.unit_id, p.category, p.day, p.event, p.events, p.persons, p.cases_received)
				AS d(unit_id, category, day, event, events, persons, cases_received)
			GROUP BY d.unit_id, d.category, d.day, d.event`,
			`TRUNCATE case_rollup_pending`,
			// In key order, so that the primary key is written page by
			// page (the byte order of "C" sorts faster, and the keys are
			// ASCII words, so that it is the same order).
			`INSERT INTO case_event_days AS t (unit_id, category, day, event, events, persons, cases_received)
			SELECT unit_id, category, day, event, events, persons, cases_received FROM rollup_deltas
			ORDER BY unit_id, category COLLATE "C", day, event COLLATE "C"
			ON CONFLICT (unit_id, category, day, event) DO UPDATE SET events = t.events + EXCLUDED.events,
				persons = t.persons + EXCLUDED.persons, cases_received = t.cases_received + EXCLUDED.cases_received`,
			`INSERT INTO case_event_months AS t (unit_id, category, month, event, events, persons, cases_received)
			SELECT unit_id, category, date_trunc('month', day)::date AS month, event, sum(events), sum(persons), sum(cases_received)
			FROM rollup_deltas GROUP BY unit_id, category, month, event ORDER BY unit_id, category COLLATE "C", month, event COLLATE "C"
			ON CONFLICT (unit_id, category, month, event) DO UPDATE SET events = t.events + EXCLUDED.events,
				persons = t.persons + EXCLUDED.persons, cases_received = t.cases_received + EXCLUDED.cases_received`,
			// The marked keys, rebuilt whole.
			`CREATE TEMP TABLE rollup_keys ON COMMIT DROP AS SELECT unit_id, category, month FROM case_rollup_dirty`,
			// How many keys there are decides the plan below: a few are
			// looked up case by case, every key of a bulk load is a
			// join of the whole tables.
			`ANALYZE rollup_keys`,
			// The planner cannot estimate a range whose bounds come from
			// another table: it took a month of events for 5,000 rows, not
			// 400,000, and for a bulk load (1,349 keys over 2M cases and
			// 9.8M events) read each key's month of events in a nested
			// loop, 540M rows, for more than 25 minutes. When the keys
			// share their months (more than two a month on average), one
			// pass over all the events is cheaper than a pass over a
			// month per key, and nested loops are off (19 s there); a few
			// keys are still looked up key by key.
			`SELECT set_config('enable_nestloop', 'off', true)
			WHERE (SELECT count(*) FROM rollup_keys) > 2 * (SELECT count(DISTINCT month) FROM rollup_keys)`,
			`DELETE FROM case_rollup_dirty d USING rollup_keys k WHERE d.unit_id = k.unit_id AND d.category = k.category AND d.month = k.month`,
			`DELETE FROM case_event_months m USING rollup_keys k WHERE m.unit_id = k.unit_id AND m.category = k.category AND m.month = k.month`,
			`DELETE FROM case_event_days d USING rollup_keys k WHERE d.unit_id = k.unit_id AND d.category = k.category
				AND d.day >= k.month AND d.day < (k.month + interval '1 month')::date`,
			`INSERT INTO case_event_days (unit_id, category, day, event, events, persons, cases_received)
			SELECT k.unit_id, k.category, e.occurred_on, e.event, count(*), sum(e.persons),
				count(*) FILTER (WHERE e.event = 'arrest_review_received' OR (e.event = 'prosecution_review_received' AND NOT c.has_arrest_review))
			FROM rollup_keys k JOIN cases c ON c.unit_id = k.unit_id AND c.category = k.category
			JOIN case_events e ON e.case_id = c.id AND e.occurred_on >= k.month AND e.occurred_on < (k.month + interval '1 month')::date
				-- The same condition as an equality, which a hash or
				-- merge join can use: with the range alone, every key
				-- of a bulk load was joined to every case of its unit
				-- and category (10M cases × 24 months at national
				-- scale) before the events were.
				AND date_trunc('month', e.occurred_on)::date = k.month
			GROUP BY k.unit_id, k.category, e.occurred_on, e.event`,
			`INSERT INTO case_event_months (unit_id, category, month, event, events, persons, cases_received)
			SELECT k.unit_id, k.category, k.month, d.event, sum(d.events), sum(d.persons), sum(d.cases_received)
			FROM rollup_keys k JOIN case_event_days d ON d.unit_id = k.unit_id AND d.category = k.category
				AND d.day >= k.month AND d.day < (k.month + interval '1 month')::date
				AND date_trunc('month', d.day)::date = k.month -- as above
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
