package store

import (
	"context"
	"fmt"

	"procura/domain"
)

// AddCaseEvent records one event on a case through the API, refusing a
// third return for supplementary investigation and an event already
// recorded on that day (domain.ErrConflict). The roll-up keys it touches
// are marked; the caller rebuilds them (RefreshRollups).
func (db *DB) AddCaseEvent(ctx context.Context, caseID int64, ev domain.CaseEvent, on domain.Date, persons int) (CaseEventRecord, error) {
	var rec CaseEventRecord
	if err := db.EnsureEventYears(ctx, []int{on.Year()}); err != nil {
		return rec, err
	}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.rollupShared(ctx); err != nil {
			return err
		}
		c, err := db.lockCase(ctx, caseID)
		if err != nil {
			return err
		}
		prior, err := db.CaseEvents(ctx, caseID)
		if err != nil {
			return err
		}
		kinds := make([]domain.CaseEvent, len(prior))
		for i, p := range prior {
			kinds[i] = p.Event
			if p.Event == ev && p.OccurredOn.Equal(on) {
				return domain.ErrConflict
			}
		}
		if err := domain.CheckEventSequence(kinds, ev); err != nil {
			return err
		}
		var row caseEventRow
		if err := db.conn(ctx).Raw(`WITH ins AS (
				INSERT INTO case_events (case_id, event, occurred_on, persons) VALUES (?, ?, ?, ?)
				RETURNING id, case_id, event, occurred_on, persons)`+eventsChanged+`
			SELECT id, case_id, event, occurred_on, persons FROM ins`, caseID, string(ev), on.String(), persons).Scan(&row).Error; err != nil {
			return translate(err)
		}
		rec = row.toRecord()
		return db.audit(ctx, "add_event", "case", caseID, c.UnitID, nil,
			map[string]any{"event": string(ev), "occurred_on": on.String(), "persons": persons})
	})
	if err != nil {
		return CaseEventRecord{}, fmt.Errorf("add case event: %w", err)
	}
	return rec, nil
}

func (db *DB) lockCase(ctx context.Context, id int64) (CaseRecord, error) {
	var n int
	if err := db.conn(ctx).Raw(`SELECT count(*) FROM (SELECT 1 FROM cases WHERE id = ? FOR UPDATE) x`, id).Scan(&n).Error; err != nil {
		return CaseRecord{}, translate(err)
	}
	if n == 0 {
		return CaseRecord{}, domain.ErrNotFound
	}
	return db.GetCase(ctx, id)
}
