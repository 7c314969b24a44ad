package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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

// caseColumns and caseFrom read cases; the prosecutor's name is the
// account's when the case names one; the stage (the latest event) and the
// number of events are read from the events, a page at a time. A case's
// page, which reads its events anyway, reads caseBaseColumns from
// caseBaseFrom and counts them itself.
const (
	caseBaseColumns = `c.id, c.unified_no, c.dept_no, c.unit_id, un.code AS unit_code, un.name AS unit_name,
	un.short_name AS unit_short_name, un.level AS unit_level, un.path AS unit_path, c.case_type, c.category, c.prosecutor_id,
	coalesce(pu.name, c.prosecutor_name) AS prosecutor_name, c.received_on, c.persons`
	caseColumns  = caseBaseColumns + `, coalesce(ev.stage, '') AS stage, ev.events_count`
	caseBaseFrom = `FROM cases c JOIN units un ON un.id = c.unit_id LEFT JOIN users pu ON pu.id = c.prosecutor_id`
	caseFrom     = caseBaseFrom + `
	LEFT JOIN LATERAL (SELECT count(*) AS events_count, (array_agg(e.event ORDER BY e.occurred_on DESC, e.id DESC))[1] AS stage
		FROM case_events e WHERE e.case_id = c.id) ev ON true`
)

// caseSelect is caseColumns and caseFrom together.
const caseSelect = `SELECT ` + caseColumns + ` ` + caseFrom

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
	// Offset skips matches (page numbers, at most MaxListOffset).
	Offset int
	// Sort orders by one of CaseSorts, from After.
	Sort  ListSort
	After *SortCursor
}

// CaseSorts are the keys a case list sorts by.
var CaseSorts = ListSorts{
	"received_on": requiredDateSort("c.received_on"),
	"persons":     intSort("c.persons"),
}

// CaseSortValue is r's value of the sort key, nil when it has none.
func CaseSortValue(r CaseRecord, key string) *string {
	switch key {
	case "received_on":
		return dateText(r.ReceivedOn)
	case "persons":
		return textPtr(strconv.Itoa(r.Persons))
	}
	return nil
}

// ListCases lists cases by id, newest first.
func (db *DB) ListCases(ctx context.Context, f CaseFilter) ([]CaseRecord, error) {
	p := casePage(f)
	if err := db.preparePage(ctx, p); err != nil {
		return nil, err
	}
	with, args := p.with()
	return db.casesWhere(ctx, with, "c.id IN (SELECT id FROM page)", args, p.tail(f.Limit))
}

// casePage is the page of cases that f selects.
func casePage(f CaseFilter) *keysetPage {
	p := &keysetPage{table: "cases", alias: "c", before: f.BeforeID, limit: f.Limit, offset: f.Offset}
	p.sortBy(f.Sort, f.After, CaseSorts)
	p.inScope(f.Scope)
	if f.UnitPath != "" {
		p.inSubtree(f.UnitPath)
	}
	if f.ProsecutorID != 0 {
		p.equal("prosecutor_id", "bigint", f.ProsecutorID)
	}
	if f.ProsecutorName != "" {
		p.where("c.prosecutor_id IS NULL")
		p.equal("prosecutor_name", "text", f.ProsecutorName)
	}
	if f.Category != "" {
		p.equal("category", "text", f.Category)
	}
	if !f.ReceivedFrom.IsZero() {
		p.where("c.received_on >= ?", f.ReceivedFrom.String())
	}
	if !f.ReceivedTo.IsZero() {
		p.where("c.received_on <= ?", f.ReceivedTo.String())
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		p.matchText("c.search_text", "cases_search_grams", caseShortText, q)
	}
	return p
}

// caseShortText is the indexed expression that one- and two-character
// case searches read (migration 00020): the prosecutor and the case type.
const caseShortText = "(c.prosecutor_name || ' ' || c.case_type)"

// casesWhere selects cases, after the WITH clause with ("" for none).
func (db *DB) casesWhere(ctx context.Context, with, cond string, args []any, suffix string) ([]CaseRecord, error) {
	var rows []caseRow
	if err := db.pageConn(ctx, with).Raw(with+caseSelect+" WHERE "+cond+" "+suffix, args...).Scan(&rows).Error; err != nil {
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
	recs, err := db.casesWhere(ctx, "", "c.id = ?", []any{id}, "")
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
	sortCaseEvents(out)
	return out, nil
}

// sortCaseEvents puts events read by day and id in procedural order: by
// day, then by the order of the event list.
func sortCaseEvents(evs []CaseEventRecord) {
	slices.SortStableFunc(evs, func(a, b CaseEventRecord) int {
		if c := a.OccurredOn.Compare(b.OccurredOn); c != 0 {
			return c
		}
		return slices.Index(domain.CaseEvents, a.Event) - slices.Index(domain.CaseEvents, b.Event)
	})
}

// CaseSuggestionLink is a suggestion that names a case.
type CaseSuggestionLink struct {
	ID       int64
	DocNo    *string
	Title    string
	Status   string
	UnitPath string
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
	UnitPath string
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
