package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"procura/app/indicators"
	"procura/app/store"
	"procura/domain"
)

type overdueSuggestion struct {
	ID            int64   `json:"id"`
	DocNo         *string `json:"doc_no"`
	Title         string  `json:"title"`
	Unit          unitRef `json:"unit"`
	RecipientName string  `json:"recipient_name"`
	ReplyDueOn    string  `json:"reply_due_on"`
	DaysOverdue   int     `json:"days_overdue"`
	// Followups counts the follow-ups (跟踪督促) so far; LastFollowupOn is
	// the date of the last, null when there was none.
	Followups      int64   `json:"followups"`
	LastFollowupOn *string `json:"last_followup_on"`
}

type categoryVolume struct {
	Code    string `json:"code"`
	NameZh  string `json:"name_zh"`
	NameEn  string `json:"name_en"`
	Cases   int64  `json:"cases"`
	Persons int64  `json:"persons"`
}

type unitHearings struct {
	Unit   unitRef `json:"unit"`
	Held   int64   `json:"held"`
	Public int64   `json:"public"`
}

type scoringDTO struct {
	Enabled    bool               `json:"enabled"`
	Weights    map[string]float64 `json:"weights"`
	References map[string]float64 `json:"references"`
}

type bimonthlyReport struct {
	Unit               unitRef             `json:"unit"`
	Year               int                 `json:"year"`
	Bimonth            int                 `json:"bimonth"`
	Period             periodInfo          `json:"period"`
	Previous           periodInfo          `json:"previous"`
	YearBefore         periodInfo          `json:"year_before"` // 同比
	Indicators         []indicatorResponse `json:"indicators"`
	Rows               []unitIndicatorRow  `json:"rows"`
	OverdueSuggestions []overdueSuggestion `json:"overdue_suggestions"`
	HearingsHeld       []unitHearings      `json:"hearings_held"`
	TopCategories      []categoryVolume    `json:"top_categories"`
	Scoring            scoringDTO          `json:"scoring"`
	// Summaries are the written paragraphs, one per indicator, generated
	// from the figures; a snapshot keeps them as edited before saving.
	Summaries []indicatorSummary `json:"summaries"`
	// OverdueAsOf is the day the overdue days are counted to: the day
	// after the period, or today while it runs.
	OverdueAsOf string    `json:"overdue_as_of" format:"date"`
	GeneratedAt time.Time `json:"generated_at"`
	// AsOf is the time of the data the report reflects (see
	// classCaseAnalysis.AsOf); before GeneratedAt when a read replica
	// lagged.
	AsOf time.Time `json:"as_of"`
}

type indicatorSummary struct {
	Code string `json:"code"`
	Text string `json:"text"`
	// Edited is true when the text was changed before the snapshot was
	// saved.
	Edited bool `json:"edited"`
}

type snapshotRequest struct {
	UnitID  int64 `json:"unit_id"`
	Year    int   `json:"year"`
	Bimonth int   `json:"bimonth"`
	// Summaries replace the generated paragraphs, by indicator code; an
	// indicator left out (or given blank text) keeps the generated one.
	Summaries map[string]string `json:"summaries,omitempty"`
}

// maxSummaryLength bounds an edited summary paragraph, in characters.
const maxSummaryLength = 2000

// applySummaries puts the edited paragraphs into rep, refusing codes the
// report does not hold and texts too long.
func applySummaries(rep *bimonthlyReport, edits map[string]string) error {
	var v domain.Validator
	codes := make([]string, 0, len(edits))
	for code := range edits {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		text := strings.TrimSpace(edits[code])
		i := slices.IndexFunc(rep.Summaries, func(x indicatorSummary) bool { return x.Code == code })
		switch {
		case i < 0:
			v.Add(domain.Field("summaries."+code, "unknown", "No indicator with this code in the report.", "报告中没有该指标。"))
		case utf8.RuneCountInString(text) > maxSummaryLength:
			v.Add(domain.TooLong("summaries."+code, maxSummaryLength))
		case text != "" && text != rep.Summaries[i].Text:
			rep.Summaries[i].Text, rep.Summaries[i].Edited = text, true
		}
	}
	return v.Err()
}

type snapshotSummary struct {
	ID          int64     `json:"id"`
	Unit        unitRef   `json:"unit"`
	Year        int       `json:"year"`
	Bimonth     int       `json:"bimonth"`
	ContentHash string    `json:"content_hash"`
	CreatedBy   personRef `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

type snapshotResponse struct {
	snapshotSummary
	IndicatorVersions map[string]int  `json:"indicator_versions"`
	Report            bimonthlyReport `json:"report"`
}

var reportQuery = []string{"unit_id:integer", "year:integer", "bimonth:integer"}

func (s *Server) registerReportRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/reports/bimonthly", Tag: "reports", Access: Access{Resource: "report", Action: "read", Targeted: true},
		Summary: "The two-monthly business-data analysis report (业务数据分析研判报告) of a unit", Query: reportQuery,
		Response: bimonthlyReport{}, Handler: s.getBimonthlyReport})
	s.add(g, Route{Method: http.MethodGet, Path: "/reports/bimonthly/export.xlsx", Tag: "reports", Access: Access{Resource: "report", Action: "read", Targeted: true},
		Summary: "The two-monthly report as an XLSX workbook", Query: reportQuery, Handler: s.exportBimonthlyReport, Produces: xlsxType})
	s.add(g, Route{Method: http.MethodGet, Path: "/reports/scoring", Tag: "reports", Access: Access{Resource: "indicator", Action: "read"},
		Summary: "The weighted-score option of reports (off by default)", Response: scoringDTO{}, Handler: s.getScoring})
	s.add(g, Route{Method: http.MethodPut, Path: "/reports/scoring", Tag: "reports", Access: Access{Resource: "report", Action: "configure"},
		Summary: "Set the weighted-score option: enabled, weights and reference values by indicator code", Body: scoringDTO{},
		Response: scoringDTO{}, Handler: s.putScoring})
	s.add(g, Route{Method: http.MethodPost, Path: "/reports/snapshots", Tag: "reports", Access: Access{Resource: "report", Action: "snapshot", Targeted: true},
		Summary: "Freeze a two-monthly report with its indicator versions and a content hash", Body: snapshotRequest{},
		Response: snapshotResponse{}, Status: http.StatusCreated, Handler: s.createSnapshot})
	s.add(g, Route{Method: http.MethodGet, Path: "/reports/snapshots", Tag: "reports", Access: Access{Resource: "report", Action: "read"},
		Summary: "Frozen reports of units in the caller's scope, newest first", Query: []string{"unit_id:integer", "limit:integer", "cursor"},
		Response: listResponse[snapshotSummary]{}, Handler: s.listSnapshots})
	s.add(g, Route{Method: http.MethodGet, Path: "/reports/snapshots/:id", Tag: "reports", Access: Access{Resource: "report", Action: "read", Targeted: true},
		Summary: "A frozen report, exactly as it was saved", Response: snapshotResponse{}, Handler: s.getSnapshot})
}

// reportParams reads unit_id (default the caller's), year and bimonth
// (default: the latest two-month period that has ended).
func (s *Server) reportParams(c echo.Context, unitID int64, year, bimonth int) (domain.Unit, domain.ReportPeriod, error) {
	if year == 0 && bimonth == 0 {
		last := domain.PeriodOf(domain.PeriodBimonth, s.today()).Previous()
		year, bimonth = last.From.Year(), last.Number()
	}
	var v domain.Validator
	v.Check(year >= 2000 && year <= 2100, domain.Field("year", "invalid", "Expected a year from 2000 to 2100.", "年份应在 2000 至 2100 之间。"))
	v.Check(bimonth >= 1 && bimonth <= 6, domain.Field("bimonth", "invalid", "bimonth is 1 (Jan–Feb) to 6 (Nov–Dec).", "双月序号应为 1（1–2月）至 6（11–12月）。"))
	if err := v.Err(); err != nil {
		return domain.Unit{}, domain.ReportPeriod{}, err
	}
	if unitID == 0 {
		unitID = caller(c).User.UnitID
	}
	u, err := s.targetUnit(c, unitID, "report", "read")
	return u, domain.BimonthPeriod(year, bimonth), err
}

func queryInt(c echo.Context, name string, v *domain.Validator) int {
	q := c.QueryParam(name)
	if q == "" {
		return 0
	}
	n, err := strconv.Atoi(q)
	if err != nil {
		v.Add(domain.Field(name, "invalid", "Expected a whole number.", "应为整数。"))
	}
	return n
}

func (s *Server) reportFromQuery(c echo.Context) (bimonthlyReport, error) {
	var v domain.Validator
	unitID, year, bimonth := queryID(c, "unit_id", &v), queryInt(c, "year", &v), queryInt(c, "bimonth", &v)
	if err := v.Err(); err != nil {
		return bimonthlyReport{}, err
	}
	u, p, err := s.reportParams(c, unitID, year, bimonth)
	if err != nil {
		return bimonthlyReport{}, err
	}
	rep, _, err := s.buildReport(c, u, s.reportCut(c, u, p), true)
	return rep, err
}

// reportCut is what the caller's report covers: the unit with its
// subtree, or its own records when the caller's role does not reach below.
func (s *Server) reportCut(c echo.Context, u domain.Unit, p domain.ReportPeriod) indicators.Cut {
	return indicators.Cut{Unit: u, Period: p, Exact: !coversSubtree(s.authz.Scope(caller(c).User.ID, "report", "read"), u.Path)}
}

// buildReport computes the report over cut and the indicator versions it
// used, on a read replica when onReplica is true (for reading a report;
// a snapshot is frozen from the primary's data).
func (s *Server) buildReport(c echo.Context, u domain.Unit, cut indicators.Cut, onReplica bool) (bimonthlyReport, map[string]int, error) {
	lang := lang(c)
	var r indicators.Report
	read := func(ctx context.Context) (err error) {
		r, err = s.metricsEngine().BimonthlyReport(ctx, cut, s.readers(c), s.today(), lang)
		return err
	}
	var err error
	asOf := s.now().In(domain.Shanghai).Truncate(time.Second)
	if onReplica {
		asOf, err = s.onReplica(c, read)
	} else {
		err = read(c.Request().Context())
	}
	if err != nil {
		return bimonthlyReport{}, nil, err
	}
	p := cut.Period
	_, indResp := indicatorsOf(r.Indicators)
	out := bimonthlyReport{Unit: toUnitRef(u), Year: p.From.Year(), Bimonth: p.Number(),
		Period: toPeriodInfo(p, lang), Previous: toPeriodInfo(p.Previous(), lang),
		YearBefore: toPeriodInfo(p.YearBefore(), lang), Indicators: indResp,
		Rows: toUnitRows(r.Rows, lang), OverdueSuggestions: []overdueSuggestion{}, GeneratedAt: s.now().In(domain.Shanghai).Truncate(time.Second),
		Scoring: scoringDTO(r.Scoring), TopCategories: []categoryVolume{}, OverdueAsOf: r.AsOf.String(), Summaries: []indicatorSummary{},
		AsOf: asOf}
	for _, x := range indicators.Summaries(r.Rows, lang) {
		out.Summaries = append(out.Summaries, indicatorSummary{Code: x.Code, Text: x.Text})
	}
	for i := range out.Rows {
		if r.Scores != nil {
			out.Rows[i].Score, out.Rows[i].Rank = r.Scores[i], r.Ranks[i]
		}
	}
	for i, h := range r.Hearings {
		out.HearingsHeld = append(out.HearingsHeld, unitHearings{Unit: out.Rows[i].Unit, Held: h.Held, Public: h.Public})
	}
	for _, v := range r.Top {
		out.TopCategories = append(out.TopCategories, categoryVolume{Code: v.Category.Code, NameZh: v.Category.NameZh, NameEn: v.Category.NameEn,
			Cases: v.Cases, Persons: v.Persons})
	}
	for _, x := range r.Overdue {
		due := domain.DateOf(x.ReplyDueOn, time.UTC)
		o := overdueSuggestion{ID: x.ID, DocNo: x.DocNo, Title: x.Title,
			Unit:          toUnitRef(domain.Unit{ID: x.UnitID, Code: x.UnitCode, Name: x.UnitName, ShortName: x.UnitShortName, Level: domain.UnitLevel(x.UnitLevel)}),
			RecipientName: x.RecipientName, ReplyDueOn: due.String(), DaysOverdue: due.DaysUntil(r.AsOf), Followups: x.Followups}
		if x.LastFollowUpOn != nil {
			last := domain.DateOf(*x.LastFollowUpOn, time.UTC).String()
			o.LastFollowupOn = &last
		}
		out.OverdueSuggestions = append(out.OverdueSuggestions, o)
	}
	return out, r.Versions, nil
}

func (s *Server) getBimonthlyReport(c echo.Context) error {
	rep, err := s.reportFromQuery(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

func (s *Server) getScoring(c echo.Context) error {
	sc, err := s.reports.Scoring(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, scoringDTO(sc))
}

func (s *Server) putScoring(c echo.Context) error {
	var req scoringDTO
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Weights == nil {
		req.Weights = map[string]float64{}
	}
	if req.References == nil {
		req.References = map[string]float64{}
	}
	ctx := c.Request().Context()
	recs, err := s.reports.Indicators(ctx, true)
	if err != nil {
		return err
	}
	known := func(code string) bool {
		return slices.ContainsFunc(recs, func(r store.IndicatorRecord) bool { return r.Code == code })
	}
	if err := domain.ValidateScoring(domain.Scoring{Enabled: req.Enabled, Weights: req.Weights, References: req.References}, known); err != nil {
		return err
	}
	if err := s.reports.SetScoring(ctx, store.ScoringSettings(req)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, req)
}

func (s *Server) createSnapshot(c echo.Context) error {
	var req snapshotRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var v domain.Validator
	v.Check(req.UnitID > 0, domain.Required("unit_id"))
	if err := v.Err(); err != nil {
		return err
	}
	u, p, err := s.reportParams(c, req.UnitID, req.Year, req.Bimonth)
	if err != nil {
		return err
	}
	if err := s.authorize(c, "report", "snapshot", u); err != nil {
		return err
	}
	cut := s.reportCut(c, u, p)
	rep, versions, err := s.buildReport(c, u, cut, false)
	if err != nil {
		return err
	}
	if err := applySummaries(&rep, req.Summaries); err != nil {
		return err
	}
	content, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(content)
	rec, err := s.reports.CreateSnapshot(c.Request().Context(), store.Snapshot{UnitID: u.ID, Year: p.From.Year(), Bimonth: p.Number(), Exact: cut.Exact,
		ContentHash: hex.EncodeToString(sum[:]), IndicatorVersions: versions, Report: content, CreatedBy: caller(c).User.ID})
	if err != nil {
		return err
	}
	return s.respondSnapshot(c, http.StatusCreated, rec)
}

func toSnapshotSummary(r store.Snapshot) snapshotSummary {
	return snapshotSummary{ID: r.ID, Unit: toUnitRef(r.Unit), Year: r.Year, Bimonth: r.Bimonth, ContentHash: r.ContentHash,
		CreatedBy: personRef{ID: r.CreatedBy, Name: r.CreatorName}, CreatedAt: r.CreatedAt.In(domain.Shanghai)}
}

func (s *Server) respondSnapshot(c echo.Context, status int, r store.Snapshot) error {
	out := snapshotResponse{snapshotSummary: toSnapshotSummary(r), IndicatorVersions: r.IndicatorVersions}
	if err := json.Unmarshal(r.Report, &out.Report); err != nil {
		return fmt.Errorf("snapshot %d: %w", r.ID, err)
	}
	return c.JSON(status, out)
}

func (s *Server) listSnapshots(c echo.Context) error {
	limit, before, err := pageParams(c)
	if err != nil {
		return err
	}
	var v domain.Validator
	unitID := queryID(c, "unit_id", &v)
	if err := v.Err(); err != nil {
		return err
	}
	path := ""
	if unitID != 0 {
		u, err := s.targetUnit(c, unitID, "report", "read")
		if err != nil {
			return err
		}
		path = u.Path
	}
	recs, err := s.reports.ListSnapshots(c.Request().Context(), s.authz.Scope(caller(c).User.ID, "report", "read"), path, before, limit)
	if err != nil {
		return err
	}
	out := listResponse[snapshotSummary]{Items: make([]snapshotSummary, len(recs))}
	for i, r := range recs {
		out.Items[i] = toSnapshotSummary(r)
	}
	if len(recs) > 0 {
		out.NextCursor = nextCursor(len(recs), limit, recs[len(recs)-1].ID)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getSnapshot(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	rec, err := s.reports.GetSnapshot(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if err := s.authorize(c, "report", "read", rec.Unit); err != nil {
		return err
	}
	if !rec.Exact && !coversSubtree(s.authz.Scope(caller(c).User.ID, "report", "read"), rec.Unit.Path) {
		// It shows the units below, which the caller cannot see.
		return s.denied(c, domain.ErrForbidden, "report", rec.UnitID)
	}
	return s.respondSnapshot(c, http.StatusOK, rec)
}
