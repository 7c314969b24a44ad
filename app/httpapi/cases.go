package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type caseProsecutor struct {
	ID   *int64 `json:"id"`
	Name string `json:"name"`
}

type caseSummary struct {
	ID          int64          `json:"id"`
	UnifiedNo   string         `json:"unified_no"`
	DeptNo      string         `json:"dept_no"`
	Unit        unitRef        `json:"unit"`
	CaseType    string         `json:"case_type"`
	Category    string         `json:"category"`
	Prosecutor  caseProsecutor `json:"prosecutor"`
	ReceivedOn  string         `json:"received_on"`
	Persons     int            `json:"persons"`
	Stage       string         `json:"stage" enum:"case_event,empty"`
	EventsCount int            `json:"events_count"`
}

type caseEventResponse struct {
	ID         int64  `json:"id"`
	Event      string `json:"event" enum:"case_event"`
	OccurredOn string `json:"occurred_on"`
	Persons    int    `json:"persons"`
}

type caseSuggestionRef struct {
	ID     int64   `json:"id"`
	DocNo  *string `json:"doc_no"`
	Title  string  `json:"title"`
	Status string  `json:"status" enum:"suggestion_status"`
}

type caseHearingRef struct {
	ID       int64      `json:"id"`
	Title    string     `json:"title"`
	Kind     string     `json:"kind" enum:"hearing_kind"`
	Status   string     `json:"status" enum:"hearing_status"`
	StartsAt *time.Time `json:"starts_at"`
}

type caseResponse struct {
	caseSummary
	Events      []caseEventResponse `json:"events"`
	Suggestions []caseSuggestionRef `json:"suggestions"`
	Hearings    []caseHearingRef    `json:"hearings"`
}

type caseRequest struct {
	UnifiedNo  string `json:"unified_no"`
	DeptNo     string `json:"dept_no"`
	UnitID     int64  `json:"unit_id"`
	CaseType   string `json:"case_type"`
	Category   string `json:"category"`
	Prosecutor string `json:"prosecutor"`
	ReceivedOn string `json:"received_on"`
	Persons    int    `json:"persons"`
}

type caseEventRequest struct {
	Event      string `json:"event" enum:"case_event"`
	OccurredOn string `json:"occurred_on"`
	Persons    int    `json:"persons"`
}

var caseListQuery = []string{"unit_id:integer", "category", "prosecutor", "received_from:date", "received_to:date", "q", "limit:integer", "cursor",
	"offset:integer", "sort"}

func (s *Server) registerCaseRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/cases", Tag: "cases", Access: Access{Resource: "case", Action: "read"},
		Summary: "Cases in the caller's scope, newest first or sorted (sort: received_on, persons; -key descending), with the total", Query: caseListQuery,
		Response: pageResponse[caseSummary]{}, Handler: s.listCases})
	s.add(g, Route{Method: http.MethodPost, Path: "/cases", Tag: "cases", Access: Access{Resource: "case", Action: "create", Targeted: true},
		Summary: "Record a case (in the caller's unit unless unit_id names another)", Body: caseRequest{},
		Response: caseResponse{}, Status: http.StatusCreated, Handler: s.createCase})
	s.add(g, Route{Method: http.MethodGet, Path: "/cases/:id", Tag: "cases", Access: Access{Resource: "case", Action: "read", Targeted: true},
		Summary: "One case with its events and the suggestions and hearings that name it", Response: caseResponse{}, Handler: s.getCase})
	s.add(g, Route{Method: http.MethodPost, Path: "/cases/:id/events", Tag: "cases", Access: Access{Resource: "case", Action: "create", Targeted: true},
		Summary: "Record a procedural step or outcome of a case", Body: caseEventRequest{}, Response: caseEventResponse{},
		Status: http.StatusCreated, Handler: s.addCaseEvent})
}

func toCaseSummary(r store.CaseRecord) caseSummary {
	return caseSummary{ID: r.ID, UnifiedNo: r.UnifiedNo, DeptNo: r.DeptNo, Unit: toUnitRef(r.Unit()), CaseType: r.CaseType,
		Category: r.Category, Prosecutor: caseProsecutor{ID: r.ProsecutorID, Name: r.ProsecutorName}, ReceivedOn: r.ReceivedOn.String(),
		Persons: r.Persons, Stage: r.Stage, EventsCount: r.EventsCount}
}

func toCaseEvent(e store.CaseEventRecord) caseEventResponse {
	return caseEventResponse{ID: e.ID, Event: string(e.Event), OccurredOn: e.OccurredOn.String(), Persons: e.Persons}
}

// queryDate reads an optional YYYY-MM-DD query parameter.
func queryDate(c echo.Context, name string, v *domain.Validator) domain.Date {
	return v.Date(name, c.QueryParam(name))
}

// prosecutorParam reads the prosecutor filter: an account id, or a name
// kept as text.
func prosecutorParam(c echo.Context) (id int64, name string) {
	p := strings.TrimSpace(c.QueryParam("prosecutor"))
	if n, err := strconv.ParseInt(p, 10, 64); err == nil && n > 0 {
		return n, ""
	}
	return 0, p
}

func (s *Server) listCases(c echo.Context) error {
	page, err := listPageParams(c, store.CaseSorts)
	if err != nil {
		return err
	}
	var v domain.Validator
	f := store.CaseFilter{Scope: s.authz.Scope(caller(c).User.ID, "case", "read"), Category: c.QueryParam("category"),
		Q: c.QueryParam("q"), ReceivedFrom: queryDate(c, "received_from", &v), ReceivedTo: queryDate(c, "received_to", &v),
		BeforeID: page.BeforeID, Limit: page.Limit, Offset: page.Offset, Sort: page.Sort, After: page.After}
	f.ProsecutorID, f.ProsecutorName = prosecutorParam(c)
	unitID := queryID(c, "unit_id", &v)
	if err := v.Err(); err != nil {
		return err
	}
	if unitID != 0 {
		u, err := s.targetUnit(c, unitID, "case", "read")
		if err != nil {
			return err
		}
		f.UnitPath = u.Path
	}
	ctx := store.WithListMemo(c.Request().Context()) // the list and its total resolve the units and estimate once
	recs, err := s.cases.ListCases(ctx, f)
	if err != nil {
		return err
	}
	return writeListPage(ctx, c, page, recs, toCaseSummary, func(r store.CaseRecord) (int64, *string) {
		return r.ID, store.CaseSortValue(r, page.Sort.Key)
	}, func(ctx context.Context) (store.ListTotal, error) {
		return s.cases.CountCases(ctx, f)
	})
}

// targetCase loads a case and authorises act in its unit.
func (s *Server) targetCase(c echo.Context, act string) (store.CaseRecord, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return store.CaseRecord{}, err
	}
	rec, err := s.cases.GetCase(c.Request().Context(), id)
	if err != nil {
		return store.CaseRecord{}, err
	}
	return rec, s.authorize(c, "case", act, rec.Unit())
}

// getCase reads the whole page in one statement, then authorises the read
// on the case's unit, as targetCase does; the linked suggestions and
// hearings are those of the caller's scopes for each.
func (s *Server) getCase(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.caseDetail(c, id)
	if err != nil {
		return err
	}
	if err := s.authorize(c, "case", "read", d.Unit()); err != nil {
		return err
	}
	return writeCase(c, http.StatusOK, d)
}

func (s *Server) caseDetail(c echo.Context, id int64) (store.CaseDetail, error) {
	uid := caller(c).User.ID
	return s.cases.GetCaseDetail(c.Request().Context(), id, s.authz.Scope(uid, "suggestion", "read"), s.authz.Scope(uid, "hearing", "read"))
}

// respondCase answers the full case after a change: its page as it now
// stands.
func (s *Server) respondCase(c echo.Context, status int, rec store.CaseRecord) error {
	d, err := s.caseDetail(c, rec.ID)
	if err != nil {
		return err
	}
	return writeCase(c, status, d)
}

func writeCase(c echo.Context, status int, d store.CaseDetail) error {
	out := caseResponse{caseSummary: toCaseSummary(d.CaseRecord), Events: make([]caseEventResponse, len(d.Events)),
		Suggestions: make([]caseSuggestionRef, len(d.Suggestions)), Hearings: make([]caseHearingRef, len(d.Hearings))}
	for i, e := range d.Events {
		out.Events[i] = toCaseEvent(e)
	}
	for i, x := range d.Suggestions {
		out.Suggestions[i] = caseSuggestionRef{ID: x.ID, DocNo: x.DocNo, Title: x.Title, Status: x.Status}
	}
	for i, x := range d.Hearings {
		out.Hearings[i] = caseHearingRef{ID: x.ID, Title: x.Title, Kind: x.Kind, Status: x.Status, StartsAt: inShanghai(x.StartsAt)}
	}
	return c.JSON(status, out)
}

func inShanghai(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	x := t.In(domain.Shanghai)
	return &x
}

func (s *Server) createCase(c echo.Context) error {
	var req caseRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	unitID := req.UnitID
	if unitID == 0 {
		unitID = caller(c).User.UnitID
	}
	unit, err := s.targetUnit(c, unitID, "case", "create")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := domain.Case{UnifiedNo: strings.TrimSpace(req.UnifiedNo), DeptNo: strings.TrimSpace(req.DeptNo), CaseType: strings.TrimSpace(req.CaseType),
		Category: req.Category, Prosecutor: strings.TrimSpace(req.Prosecutor), Persons: req.Persons}
	var v domain.Validator
	in.ReceivedOn = v.Date("received_on", req.ReceivedOn)
	if err := v.Err(); err != nil {
		return err
	}
	if err := domain.ValidateCase(in, s.today()); err != nil {
		return err
	}
	if err := s.checkCategory(c, in.Category); err != nil {
		return err
	}
	rec := store.CaseInput{UnifiedNo: in.UnifiedNo, DeptNo: in.DeptNo, UnitID: unit.ID, CaseType: in.CaseType, Category: in.Category,
		ReceivedOn: in.ReceivedOn, Persons: in.Persons}
	accounts, err := s.cases.AccountsByUsername(ctx)
	if err != nil {
		return err
	}
	if id, ok := accounts[in.Prosecutor]; ok {
		rec.ProsecutorID = &id
	} else {
		rec.ProsecutorName = in.Prosecutor
	}
	created, err := s.cases.CreateCase(ctx, rec)
	if err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return domain.Invalid(domain.Field("unified_no", "taken", "A case with this unified number exists.", "该统一受案号的案件已存在。"))
		}
		return err
	}
	return s.respondCase(c, http.StatusCreated, created)
}

// checkCategory refuses an unknown or inactive class-case category.
func (s *Server) checkCategory(c echo.Context, code string) error {
	cats, err := s.cases.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	for _, x := range cats {
		if x.Code == code && x.Active {
			return nil
		}
	}
	return domain.Invalid(domain.Field("category", "invalid", "Unknown or inactive class-case category.", "类案类别不存在或已停用。"))
}

func (s *Server) addCaseEvent(c echo.Context) error {
	rec, err := s.targetCase(c, "create")
	if err != nil {
		return err
	}
	var req caseEventRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var v domain.Validator
	on := v.Date("occurred_on", req.OccurredOn)
	if err := v.Err(); err != nil {
		return err
	}
	ev := domain.CaseEvent(req.Event)
	if err := domain.ValidateCaseEvent(ev, on, rec.ReceivedOn, s.today(), req.Persons); err != nil {
		return err
	}
	ctx := c.Request().Context()
	e, err := s.cases.AddCaseEvent(ctx, rec.ID, ev, on, req.Persons)
	if err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return domain.Invalid(domain.Field("event", "duplicate", "This event is already recorded on that day.", "该事项在当日已有记录。"))
		}
		return err
	}
	// The event is recorded; a failed rebuild only delays the figures
	// until the periodic one.
	if err := s.cases.RefreshRollups(ctx); err != nil {
		s.log.Error("refresh roll-up", "request_id", requestID(c), "error", err)
	}
	return c.JSON(http.StatusCreated, toCaseEvent(e))
}
