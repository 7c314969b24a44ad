package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"procura/domain"
)

// CaseRecord is a case with its unit and handling prosecutor.
type CaseRecord struct {
	ID             int64
	UnifiedNo      string
	DeptNo         string
	UnitID         int64
	UnitCode       string
	UnitName       string
	UnitShortName  string
	UnitLevel      string
	UnitPath       string
	CaseType       string
	Category       string
	ProsecutorID   *int64
	ProsecutorName string
	ReceivedOn     domain.Date
	Persons        int
	Stage          string
	EventsCount    int
}

type caseRow struct {
	ID             int64
	UnifiedNo      string
	DeptNo         string
	UnitID         int64
	UnitCode       string
	UnitName       string
	UnitShortName  string
	UnitLevel      string
	UnitPath       string
	CaseType       string
	Category       string
	ProsecutorID   *int64
	ProsecutorName string
	ReceivedOn     time.Time
	Persons        int
	Stage          string
	EventsCount    int
}

// caseSelect reads cases; the prosecutor's name is the account's when the
// case names one; the stage (the latest event) and the number of events
// are read from the events, a page at a time.
const caseSelect = `SELECT c.id, c.unified_no, c.dept_no, c.unit_id, un.code AS unit_code, un.name AS unit_name,
	un.short_name AS unit_short_name, un.level AS unit_level, un.path AS unit_path, c.case_type, c.category, c.prosecutor_id,
	coalesce(pu.name, c.prosecutor_name) AS prosecutor_name, c.received_on, c.persons, coalesce(ev.stage, '') AS stage, ev.events_count
	FROM cases c JOIN units un ON un.id = c.unit_id LEFT JOIN users pu ON pu.id = c.prosecutor_id
	LEFT JOIN LATERAL (SELECT count(*) AS events_count, (array_agg(e.event ORDER BY e.occurred_on DESC, e.id DESC))[1] AS stage
		FROM case_events e WHERE e.case_id = c.id) ev ON true`

func (r caseRow) toRecord() CaseRecord {
	return CaseRecord{ID: r.ID, UnifiedNo: r.UnifiedNo, DeptNo: r.DeptNo, UnitID: r.UnitID, UnitCode: r.UnitCode,
		UnitName: r.UnitName, UnitShortName: r.UnitShortName, UnitLevel: r.UnitLevel, UnitPath: r.UnitPath,
		CaseType: r.CaseType, Category: r.Category, ProsecutorID: r.ProsecutorID, ProsecutorName: r.ProsecutorName,
		ReceivedOn: domain.DateOf(r.ReceivedOn, time.UTC), Persons: r.Persons, Stage: r.Stage, EventsCount: r.EventsCount}
}

// Unit returns the case's unit as far as the record knows it.
func (r CaseRecord) Unit() domain.Unit {
	return domain.Unit{ID: r.UnitID, Code: r.UnitCode, Name: r.UnitName, ShortName: r.UnitShortName,
		Level: domain.UnitLevel(r.UnitLevel), Path: r.UnitPath}
}

// CaseFilter selects cases: those in Scope, optionally below UnitPath,
// of a category, of a prosecutor (an account or a name kept as text),
// received in a date range, matching Q; newest first, before BeforeID.
type CaseFilter struct {
	Scope          domain.Scope
	UnitPath       string
	Category       string
	ProsecutorID   int64
	ProsecutorName string
	ReceivedFrom   domain.Date
	ReceivedTo     domain.Date
	Q              string
	BeforeID       int64
	Limit          int
}

// ListCases lists cases by id, newest first.
func (db *DB) ListCases(ctx context.Context, f CaseFilter) ([]CaseRecord, error) {
	cond, args := scopeCondition("un.path", f.Scope)
	conds := []string{cond}
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if f.UnitPath != "" {
		add("(un.path = ? OR un.path LIKE ?)", f.UnitPath, f.UnitPath+"/%")
	}
	if f.Category != "" {
		add("c.category = ?", f.Category)
	}
	if f.ProsecutorID != 0 {
		add("c.prosecutor_id = ?", f.ProsecutorID)
	}
	if f.ProsecutorName != "" {
		add("c.prosecutor_id IS NULL AND c.prosecutor_name = ?", f.ProsecutorName)
	}
	if !f.ReceivedFrom.IsZero() {
		add("c.received_on >= ?", f.ReceivedFrom.String())
	}
	if !f.ReceivedTo.IsZero() {
		add("c.received_on <= ?", f.ReceivedTo.String())
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		add("c.search_text LIKE ?", "%"+escapeLike(q)+"%")
	}
	if f.BeforeID > 0 {
		add("c.id < ?", f.BeforeID)
	}
	return db.casesWhere(ctx, strings.Join(conds, " AND "), args, fmt.Sprintf("ORDER BY c.id DESC LIMIT %d", f.Limit))
}

func (db *DB) casesWhere(ctx context.Context, cond string, args []any, suffix string) ([]CaseRecord, error) {
	var rows []caseRow
	if err := db.conn(ctx).Raw(caseSelect+" WHERE "+cond+" "+suffix, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("cases: %w", translate(err))
	}
	out := make([]CaseRecord, len(rows))
	for i, r := range rows {
		out[i] = r.toRecord()
	}
	return out, nil
}

// GetCase returns one case. Errors: domain.ErrNotFound.
func (db *DB) GetCase(ctx context.Context, id int64) (CaseRecord, error) {
	recs, err := db.casesWhere(ctx, "c.id = ?", []any{id}, "")
	if err != nil {
		return CaseRecord{}, err
	}
	if len(recs) == 0 {
		return CaseRecord{}, fmt.Errorf("get case: %w", domain.ErrNotFound)
	}
	return recs[0], nil
}

// CaseEventRecord is one recorded event of a case.
type CaseEventRecord struct {
	ID         int64
	CaseID     int64
	Event      domain.CaseEvent
	OccurredOn domain.Date
	Persons    int
}

type caseEventRow struct {
	ID         int64
	CaseID     int64
	Event      string
	OccurredOn time.Time
	Persons    int
}

func (r caseEventRow) toRecord() CaseEventRecord {
	return CaseEventRecord{ID: r.ID, CaseID: r.CaseID, Event: domain.CaseEvent(r.Event), OccurredOn: domain.DateOf(r.OccurredOn, time.UTC), Persons: r.Persons}
}

// CaseEvents lists a case's events in procedural order: by day, then by
// the order of the event list.
func (db *DB) CaseEvents(ctx context.Context, caseID int64) ([]CaseEventRecord, error) {
	var rows []caseEventRow
	if err := db.conn(ctx).Raw(`SELECT id, case_id, event, occurred_on, persons FROM case_events WHERE case_id = ? ORDER BY occurred_on, id`, caseID).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("case events: %w", translate(err))
	}
	out := make([]CaseEventRecord, len(rows))
	for i, r := range rows {
		out[i] = r.toRecord()
	}
	slices.SortStableFunc(out, func(a, b CaseEventRecord) int {
		if c := a.OccurredOn.Compare(b.OccurredOn); c != 0 {
			return c
		}
		return slices.Index(domain.CaseEvents, a.Event) - slices.Index(domain.CaseEvents, b.Event)
	})
	return out, nil
}

// CaseSuggestionLink is a suggestion that names a case.
type CaseSuggestionLink struct {
	ID     int64
	DocNo  *string
	Title  string
	Status string
}

// CaseHearingLink is a hearing held on a case.
type CaseHearingLink struct {
	ID       int64
	Title    string
	Kind     string
	Status   string
	StartsAt *time.Time
	Category string
	UnitID   int64
}

// CaseLinks returns the suggestions (in suggestionScope) and hearings (in
// hearingScope) that name the case by its unified or department number.
func (db *DB) CaseLinks(ctx context.Context, c CaseRecord, suggestionScope, hearingScope domain.Scope) ([]CaseSuggestionLink, []CaseHearingLink, error) {
	numbers := []string{c.UnifiedNo}
	if c.DeptNo != "" {
		numbers = append(numbers, c.DeptNo)
	}
	sCond, sArgs := scopeCondition("un.path", suggestionScope)
	var sugg []CaseSuggestionLink
	if err := db.conn(ctx).Raw(`SELECT s.id, s.doc_no, s.title, s.status FROM suggestions s JOIN units un ON un.id = s.unit_id
		WHERE s.id IN (SELECT suggestion_id FROM suggestion_cases WHERE case_number IN (SELECT jsonb_array_elements_text(?::jsonb))) AND `+sCond+` ORDER BY s.id`,
		append([]any{mustJSON(numbers)}, sArgs...)...).Scan(&sugg).Error; err != nil {
		return nil, nil, fmt.Errorf("case suggestions: %w", translate(err))
	}
	hCond, hArgs := scopeCondition("un.path", hearingScope)
	var hear []CaseHearingLink
	if err := db.conn(ctx).Raw(`SELECT h.id, h.title, h.kind, h.status, coalesce(h.held_at, h.starts_at) AS starts_at FROM hearings h JOIN units un ON un.id = h.unit_id
		WHERE h.case_number IN (SELECT jsonb_array_elements_text(?::jsonb)) AND `+hCond+` ORDER BY h.id`,
		append([]any{mustJSON(numbers)}, hArgs...)...).Scan(&hear).Error; err != nil {
		return nil, nil, fmt.Errorf("case hearings: %w", translate(err))
	}
	return sugg, hear, nil
}

// CaseInput is a case as the API or an import gives it, its unit and
// prosecutor resolved.
type CaseInput struct {
	Line           int `json:"-"`
	UnifiedNo      string
	DeptNo         string
	UnitID         int64
	CaseType       string
	Category       string
	ProsecutorID   *int64
	ProsecutorName string
	ReceivedOn     domain.Date
	Persons        int
}

type caseJSON struct {
	UnifiedNo      string `json:"unified_no"`
	DeptNo         string `json:"dept_no"`
	UnitID         int64  `json:"unit_id"`
	CaseType       string `json:"case_type"`
	Category       string `json:"category"`
	ProsecutorID   *int64 `json:"prosecutor_id"`
	ProsecutorName string `json:"prosecutor_name"`
	ReceivedOn     string `json:"received_on"`
	Persons        int    `json:"persons"`
}

// CreateCase stores a new case. Errors: domain.ErrConflict when the
// unified number exists.
func (db *DB) CreateCase(ctx context.Context, in CaseInput) (CaseRecord, error) {
	var rec CaseRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var id int64
		if err := db.conn(ctx).Raw(`INSERT INTO cases (unified_no, dept_no, unit_id, case_type, category, prosecutor_id, prosecutor_name, received_on, persons)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.UnifiedNo, in.DeptNo, in.UnitID, in.CaseType, in.Category, in.ProsecutorID,
			in.ProsecutorName, in.ReceivedOn.String(), in.Persons).Scan(&id).Error; err != nil {
			return translate(err)
		}
		var err error
		if rec, err = db.GetCase(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "create", "case", id, in.UnitID, nil, caseSnapshot(rec))
	})
	if err != nil {
		return CaseRecord{}, fmt.Errorf("create case: %w", err)
	}
	return rec, nil
}

func caseSnapshot(c CaseRecord) map[string]any {
	return map[string]any{"unified_no": c.UnifiedNo, "dept_no": c.DeptNo, "unit_id": c.UnitID, "case_type": c.CaseType,
		"category": c.Category, "prosecutor_id": c.ProsecutorID, "prosecutor_name": c.ProsecutorName,
		"received_on": c.ReceivedOn.String(), "persons": c.Persons}
}

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

// AddCaseEvent records one event on a case through the API, refusing a
// third return for supplementary investigation and an event already
// recorded on that day (domain.ErrConflict). The roll-up keys it touches
// are marked; the caller rebuilds them (RefreshRollups).
func (db *DB) AddCaseEvent(ctx context.Context, caseID int64, ev domain.CaseEvent, on domain.Date, persons int) (CaseEventRecord, error) {
	var rec CaseEventRecord
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

// UnitsByCode maps unit codes to units, for imports.
func (db *DB) UnitsByCode(ctx context.Context) (map[string]domain.Unit, error) {
	var rows []struct {
		ID        int64
		Code      string
		Name      string
		ShortName string
		Level     string
		Path      string
		Active    bool
	}
	if err := db.conn(ctx).Raw(`SELECT id, code, name, short_name, level, path, active FROM units`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("units by code: %w", translate(err))
	}
	out := make(map[string]domain.Unit, len(rows))
	for _, r := range rows {
		out[r.Code] = domain.Unit{ID: r.ID, Code: r.Code, Name: r.Name, ShortName: r.ShortName, Level: domain.UnitLevel(r.Level), Path: r.Path, Active: r.Active}
	}
	return out, nil
}

// AccountsByUsername maps usernames to account ids, for resolving the
// prosecutor column of an import.
func (db *DB) AccountsByUsername(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		ID       int64
		Username string
	}
	if err := db.conn(ctx).Raw(`SELECT id, username FROM users`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("accounts by username: %w", translate(err))
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Username] = r.ID
	}
	return out, nil
}

// CaseLink is a case number that a suggestion or a hearing names, with
// what the record says of it.
type CaseLink struct {
	Number   string
	UnitCode string
	Category string // the suggestion's; "" for a hearing
	Kind     string // the hearing's kind; "" for a suggestion
	On       time.Time
}

// CaseNumberLinks lists the 17-digit case numbers that suggestions and
// hearings name without a case on record, for the demo to fill in.
func (db *DB) CaseNumberLinks(ctx context.Context) ([]CaseLink, error) {
	var out []CaseLink
	err := db.conn(ctx).Raw(`SELECT DISTINCT ON (number) number, unit_code, category, kind, "on" FROM (
			SELECT sc.case_number AS number, un.code AS unit_code, s.category, '' AS kind, s.created_at AS "on"
			FROM suggestion_cases sc JOIN suggestions s ON s.id = sc.suggestion_id JOIN units un ON un.id = s.unit_id
			UNION ALL
			SELECT h.case_number, un.code, '', h.kind, coalesce(h.starts_at, h.created_at)
			FROM hearings h JOIN units un ON un.id = h.unit_id) x
		WHERE number ~ '^[0-9]{17}$' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.unified_no = x.number)
		ORDER BY number, category DESC`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("case number links: %w", translate(err))
	}
	return out, nil
}

// UnifiedNumbers returns every unified case number on record, for a
// generator that must not reuse them.
func (db *DB) UnifiedNumbers(ctx context.Context) (map[string]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT unified_no FROM cases`)
	if err != nil {
		return nil, fmt.Errorf("unified numbers: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("unified numbers: %w", err)
		}
		out[s] = true
	}
	return out, rows.Err()
}
