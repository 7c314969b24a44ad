package indicators_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"procura/app/indicators"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// demoEngine is an engine over the demo data set.
func demoEngine(t *testing.T) (*indicators.Engine, *store.DB) {
	t.Helper()
	_, db := testdb.WithDemo(t)
	return &indicators.Engine{DB: db}, db
}

func branchCut(t *testing.T, db *store.DB, today domain.Date) indicators.Cut {
	t.Helper()
	u, err := db.GetUnitByCode(context.Background(), "429000")
	if err != nil {
		t.Fatal(err)
	}
	return indicators.Cut{Unit: u, Period: domain.YearPeriod(today.Year())}
}

func everything(u domain.Unit) indicators.Readers {
	s := domain.Scope{Patterns: []string{u.Path + "/*", u.Path}}
	return indicators.Readers{Suggestions: s, Hearings: s}
}

// TestBimonthlyReportAssembly: the report's parts line up with its unit
// rows, the top categories are the five largest, scores rank only child
// units, and the records listed are only those the reader may see.
func TestBimonthlyReportAssembly(t *testing.T) {
	eng, db := demoEngine(t)
	ctx := context.Background()
	today := domain.DateOf(time.Now(), domain.Shanghai)
	cut := branchCut(t, db, today)
	if err := db.SetScoring(ctx, store.ScoringSettings{Enabled: true, Weights: map[string]float64{"case_ratio": 60, "plea_leniency_rate": 40},
		References: map[string]float64{}}); err != nil {
		t.Fatal(err)
	}
	r, err := eng.BimonthlyReport(ctx, cut, everything(cut.Unit), today, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) == 0 || len(r.Hearings) != len(r.Rows) || len(r.Scores) != len(r.Rows) || len(r.Ranks) != len(r.Rows) {
		t.Fatalf("rows %d, hearings %d, scores %d, ranks %d", len(r.Rows), len(r.Hearings), len(r.Scores), len(r.Ranks))
	}
	for _, ind := range r.Indicators {
		if r.Versions[ind.Code] != ind.Version {
			t.Errorf("version of %s: %d, want %d", ind.Code, r.Versions[ind.Code], ind.Version)
		}
	}
	for i, row := range r.Rows {
		if (row.Kind == "child") != (r.Ranks[i] != nil || r.Scores[i] == nil) {
			t.Errorf("row %d (%s) ranked %v with score %v", i, row.Kind, r.Ranks[i], r.Scores[i])
		}
		for j, other := range r.Rows {
			if r.Ranks[i] != nil && r.Ranks[j] != nil && *r.Scores[i] > *r.Scores[j] && *r.Ranks[i] >= *r.Ranks[j] {
				t.Errorf("row %d scores above row %d but ranks %d ≥ %d (%s)", i, j, *r.Ranks[i], *r.Ranks[j], other.Kind)
			}
		}
	}
	// 同比: each cell carries the figure of the same period a year earlier,
	// as a table of that period counts it, and the change from it.
	ago := cut
	ago.Period = cut.Period.YearBefore()
	agoRows, err := eng.Table(ctx, definitions(r.Indicators), ago, indicators.GroupUnit, "zh")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range r.Rows {
		for k, c := range row.Cells {
			want := agoRows[i].Cells[k].Current
			if c.YearAgo == nil || c.YearAgo.Value.Numerator != want.Numerator || c.YearAgo.Value.Denominator != want.Denominator {
				t.Errorf("%s %s: year ago %+v, want %+v", row.Label, c.Indicator.Code, c.YearAgo, want)
				continue
			}
			if ch := domain.Change(c.Current, want); !sameFloat(ch, c.YearAgo.Change) {
				t.Errorf("%s %s: year-on-year change %v, want %v", row.Label, c.Indicator.Code, c.YearAgo.Change, ch)
			}
		}
	}
	if len(r.Top) == 0 || len(r.Top) > 5 {
		t.Errorf("%d top categories", len(r.Top))
	}
	for i := 1; i < len(r.Top); i++ {
		if r.Top[i].Cases > r.Top[i-1].Cases {
			t.Errorf("top categories out of order: %+v", r.Top)
		}
	}
	if r.AsOf.After(today) {
		t.Errorf("overdue counted as of %s, after today %s", r.AsOf, today)
	}
	// A reader who may see no suggestions is listed none.
	none, err := eng.BimonthlyReport(ctx, cut, indicators.Readers{}, today, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Overdue) == 0 || len(none.Overdue) != 0 {
		t.Errorf("overdue: %d for a reader of the branch, %d for a reader of nothing", len(r.Overdue), len(none.Overdue))
	}
}

// TestClassCaseAnalysisAssembly: the analysis of a category has one trend
// row a month, unit rows, and lists only what the reader may see; an
// unknown category is not found.
func TestClassCaseAnalysisAssembly(t *testing.T) {
	eng, db := demoEngine(t)
	ctx := context.Background()
	today := domain.DateOf(time.Now(), domain.Shanghai)
	cut := branchCut(t, db, today)
	cut.Category = "drug"
	a, err := eng.ClassCaseAnalysis(ctx, cut, everything(cut.Unit), today, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if a.Category.Code != "drug" || len(a.Months) != 12 || len(a.Units) == 0 || len(a.Total.Cells) != len(a.Indicators) {
		t.Errorf("category %q, %d months, %d unit rows, %d totals for %d indicators", a.Category.Code, len(a.Months), len(a.Units),
			len(a.Total.Cells), len(a.Indicators))
	}
	if a.Cases.Total == 0 || len(a.SuggestionItems) == 0 {
		t.Errorf("drug cases %d, suggestions listed %d", a.Cases.Total, len(a.SuggestionItems))
	}
	hidden, err := eng.ClassCaseAnalysis(ctx, cut, indicators.Readers{}, today, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if len(hidden.SuggestionItems) != 0 || len(hidden.Hearings) != 0 || hidden.Suggestions.Issued != 0 {
		t.Errorf("a reader of nothing is shown %d suggestions (%d issued) and %d hearings", len(hidden.SuggestionItems),
			hidden.Suggestions.Issued, len(hidden.Hearings))
	}
	cut.Category = "no_such_category"
	if _, err := eng.ClassCaseAnalysis(ctx, cut, everything(cut.Unit), today, "zh"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown category: %v", err)
	}
}

// TestTrendRowsMatchTheirPieces: the rows of a trend over a range that
// cuts months (summed from one query split by month, the cut pieces
// counted on their own) equal the figures of each piece counted alone,
// and so do the rows of a whole year; each compared with the piece before
// or, with CompareYearAgo, the same piece a year earlier.
func TestTrendRowsMatchTheirPieces(t *testing.T) {
	eng, db := demoEngine(t)
	ctx := context.Background()
	today := domain.DateOf(time.Now(), domain.Shanghai)
	recs, err := db.Indicators(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var inds []domain.Indicator
	for _, r := range recs {
		inds = append(inds, r.Indicator)
	}
	cut := branchCut(t, db, today)
	from := domain.NewDate(today.Year()-1, today.Month(), 17)
	to := domain.NewDate(today.Year(), today.Month(), 9).AddMonths(-1)
	for _, tc := range []struct {
		p       domain.ReportPeriod
		yearAgo bool
	}{{domain.ReportPeriod{Kind: domain.PeriodRange, From: from, To: to}, false}, {cut.Period, false},
		{domain.ReportPeriod{Kind: domain.PeriodRange, From: from, To: to}, true}, {cut.Period, true}} {
		p := tc.p
		cut.Period, cut.CompareYearAgo = p, tc.yearAgo
		for _, group := range []indicators.GroupBy{indicators.GroupMonth, indicators.GroupBimonth} {
			rows, err := eng.Table(ctx, inds, cut, group, "zh")
			if err != nil {
				t.Fatal(err)
			}
			nonzero := 0
			for _, row := range rows {
				piece := cut
				piece.Period = *row.Period
				alone, err := eng.Table(ctx, inds, piece, indicators.GroupNone, "zh")
				if err != nil {
					t.Fatal(err)
				}
				for k, c := range row.Cells {
					a := alone[0].Cells[k]
					if c.Current.Numerator != a.Current.Numerator || c.Current.Denominator != a.Current.Denominator ||
						c.Previous.Numerator != a.Previous.Numerator || c.Previous.Denominator != a.Previous.Denominator {
						t.Errorf("%s %s %s: trend %+v / %+v, alone %+v / %+v", group, row.Key, c.Indicator.Code, c.Current, c.Previous, a.Current, a.Previous)
					}
					if c.Current.Numerator != 0 {
						nonzero++
					}
				}
			}
			if nonzero == 0 {
				t.Errorf("%s over %s–%s: nothing counted", group, p.From, p.To)
			}
		}
	}
}

func definitions(recs []store.IndicatorRecord) []domain.Indicator {
	out := make([]domain.Indicator, len(recs))
	for i, r := range recs {
		out[i] = r.Indicator
	}
	return out
}

func sameFloat(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
