package store_test

import (
	"context"
	"testing"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// TestListFilterValuesAreLiterals: the filter values a list writes into
// its statement as literals (keysetPage.where) stay values, whatever
// quotes, backslashes or NULs they hold: each finds nothing (no row has such a
// category or prosecutor), where an escape into the statement would find
// every row in scope.
func TestListFilterValuesAreLiterals(t *testing.T) {
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	province := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000")}}
	all, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 5})
	if err != nil || len(all) == 0 {
		t.Fatalf("the demo's suggestions: %d, %v", len(all), err)
	}
	for _, v := range []string{`drug' OR true OR 'x`, `drug\' OR true --`, `'`, `\`, `drug'); SELECT 1; --`, "毒品'犯罪", "drug\x00' OR true --"} {
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
	for _, q := range []string{`毒'`, `'`, `'`, `x' OR true --`, `%' OR '%' = '`} {
		recs, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 5, Q: q})
		if err != nil || len(recs) != 0 {
			t.Errorf("q %q: %d suggestions, %v; want none", q, len(recs), err)
		}
	}
	if recs, err := db.ListSuggestions(ctx, store.SuggestionFilter{Scope: province, Limit: 5, Q: "毒品"}); err != nil || len(recs) == 0 {
		t.Errorf("q 毒品: %d suggestions, %v; want some", len(recs), err)
	}
}
