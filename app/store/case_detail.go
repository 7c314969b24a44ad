package store

import (
	"context"
	"slices"

	"procura/domain"
)

// CaseDetail is a case with every section of its page: the events in
// procedural order, and the suggestions and hearings that name the case by
// its unified or department number, by id, each list only within the
// caller's scope for its kind of record.
type CaseDetail struct {
	CaseRecord
	Events      []CaseEventRecord
	Suggestions []CaseSuggestionLink
	Hearings    []CaseHearingLink
}

// caseDetailSelect reads a case and the sections of its page (see
// details.go): every linked suggestion and hearing with its unit's path,
// which GetCaseDetail keeps to the caller's scopes. The suggestions are
// looked up by the case's numbers first (= ANY (ARRAY(…))), so that the
// plan never walks the suggestions of a unit.
const caseDetailSelect = `SELECT ` + caseBaseColumns + `,
	(SELECT coalesce(json_agg(x ORDER BY x.occurred_on, x.id), '[]') FROM (SELECT e.id, e.case_id, e.event, e.occurred_on, e.persons
		FROM case_events e WHERE e.case_id = c.id) x)::text AS events,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT s.id, s.doc_no, s.title, s.status, un.path AS unit_path
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		WHERE s.id = ANY (ARRAY(SELECT sc.suggestion_id FROM suggestion_cases sc WHERE sc.case_number IN (c.unified_no, nullif(c.dept_no, '')))))
		x)::text AS suggestions,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT h.id, h.title, h.kind, h.status, coalesce(h.held_at, h.starts_at) AS starts_at,
		un.path AS unit_path
		FROM hearings h JOIN units un ON un.id = h.unit_id
		WHERE h.case_number IN (c.unified_no, nullif(c.dept_no, ''))) x)::text AS hearings
	` + caseBaseFrom + ` WHERE c.id = ?`

type caseDetailRow struct {
	Row         caseRow `gorm:"embedded"` // named: gorm fills no unexported embedded struct
	Events      string
	Suggestions string
	Hearings    string
}

type caseEventJSON struct {
	ID         int64    `json:"id"`
	CaseID     int64    `json:"case_id"`
	Event      string   `json:"event"`
	OccurredOn jsonDate `json:"occurred_on"`
	Persons    int      `json:"persons"`
}

type caseSuggestionJSON struct {
	ID       int64   `json:"id"`
	DocNo    *string `json:"doc_no"`
	Title    string  `json:"title"`
	Status   string  `json:"status"`
	UnitPath string  `json:"unit_path"`
}

type caseHearingJSON struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	Kind     string   `json:"kind"`
	Status   string   `json:"status"`
	StartsAt jsonTime `json:"starts_at"`
	UnitPath string   `json:"unit_path"`
}

// GetCaseDetail returns a case with its events and with the suggestions
// (in suggestionScope) and hearings (in hearingScope) that name it, in one
// statement or from the page cache (detailcache.go), which keeps every
// link: the caller must not modify what it returns. Errors:
// domain.ErrNotFound.
func (db *DB) GetCaseDetail(ctx context.Context, id int64, suggestionScope, hearingScope domain.Scope) (CaseDetail, error) {
	d, err := cachedDetailRead(ctx, db, detailKey{kind: kindCase, id: id}, func(ctx context.Context) (CaseDetail, int, error) {
		return readSizedDetail(ctx, db, "case", caseDetailSelect, []any{id}, caseDetailRow.toDetail)
	})
	if err != nil {
		return d, err
	}
	// New slices: the cached page keeps all its links.
	d.Suggestions = slices.DeleteFunc(slices.Clone(d.Suggestions), func(x CaseSuggestionLink) bool { return !suggestionScope.Contains(x.UnitPath) })
	d.Hearings = slices.DeleteFunc(slices.Clone(d.Hearings), func(x CaseHearingLink) bool { return !hearingScope.Contains(x.UnitPath) })
	return d, nil
}

func (r caseDetailRow) toDetail() (CaseDetail, error) {
	d := CaseDetail{CaseRecord: r.Row.toRecord()}
	events, err := decodeSection[caseEventJSON]("events", r.Row.ID, r.Events)
	if err != nil {
		return CaseDetail{}, err
	}
	d.Events = make([]CaseEventRecord, len(events))
	for i, x := range events {
		d.Events[i] = CaseEventRecord{ID: x.ID, CaseID: x.CaseID, Event: domain.CaseEvent(x.Event), OccurredOn: x.OccurredOn.Date, Persons: x.Persons}
	}
	// The stage is the latest event, as caseFrom reads it: the events come
	// ordered by day and id.
	d.EventsCount = len(events)
	if n := len(events); n > 0 {
		d.Stage = events[n-1].Event
	}
	sortCaseEvents(d.Events)
	sugg, err := decodeSection[caseSuggestionJSON]("suggestions", r.Row.ID, r.Suggestions)
	if err != nil {
		return CaseDetail{}, err
	}
	for _, x := range sugg {
		d.Suggestions = append(d.Suggestions, CaseSuggestionLink{ID: x.ID, DocNo: x.DocNo, Title: x.Title, Status: x.Status, UnitPath: x.UnitPath})
	}
	hear, err := decodeSection[caseHearingJSON]("hearings", r.Row.ID, r.Hearings)
	if err != nil {
		return CaseDetail{}, err
	}
	for _, x := range hear {
		d.Hearings = append(d.Hearings, CaseHearingLink{ID: x.ID, Title: x.Title, Kind: x.Kind, Status: x.Status, StartsAt: x.StartsAt.ptr(), UnitPath: x.UnitPath})
	}
	return d, nil
}
