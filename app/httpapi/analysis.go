package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/indicators"
	"procura/app/store"
	"procura/domain"
)

type indicatorCell struct {
	Code string `json:"code"`
	figure
	// YearAgo compares with the same period a year earlier (同比), in the
	// two-monthly report; null elsewhere.
	YearAgo *comparison `json:"year_ago"`
}

// comparison is a figure of another period and the change from it, as
// shown.
type comparison struct {
	Value         *float64 `json:"value"`
	Display       string   `json:"display"`
	Change        *float64 `json:"change"`
	Better        *bool    `json:"better"`
	ChangeDisplay string   `json:"change_display"`
}

type unitIndicatorRow struct {
	Unit  unitRef         `json:"unit"`
	Kind  string          `json:"kind" enum:"unit_row_kind"`
	Cells []indicatorCell `json:"cells"`
	Score *float64        `json:"score"`
	Rank  *int            `json:"rank"`
}

type trendSeries struct {
	Code   string     `json:"code"`
	Values []*float64 `json:"values"`
	// Compared are the values of the month each is compared with: the
	// month before, or with compare=year_ago the same month a year earlier.
	Compared []*float64 `json:"compared"`
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
	Category categoryDTO `json:"category"`
	Unit     unitRef     `json:"unit"`
	Period   periodInfo  `json:"period"`
	// Previous is the period compared with: the one before of the same
	// length, or with compare=year_ago the same period a year earlier.
	Previous    periodInfo          `json:"previous"`
	Indicators  []indicatorResponse `json:"indicators"`
	Totals      []indicatorCell     `json:"totals"`
	Trend       analysisTrend       `json:"trend"`
	Units       []unitIndicatorRow  `json:"units"`
	Cases       analysisCases       `json:"cases"`
	Suggestions analysisSuggestions `json:"suggestions"`
	Hearings    analysisHearings    `json:"hearings"`
	// AsOf is the time of the data the analysis reflects: when it was
	// read on the primary, or what a read replica had replayed by then.
	AsOf time.Time `json:"as_of"`
}

func (s *Server) registerAnalysisRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/analysis/class-cases/:category", Tag: "indicators",
		Access:  Access{Resource: "metric", Action: "read", Targeted: true},
		Summary: "Class-case analysis of one category for a unit subtree and period: indicator trends, unit comparison, suggestions, hearings and cases",
		Query:   []string{"unit_id:integer", "from:date", "to:date", "compare"}, Response: classCaseAnalysis{}, Handler: s.classCaseAnalysis})
}

func toCells(cells []indicators.Cell, lang string) []indicatorCell {
	out := make([]indicatorCell, len(cells))
	for i, c := range cells {
		out[i] = indicatorCell{Code: c.Indicator.Code, figure: toFigure(c, lang)}
		if a := c.YearAgo; a != nil {
			out[i].YearAgo = &comparison{Value: a.Value.Value, Display: domain.FormatValue(c.Indicator, a.Value.Value, lang),
				Change: a.Change, Better: a.Better, ChangeDisplay: domain.FormatChange(c.Indicator, a.Change, lang)}
			if !strings.HasPrefix(out[i].YearAgo.ChangeDisplay, "+") && !strings.HasPrefix(out[i].YearAgo.ChangeDisplay, "-") {
				out[i].YearAgo.Better = nil // a change that shows as none is neither better nor worse
			}
		}
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

// readers are the caller's scopes for the records an analysis or a report
// lists.
func (s *Server) readers(c echo.Context) indicators.Readers {
	uid := caller(c).User.ID
	return indicators.Readers{Suggestions: s.authz.Scope(uid, "suggestion", "read"), Hearings: s.authz.Scope(uid, "hearing", "read")}
}

func (s *Server) classCaseAnalysis(c echo.Context) error {
	cut, err := s.metricsCut(c, "metric", true)
	if err != nil {
		return err
	}
	cut.Category = c.Param("category")
	lang := lang(c)
	var a indicators.ClassCaseAnalysis
	asOf, err := s.onReplica(c, func(ctx context.Context) (err error) {
		a, err = s.metricsEngine().ClassCaseAnalysis(ctx, cut, s.readers(c), s.today(), lang)
		return err
	})
	if err != nil {
		return err
	}
	out := s.toClassCaseAnalysis(a, cut, lang)
	out.AsOf = asOf
	return c.JSON(http.StatusOK, out)
}

// onReplica runs read with the heavy reads made with its context routed
// to a read replica when one is healthy (the primary otherwise, and after
// a replica failed under them), and runs it again on the primary when a
// replica query broke off after its first rows (see
// store.ReadSource.Read); asOf tells the time of the data they read. read
// only collects data, so that nothing is written to the response before
// it succeeded. Only aggregate reads use it: the unit, the caller and any
// record the caller may just have changed are read from the primary.
func (s *Server) onReplica(c echo.Context, read func(ctx context.Context) error) (asOf time.Time, err error) {
	ctx, src := s.deps.DB.OnReplica(c.Request().Context())
	err = src.Read(ctx, read)
	return src.AsOf(s.now()).In(domain.Shanghai).Truncate(time.Second), err
}

func (s *Server) toClassCaseAnalysis(a indicators.ClassCaseAnalysis, cut indicators.Cut, lang string) classCaseAnalysis {
	inds, indResp := indicatorsOf(a.Indicators)
	cat := a.Category
	out := classCaseAnalysis{Category: categoryDTO{Code: cat.Code, NameZh: cat.NameZh, NameEn: cat.NameEn, Sort: cat.Sort, Active: cat.Active},
		Unit: toUnitRef(cut.Unit), Period: toPeriodInfo(cut.Period, lang), Previous: toPeriodInfo(cut.Compared(), lang),
		Indicators: indResp, Totals: toCells(a.Total.Cells, lang), Units: toUnitRows(a.Units, lang),
		Trend: analysisTrend{Months: make([]periodInfo, len(a.Months)), Series: []trendSeries{}}}
	for i, m := range a.Months {
		out.Trend.Months[i] = toPeriodInfo(*m.Period, lang)
	}
	for k, ind := range inds {
		series := trendSeries{Code: ind.Code, Values: make([]*float64, len(a.Months)), Compared: make([]*float64, len(a.Months))}
		for i, m := range a.Months {
			series.Values[i], series.Compared[i] = m.Cells[k].Current.Value, m.Cells[k].Previous.Value
		}
		out.Trend.Series = append(out.Trend.Series, series)
	}
	out.Cases = analysisCases{Total: a.Cases.Total, Persons: a.Cases.Persons, ReceivedInPeriod: a.Cases.ReceivedInPeriod}
	st := a.Suggestions
	out.Suggestions = analysisSuggestions{Issued: st.Issued, ByStatus: st.ByStatus, Replied: st.Replied, Adopted: st.Adopted,
		Verified: st.Verified, Rectified: st.Rectified, Overdue: st.Overdue, FundsYuan: st.FundsYuan, Personnel: st.Personnel,
		Items: make([]suggestionSummary, len(a.SuggestionItems))}
	for i, r := range a.SuggestionItems {
		out.Suggestions.Items[i] = s.toSuggestionSummary(r)
	}
	out.Hearings = analysisHearings{Held: a.HearingsHeld, Public: a.HearingsPublic, Items: make([]caseHearingRef, len(a.Hearings))}
	for i, h := range a.Hearings {
		out.Hearings.Items[i] = caseHearingRef{ID: h.ID, Title: h.Title, Kind: h.Kind, Status: h.Status, StartsAt: inShanghai(h.StartsAt)}
	}
	return out
}
