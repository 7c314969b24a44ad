package indicators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"procura/app/indicators"
	"procura/domain"
)

func value(n, d int64) domain.Value {
	if d == 0 {
		return domain.Value{Numerator: n}
	}
	v := float64(n) / float64(d)
	return domain.Value{Numerator: n, Denominator: d, Value: &v}
}

// cell is a ratio-like figure: current n/d, previous pn/pd, a year
// earlier an/ad.
func cell(ind domain.Indicator, n, d, pn, pd, an, ad int64) indicators.Cell {
	c, p, a := value(n, d), value(pn, pd), value(an, ad)
	ch, ya := domain.Change(c, p), domain.Change(c, a)
	return indicators.Cell{Indicator: ind, Current: c, Previous: p, Change: ch, Better: domain.Better(ind, ch),
		YearAgo: &indicators.Comparison{Value: a, Change: ya, Better: domain.Better(ind, ya)}}
}

// TestSummaries: each indicator's paragraph says its value, its change
// against the previous period and a year earlier, and the unit that moved
// it most — by its contribution to the ratio, not by its own ratio.
func TestSummaries(t *testing.T) {
	ratio := domain.Indicator{Code: "case_ratio", NameZh: "案件比", NameEn: "Case ratio", Unit: domain.UnitRatio, Direction: domain.LowerBetter}
	count := domain.Indicator{Code: "issued", NameZh: "制发检察建议", NameEn: "Suggestions issued", Unit: domain.UnitCount, Direction: domain.Neutral}
	level := domain.Indicator{Code: "level", NameZh: "持平指标", NameEn: "Level", Unit: domain.UnitRatio, Direction: domain.LowerBetter}
	rows := []indicators.Row{
		// total: 1:1.07 → 1:1.09 (218/200 from 214/200), a year earlier 1:1.20
		{Key: "t", Label: "汉江分院", Kind: "total", Cells: []indicators.Cell{cell(ratio, 218, 200, 214, 200, 240, 200), cell(count, 9, 1, 12, 1, 9, 1), cell(level, 10, 10, 10, 10, 0, 0)}},
		// own records: unchanged
		{Key: "o", Label: "汉江分院（本院）", Kind: "own", Cells: []indicators.Cell{cell(ratio, 50, 50, 50, 50, 0, 0), cell(count, 1, 1, 1, 1, 0, 0), cell(level, 2, 2, 2, 2, 0, 0)}},
		// Tianmen: 12 more returns on the same cases (+12 to the numerator)
		{Key: "1", Label: "天门市院", Kind: "child", Cells: []indicators.Cell{cell(ratio, 112, 100, 100, 100, 0, 0), cell(count, 3, 1, 4, 1, 0, 0), cell(level, 4, 4, 4, 4, 0, 0)}},
		// Xiantao: a higher ratio of its own (but fewer) — pulls the total down by 8
		{Key: "2", Label: "仙桃市院", Kind: "child", Cells: []indicators.Cell{cell(ratio, 56, 50, 64, 50, 0, 0), cell(count, 5, 1, 7, 1, 0, 0), cell(level, 4, 4, 4, 4, 0, 0)}},
	}
	got := indicators.Summaries(rows, "zh")
	want := []indicators.Summary{
		{Code: "case_ratio", Text: "案件比 1:1.09，较上期上升 0.02，较上年同期下降 0.11；主要来自天门市院（分子 112，增加 12）。"},
		{Code: "issued", Text: "制发检察建议 9，较上期下降 3，较上年同期持平；主要来自仙桃市院（5，减少 2）。"},
		{Code: "level", Text: "持平指标 1:1.00，较上期持平，较上年同期无可比数据。"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("zh (-want +got):\n%s", d)
	}
	en := indicators.Summaries(rows, "en")
	if want := "Case ratio 1:1.09, up 0.02 on the previous period, down 0.11 on the same period a year earlier; mostly from 天门市院 (numerator 112, up 12)."; en[0].Text != want {
		t.Errorf("en:\n got %s\nwant %s", en[0].Text, want)
	}
	// A contributor whose denominator moved says so.
	rows[2].Cells[0] = cell(ratio, 130, 110, 100, 100, 0, 0)
	if got := indicators.Summaries(rows, "zh")[0].Text; got != "案件比 1:1.09，较上期上升 0.02，较上年同期下降 0.11；主要来自天门市院（分子 130，增加 30，分母 110，增加 10）。" {
		t.Errorf("with a denominator change: %s", got)
	}
	if got := indicators.Summaries(nil, "zh"); len(got) != 0 {
		t.Errorf("no rows: %v", got)
	}
}

// TestSummaryNamesTerm: with the rows' counts, the paragraph names the
// term of the definition that moved the contributing unit's figure most
// ("主要来自天门市院退回补充侦查增加 12 件"), a term of the denominator
// included, and adds the numerator and denominator only when the term is
// not the whole change.
func TestSummaryNamesTerm(t *testing.T) {
	cases, returned, extended := domain.QuantityCasesReceived, domain.CountOf(domain.EventReturnedForInvestigation), domain.CountOf(domain.EventReviewExtended)
	ratio := domain.Indicator{Code: "case_ratio", NameZh: "案件比", NameEn: "Case ratio", Unit: domain.UnitRatio, Direction: domain.LowerBetter,
		Numerator: domain.Sum(cases, returned, extended), Denominator: domain.Sum(cases)}
	type q = map[domain.Quantity]int64
	row := func(label, kind string, cur, prev q) indicators.Row {
		n, pn := ratio.Numerator.Eval(cur), ratio.Numerator.Eval(prev)
		d, pd := ratio.Denominator.Eval(cur), ratio.Denominator.Eval(prev)
		return indicators.Row{Label: label, Kind: kind, Counts: cur, PreviousCounts: prev, Cells: []indicators.Cell{cell(ratio, n, d, pn, pd, n, d)}}
	}
	rows := []indicators.Row{
		row("汉江分院", "total", q{cases: 200, returned: 12, extended: 6}, q{cases: 200, returned: 8, extended: 6}),
		row("汉江分院（本院）", "own", q{cases: 50}, q{cases: 50}),
		row("天门市院", "child", q{cases: 100, returned: 12}, q{cases: 100}),
		row("仙桃市院", "child", q{cases: 50, extended: 6}, q{cases: 50, returned: 8, extended: 6}),
	}
	if got, want := indicators.Summaries(rows, "zh")[0].Text, "案件比 1:1.09，较上期上升 0.02，较上年同期持平；主要来自天门市院退回补充侦查增加 12 件。"; got != want {
		t.Errorf("zh:\n got %s\nwant %s", got, want)
	}
	if got, want := indicators.Summaries(rows, "en")[0].Text, "Case ratio 1:1.09, up 0.02 on the previous period, level on the same period a year earlier; mostly from 天门市院, returned for supplementary investigation up 12."; got != want {
		t.Errorf("en:\n got %s\nwant %s", got, want)
	}
	// Tianmen with 10 more cases and 20 more returns: the returns named,
	// the numerator and denominator beside.
	rows[2] = row("天门市院", "child", q{cases: 110, returned: 20}, q{cases: 100})
	rows[0] = row("汉江分院", "total", q{cases: 210, returned: 20, extended: 6}, q{cases: 200, returned: 8, extended: 6})
	if got, want := indicators.Summaries(rows, "zh")[0].Text, "案件比 1:1.12，较上期上升 0.05，较上年同期持平；主要来自天门市院退回补充侦查增加 20 件（分子 130，增加 30，分母 110，增加 10）。"; got != want {
		t.Errorf("with the denominator:\n got %s\nwant %s", got, want)
	}
	// The ratio falls because Tianmen received more cases: the term named
	// is the denominator's.
	rate := domain.Indicator{Code: "rate", NameZh: "退回补充侦查率", NameEn: "Return rate", Unit: domain.UnitPercent, Direction: domain.LowerBetter,
		Numerator: domain.Sum(returned), Denominator: domain.Sum(domain.CountOf(domain.EventProsecutionReviewReceived))}
	received := domain.CountOf(domain.EventProsecutionReviewReceived)
	rrow := func(label, kind string, cur, prev q) indicators.Row {
		c, p := domain.Evaluate(rate, cur), domain.Evaluate(rate, prev)
		ch := domain.Change(c, p)
		return indicators.Row{Label: label, Kind: kind, Counts: cur, PreviousCounts: prev,
			Cells: []indicators.Cell{{Indicator: rate, Current: c, Previous: p, Change: ch}}}
	}
	rows = []indicators.Row{
		rrow("汉江分院", "total", q{returned: 10, received: 200}, q{returned: 10, received: 100}),
		rrow("天门市院", "child", q{returned: 10, received: 200}, q{returned: 10, received: 100}),
	}
	if got, want := indicators.Summaries(rows, "zh")[0].Text, "退回补充侦查率 5.0%，较上期下降 5.0个百分点；主要来自天门市院审查起诉受理增加 100 件（分子 10，增加 0，分母 200，增加 100）。"; got != want {
		t.Errorf("by the denominator:\n got %s\nwant %s", got, want)
	}
}
