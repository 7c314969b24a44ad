package store_test

import (
	"context"
	"testing"
	"time"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// TestListFilterValuesAreLiterals: the filter values a list writes into
// its statement as literals (keysetPage.where) stay values, whatever
// quotes, backslashes, NULs or the store's own markers they hold: each
// finds nothing (no row has such a category or prosecutor), where an
// escape into the statement would find every row in scope or fail.
func TestListFilterValuesAreLiterals(t *testing.T) {
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	province := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000")}}
	all, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 5})
	if err != nil || len(all) == 0 {
		t.Fatalf("the demo's suggestions: %d, %v", len(all), err)
	}
	for _, v := range []string{`drug' OR true OR 'x`, `drug\' OR true --`, `'`, `\`, `drug'); SELECT 1; --`, "毒品'犯罪", "drug\x00' OR true --",
		"$units0", "x$units0y"} {
		recs, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 5, Category: v})
		if err != nil || len(recs) != 0 {
			t.Errorf("category %q: %d suggestions, %v; want none", v, len(recs), err)
		}
		total, err := db.CountSuggestions(ctx, store.SuggestionFilter{Scope: province, Category: v})
		if err != nil || total.N != 0 {
			t.Errorf("category %q: total %+v, %v; want 0", v, total, err)
		}
		cases, err := db.ListCases(ctx, store.CaseFilter{Scope: province, Limit: 5, ProsecutorName: v})
		if err != nil || len(cases) != 0 {
			t.Errorf("prosecutor %q: %d cases, %v; want none", v, len(cases), err)
		}
	}
	// Searched words too, one or two characters (the grams index) and
	// longer (the trigram index).
	for _, q := range []string{`毒'`, `'`, `\'`, `x' OR true --`, `%' OR '%' = '`, "$units0", "$units"} {
		recs, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 5, Q: q})
		if err != nil || len(recs) != 0 {
			t.Errorf("q %q: %d suggestions, %v; want none", q, len(recs), err)
		}
		total, err := db.CountSuggestions(ctx, store.SuggestionFilter{Scope: province, Q: q})
		if err != nil || total.N != 0 {
			t.Errorf("q %q: total %+v, %v; want 0", q, total, err)
		}
		hearings, err := db.ListHearings(ctx, store.HearingFilter{Scope: province, Limit: 5, Q: q})
		if err != nil || len(hearings) != 0 {
			t.Errorf("hearings q %q: %d, %v; want none", q, len(hearings), err)
		}
	}
	// Times beyond the years PostgreSQL reads as text bound a period as
	// the infinities do.
	for _, s := range []string{"0000-06-01T00:00:00Z", "0001-01-01T00:00:00+08:00"} {
		from, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ListHearings(ctx, store.HearingFilter{Scope: province, Limit: 5, From: from}); err != nil {
			t.Errorf("hearings from %s: %v", s, err)
		}
		if _, err := db.ListHearings(ctx, store.HearingFilter{Scope: province, Limit: 5, To: from.AddDate(10001, 0, 0)}); err != nil {
			t.Errorf("hearings to %s + 10001 years: %v", s, err)
		}
	}
	if recs, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 5, Q: "毒品"}); err != nil || len(recs) == 0 {
		t.Errorf("q 毒品: %d suggestions, %v; want some", len(recs), err)
	}
}
