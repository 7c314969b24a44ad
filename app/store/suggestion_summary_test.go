package store_test

import (
	"context"
	"reflect"
	"testing"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// A list page's summary records are the full records without their texts,
// items, copies, case numbers and the filing due date's calendar: every
// other field, which a list row shows or its allowed actions read, is the
// same.
func TestSuggestionSummariesKeepWhatAListShows(t *testing.T) {
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	province := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000")}}
	full, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	summary, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 200, Summary: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(full) < 10 || len(full) != len(summary) {
		t.Fatalf("%d full records, %d summaries", len(full), len(summary))
	}
	texts := 0
	for i := range full {
		f := full[i]
		if f.Facts != "" && len(f.Items) > 0 {
			texts++
		}
		f.Recipient.Address, f.Recipient.LegalRepresentative, f.Recipient.Phone = "", "", ""
		f.CopyTo, f.Facts, f.Problems, f.Items, f.LegalBasis, f.CaseNumbers = nil, "", "", nil, "", nil
		f.FilingDueProvisional = false
		s := summary[i]
		s.CopyTo, s.Items, s.CaseNumbers = nil, nil, nil
		if !reflect.DeepEqual(f, s) {
			t.Errorf("suggestion %d:\nfull    %+v\nsummary %+v", f.ID, f, s)
		}
		if len(summary[i].Items) != 0 || summary[i].Facts != "" {
			t.Errorf("suggestion %d: the summary holds texts", f.ID)
		}
	}
	if texts == 0 {
		t.Error("no demo suggestion has texts and items: the test compares nothing left out")
	}
}

// The same for hearings: every field but the texts (reasons, proposal,
// attendance, minutes, decision) is the full record's.
func TestHearingSummariesKeepWhatAListShows(t *testing.T) {
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	province := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000")}}
	for _, byTime := range []bool{false, true} {
		full, err := db.ListHearings(ctx, store.HearingFilter{Scope: province, Limit: 200, OrderByTime: byTime})
		if err != nil {
			t.Fatal(err)
		}
		summary, err := db.ListHearings(ctx, store.HearingFilter{Scope: province, Limit: 200, OrderByTime: byTime, Summary: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(full) < 5 || len(full) != len(summary) {
			t.Fatalf("%d full records, %d summaries", len(full), len(summary))
		}
		texts := 0
		for i := range full {
			f := full[i]
			if f.Minutes != "" || f.ProposedDecision != "" {
				texts++
			}
			f.ClosedReason, f.ProposedDecision, f.Attendance, f.Minutes, f.Decision, f.Reasons, f.StatusReason = "", "", "", "", "", "", ""
			if !reflect.DeepEqual(f, summary[i]) {
				t.Errorf("hearing %d:\nfull    %+v\nsummary %+v", f.ID, f, summary[i])
			}
		}
		if texts == 0 {
			t.Error("no demo hearing has minutes or a proposal: the test compares nothing left out")
		}
	}
}
