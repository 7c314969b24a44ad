package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// checkRollup brings the roll-up up to date, rebuilds it whole from the
// events, and checks that nothing changed: the deltas that imports queue
// must add up to what a rebuild gives.
func checkRollup(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if err := db.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
	before := testdb.CaseData(t, db.SQL())
	if _, err := db.SQL().Exec(`INSERT INTO case_rollup_dirty (unit_id, category, month)
		SELECT unit_id, category, month FROM case_event_months
		UNION SELECT c.unit_id, c.category, date_trunc('month', e.occurred_on)::date FROM case_events e JOIN cases c ON c.id = e.case_id
		ON CONFLICT DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	if err := db.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if after := testdb.CaseData(t, db.SQL()); after != before {
		t.Errorf("the roll-up kept by deltas\n%s\ndiffers from a rebuild\n%s", before, after)
	}
}

func problemLines(ps []store.RowProblem) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d:%s:%s", p.Line, p.Field, p.Code))
		if p.Message == "" || p.MessageZh == "" {
			out = append(out, "(no message)")
		}
	}
	return strings.Join(out, " ")
}

// TestImportEventChecks: the set-based checks of an events batch refuse
// each bad row with its line (a case unknown or outside scope, an unknown
// event, a third return), keep the last of repeated rows, write the rest
// once, and keep the roll-up equal to a rebuild through changed persons
// and a late first arrest review.
func TestImportEventChecks(t *testing.T) {
	db, units := caseDB(t)
	ctx := context.Background()
	all := domain.Scope{Patterns: []string{"/420000/*"}}
	no := func(i int) string { return fmt.Sprintf("42900420260%06d", i) }
	var cases []store.CaseInput
	for i, u := range []domain.Unit{units[2], units[2], units[3]} {
		cases = append(cases, store.CaseInput{UnifiedNo: no(i), UnitID: u.ID, Category: "drug", ReceivedOn: domain.NewDate(2026, 1, 2), Persons: 1})
	}
	if _, _, err := db.UpsertCases(ctx, cases, all); err != nil {
		t.Fatal(err)
	}
	scope := domain.Scope{Patterns: []string{domain.SubtreePattern(units[2].Path)}}
	ret := domain.EventReturnedForInvestigation
	batch := []store.EventInput{
		{Line: 2, UnifiedNo: no(0), Event: domain.EventArrestReviewReceived, OccurredOn: domain.NewDate(2026, 1, 5), Persons: 1},
		{Line: 3, UnifiedNo: no(2), Event: domain.EventAppeal, OccurredOn: domain.NewDate(2026, 1, 5), Persons: 1}, // outside scope
		{Line: 4, UnifiedNo: no(9), Event: domain.EventAppeal, OccurredOn: domain.NewDate(2026, 1, 5), Persons: 1}, // no such case
		{Line: 5, UnifiedNo: no(0), Event: ret, OccurredOn: domain.NewDate(2026, 2, 1), Persons: 1},
		{Line: 6, UnifiedNo: no(0), Event: ret, OccurredOn: domain.NewDate(2026, 3, 1), Persons: 1},
		{Line: 7, UnifiedNo: no(0), Event: ret, OccurredOn: domain.NewDate(2026, 4, 1), Persons: 1}, // a third return
		{Line: 8, UnifiedNo: no(0), Event: ret, OccurredOn: domain.NewDate(2026, 2, 1), Persons: 1}, // the first again
		{Line: 9, UnifiedNo: no(1), Event: domain.EventProsecutionReviewReceived, OccurredOn: domain.NewDate(2026, 1, 10), Persons: 1},
		{Line: 10, UnifiedNo: no(1), Event: domain.EventProsecutionReviewReceived, OccurredOn: domain.NewDate(2026, 1, 10), Persons: 3},
		{Line: 11, UnifiedNo: no(0), Event: "bogus", OccurredOn: domain.NewDate(2026, 1, 5), Persons: 1},
	}
	const wantProblems = "3:unified_no:unknown_case 4:unified_no:unknown_case 7:event:third_return 11:event:invalid"
	for i, wantChanged := range []int{4, 0} { // the same batch twice: nothing changes the second time
		changed, problems, err := db.ImportEvents(ctx, batch, scope)
		if err != nil {
			t.Fatal(err)
		}
		if got := problemLines(problems); changed != wantChanged || got != wantProblems {
			t.Errorf("import %d: changed %d, problems %s; want %d and %s", i, changed, got, wantChanged, wantProblems)
		}
	}
	var persons int
	if err := db.SQL().QueryRow(`SELECT e.persons FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.unified_no = $1`, no(1)).
		Scan(&persons); err != nil || persons != 3 {
		t.Errorf("repeated row: persons %d (%v), want the later row's 3", persons, err)
	}
	checkRollup(t, db)

	for _, step := range []struct {
		name     string
		rows     []store.EventInput
		changed  int
		problems string
	}{
		{"a third return in a later batch", []store.EventInput{{Line: 2, UnifiedNo: no(0), Event: ret, OccurredOn: domain.NewDate(2026, 5, 1), Persons: 1}},
			0, "2:event:third_return"},
		{"persons changed", []store.EventInput{{Line: 2, UnifiedNo: no(1), Event: domain.EventProsecutionReviewReceived,
			OccurredOn: domain.NewDate(2026, 1, 10), Persons: 2}}, 1, ""},
		{"a first arrest review after the prosecution review", []store.EventInput{
			{Line: 2, UnifiedNo: no(1), Event: domain.EventProsecutionReviewReceived, OccurredOn: domain.NewDate(2026, 1, 10), Persons: 4},
			{Line: 3, UnifiedNo: no(1), Event: domain.EventArrestReviewReceived, OccurredOn: domain.NewDate(2026, 1, 3), Persons: 1},
			{Line: 4, UnifiedNo: no(1), Event: domain.EventProsecutionReviewReceived, OccurredOn: domain.NewDate(2026, 2, 10), Persons: 1}}, 3, ""},
	} {
		changed, problems, err := db.ImportEvents(ctx, step.rows, scope)
		if err != nil {
			t.Fatal(err)
		}
		if got := problemLines(problems); changed != step.changed || got != step.problems {
			t.Errorf("%s: changed %d, problems %q; want %d and %q", step.name, changed, got, step.changed, step.problems)
		}
		checkRollup(t, db)
	}
	var received int
	if err := db.SQL().QueryRow(`SELECT sum(cases_received) FROM case_event_days WHERE unit_id = $1`, units[2].ID).Scan(&received); err != nil || received != 2 {
		t.Errorf("案 received: %d (%v), want the two arrest reviews", received, err)
	}
}

// TestUpsertCaseChecks: a cases batch refuses, with its line, a number of
// a case outside scope, keeps the last of repeated rows, audits a case
// moved to another category, and rebuilds the roll-up of its events
// under both keys.
func TestUpsertCaseChecks(t *testing.T) {
	db, units := caseDB(t)
	ctx := context.Background()
	all := domain.Scope{Patterns: []string{"/420000/*"}}
	no := func(i int) string { return fmt.Sprintf("42900420260%06d", i) }
	if _, _, err := db.UpsertCases(ctx, []store.CaseInput{
		{UnifiedNo: no(0), UnitID: units[2].ID, Category: "drug", ReceivedOn: domain.NewDate(2026, 1, 2), Persons: 1},
		{UnifiedNo: no(1), UnitID: units[3].ID, Category: "drug", ReceivedOn: domain.NewDate(2026, 1, 2), Persons: 1},
	}, all); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.ImportEvents(ctx, []store.EventInput{
		{UnifiedNo: no(0), Event: domain.EventArrestReviewReceived, OccurredOn: domain.NewDate(2026, 1, 5), Persons: 1},
		{UnifiedNo: no(0), Event: domain.EventArrestApproved, OccurredOn: domain.NewDate(2026, 2, 5), Persons: 1},
	}, all); err != nil {
		t.Fatal(err)
	}
	scope := domain.Scope{Patterns: []string{domain.SubtreePattern(units[2].Path)}}
	rows := []store.CaseInput{
		{Line: 2, UnifiedNo: no(1), UnitID: units[2].ID, Category: "drug", ReceivedOn: domain.NewDate(2026, 1, 2), Persons: 1}, // outside scope
		{Line: 3, UnifiedNo: no(0), UnitID: units[2].ID, Category: "fraud", ReceivedOn: domain.NewDate(2026, 1, 2), Persons: 1},
		{Line: 4, UnifiedNo: no(5), UnitID: units[2].ID, Category: "drug", ReceivedOn: domain.NewDate(2026, 1, 2), Persons: 1},
		{Line: 5, UnifiedNo: no(5), UnitID: units[2].ID, Category: "drug", ReceivedOn: domain.NewDate(2026, 1, 2), Persons: 2},
	}
	for i, wantChanged := range []int{2, 0} {
		changed, problems, err := db.UpsertCases(ctx, rows, scope)
		if err != nil {
			t.Fatal(err)
		}
		if got := problemLines(problems); changed != wantChanged || got != "2:unified_no:out_of_scope" {
			t.Errorf("import %d: changed %d, problems %s", i, changed, got)
		}
	}
	var unit int64
	var persons, moves int
	if err := db.SQL().QueryRow(`SELECT (SELECT unit_id FROM cases WHERE unified_no = $1), (SELECT persons FROM cases WHERE unified_no = $2),
		(SELECT count(*) FROM audit_events WHERE action = 'import_move' AND entity = 'case')`, no(1), no(5)).Scan(&unit, &persons, &moves); err != nil {
		t.Fatal(err)
	}
	if unit != units[3].ID || persons != 2 || moves != 1 {
		t.Errorf("foreign case in unit %d (want %d), repeated number persons %d (want 2), %d moves audited (want 1)", unit, units[3].ID, persons, moves)
	}
	var fraud int
	if err := db.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT coalesce(sum(events), 0) FROM case_event_months WHERE category = 'fraud'`).Scan(&fraud); err != nil || fraud != 2 {
		t.Errorf("the moved case's events under fraud: %d (%v), want 2", fraud, err)
	}
	checkRollup(t, db)
}
