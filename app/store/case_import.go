package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"procura/domain"
)

// RowProblem is why an imported row was refused.
type RowProblem struct {
	Line int
	domain.FieldError
}

// UpsertCases writes a batch of imported cases: new unified numbers are
// added, known ones updated where anything differs, identical ones left
// alone; the last row for a number wins. A row whose number belongs to a
// case of a unit outside scope is refused: an import never takes a case
// over from a unit the importer cannot reach. It returns how many rows
// were added or changed. A case that moves to another unit or category
// marks the roll-up of its events under both the old and the new key for
// rebuilding, and the move is audited.
func (db *DB) UpsertCases(ctx context.Context, rows []CaseInput, scope domain.Scope) (int, []RowProblem, error) {
	if len(rows) == 0 {
		return 0, nil, nil
	}
	var changed int
	var problems []RowProblem
	err := db.WithTx(ctx, func(ctx context.Context) error {
		changed, problems = 0, nil
		if err := db.rollupShared(ctx); err != nil {
			return err
		}
		byNo := map[string]int{}
		var kept []CaseInput
		for _, r := range rows {
			if i, dup := byNo[r.UnifiedNo]; dup {
				kept[i] = r
				continue
			}
			byNo[r.UnifiedNo] = len(kept)
			kept = append(kept, r)
		}
		numbers := make([]string, len(kept))
		for i, r := range kept {
			numbers[i] = r.UnifiedNo
		}
		// Lock the existing cases in id order before writing, so that the
		// write below sees every event committed meanwhile and concurrent
		// imports of the same cases queue.
		var existing []struct {
			ID        int64
			UnifiedNo string
			UnitID    int64
			Category  string
			Path      string
		}
		if err := db.conn(ctx).Raw(`SELECT c.id, c.unified_no, c.unit_id, c.category, un.path FROM cases c JOIN units un ON un.id = c.unit_id
			WHERE c.unified_no IN (SELECT jsonb_array_elements_text(?::jsonb)) ORDER BY c.id FOR UPDATE OF c`, mustJSON(numbers)).
			Scan(&existing).Error; err != nil {
			return translate(err)
		}
		type move struct {
			id               int64
			fromUnit, toUnit int64
			fromCat, toCat   string
		}
		var moves []move
		refused := map[string]bool{}
		for _, e := range existing {
			r := kept[byNo[e.UnifiedNo]]
			switch {
			case !scope.Contains(e.Path):
				refused[e.UnifiedNo] = true
				// Say no more than that: the importer must not learn
				// where (or that) a case it cannot see exists.
				problems = append(problems, RowProblem{r.Line, domain.Field("unified_no", "out_of_scope",
					"This unified number is not in this import's scope.", "该统一受案号不在本次导入的权限范围内。")})
			case e.UnitID != r.UnitID || e.Category != r.Category:
				moves = append(moves, move{id: e.ID, fromUnit: e.UnitID, toUnit: r.UnitID, fromCat: e.Category, toCat: r.Category})
			}
		}
		in := make([]caseJSON, 0, len(kept))
		for _, r := range kept {
			if refused[r.UnifiedNo] {
				continue
			}
			in = append(in, caseJSON{UnifiedNo: r.UnifiedNo, DeptNo: r.DeptNo, UnitID: r.UnitID, CaseType: r.CaseType, Category: r.Category,
				ProsecutorID: r.ProsecutorID, ProsecutorName: r.ProsecutorName, ReceivedOn: r.ReceivedOn.String(), Persons: r.Persons})
		}
		if len(in) == 0 {
			return nil
		}
		if err := translate(db.conn(ctx).Raw(`WITH input AS (
				SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(unified_no text, dept_no text, unit_id bigint, case_type text, category text,
					prosecutor_id bigint, prosecutor_name text, received_on date, persons integer)),
			old AS (
				SELECT c.id, c.unit_id, c.category FROM cases c JOIN input i ON i.unified_no = c.unified_no
				WHERE (c.unit_id, c.category) IS DISTINCT FROM (i.unit_id, i.category)),
			up AS (
				INSERT INTO cases AS c (unified_no, dept_no, unit_id, case_type, category, prosecutor_id, prosecutor_name, received_on, persons)
				SELECT unified_no, dept_no, unit_id, case_type, category, prosecutor_id, prosecutor_name, received_on, persons FROM input
				ON CONFLICT (unified_no) DO UPDATE SET dept_no = EXCLUDED.dept_no, unit_id = EXCLUDED.unit_id, case_type = EXCLUDED.case_type,
					category = EXCLUDED.category, prosecutor_id = EXCLUDED.prosecutor_id, prosecutor_name = EXCLUDED.prosecutor_name,
					received_on = EXCLUDED.received_on, persons = EXCLUDED.persons
				WHERE (c.dept_no, c.unit_id, c.case_type, c.category, c.prosecutor_id, c.prosecutor_name, c.received_on, c.persons)
					IS DISTINCT FROM (EXCLUDED.dept_no, EXCLUDED.unit_id, EXCLUDED.case_type, EXCLUDED.category, EXCLUDED.prosecutor_id,
					EXCLUDED.prosecutor_name, EXCLUDED.received_on, EXCLUDED.persons)
				RETURNING c.id, c.unit_id, c.category),
			dirty AS (
				INSERT INTO case_rollup_dirty (unit_id, category, month)
				SELECT DISTINCT k.unit_id, k.category, date_trunc('month', e.occurred_on)::date
				FROM (SELECT id, unit_id, category FROM old UNION ALL SELECT id, unit_id, category FROM up) k
				JOIN case_events e ON e.case_id = k.id
				ON CONFLICT DO NOTHING)
			SELECT count(*) FROM up`, mustJSON(in)).Scan(&changed).Error); err != nil {
			return err
		}
		for _, m := range moves {
			if err := db.audit(ctx, "import_move", "case", m.id, m.toUnit, map[string]any{"unit_id": m.fromUnit, "category": m.fromCat},
				map[string]any{"unit_id": m.toUnit, "category": m.toCat}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, fmt.Errorf("upsert cases: %w", err)
	}
	return changed, problems, nil
}

// EventInput is a case event to record, by the case's unified number.
type EventInput struct {
	Line       int
	UnifiedNo  string
	Event      domain.CaseEvent
	OccurredOn domain.Date
	Persons    int
}

// ImportEvents records a batch of events for cases in scope: an event
// already recorded (same case, event and day) is left alone or, when its
// person count differs, updated. Rows for unknown cases or cases outside
// scope (refused alike, as unknown), and a third return for
// supplementary investigation, are refused with their line; the other
// rows are written. It returns how many rows
// added or changed an event.
func (db *DB) ImportEvents(ctx context.Context, rows []EventInput, scope domain.Scope) (changed int, problems []RowProblem, err error) {
	if len(rows) == 0 {
		return 0, nil, nil
	}
	err = db.WithTx(ctx, func(ctx context.Context) error {
		changed, problems = 0, nil
		if err := db.rollupShared(ctx); err != nil {
			return err
		}
		numbers := make([]string, 0, len(rows))
		for _, r := range rows {
			numbers = append(numbers, r.UnifiedNo)
		}
		// Lock the batch's cases in id order: concurrent imports of the
		// same cases queue, the count of returns read below stays true
		// until commit, and a concurrent import that moves a case to
		// another unit or category waits, so that one of the two marks
		// the right roll-up keys.
		var found []struct {
			ID        int64
			UnifiedNo string
			Path      string
		}
		if err := db.conn(ctx).Raw(`SELECT c.id, c.unified_no, un.path FROM cases c JOIN units un ON un.id = c.unit_id
			WHERE c.unified_no IN (SELECT jsonb_array_elements_text(?::jsonb)) ORDER BY c.id FOR UPDATE OF c`, mustJSON(numbers)).
			Scan(&found).Error; err != nil {
			return translate(err)
		}
		caseID := make(map[string]int64, len(found))
		inScope := make(map[int64]bool, len(found))
		ids := make([]int64, 0, len(found))
		for _, f := range found {
			caseID[f.UnifiedNo] = f.ID
			inScope[f.ID] = scope.Contains(f.Path)
			ids = append(ids, f.ID)
		}
		returns := map[int64][]domain.Date{}
		var existing []struct {
			CaseID     int64
			OccurredOn time.Time
		}
		if err := db.conn(ctx).Raw(`SELECT case_id, occurred_on FROM case_events WHERE event = 'returned_for_investigation'
			AND case_id IN (SELECT jsonb_array_elements_text(?::jsonb)::bigint)`, mustJSON(ids)).Scan(&existing).Error; err != nil {
			return translate(err)
		}
		for _, e := range existing {
			returns[e.CaseID] = append(returns[e.CaseID], domain.DateOf(e.OccurredOn, time.UTC))
		}
		type eventJSON struct {
			CaseID     int64  `json:"case_id"`
			Event      string `json:"event"`
			OccurredOn string `json:"occurred_on"`
			Persons    int    `json:"persons"`
		}
		// The last row for a key wins, as a later line corrects an earlier.
		byKey := map[string]int{}
		var good []eventJSON
		for _, r := range rows {
			id, ok := caseID[r.UnifiedNo]
			switch {
			case !ok || !inScope[id]:
				// A case outside scope reads as unknown, so that an import
				// does not reveal that it exists elsewhere.
				problems = append(problems, RowProblem{r.Line, domain.Field("unified_no", "unknown_case",
					"No case with this unified number in this import's scope; import the case first.",
					"本次导入的权限范围内没有该统一受案号的案件，请先导入案件。")})
				continue
			case !r.Event.Valid():
				problems = append(problems, RowProblem{r.Line, domain.Field("event", "invalid", "Unknown case event.", "未知的案件事项。")})
				continue
			}
			if r.Event == domain.EventReturnedForInvestigation && !slices.ContainsFunc(returns[id], r.OccurredOn.Equal) {
				prior := make([]domain.CaseEvent, len(returns[id]))
				for i := range prior {
					prior[i] = domain.EventReturnedForInvestigation
				}
				if err := domain.CheckEventSequence(prior, r.Event); err != nil {
					fe := domain.Field("event", "third_return", "A case is returned for supplementary investigation at most twice.",
						"退回补充侦查以二次为限。")
					if de, ok := domain.AsError(err); ok && len(de.Fields) > 0 {
						fe = de.Fields[0]
					}
					problems = append(problems, RowProblem{r.Line, fe})
					continue
				}
				returns[id] = append(returns[id], r.OccurredOn)
			}
			row := eventJSON{CaseID: id, Event: string(r.Event), OccurredOn: r.OccurredOn.String(), Persons: r.Persons}
			key := fmt.Sprintf("%d|%s|%s", id, row.Event, row.OccurredOn)
			if i, dup := byKey[key]; dup {
				good[i] = row
				continue
			}
			byKey[key] = len(good)
			good = append(good, row)
		}
		if len(good) == 0 {
			return nil
		}
		return translate(db.conn(ctx).Raw(`WITH ins AS (
				INSERT INTO case_events AS e (case_id, event, occurred_on, persons)
				SELECT case_id, event, occurred_on, persons FROM jsonb_to_recordset(?::jsonb) AS x(case_id bigint, event text, occurred_on date, persons integer)
				ON CONFLICT (case_id, event, occurred_on) DO UPDATE SET persons = EXCLUDED.persons WHERE e.persons <> EXCLUDED.persons
				RETURNING e.case_id, e.event, e.occurred_on)`+eventsChanged+`
			SELECT count(*) FROM ins`, mustJSON(good)).Scan(&changed).Error)
	})
	if err != nil {
		return 0, nil, fmt.Errorf("import events: %w", err)
	}
	return changed, problems, nil
}

// eventsChanged continues a WITH query whose CTE "ins" returns the
// (case_id, event, occurred_on) of the events it added or changed: it
// marks the case that got its first arrest review, and marks for the
// roll-up the months of those events and, for such a case, every month of
// its events, since its prosecution reviews no longer count as 案.
const eventsChanged = `,
	arrested AS (
		UPDATE cases c SET has_arrest_review = true
		WHERE c.id IN (SELECT case_id FROM ins WHERE event = 'arrest_review_received') AND NOT c.has_arrest_review
		RETURNING c.id),
	months AS (
		SELECT case_id, occurred_on FROM ins
		UNION
		SELECT e.case_id, e.occurred_on FROM case_events e WHERE e.case_id IN (SELECT id FROM arrested)),
	dirty AS (
		INSERT INTO case_rollup_dirty (unit_id, category, month)
		SELECT DISTINCT c.unit_id, c.category, date_trunc('month', m.occurred_on)::date FROM months m JOIN cases c ON c.id = m.case_id
		ON CONFLICT DO NOTHING)`
