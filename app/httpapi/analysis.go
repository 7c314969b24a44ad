package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"procura/app/indicators"
	"procura/app/store"
	"procura/domain"
)

type indicatorCell struct {
	Code string `json:"code"`
	figure
}

type unitIndicatorRow struct {
	Unit  unitRef         `json:"unit"`
	Kind  string          `json:"kind"`
	Cells []indicatorCell `json:"cells"`
	Score *float64        `json:"score"`
	Rank  *int            `json:"rank"`
}

type trendSeries struct {
	Code   string     `json:"code"`
	Values []*float64 `json:"values"`
}

type analysisTrend struct {
	Months []periodInfo  `json:"months"`
	Series []trendSeries `json:"series"`
}

type analysisCases struct {
	Total            int64 `json:"total"`
	Persons          int64 `json:"persons"`
	ReceivedInPeriod int64 `json:"received_in_period"`
}

type analysisSuggestions struct {
	Issued    int64               `json:"issued"`
	ByStatus  map[string]int64    `json:"by_status"`
	Replied   int64               `json:"replied"`
	Adopted   int64               `json:"adopted"`
	Verified  int64               `json:"verified"`
	Rectified int64               `json:"rectified"`
	Overdue   int64               `json:"overdue"`
	FundsYuan int64               `json:"funds_yuan"`
	Personnel int64               `json:"personnel"`
	Items     []suggestionSummary `json:"items"`
}

type analysisHearings struct {
	Held   int64            `json:"held"`
	Public int64            `json:"public"`
	Items  []caseHearingRef `json:"items"`
}

type classCaseAnalysis struct {
	Category    categoryDTO         `json:"category"`
	Unit        unitRef             `json:"unit"`
	Period      periodInfo          `json:"period"`
	Previous    periodInfo          `json:"previous"`
	Indicators  []indicatorResponse `json:"indicators"`
	Totals      []indicatorCell     `json:"totals"`
	Trend       analysisTrend       `json:"trend"`
	Units       []unitIndicatorRow  `json:"units"`
	Cases       analysisCases       `json:"cases"`
	Suggestions analysisSuggestions `json:"suggestions"`
	Hearings    analysisHearings    `json:"hearings"`
}

func (s *Server) registerAnalysisRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/analysis/class-cases/:category", Tag: "indicators",
		Access:  Access{Resource: "metric", Action: "read", Targeted: true},
		Summary: "Class-case analysis of one category for a unit subtree and period: indicator trends, unit comparison, suggestions, hearings and cases",
		Query:   []string{"unit_id:integer", "from:date", "to:date"}, Response: classCaseAnalysis{}, Handler: s.classCaseAnalysis})
}

func toCells(cells []indicators.Cell, lang string) []indicatorCell {
	out := make([]indicatorCell, len(cells))
	for i, c := range cells {
		out[i] = indicatorCell{Code: c.Indicator.Code, figure: toFigure(c, lang)}
	}
	return out
}

// toUnitRows turns unit rows into the response: the unit as it is, the
// kind telling the unit with its subtree from its own records.
func toUnitRows(rows []indicators.Row, lang string) []unitIndicatorRow {
	out := make([]unitIndicatorRow, len(rows))
	for i, r := range rows {
		ref := unitRef{}
		if r.Unit != nil {
			ref = toUnitRef(*r.Unit)
		}
		out[i] = unitIndicatorRow{Unit: ref, Kind: r.Kind, Cells: toCells(r.Cells, lang)}
	}
	return out
}

func indicatorsOf(recs []store.IndicatorRecord) ([]domain.Indicator, []indicatorResponse) {
	inds := make([]domain.Indicator, len(recs))
	resp := make([]indicatorResponse, len(recs))
	for i, r := range recs {
		inds[i], resp[i] = r.Indicator, toIndicatorResponse(r)
	}
	return inds, resp
}

func (s *Server) classCaseAnalysis(c echo.Context) error {
	ctx := c.Request().Context()
	code := c.Param("category")
	cats, err := s.db.Categories(ctx)
	if err != nil {
		return err
	}
	var cat *store.Category
	for i := range cats {
		if cats[i].Code == code {
			cat = &cats[i]
		}
	}
	if cat == nil {
		return domain.ErrNotFound
	}
	cut, err := s.metricsCut(c, "metric", true)
	if err != nil {
		return err
	}
	cut.Category = code
	recs, err := s.db.Indicators(ctx, false)
	if err != nil {
		return err
	}
	inds, indResp := indicatorsOf(recs)
	lang := lang(c)
	eng := s.metricsEngine()
	total, err := eng.Table(ctx, inds, cut, indicators.GroupNone, lang)
	if err != nil {
		return err
	}
	months, err := eng.Table(ctx, inds, cut, indicators.GroupMonth, lang)
	if err != nil {
		return err
	}
	units, err := eng.Table(ctx, inds, cut, indicators.GroupUnit, lang)
	if err != nil {
		return err
	}
	prev := cut.Period.Previous()
	out := classCaseAnalysis{Category: categoryDTO{Code: cat.Code, NameZh: cat.NameZh, NameEn: cat.NameEn, Sort: cat.Sort, Active: cat.Active},
		Unit: toUnitRef(cut.Unit), Period: toPeriodInfo(cut.Period, lang), Previous: toPeriodInfo(prev, lang), Indicators: indResp,
		Totals: toCells(total[0].Cells, lang), Units: toUnitRows(units, lang)}
	out.Trend.Months = make([]periodInfo, len(months))
	for i, m := range months {
		out.Trend.Months[i] = toPeriodInfo(*m.Period, lang)
	}
	for k, ind := range inds {
		series := trendSeries{Code: ind.Code, Values: make([]*float64, len(months))}
		for i, m := range months {
			series.Values[i] = m.Cells[k].Current.Value
		}
		out.Trend.Series = append(out.Trend.Series, series)
	}
	if out.Trend.Series == nil {
		out.Trend.Series = []trendSeries{}
	}

	scope := store.AnalysisScope{UnitPath: cut.Unit.Path, Exact: cut.Exact, Category: code, From: cut.Period.From, To: cut.Period.To}
	ct, err := s.db.CaseTotals(ctx, scope)
	if err != nil {
		return err
	}
	out.Cases = analysisCases{Total: ct.Total, Persons: ct.Persons, ReceivedInPeriod: ct.ReceivedInPeriod}
	uid := caller(c).User.ID
	suggScope := s.authz.Scope(uid, "suggestion", "read")
	st, err := s.db.SuggestionTotals(ctx, scope, suggScope, s.today())
	if err != nil {
		return err
	}
	out.Suggestions = analysisSuggestions{Issued: st.Issued, ByStatus: st.ByStatus, Replied: st.Replied, Adopted: st.Adopted,
		Verified: st.Verified, Rectified: st.Rectified, Overdue: st.Overdue, FundsYuan: st.FundsYuan, Personnel: st.Personnel,
		Items: []suggestionSummary{}}
	items, err := s.db.ListSuggestions(ctx, store.SuggestionFilter{Scope: suggScope, UnitPath: cut.Unit.Path, Exact: cut.Exact, Category: code,
		ServedFrom: cut.Period.From, ServedTo: cut.Period.To, Today: s.today(), Limit: 100})
	if err != nil {
		return err
	}
	for _, r := range items {
		out.Suggestions.Items = append(out.Suggestions.Items, s.toSuggestionSummary(r))
	}
	hearingScope := s.authz.Scope(uid, "hearing", "read")
	hs, err := s.db.CategoryHearings(ctx, scope, hearingScope)
	if err != nil {
		return err
	}
	out.Hearings.Items = make([]caseHearingRef, len(hs))
	for i, h := range hs {
		out.Hearings.Items[i] = caseHearingRef{ID: h.ID, Title: h.Title, Kind: h.Kind, Status: h.Status, StartsAt: inShanghai(h.StartsAt)}
	}
	if out.Hearings.Held, out.Hearings.Public, err = s.db.CategoryHearingCounts(ctx, scope, hearingScope); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
