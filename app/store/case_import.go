package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"procura/domain"
)

// Imports write a batch at a time: the batch is loaded with COPY into a
// temporary staging table that carries each row's position in the batch
// (seq) and its line in the file, then checked and merged by a few
// set-based statements. Rows refused by those checks come back by seq, so
// that each is reported with its line.

// RowProblem is why an imported row was refused.
type RowProblem struct {
	Line int
	domain.FieldError
}

// caseStage is the staging table of a batch of cases.
const caseStage = "import_case_rows"

var caseStageColumns = []string{"seq", "line", "unified_no", "dept_no", "unit_id", "case_type", "category",
	"prosecutor_id", "prosecutor_name", "received_on", "persons"}

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
		if err := db.importShared(ctx); err != nil {
			return err
		}
		if err := db.stage(ctx, caseStage, `seq integer, line integer, unified_no text COLLATE "C", dept_no text, unit_id bigint, case_type text,
			category text, prosecutor_id bigint, prosecutor_name text, received_on date, persons integer`); err != nil {
			return err
		}
		if err := db.copyFrom(ctx, caseStage, caseStageColumns, len(rows), func(i int) ([]any, error) {
			r := rows[i]
			return []any{i, r.Line, r.UnifiedNo, r.DeptNo, r.UnitID, r.CaseType, r.Category, r.ProsecutorID, r.ProsecutorName,
				r.ReceivedOn.Time(), r.Persons}, nil
		}); err != nil {
			return err
		}
		c := db.conn(ctx)
		// Lock the existing cases in id order before writing, so that the
		// write below sees every event committed meanwhile and concurrent
		// imports of the same cases queue.
		if err := c.Exec(`SELECT count(*) FROM (SELECT 1 FROM cases c WHERE c.unified_no IN (SELECT unified_no COLLATE "default" FROM ` + caseStage + `)
			ORDER BY c.id FOR UPDATE) x`).Error; err != nil {
			return translate(err)
		}
		inScope, args := scopeCondition("un.path", scope)
		// last: the last row for each number, kept in the place of its
		// first, so that new cases are numbered in file order. A number
		// of a case outside scope is refused, saying no more than that:
		// the importer must not learn where (or that) such a case exists.
		var out struct {
			Changed int
			Refused string
			Moves   string
		}
		if err := c.Raw(`WITH last AS (
				SELECT DISTINCT ON (unified_no) s.*, min(seq) OVER (PARTITION BY unified_no) AS first FROM `+caseStage+` s
				ORDER BY unified_no, seq DESC),
			ex AS (
				SELECT c.id, c.unified_no COLLATE "C" AS unified_no, c.unit_id, c.category, `+inScope+` AS in_scope
				FROM cases c JOIN units un ON un.id = c.unit_id
				WHERE c.unified_no IN (SELECT unified_no COLLATE "default" FROM last)),
			refused AS (
				SELECT l.seq FROM last l JOIN ex ON ex.unified_no = l.unified_no WHERE NOT ex.in_scope),
			moved AS (
				SELECT ex.id, ex.unit_id AS from_unit, ex.category AS from_category, l.unit_id AS to_unit, l.category AS to_category
				FROM ex JOIN last l ON l.unified_no = ex.unified_no
				WHERE ex.in_scope AND (ex.unit_id, ex.category) IS DISTINCT FROM (l.unit_id, l.category)),
			up AS (
				INSERT INTO cases AS c (unified_no, dept_no, unit_id, case_type, category, prosecutor_id, prosecutor_name, received_on, persons)
				SELECT unified_no, dept_no, unit_id, case_type, category, prosecutor_id, prosecutor_name, received_on, persons FROM last l
				WHERE NOT EXISTS (SELECT 1 FROM ex WHERE ex.unified_no = l.unified_no AND NOT ex.in_scope)
				ORDER BY first
				ON CONFLICT (unified_no) DO UPDATE SET dept_no = EXCLUDED.dept_no, unit_id = EXCLUDED.unit_id, case_type = EXCLUDED.case_type,
					category = EXCLUDED.category, prosecutor_id = EXCLUDED.prosecutor_id, prosecutor_name = EXCLUDED.prosecutor_name,
					received_on = EXCLUDED.received_on, persons = EXCLUDED.persons
				WHERE (c.dept_no, c.unit_id, c.case_type, c.category, c.prosecutor_id, c.prosecutor_name, c.received_on, c.persons)
					IS DISTINCT FROM (EXCLUDED.dept_no, EXCLUDED.unit_id, EXCLUDED.case_type, EXCLUDED.category, EXCLUDED.prosecutor_id,
					EXCLUDED.prosecutor_name, EXCLUDED.received_on, EXCLUDED.persons)
				RETURNING c.id),
			dirty AS (
				INSERT INTO case_rollup_dirty (unit_id, category, month)
				SELECT DISTINCT k.unit_id, k.category, date_trunc('month', e.occurred_on)::date
				FROM (SELECT id, from_unit AS unit_id, from_category AS category FROM moved
					UNION ALL SELECT id, to_unit, to_category FROM moved) k
				JOIN case_events e ON e.case_id = k.id
				ON CONFLICT DO NOTHING)
			SELECT (SELECT count(*) FROM up) AS changed,
				(SELECT coalesce(json_agg(seq ORDER BY seq), '[]') FROM refused) AS refused,
				(SELECT coalesce(json_agg(json_build_object('id', id, 'from_unit', from_unit, 'from_category', from_category,
					'to_unit', to_unit, 'to_category', to_category) ORDER BY id), '[]') FROM moved) AS moves`,
			args...).Scan(&out).Error; err != nil {
			return translate(err)
		}
		changed = out.Changed
		var refused []int
		if err := json.Unmarshal([]byte(out.Refused), &refused); err != nil {
			return err
		}
		for _, seq := range refused {
			problems = append(problems, RowProblem{rows[seq].Line, domain.Field("unified_no", "out_of_scope",
				"This unified number is not in this import's scope.", "该统一受案号不在本次导入的权限范围内。")})
		}
		var moves []struct {
			ID           int64  `json:"id"`
			FromUnit     int64  `json:"from_unit"`
			FromCategory string `json:"from_category"`
			ToUnit       int64  `json:"to_unit"`
			ToCategory   string `json:"to_category"`
		}
		if err := json.Unmarshal([]byte(out.Moves), &moves); err != nil {
			return err
		}
		for _, m := range moves {
			if err := db.audit(ctx, "import_move", "case", m.ID, m.ToUnit, map[string]any{"unit_id": m.FromUnit, "category": m.FromCategory},
				map[string]any{"unit_id": m.ToUnit, "category": m.ToCategory}); err != nil {
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

// eventStage is the staging table of a batch of events, eventCases the
// batch's cases in scope, as locked.
const (
	eventStage = "import_event_rows"
	eventCases = "import_event_cases"
)

var eventStageColumns = []string{"seq", "line", "unified_no", "event", "occurred_on", "persons"}

// ImportEvents records a batch of events for cases in scope: an event
// already recorded (same case, event and day) is left alone or, when its
// person count differs, updated; the last row for an event wins. Rows for
// unknown cases or cases outside scope (refused alike, as unknown), and
// a third return for supplementary investigation, are refused with their
// line; the other rows are written. It returns how many rows added or
// changed an event. What the batch adds to the roll-up is queued with it
// (case_rollup_pending), for RefreshRollups to fold in.
func (db *DB) ImportEvents(ctx context.Context, rows []EventInput, scope domain.Scope) (changed int, problems []RowProblem, err error) {
	if len(rows) == 0 {
		return 0, nil, nil
	}
	if err := db.EnsureEventYears(ctx, EventYears(rows)); err != nil {
		return 0, nil, err
	}
	err = db.WithTx(ctx, func(ctx context.Context) error {
		changed, problems = 0, nil
		if err := db.importShared(ctx); err != nil {
			return err
		}
		if err := db.stage(ctx, eventStage, `seq integer, line integer, unified_no text COLLATE "C", event text COLLATE "C", occurred_on date,
			persons integer`); err != nil {
			return err
		}
		if err := db.stage(ctx, eventCases, `unified_no text COLLATE "C", case_id bigint, unit_id bigint, category text, arrest boolean`); err != nil {
			return err
		}
		if err := db.copyFrom(ctx, eventStage, eventStageColumns, len(rows), func(i int) ([]any, error) {
			r := rows[i]
			return []any{i, r.Line, r.UnifiedNo, string(r.Event), r.OccurredOn.Time(), r.Persons}, nil
		}); err != nil {
			return err
		}
		c := db.conn(ctx)
		// Lock the batch's cases in scope in id order: concurrent imports
		// of the same cases queue, the returns counted below stay true
		// until commit, and a concurrent import that moves a case to
		// another unit or category waits, so that the roll-up keys
		// written below are the case's. A case outside scope reads as
		// unknown, so that an import does not reveal that it exists
		// elsewhere.
		inScope, args := scopeCondition("un.path", scope)
		if err := c.Exec(`INSERT INTO `+eventCases+` (unified_no, case_id, unit_id, category, arrest)
			SELECT c.unified_no, c.id, c.unit_id, c.category, c.has_arrest_review FROM cases c JOIN units un ON un.id = c.unit_id
			WHERE c.unified_no IN (SELECT unified_no COLLATE "default" FROM `+eventStage+`) AND `+inScope+`
			ORDER BY c.id FOR UPDATE OF c`, args...).Error; err != nil {
			return translate(err)
		}
		var out struct {
			Changed int
			Refused string
		}
		if err := c.Raw(mergeEvents, domain.MaxSupplementaryRounds, knownEvents()).Scan(&out).Error; err != nil {
			return translate(err)
		}
		changed = out.Changed
		var refused []struct {
			Seq  int    `json:"seq"`
			Code string `json:"code"`
		}
		if err := json.Unmarshal([]byte(out.Refused), &refused); err != nil {
			return err
		}
		for _, r := range refused {
			problems = append(problems, RowProblem{rows[r.Seq].Line, eventProblem(r.Code)})
		}
		return nil
	})
	if err != nil {
		return 0, nil, fmt.Errorf("import events: %w", err)
	}
	return changed, problems, nil
}

// EventYears are the years of the rows' dates, each once, in order.
func EventYears(rows []EventInput) []int {
	var years []int
	for _, r := range rows {
		if y := r.OccurredOn.Year(); !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	return years
}

// knownEvents is the array literal of the known events (plain words,
// which need no quoting).
func knownEvents() string {
	names := make([]string, len(domain.CaseEvents))
	for i, e := range domain.CaseEvents {
		names[i] = string(e)
	}
	return "{" + strings.Join(names, ",") + "}"
}

// eventProblem is the problem of an event row refused with code.
func eventProblem(code string) domain.FieldError {
	var err error
	switch code {
	case "unknown_case":
		return domain.Field("unified_no", "unknown_case", "No case with this unified number in this import's scope; import the case first.",
			"本次导入的权限范围内没有该统一受案号的案件，请先导入案件。")
	case "third_return":
		ret := domain.EventReturnedForInvestigation
		err = domain.CheckEventSequence([]domain.CaseEvent{ret, ret}, ret)
	default:
		err = domain.CheckEventSequence(nil, "")
	}
	if de, ok := domain.AsError(err); ok && len(de.Fields) > 0 {
		return de.Fields[0]
	}
	return domain.Field("event", "invalid", "Unknown case event.", "未知的案件事项。")
}

// mergeEvents checks and writes the staged batch of events, the batch's
// cases locked in import_event_cases; its parameters are the most
// returns for supplementary investigation a case may have and the known
// events (an array literal, knownEvents). It answers how many events were added or changed and the rows
// refused, by seq:
//   - unknown_case: no case of that number in scope;
//   - invalid: an unknown event;
//   - third_return: a return for supplementary investigation on a new day
//     when the case has its two already, counting the batch's earlier
//     rows (a day already recorded is no new return).
//
// Of several rows for one event the last wins. The statement then marks
// the cases that got their first arrest review (a prosecution review of
// such a case is no 案) and queues the roll-up deltas: for each event
// added, one event, its persons and whether it counts as 案; for each
// event changed, the change of persons; for each case that got its first
// arrest review, one 案 less for each of its earlier prosecution reviews.
// All parts of the statement read the tables as they were before it, so
// "earlier" means before the batch, and an event written is added when
// case_events had no row of its key (case_events is partitioned, and
// RETURNING cannot read xmax, the usual sign of an insert, through a
// partitioned table; the batch's cases are locked, so nothing else
// writes their events meanwhile).
const mergeEvents = `WITH r AS (
		SELECT s.seq, s.event, s.occurred_on, s.persons, k.case_id
		FROM ` + eventStage + ` s LEFT JOIN ` + eventCases + ` k ON k.unified_no = s.unified_no),
	prior AS (
		SELECT e.case_id, e.occurred_on FROM case_events e
		WHERE e.event = 'returned_for_investigation' AND e.case_id IN (SELECT case_id FROM r WHERE event = 'returned_for_investigation')),
	fresh AS (
		SELECT r.case_id, r.occurred_on, row_number() OVER (PARTITION BY r.case_id ORDER BY min(r.seq)) AS n
		FROM r WHERE r.case_id IS NOT NULL AND r.event = 'returned_for_investigation'
			AND NOT EXISTS (SELECT 1 FROM prior p WHERE p.case_id = r.case_id AND p.occurred_on = r.occurred_on)
		GROUP BY r.case_id, r.occurred_on),
	third AS (
		SELECT f.case_id, f.occurred_on FROM fresh f
		WHERE f.n + (SELECT count(*) FROM prior p WHERE p.case_id = f.case_id) > ?::integer),
	refused AS (
		SELECT r.seq, CASE WHEN r.case_id IS NULL THEN 'unknown_case' WHEN NOT r.known THEN 'invalid' ELSE 'third_return' END AS code
		FROM (SELECT r.*, r.event = ANY (?::text[]) AS known FROM r) r
		WHERE r.case_id IS NULL OR NOT r.known OR (r.event = 'returned_for_investigation'
			AND EXISTS (SELECT 1 FROM third t WHERE t.case_id = r.case_id AND t.occurred_on = r.occurred_on))),
	good AS (
		SELECT DISTINCT ON (r.case_id, r.event, r.occurred_on) r.case_id, r.event, r.occurred_on, r.persons,
			min(r.seq) OVER (PARTITION BY r.case_id, r.event, r.occurred_on) AS first
		FROM r WHERE NOT EXISTS (SELECT 1 FROM refused x WHERE x.seq = r.seq)
		ORDER BY r.case_id, r.event, r.occurred_on, r.seq DESC),
	written AS (
		INSERT INTO case_events AS e (case_id, event, occurred_on, persons)
		SELECT case_id, event, occurred_on, persons FROM good ORDER BY first
		ON CONFLICT (case_id, event, occurred_on) DO UPDATE SET persons = EXCLUDED.persons WHERE e.persons <> EXCLUDED.persons
		RETURNING e.case_id, e.event, e.occurred_on, e.persons),
	ins AS (
		SELECT w.*, NOT EXISTS (SELECT 1 FROM case_events o
			WHERE o.case_id = w.case_id AND o.event = w.event AND o.occurred_on = w.occurred_on) AS added
		FROM written w),
	old AS (
		SELECT i.case_id, i.event, i.occurred_on, o.persons FROM ins i
		JOIN case_events o ON o.case_id = i.case_id AND o.event = i.event AND o.occurred_on = i.occurred_on
		WHERE NOT i.added),
	arrested AS (
		UPDATE cases c SET has_arrest_review = true
		WHERE c.id IN (SELECT case_id FROM ins WHERE added AND event = 'arrest_review_received') AND NOT c.has_arrest_review
		RETURNING c.id),
	delta AS (
		SELECT k.unit_id, k.category, i.occurred_on AS day, i.event,
			CASE WHEN i.added THEN 1 ELSE 0 END AS events,
			i.persons - coalesce(o.persons, 0) AS persons,
			CASE WHEN i.added AND (i.event = 'arrest_review_received' OR (i.event = 'prosecution_review_received'
				AND NOT k.arrest AND a.id IS NULL)) THEN 1 ELSE 0 END AS cases_received
		FROM ins i JOIN ` + eventCases + ` k ON k.case_id = i.case_id
		LEFT JOIN old o ON o.case_id = i.case_id AND o.event = i.event AND o.occurred_on = i.occurred_on
		LEFT JOIN arrested a ON a.id = i.case_id
		UNION ALL
		SELECT k.unit_id, k.category, e.occurred_on, e.event, 0, 0, -1
		FROM arrested a JOIN ` + eventCases + ` k ON k.case_id = a.id
		JOIN case_events e ON e.case_id = a.id AND e.event = 'prosecution_review_received'),
	pending AS (
		INSERT INTO case_rollup_pending (unit_id, category, day, event, events, persons, cases_received)
		SELECT array_agg(unit_id), array_agg(category), array_agg(day), array_agg(event), array_agg(events), array_agg(persons),
			array_agg(cases_received)
		FROM delta HAVING count(*) > 0)
	SELECT (SELECT count(*) FROM ins) AS changed,
		(SELECT coalesce(json_agg(json_build_object('seq', seq, 'code', code) ORDER BY seq), '[]') FROM refused) AS refused`

// eventsChanged continues a WITH query whose CTE "ins" returns the
// (case_id, event, occurred_on) of the events it added or changed: it
// marks the case that got its first arrest review, and marks for the
// roll-up the months of those events and, for such a case, every month of
// its events, since its prosecution reviews no longer count as 案. It
// serves writes of single events (AddCaseEvent); imports queue deltas
// instead (mergeEvents).
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
