// Package indicators computes the indicators of the catalogue over a cut of
// the records (a unit subtree, a period, optionally a category or a
// prosecutor), grouped by unit, category, prosecutor, month or two-month
// period, each figure with its numerator, denominator and the change
// against the period just before. The counting is the store's, the
// arithmetic the domain's.
package indicators

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"procura/app/store"
	"procura/domain"
)

// GroupBy is how rows are split.
type GroupBy string

// The groupings.
const (
	GroupNone       GroupBy = ""
	GroupUnit       GroupBy = "unit"
	GroupCategory   GroupBy = "category"
	GroupProsecutor GroupBy = "prosecutor"
	GroupMonth      GroupBy = "month"
	GroupBimonth    GroupBy = "bimonth"
)

// GroupBys lists the groupings a caller may ask for ("" is none).
var GroupBys = []GroupBy{GroupNone, GroupUnit, GroupCategory, GroupProsecutor, GroupMonth, GroupBimonth}

// Valid reports whether g is a known grouping.
func (g GroupBy) Valid() bool { return slices.Contains(GroupBys, g) }

// Cut is what is counted.
type Cut struct {
	Unit           domain.Unit // with its subtree
	Exact          bool        // the unit alone, for callers who cannot see below it
	Category       string
	ProsecutorID   int64
	ProsecutorName string
	Period         domain.ReportPeriod
	// CompareYearAgo compares with the same period a year earlier instead
	// of the previous one (Compared).
	CompareYearAgo bool
	// YearOnYear also compares each cell with the same period a year
	// earlier (同比), in Cell.YearAgo; tables grouped by month or
	// two-month period ignore it.
	YearOnYear bool
}

// Compared is the period the cut's figures are compared with: the
// previous one, or the same period a year earlier.
func (c Cut) Compared() domain.ReportPeriod {
	if c.CompareYearAgo {
		return c.Period.YearBefore()
	}
	return c.Period.Previous()
}

// Cell is one indicator's figure in one row.
type Cell struct {
	Indicator domain.Indicator
	Current   domain.Value
	Previous  domain.Value
	Change    *float64
	Better    *bool
	YearAgo   *Comparison // with Cut.YearOnYear
}

// Comparison is a figure of another period and the change from it.
type Comparison struct {
	Value  domain.Value
	Change *float64
	Better *bool
}

// Row is one group of a table.
type Row struct {
	Key   string
	Label string
	// Kind is "total" (the cut's unit with its subtree), "own" (the unit's
	// own records), "child" (a child unit with its subtree) for unit rows;
	// "" otherwise.
	Kind   string
	Unit   *domain.Unit
	Period *domain.ReportPeriod // month and bimonth rows
	Cells  []Cell
	// Counts and PreviousCounts are the row's quantities in the period
	// and in the compared one (unit, category, prosecutor and total rows),
	// so that a change can be traced to the term of an indicator that made
	// it; a missing quantity counts 0.
	Counts, PreviousCounts map[domain.Quantity]int64
}

// Engine computes tables.
type Engine struct {
	DB Store
}

// Store is what the engine reads; *store.DB implements it.
type Store interface {
	CaseTotals(ctx context.Context, a store.AnalysisScope) (store.CaseTotals, error)
	Categories(ctx context.Context) ([]store.Category, error)
	CategoryHearingCounts(ctx context.Context, a store.AnalysisScope, scope domain.Scope) (held, public int64, err error)
	CategoryHearings(ctx context.Context, a store.AnalysisScope, scope domain.Scope) ([]store.HearingOfCategory, error)
	CountQuantities(ctx context.Context, q store.QuantityQuery) ([]store.QuantityCount, error)
	Indicators(ctx context.Context, withInactive bool) ([]store.IndicatorRecord, error)
	ListSuggestions(ctx context.Context, f store.SuggestionFilter) ([]store.SuggestionRecord, error)
	OverdueSuggestions(ctx context.Context, a store.AnalysisScope, scope domain.Scope, asOf domain.Date) ([]store.OverdueSuggestion, error)
	ProsecutorNames(ctx context.Context, keys []string) (map[string]string, error)
	Scoring(ctx context.Context) (store.ScoringSettings, error)
	SuggestionTotals(ctx context.Context, a store.AnalysisScope, scope domain.Scope, today domain.Date) (store.SuggestionTotals, error)
	UnitsByCode(ctx context.Context) (map[string]domain.Unit, error)
}

// DetectPeriod is the calendar period (month, two months, quarter, year)
// that from–to is exactly, or else the range; errors as
// domain.ValidatePeriod.
func DetectPeriod(from, to domain.Date) (domain.ReportPeriod, error) {
	if err := domain.ValidatePeriod(from, to); err != nil {
		return domain.ReportPeriod{}, err
	}
	for _, k := range []domain.PeriodKind{domain.PeriodMonth, domain.PeriodBimonth, domain.PeriodQuarter, domain.PeriodYear} {
		if p := domain.PeriodOf(k, from); p.From.Equal(from) && p.To.Equal(to) {
			return p, nil
		}
	}
	return domain.RangePeriod(from, to)
}

type counts map[domain.Quantity]int64

func quantitiesOf(inds []domain.Indicator) []domain.Quantity {
	var qs []domain.Quantity
	for _, ind := range inds {
		for _, q := range ind.Quantities() {
			if !slices.Contains(qs, q) {
				qs = append(qs, q)
			}
		}
	}
	return qs
}

func (e *Engine) count(ctx context.Context, cut Cut, p domain.ReportPeriod, group GroupBy, qs []domain.Quantity) ([]store.QuantityCount, error) {
	return e.DB.CountQuantities(ctx, store.QuantityQuery{UnitPath: cut.Unit.Path, Exact: cut.Exact, Category: cut.Category, ProsecutorID: cut.ProsecutorID,
		ProsecutorName: cut.ProsecutorName, From: p.From, To: p.To, Quantities: qs, ByProsecutor: group == GroupProsecutor,
		ByUnit: group == GroupUnit, ByCategory: group == GroupCategory, ByMonth: group == GroupMonth || group == GroupBimonth})
}

// Table computes inds over cut, in rows by group, lang choosing labels.
func (e *Engine) Table(ctx context.Context, inds []domain.Indicator, cut Cut, group GroupBy, lang string) ([]Row, error) {
	qs := quantitiesOf(inds)
	switch group {
	case GroupMonth, GroupBimonth:
		return e.timeTable(ctx, inds, cut, group, qs, lang)
	}
	cur, err := e.count(ctx, cut, cut.Period, group, qs)
	if err != nil {
		return nil, err
	}
	prev, err := e.count(ctx, cut, cut.Compared(), group, qs)
	if err != nil {
		return nil, err
	}
	var keyOf func(store.QuantityCount) []string
	var rows []Row
	switch group {
	case GroupNone:
		rows = []Row{{Key: "total", Label: cut.Unit.Name, Kind: "total", Unit: &cut.Unit}}
		keyOf = func(store.QuantityCount) []string { return []string{"total"} }
	case GroupUnit:
		rows, keyOf, err = e.unitRows(ctx, cut.Unit, cut.Exact)
	case GroupCategory:
		rows, keyOf, err = e.categoryRows(ctx, lang, cur, prev)
	case GroupProsecutor:
		rows, keyOf, err = e.prosecutorRows(ctx, cur, prev)
	default:
		return nil, fmt.Errorf("metrics: unknown grouping %q", group)
	}
	if err != nil {
		return nil, err
	}
	curBy, prevBy := sum(cur, keyOf), sum(prev, keyOf)
	for i := range rows {
		rows[i].Cells = cells(inds, curBy[rows[i].Key], prevBy[rows[i].Key])
		rows[i].Counts, rows[i].PreviousCounts = curBy[rows[i].Key], prevBy[rows[i].Key]
	}
	if cut.YearOnYear {
		ago, err := e.count(ctx, cut, cut.Period.YearBefore(), group, qs)
		if err != nil {
			return nil, err
		}
		agoBy := sum(ago, keyOf)
		for i := range rows {
			for k := range rows[i].Cells {
				c := &rows[i].Cells[k]
				a := domain.Evaluate(c.Indicator, agoBy[rows[i].Key])
				ch := domain.Change(c.Current, a)
				c.YearAgo = &Comparison{Value: a, Change: ch, Better: domain.Better(c.Indicator, ch)}
			}
		}
	}
	return rows, nil
}

// timeTable splits the period into months or two-month periods, each row
// compared with the one before it, or with Cut.CompareYearAgo with the
// same piece a year earlier.
func (e *Engine) timeTable(ctx context.Context, inds []domain.Indicator, cut Cut, group GroupBy, qs []domain.Quantity, lang string) ([]Row, error) {
	kind := domain.PeriodMonth
	if group == GroupBimonth {
		kind = domain.PeriodBimonth
	}
	parts := cut.Period.Split(kind)
	prevs := make([]domain.ReportPeriod, len(parts))
	for i, p := range parts {
		prevs[i] = p.Previous()
		if cut.CompareYearAgo {
			prevs[i] = p.YearBefore()
		}
	}
	// Every piece (and piece before) made of whole months is summed from
	// one query split by month over the span of them all; only the pieces
	// a range cuts (at most the first and last, and those before them) are
	// counted on their own.
	aligned := func(p domain.ReportPeriod) bool { return p.From.Day() == 1 && p.To.AddDays(1).Day() == 1 }
	var span *domain.ReportPeriod
	for _, p := range slices.Concat(parts, prevs) {
		if !aligned(p) {
			continue
		}
		if span == nil {
			span = &domain.ReportPeriod{Kind: domain.PeriodRange, From: p.From, To: p.To}
		}
		if p.From.Before(span.From) {
			span.From = p.From
		}
		if p.To.After(span.To) {
			span.To = p.To
		}
	}
	var all []store.QuantityCount
	if span != nil {
		var err error
		if all, err = e.count(ctx, cut, *span, GroupMonth, qs); err != nil {
			return nil, err
		}
	}
	within := func(p domain.ReportPeriod) (counts, error) {
		c := counts{}
		if aligned(p) {
			for _, x := range all {
				if p.Contains(x.Month) {
					c[x.Quantity] += x.N
				}
			}
			return c, nil
		}
		xs, err := e.count(ctx, cut, p, GroupNone, qs)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			c[x.Quantity] += x.N
		}
		return c, nil
	}
	rows := make([]Row, len(parts))
	for i, p := range parts {
		cur, err := within(p)
		if err != nil {
			return nil, err
		}
		prev, err := within(prevs[i])
		if err != nil {
			return nil, err
		}
		rows[i] = Row{Key: periodKey(p), Label: p.Label(lang), Period: &parts[i], Cells: cells(inds, cur, prev)}
	}
	return rows, nil
}

// periodKey names a month "2026-03" and a two-month period "2026-B2";
// other pieces by their first day.
func periodKey(p domain.ReportPeriod) string {
	switch p.Kind {
	case domain.PeriodMonth:
		return fmt.Sprintf("%04d-%02d", p.From.Year(), int(p.From.Month()))
	case domain.PeriodBimonth:
		return fmt.Sprintf("%04d-B%d", p.From.Year(), p.Number())
	}
	return p.From.String()
}

func sum(xs []store.QuantityCount, keyOf func(store.QuantityCount) []string) map[string]counts {
	out := map[string]counts{}
	for _, x := range xs {
		for _, k := range keyOf(x) {
			c := out[k]
			if c == nil {
				c = counts{}
				out[k] = c
			}
			c[x.Quantity] += x.N
		}
	}
	return out
}

func cells(inds []domain.Indicator, cur, prev counts) []Cell {
	out := make([]Cell, len(inds))
	for i, ind := range inds {
		c, p := domain.Evaluate(ind, cur), domain.Evaluate(ind, prev)
		ch := domain.Change(c, p)
		out[i] = Cell{Indicator: ind, Current: c, Previous: p, Change: ch, Better: domain.Better(ind, ch)}
	}
	return out
}

// unitRows are the unit with its subtree, its own records when it has
// children, and each child with its subtree.
func (e *Engine) unitRows(ctx context.Context, u domain.Unit, exact bool) ([]Row, func(store.QuantityCount) []string, error) {
	units, err := e.DB.UnitsByCode(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int64]domain.Unit, len(units))
	var children []domain.Unit
	for _, x := range units {
		byID[x.ID] = x
		if !exact && strings.TrimSuffix(x.Path, "/"+x.Code) == u.Path && x.ID != u.ID {
			children = append(children, x)
		}
	}
	sort.Slice(children, func(i, j int) bool { return children[i].Code < children[j].Code })
	total := strconv.FormatInt(u.ID, 10)
	rows := []Row{{Key: total, Label: u.Name, Kind: "total", Unit: &u}}
	if len(children) > 0 {
		own := u
		rows = append(rows, Row{Key: "own:" + total, Label: u.Name + "（本院）", Kind: "own", Unit: &own})
	}
	for i := range children {
		c := children[i]
		rows = append(rows, Row{Key: strconv.FormatInt(c.ID, 10), Label: c.Name, Kind: "child", Unit: &c})
	}
	keyOf := func(x store.QuantityCount) []string {
		keys := []string{total}
		if x.UnitID == u.ID {
			return append(keys, "own:"+total)
		}
		path := byID[x.UnitID].Path
		for _, c := range children {
			if domain.InSubtree(path, c.Path) {
				return append(keys, strconv.FormatInt(c.ID, 10))
			}
		}
		return keys
	}
	return rows, keyOf, nil
}

// categoryRows are the active categories, and any other that has figures.
func (e *Engine) categoryRows(ctx context.Context, lang string, cur, prev []store.QuantityCount) ([]Row, func(store.QuantityCount) []string, error) {
	cats, err := e.DB.Categories(ctx)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, x := range slices.Concat(cur, prev) {
		seen[x.Category] = true
	}
	var rows []Row
	for _, c := range cats {
		if !c.Active && !seen[c.Code] {
			continue
		}
		label := c.NameZh
		if strings.HasPrefix(lang, "en") {
			label = c.NameEn
		}
		rows = append(rows, Row{Key: c.Code, Label: label})
	}
	return rows, func(x store.QuantityCount) []string { return []string{x.Category} }, nil
}

// prosecutorRows are the prosecutors with figures, by name.
func (e *Engine) prosecutorRows(ctx context.Context, cur, prev []store.QuantityCount) ([]Row, func(store.QuantityCount) []string, error) {
	var keys []string
	for _, x := range slices.Concat(cur, prev) {
		if x.Prosecutor != "" && !slices.Contains(keys, x.Prosecutor) {
			keys = append(keys, x.Prosecutor)
		}
	}
	names, err := e.DB.ProsecutorNames(ctx, keys)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]Row, 0, len(keys))
	for _, k := range keys {
		label, key := names[k], k
		if n, ok := strings.CutPrefix(k, "name:"); ok {
			label, key = n, n
		}
		if label == "" {
			label = k
		}
		rows = append(rows, Row{Key: key, Label: label})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Label < rows[j].Label })
	return rows, func(x store.QuantityCount) []string {
		if n, ok := strings.CutPrefix(x.Prosecutor, "name:"); ok {
			return []string{n}
		}
		return []string{x.Prosecutor}
	}, nil
}
