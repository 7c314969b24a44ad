package indicators

import (
	"context"
	"fmt"

	"procura/app/store"
	"procura/domain"
)

// Readers are the scopes in which the reader of an analysis or a report
// may see suggestions and hearings: the records either lists are filtered
// by them, whatever the cut covers.
type Readers struct {
	Suggestions domain.Scope
	Hearings    domain.Scope
}

// ClassCaseAnalysis is everything known of one class-case category in a
// cut: the indicators' totals, monthly trends and unit comparison, the
// cases, and the suggestions and hearings the reader may see.
type ClassCaseAnalysis struct {
	Category   store.Category
	Indicators []store.IndicatorRecord
	Total      Row   // the whole cut
	Months     []Row // one a month of the period
	Units      []Row // GroupUnit rows

	Cases           store.CaseTotals
	Suggestions     store.SuggestionTotals
	SuggestionItems []store.SuggestionRecord // the first 100 served in the period
	Hearings        []store.HearingOfCategory
	HearingsHeld    int64
	HearingsPublic  int64
}

// MaxAnalysisSuggestions bounds the suggestions an analysis lists.
const MaxAnalysisSuggestions = 100

// ClassCaseAnalysis assembles the analysis of the category cut.Category.
// Errors: domain.ErrNotFound for an unknown category.
func (e *Engine) ClassCaseAnalysis(ctx context.Context, cut Cut, readers Readers, today domain.Date, lang string) (ClassCaseAnalysis, error) {
	var out ClassCaseAnalysis
	cats, err := e.DB.Categories(ctx)
	if err != nil {
		return out, err
	}
	found := false
	for _, c := range cats {
		if c.Code == cut.Category {
			out.Category, found = c, true
		}
	}
	if !found {
		return out, fmt.Errorf("class-case analysis: %w", domain.ErrNotFound)
	}
	if out.Indicators, err = e.DB.Indicators(ctx, false); err != nil {
		return out, err
	}
	inds := definitions(out.Indicators)
	if out.Units, err = e.Table(ctx, inds, cut, GroupUnit, lang); err != nil {
		return out, err
	}
	// The first unit row is the whole cut: the total, without counting
	// everything once more.
	out.Total = out.Units[0]
	out.Total.Key = "total"
	if out.Months, err = e.Table(ctx, inds, cut, GroupMonth, lang); err != nil {
		return out, err
	}
	return out, e.analysisRecords(ctx, &out, cut, readers, today)
}

// analysisRecords fills the cases, suggestions and hearings of an analysis.
func (e *Engine) analysisRecords(ctx context.Context, out *ClassCaseAnalysis, cut Cut, readers Readers, today domain.Date) error {
	scope := store.AnalysisScope{UnitPath: cut.Unit.Path, Exact: cut.Exact, Category: cut.Category, From: cut.Period.From, To: cut.Period.To}
	var err error
	if out.Cases, err = e.DB.CaseTotals(ctx, scope); err != nil {
		return err
	}
	if out.Suggestions, err = e.DB.SuggestionTotals(ctx, scope, readers.Suggestions, today); err != nil {
		return err
	}
	out.SuggestionItems, err = e.DB.ListSuggestions(ctx, store.SuggestionFilter{Scope: readers.Suggestions, UnitPath: cut.Unit.Path,
		Exact: cut.Exact, Category: cut.Category, ServedFrom: cut.Period.From, ServedTo: cut.Period.To, Today: today, Limit: MaxAnalysisSuggestions})
	if err != nil {
		return err
	}
	if out.Hearings, err = e.DB.CategoryHearings(ctx, scope, readers.Hearings); err != nil {
		return err
	}
	out.HearingsHeld, out.HearingsPublic, err = e.DB.CategoryHearingCounts(ctx, scope, readers.Hearings)
	return err
}

// definitions are the indicators of catalogue records.
func definitions(recs []store.IndicatorRecord) []domain.Indicator {
	inds := make([]domain.Indicator, len(recs))
	for i, r := range recs {
		inds[i] = r.Indicator
	}
	return inds
}
