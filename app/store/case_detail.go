package store

import (
	"context"
	"fmt"

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

// caseDetailSections are the sections of a case's page (see details.go);
// the scope conditions of the linked suggestions and hearings go where
// the two %s are. The suggestions are looked up by the case's numbers
// first (= ANY (ARRAY(…))), so that the plan never walks the suggestions
// of the scope, however many there are.
const caseDetailSections = `,
	(SELECT coalesce(json_agg(x ORDER BY x.occurred_on, x.id), '[]') FROM (SELECT e.id, e.case_id, e.event, e.occurred_on, e.persons
		FROM case_events e WHERE e.case_id = c.id) x)::text AS events,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT s.id, s.doc_no, s.title, s.status FROM suggestions s JOIN units un ON un.id = s.unit_id
		WHERE s.id = ANY (ARRAY(SELECT sc.suggestion_id FROM suggestion_cases sc WHERE sc.case_number IN (c.unified_no, nullif(c.dept_no, ''))))
		AND %s) x)::text AS suggestions,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT h.id, h.title, h.kind, h.status, coalesce(h.held_at, h.starts_at) AS starts_at
		FROM hearings h JOIN units un ON un.id = h.unit_id
		WHERE h.case_number IN (c.unified_no, nullif(c.dept_no, '')) AND %s) x)::text AS hearings
	`

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
	ID     int64   `json:"id"`
	DocNo  *string `json:"doc_no"`
	Title  string  `json:"title"`
	Status string  `json:"status"`
}

type caseHearingJSON struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	Kind     string   `json:"kind"`
	Status   string   `json:"status"`
	StartsAt jsonTime `json:"starts_at"`
}

// GetCaseDetail returns a case with its events and with the suggestions
// (in suggestionScope) and hearings (in hearingScope) that name it, in one
// statement. Errors: domain.ErrNotFound.
func (db *DB) GetCaseDetail(ctx context.Context, id int64, suggestionScope, hearingScope domain.Scope) (CaseDetail, error) {
	sCond, sArgs := scopeCondition("un.path", suggestionScope)
	hCond, hArgs := scopeCondition("un.path", hearingScope)
	q := `SELECT ` + caseColumns + fmt.Sprintf(caseDetailSections, sCond, hCond) + caseFrom + ` WHERE c.id = ?`
	args := append(append(append([]any{}, sArgs...), hArgs...), id)
	return readDetail(ctx, db, "case", q, args, caseDetailRow.toDetail)
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
	sortCaseEvents(d.Events)
	sugg, err := decodeSection[caseSuggestionJSON]("suggestions", r.Row.ID, r.Suggestions)
	if err != nil {
		return CaseDetail{}, err
	}
	for _, x := range sugg {
		d.Suggestions = append(d.Suggestions, CaseSuggestionLink{ID: x.ID, DocNo: x.DocNo, Title: x.Title, Status: x.Status})
	}
	hear, err := decodeSection[caseHearingJSON]("hearings", r.Row.ID, r.Hearings)
	if err != nil {
		return CaseDetail{}, err
	}
	for _, x := range hear {
		d.Hearings = append(d.Hearings, CaseHearingLink{ID: x.ID, Title: x.Title, Kind: x.Kind, Status: x.Status, StartsAt: x.StartsAt.ptr()})
	}
	return d, nil
}
