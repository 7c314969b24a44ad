package indicators

import (
	"context"
	"slices"
	"sort"

	"procura/app/store"
	"procura/domain"
)

// Report is the two-monthly business-data report (业务数据分析研判报告) of a
// cut: the indicator table by unit, with optional scores and ranks, the
// hearings held per unit, the categories with most cases received and the
// suggestions overdue.
type Report struct {
	Indicators []store.IndicatorRecord
	Versions   map[string]int // indicator code → version used
	Rows       []Row          // GroupUnit rows
	Scoring    store.ScoringSettings
	Scores     []*float64 // by row, when scoring is enabled
	Ranks      []*int     // by row, among the child rows
	Hearings   []UnitHearings
	Top        []CategoryVolume // at most five, most cases first
	AsOf       domain.Date      // the day overdue is counted on
	Overdue    []store.OverdueSuggestion
}

// UnitHearings counts the hearings held in a unit row's scope.
type UnitHearings struct {
	Held, Public int64
}

// CategoryVolume is a category's cases received (案) and their persons.
type CategoryVolume struct {
	Category       store.Category
	Cases, Persons int64
}

// count is a synthetic count indicator, for figures a report always shows
// whatever the catalogue holds.
func count(code string, q ...domain.Quantity) domain.Indicator {
	return domain.Indicator{Code: code, Version: 1, Numerator: domain.Sum(q...), Denominator: domain.Const(1), Direction: domain.Neutral, Unit: domain.UnitCount}
}

// BimonthlyReport assembles the report of cut, each indicator compared
// with the previous period (环比) and the same period a year earlier (同比). Overdue suggestions are
// those overdue at the period's end, or today while the period runs, that
// the reader may see.
func (e *Engine) BimonthlyReport(ctx context.Context, cut Cut, readers Readers, today domain.Date, lang string) (Report, error) {
	var out Report
	var err error
	if out.Indicators, err = e.DB.Indicators(ctx, false); err != nil {
		return out, err
	}
	inds := definitions(out.Indicators)
	out.Versions = map[string]int{}
	for _, ind := range inds {
		out.Versions[ind.Code] = ind.Version
	}
	yoy := cut
	yoy.YearOnYear = true
	if out.Rows, err = e.Table(ctx, inds, yoy, GroupUnit, lang); err != nil {
		return out, err
	}
	if out.Scoring, err = e.DB.Scoring(ctx); err != nil {
		return out, err
	}
	if out.Scoring.Enabled {
		out.Scores, out.Ranks = scoreRows(out.Rows, inds, out.Scoring)
	}
	if out.Hearings, err = e.hearingsByUnit(ctx, cut, lang); err != nil {
		return out, err
	}
	if out.Top, err = e.topCategories(ctx, cut, lang); err != nil {
		return out, err
	}
	out.AsOf = cut.Period.To.AddDays(1)
	if today.Before(out.AsOf) {
		out.AsOf = today
	}
	out.Overdue, err = e.DB.OverdueSuggestions(ctx, store.AnalysisScope{UnitPath: cut.Unit.Path, Exact: cut.Exact}, readers.Suggestions, out.AsOf)
	return out, err
}

// hearingsByUnit counts hearings held, in the order of the unit rows.
func (e *Engine) hearingsByUnit(ctx context.Context, cut Cut, lang string) ([]UnitHearings, error) {
	rows, err := e.Table(ctx, []domain.Indicator{count("held", domain.QuantityHearingsHeld), count("public", domain.QuantityHearingsPublic)},
		cut, GroupUnit, lang)
	if err != nil {
		return nil, err
	}
	out := make([]UnitHearings, len(rows))
	for i, r := range rows {
		out[i] = UnitHearings{Held: r.Cells[0].Current.Numerator, Public: r.Cells[1].Current.Numerator}
	}
	return out, nil
}

// topCategories ranks the categories by cases received in the period.
func (e *Engine) topCategories(ctx context.Context, cut Cut, lang string) ([]CategoryVolume, error) {
	rows, err := e.Table(ctx, []domain.Indicator{count("cases", domain.QuantityCasesReceived),
		count("persons", domain.PersonsOf(domain.EventArrestReviewReceived), domain.PersonsOf(domain.EventProsecutionReviewReceived))},
		cut, GroupCategory, lang)
	if err != nil {
		return nil, err
	}
	cats, err := e.DB.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := []CategoryVolume{}
	for _, r := range rows {
		if n := r.Cells[0].Current.Numerator; n > 0 {
			v := CategoryVolume{Category: store.Category{Code: r.Key}, Cases: n, Persons: r.Cells[1].Current.Numerator}
			if i := slices.IndexFunc(cats, func(x store.Category) bool { return x.Code == r.Key }); i >= 0 {
				v.Category = cats[i]
			}
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Cases > out[j].Cases })
	if len(out) > 5 {
		out = out[:5]
	}
	return out, nil
}

// scoreRows scores each row and ranks the child rows by score, equal
// scores sharing a rank.
func scoreRows(rows []Row, inds []domain.Indicator, sc store.ScoringSettings) ([]*float64, []*int) {
	scoring := domain.Scoring{Enabled: true, Weights: sc.Weights, References: sc.References}
	scores, ranks := make([]*float64, len(rows)), make([]*int, len(rows))
	var ranked []int
	for i, r := range rows {
		values := make([]*float64, len(r.Cells))
		for k, c := range r.Cells {
			values[k] = c.Current.Value
		}
		scores[i] = domain.Score(scoring, inds, values)
		if r.Kind == "child" && scores[i] != nil {
			ranked = append(ranked, i)
		}
	}
	sort.SliceStable(ranked, func(a, b int) bool { return *scores[ranked[a]] > *scores[ranked[b]] })
	for pos, i := range ranked {
		rank := pos + 1
		if pos > 0 && *scores[ranked[pos-1]] == *scores[i] {
			rank = *ranks[ranked[pos-1]]
		}
		ranks[i] = &rank
	}
	return scores, ranks
}
