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

type indicatorResponse struct {
	Code        string   `json:"code"`
	Version     int      `json:"version"`
	NameZh      string   `json:"name_zh"`
	NameEn      string   `json:"name_en"`
	Numerator   string   `json:"numerator"`
	Denominator string   `json:"denominator"`
	Direction   string   `json:"direction" enum:"direction"`
	Unit        string   `json:"unit" enum:"indicator_unit"`
	Reference   *float64 `json:"reference,omitempty"` // absent or null: no reference value
	FormulaZh   string   `json:"formula_zh"`
	FormulaEn   string   `json:"formula_en"`
	Builtin     bool     `json:"builtin"`
	Active      bool     `json:"active"`
	UpdatedAt   string   `json:"updated_at"`
}

type indicatorList struct {
	Items []indicatorResponse `json:"items"`
}

type indicatorRequest struct {
	Code        *string  `json:"code,omitempty"`
	NameZh      string   `json:"name_zh"`
	NameEn      string   `json:"name_en"`
	Numerator   string   `json:"numerator"`
	Denominator string   `json:"denominator"`
	Direction   string   `json:"direction" enum:"direction"`
	Unit        string   `json:"unit" enum:"indicator_unit"`
	Reference   *float64 `json:"reference,omitempty"` // absent or null: no reference value
	FormulaZh   string   `json:"formula_zh"`
	FormulaEn   string   `json:"formula_en"`
	Active      *bool    `json:"active,omitempty"`
}

type quantityInfo struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

type quantityList struct {
	Items []quantityInfo `json:"items"`
}

type periodInfo struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label"`
}

func toPeriodInfo(p domain.ReportPeriod, lang string) periodInfo {
	return periodInfo{From: p.From.String(), To: p.To.String(), Label: p.Label(lang)}
}

// figure is one indicator's value in one cut, with what it is made of.
type figure struct {
	Numerator     int64    `json:"numerator"`
	Denominator   int64    `json:"denominator"`
	Value         *float64 `json:"value"`
	PreviousValue *float64 `json:"previous_value"`
	Change        *float64 `json:"change"`
	Better        *bool    `json:"better"`
	Display       string   `json:"display"`
	ChangeDisplay string   `json:"change_display"`
}

type metricRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	figure
}

type metricsResponse struct {
	Indicator indicatorResponse `json:"indicator"`
	Period    periodInfo        `json:"period"`
	Previous  periodInfo        `json:"previous"`
	GroupBy   string            `json:"group_by" enum:"group_by"`
	Rows      []metricRow       `json:"rows"`
	// AsOf is the time of the data the figures reflect (see
	// classCaseAnalysis.AsOf).
	AsOf time.Time `json:"as_of"`
}

func (s *Server) registerIndicatorRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/indicators", Tag: "indicators", Access: Access{Resource: "indicator", Action: "read"},
		Summary: "The indicator catalogue, current versions (inactive ones with all=true)", Query: []string{"all:boolean"},
		Response: indicatorList{}, Handler: s.listIndicators})
	s.add(g, Route{Method: http.MethodGet, Path: "/indicators/quantities", Tag: "indicators", Access: Access{Resource: "indicator", Action: "read"},
		Summary: "The countable quantities that numerators and denominators are composed of", Response: quantityList{}, Handler: s.listQuantities})
	s.add(g, Route{Method: http.MethodPost, Path: "/indicators", Tag: "indicators", Access: Access{Resource: "indicator", Action: "manage"},
		Summary: "Add an indicator to the catalogue", Body: indicatorRequest{}, Response: indicatorResponse{}, Status: http.StatusCreated,
		Handler: s.createIndicator})
	s.add(g, Route{Method: http.MethodPut, Path: "/indicators/:code", Tag: "indicators", Access: Access{Resource: "indicator", Action: "manage"},
		Summary: "Revise an indicator: a new version; earlier versions stay for past reports", Body: indicatorRequest{},
		Response: indicatorResponse{}, Handler: s.reviseIndicator})
	s.add(g, Route{Method: http.MethodGet, Path: "/metrics", Tag: "indicators", Access: Access{Resource: "metric", Action: "read", Targeted: true},
		Summary:  "One indicator over a unit subtree and period, optionally by category or prosecutor, grouped, with the previous period",
		Query:    []string{"indicator", "unit_id:integer", "from:date", "to:date", "category", "prosecutor", "group_by", "compare"},
		Response: metricsResponse{}, Handler: s.getMetrics})
}

func toIndicatorResponse(r store.IndicatorRecord) indicatorResponse {
	return indicatorResponse{Code: r.Code, Version: r.Version, NameZh: r.NameZh, NameEn: r.NameEn, Numerator: r.Numerator.String(),
		Denominator: r.Denominator.String(), Direction: string(r.Direction), Unit: string(r.Unit), Reference: r.Reference,
		FormulaZh: r.FormulaZh, FormulaEn: r.FormulaEn, Builtin: r.Builtin, Active: r.Active, UpdatedAt: r.UpdatedAt.In(domain.Shanghai).Format(time.RFC3339)}
}

func (s *Server) listIndicators(c echo.Context) error {
	var v domain.Validator
	all := queryBool(c, "all", &v)
	if err := v.Err(); err != nil {
		return err
	}
	recs, err := s.reports.Indicators(c.Request().Context(), all != nil && *all)
	if err != nil {
		return err
	}
	out := indicatorList{Items: make([]indicatorResponse, len(recs))}
	for i, r := range recs {
		out.Items[i] = toIndicatorResponse(r)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) listQuantities(c echo.Context) error {
	qs := domain.Quantities()
	out := quantityList{Items: make([]quantityInfo, len(qs))}
	for i, q := range qs {
		out.Items[i] = quantityInfo{Code: string(q), NameZh: q.NameZh(), NameEn: q.NameEn()}
	}
	return c.JSON(http.StatusOK, out)
}

// readIndicator parses a catalogue request; code comes from the path on a
// revision.
func readIndicator(req indicatorRequest, code string) (domain.Indicator, error) {
	var v domain.Validator
	ind := domain.Indicator{Code: code, NameZh: strings.TrimSpace(req.NameZh), NameEn: strings.TrimSpace(req.NameEn),
		Direction: domain.Direction(req.Direction), Unit: domain.IndicatorUnit(req.Unit), Reference: req.Reference,
		FormulaZh: strings.TrimSpace(req.FormulaZh), FormulaEn: strings.TrimSpace(req.FormulaEn)}
	for _, f := range []struct {
		name string
		text string
		dst  *domain.Expr
	}{{"numerator", req.Numerator, &ind.Numerator}, {"denominator", req.Denominator, &ind.Denominator}} {
		e, err := domain.ParseExpr(f.text)
		if err != nil {
			if de, ok := domain.AsError(err); ok {
				for _, fe := range de.Fields {
					fe.Field = f.name
					v.Add(fe)
				}
				if len(de.Fields) == 0 {
					v.Add(domain.Field(f.name, de.Code, de.Message, de.MessageZh))
				}
				continue
			}
			return ind, err
		}
		*f.dst = e
	}
	if err := v.Err(); err != nil {
		return ind, err
	}
	return ind, domain.ValidateIndicator(ind)
}

func (s *Server) createIndicator(c echo.Context) error {
	var req indicatorRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	code := ""
	if req.Code != nil {
		code = strings.TrimSpace(*req.Code)
	}
	ind, err := readIndicator(req, code)
	if err != nil {
		return err
	}
	rec, err := s.reports.SaveIndicator(c.Request().Context(), ind, req.Active == nil || *req.Active, true, caller(c).User.ID)
	if err != nil {
		if isConflict(err) {
			return domain.Invalid(domain.Field("code", "taken", "An indicator with this code exists; revise it instead.", "该指标代码已存在，请修订原指标。"))
		}
		return err
	}
	return c.JSON(http.StatusCreated, toIndicatorResponse(rec))
}

func (s *Server) reviseIndicator(c echo.Context) error {
	var req indicatorRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	code := c.Param("code")
	if req.Code != nil && *req.Code != code {
		return domain.Invalid(domain.Field("code", "immutable", "The code cannot change; add a new indicator instead.", "指标代码不可修改，请新增指标。"))
	}
	ctx := c.Request().Context()
	cur, err := s.reports.Indicator(ctx, code)
	if err != nil {
		return err
	}
	ind, err := readIndicator(req, code)
	if err != nil {
		return err
	}
	active := cur.Active
	if req.Active != nil {
		active = *req.Active
	}
	rec, err := s.reports.SaveIndicator(ctx, ind, active, false, caller(c).User.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIndicatorResponse(rec))
}

// metricsCut reads the unit (default the caller's), the period and the
// category and prosecutor filters shared by metrics, analysis and reports,
// and authorises resource:read on the unit.
func (s *Server) metricsCut(c echo.Context, resource string, needPeriod bool) (indicators.Cut, error) {
	var v domain.Validator
	unitID := queryID(c, "unit_id", &v)
	from, to := queryDate(c, "from", &v), queryDate(c, "to", &v)
	cut := indicators.Cut{Category: c.QueryParam("category")}
	cut.ProsecutorID, cut.ProsecutorName = prosecutorParam(c)
	switch c.QueryParam("compare") {
	case "", "previous":
	case "year_ago":
		cut.CompareYearAgo = true
	default:
		v.Add(domain.Field("compare", "invalid", "compare is previous (the period before, of the same length) or year_ago (the same period a year earlier).",
			"compare 应为 previous（之前同样长的期间）或 year_ago（上年同期）。"))
	}
	if needPeriod {
		if err := v.Err(); err != nil {
			return cut, err
		}
		p, err := indicators.DetectPeriod(from, to)
		if err != nil {
			return cut, err
		}
		cut.Period = p
	}
	if err := v.Err(); err != nil {
		return cut, err
	}
	if unitID == 0 {
		unitID = caller(c).User.UnitID
	}
	u, err := s.targetUnit(c, unitID, resource, "read")
	if err != nil {
		return cut, err
	}
	cut.Unit = u
	cut.Exact = !coversSubtree(s.authz.Scope(caller(c).User.ID, resource, "read"), u.Path)
	if cut.Category != "" {
		if err := s.knownCategory(c, cut.Category); err != nil {
			return cut, err
		}
	}
	return cut, nil
}

// coversSubtree reports whether scope reaches every unit below path, not
// only path itself.
func coversSubtree(scope domain.Scope, path string) bool {
	for _, p := range scope.Patterns {
		if root, ok := strings.CutSuffix(p, "/*"); ok && domain.InSubtree(path, root) {
			return true
		}
	}
	return false
}

// knownCategory refuses a category code that does not exist (an inactive
// one still has its history).
func (s *Server) knownCategory(c echo.Context, code string) error {
	cats, err := s.reports.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	for _, x := range cats {
		if x.Code == code {
			return nil
		}
	}
	return domain.Invalid(domain.Field("category", "invalid", "Unknown class-case category.", "未知的类案类别。"))
}

func (s *Server) getMetrics(c echo.Context) error {
	code := c.QueryParam("indicator")
	if code == "" {
		return domain.Invalid(domain.Required("indicator"))
	}
	group := indicators.GroupBy(c.QueryParam("group_by"))
	if !group.Valid() {
		return domain.Invalid(domain.Field("group_by", "invalid", "group_by is unit, category, prosecutor, month or bimonth.",
			"group_by 应为 unit、category、prosecutor、month 或 bimonth。"))
	}
	cut, err := s.metricsCut(c, "metric", true)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ind, err := s.reports.Indicator(ctx, code)
	if err != nil {
		if isNotFound(err) {
			return domain.Invalid(domain.Field("indicator", "unknown", "Unknown indicator.", "未知的指标。"))
		}
		return err
	}
	lang := lang(c)
	var rows []indicators.Row
	asOf, err := s.onReplica(c, func(ctx context.Context) (err error) {
		rows, err = s.metricsEngine().Table(ctx, []domain.Indicator{ind.Indicator}, cut, group, lang)
		return err
	})
	if err != nil {
		return err
	}
	prev := cut.Compared()
	out := metricsResponse{Indicator: toIndicatorResponse(ind), GroupBy: string(group),
		Period: toPeriodInfo(cut.Period, lang), Previous: toPeriodInfo(prev, lang), Rows: make([]metricRow, len(rows)), AsOf: asOf}
	for i, r := range rows {
		out.Rows[i] = metricRow{Key: r.Key, Label: r.Label, figure: toFigure(r.Cells[0], lang)}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) metricsEngine() *indicators.Engine { return &indicators.Engine{DB: s.reports} }

func toFigure(cell indicators.Cell, lang string) figure {
	f := figure{Numerator: cell.Current.Numerator, Denominator: cell.Current.Denominator,
		Value: cell.Current.Value, PreviousValue: cell.Previous.Value, Change: cell.Change, Better: cell.Better,
		Display: domain.FormatValue(cell.Indicator, cell.Current.Value, lang), ChangeDisplay: domain.FormatChange(cell.Indicator, cell.Change, lang)}
	if !strings.HasPrefix(f.ChangeDisplay, "+") && !strings.HasPrefix(f.ChangeDisplay, "-") {
		f.Better = nil // a change that shows as none is neither better nor worse
	}
	return f
}
