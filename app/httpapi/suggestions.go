package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type recipientDTO struct {
	Name                string `json:"name"`
	Kind                string `json:"kind" enum:"recipient_kind"`
	Address             string `json:"address"`
	LegalRepresentative string `json:"legal_representative"`
	Phone               string `json:"phone"`
}

type itemDTO struct {
	No   int    `json:"no"` // ignored in requests: items are numbered in order
	Text string `json:"text"`
}

// suggestionRequest is the body of create and (with version) update.
type suggestionRequest struct {
	UnitID           int64        `json:"unit_id,omitempty"`
	Type             string       `json:"type" enum:"suggestion_type"`
	Category         string       `json:"category"`
	Title            string       `json:"title"`
	Recipient        recipientDTO `json:"recipient"`
	CopyTo           []string     `json:"copy_to"`
	CaseNumbers      []string     `json:"case_numbers"`
	Source           string       `json:"source"`
	Facts            string       `json:"facts"`
	Problems         string       `json:"problems"`
	Items            []itemDTO    `json:"items"`
	LegalBasis       string       `json:"legal_basis"`
	Urgent           bool         `json:"urgent"`
	CivilEnforcement bool         `json:"civil_enforcement"`
	Version          *int         `json:"version,omitempty"`
}

type personRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// suggestionSummary is a row of the list.
type suggestionSummary struct {
	ID                 int64     `json:"id"`
	Unit               unitRef   `json:"unit"`
	Type               string    `json:"type" enum:"suggestion_type"`
	Category           string    `json:"category"`
	Title              string    `json:"title"`
	RecipientName      string    `json:"recipient_name"`
	Status             string    `json:"status" enum:"suggestion_status"`
	DocNo              *string   `json:"doc_no"`
	ServedOn           *string   `json:"served_on"`
	ReplyDueOn         *string   `json:"reply_due_on"`
	DaysLeft           *int      `json:"days_left"`
	Overdue            bool      `json:"overdue"`
	HandlingProsecutor personRef `json:"handling_prosecutor"`
	UpdatedAt          time.Time `json:"updated_at"`
	Version            int       `json:"version"`

	// ReplyDueProvisional: reply_due_on lies in a year whose holidays are
	// not loaded (暂按未公布节假日计算); it may move when they are.
	ReplyDueProvisional bool `json:"reply_due_provisional"`
	// AllowedActions are the actions the caller may take now (the list's
	// 操作 column and batch actions show only these).
	AllowedActions []string `json:"allowed_actions" enum:"suggestion_action"`
}

type replyDTO struct {
	ID         int64  `json:"id"`
	ReceivedOn string `json:"received_on"`
	replyContent
	Late      bool       `json:"late"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
}

// replyContent is what a reply says, typed in by a clerk (replyDTO) or
// submitted through the recipient portal (pendingReplyResponse).
type replyContent struct {
	DocNo        string           `json:"doc_no"`
	Replier      string           `json:"replier"`
	Outcome      string           `json:"outcome" enum:"outcome"`
	ItemOutcomes []itemOutcomeDTO `json:"item_outcomes"`
	Measures     string           `json:"measures"`
	FundsYuan    int64            `json:"funds_yuan"`
	Personnel    int              `json:"personnel"`
	Interim      bool             `json:"interim"`
}

type itemOutcomeDTO struct {
	Item    int    `json:"item"`
	Outcome string `json:"outcome" enum:"outcome"`
}

type followUpDTO struct {
	ID        int64      `json:"id"`
	On        string     `json:"on"`
	Method    string     `json:"method" enum:"followup_method"`
	Findings  string     `json:"findings"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
}

type verificationDTO struct {
	ID                  int64      `json:"id"`
	On                  string     `json:"on"`
	Result              string     `json:"result" enum:"verification_result"`
	NonPerformanceCodes []string   `json:"non_performance_codes" enum:"non_performance_code"`
	Notes               string     `json:"notes"`
	CreatedAt           *time.Time `json:"created_at,omitempty"`
}

type transitionDTO struct {
	Action  string    `json:"action" enum:"suggestion_action"`
	From    string    `json:"from" enum:"suggestion_status"`
	To      string    `json:"to" enum:"suggestion_status"`
	Actor   personRef `json:"actor"`
	Opinion string    `json:"opinion"`
	At      time.Time `json:"at"`
}

// suggestionResponse is everything about one suggestion.
type suggestionResponse struct {
	suggestionSummary
	Recipient        recipientDTO         `json:"recipient"`
	CopyTo           []string             `json:"copy_to"`
	CaseNumbers      []string             `json:"case_numbers"`
	Source           string               `json:"source"`
	Facts            string               `json:"facts"`
	Problems         string               `json:"problems"`
	Items            []itemDTO            `json:"items"`
	LegalBasis       string               `json:"legal_basis"`
	Urgent           bool                 `json:"urgent"`
	CivilEnforcement bool                 `json:"civil_enforcement"`
	ServiceMethod    string               `json:"service_method" enum:"service_method,empty"`
	ObjectedOn       *string              `json:"objected_on"`
	PausedDays       int                  `json:"paused_days"`
	FilingDueOn      *string              `json:"filing_due_on"`
	FiledOn          *string              `json:"filed_on"`
	ExtensionMonths  int                  `json:"extension_months"`
	EscalationLevel  string               `json:"escalation_level" enum:"escalation_level,empty"`
	ClosedReason     string               `json:"closed_reason"`
	CreatedAt        time.Time            `json:"created_at"`
	Replies          []replyDTO           `json:"replies"`
	Followups        []followUpDTO        `json:"followups"`
	Verification     *verificationDTO     `json:"verification"`
	Verifications    []verificationDTO    `json:"verifications"`
	Approvals        []transitionDTO      `json:"approvals"`
	Transitions      []transitionDTO      `json:"transitions"`
	Attachments      []attachmentResponse `json:"attachments"`
	History          []auditEventResponse `json:"history"`
	// ReplyPeriod and FilingPeriod are the periods the server applies at
	// issue (from service), for the client's deadline previews.
	ReplyPeriod  periodDTO `json:"reply_period"`
	FilingPeriod periodDTO `json:"filing_period"`

	// FilingDueProvisional: as reply_due_provisional, for filing_due_on.
	FilingDueProvisional bool `json:"filing_due_provisional"`
}

// periodDTO is a statutory period: months or days (民法典 arts 200–203).
type periodDTO struct {
	Months int `json:"months"`
	Days   int `json:"days"`
}

type transitionRequest struct {
	Action        string `json:"action" enum:"transition_action"`
	Version       *int   `json:"version"` // required: the version the action was chosen on
	Opinion       string `json:"opinion,omitempty"`
	ServedOn      string `json:"served_on,omitempty"`
	ServiceMethod string `json:"service_method,omitempty" enum:"service_method"`
	On            string `json:"on,omitempty"`
	Months        int    `json:"months,omitempty"`
	FiledOn       string `json:"filed_on,omitempty"`
	Level         string `json:"level,omitempty" enum:"escalation_level"`
	Reason        string `json:"reason,omitempty"`
}

// suggestionFilterQuery are the filters of the list and the export; the
// export also takes ids (the rows selected) and the list a page.
var suggestionFilterQuery = []string{"status", "type", "category", "unit_id:integer", "overdue:boolean", "q", "due_before:date"}

func (s *Server) registerSuggestionRoutes(g *echo.Group) {
	read := Access{Resource: "suggestion", Action: "read"}
	s.add(g, Route{Method: http.MethodGet, Path: "/suggestions", Tag: "suggestions", Access: read,
		Summary: "Suggestions in the caller's scope, newest first or sorted (sort: served_on, reply_due_on, status, updated_at; -key descending), with the total",
		Query:   append(append([]string{}, suggestionFilterQuery...), pageQuery...), Response: pageResponse[suggestionSummary]{}, Handler: s.listSuggestions})
	s.add(g, Route{Method: http.MethodGet, Path: "/suggestions/export.xlsx", Tag: "suggestions", Access: read,
		Summary: "The filtered list (or the rows selected: ids) as an Excel workbook", Query: append(append([]string{}, suggestionFilterQuery...), "ids"),
		Handler: s.exportSuggestions, Produces: xlsxType})
	s.add(g, Route{Method: http.MethodGet, Path: "/suggestions/work", Tag: "suggestions", Access: read,
		Summary: "My work: drafts, awaiting my approval, due within 7 days, overdue", Response: workResponse{}, Handler: s.myWork})
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "create", Targeted: true},
		Summary: "Create a draft (in the caller's unit unless unit_id names another)", Body: suggestionRequest{},
		Response: suggestionResponse{}, Status: http.StatusCreated, Handler: s.createSuggestion})
	s.add(g, Route{Method: http.MethodGet, Path: "/suggestions/:id", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "read", Targeted: true},
		Summary:  "One suggestion with replies, follow-ups, verification, approvals, attachments and history",
		Response: suggestionResponse{}, Handler: s.getSuggestion})
	s.add(g, Route{Method: http.MethodGet, Path: "/suggestions/:id/letter.docx", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "read", Targeted: true},
		Summary: "The 检察建议书 as a Word document: as frozen on issue, or a watermarked draft before", Handler: s.getSuggestionLetter, Produces: docxType})
	s.add(g, Route{Method: http.MethodGet, Path: "/suggestions/:id/letter.html", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "read", Targeted: true},
		Summary: "The 检察建议书 as an A4 print view (the same text as letter.docx)", Handler: s.printSuggestionLetter, Produces: htmlType})
	s.add(g, Route{Method: http.MethodPatch, Path: "/suggestions/:id", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "edit", Targeted: true},
		Summary: "Edit a draft (with version)", Body: suggestionRequest{}, Response: suggestionResponse{}, Handler: s.updateSuggestion})
	s.add(g, Route{Method: http.MethodDelete, Path: "/suggestions/:id", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "delete", Targeted: true},
		Summary: "Delete a draft that was never issued (its author only)", Status: http.StatusNoContent, Handler: s.deleteSuggestion})
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/:id/transitions", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "transition", Targeted: true},
		Summary: "Take a lifecycle action (submit, recall, return, approve, issue, object, uphold, amend, withdraw, extend, file_upward, escalate, litigate, close)",
		Body:    transitionRequest{}, Response: suggestionResponse{}, Handler: s.transitionSuggestion})
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/:id/replies", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "reply", Targeted: true},
		Summary: "Record a written reply (复函)", Body: replyDTO{}, Response: replyDTO{}, Status: http.StatusCreated, Handler: s.addReply})
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/:id/followups", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "followup", Targeted: true},
		Summary: "Record a follow-up (跟踪督促) of an issued suggestion, before or after its reply", Body: followUpDTO{}, Response: followUpDTO{}, Status: http.StatusCreated, Handler: s.addFollowUp})
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/:id/verification", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "verify", Targeted: true},
		Summary: "Record the verification of rectification", Body: verificationDTO{}, Response: verificationDTO{}, Status: http.StatusCreated, Handler: s.addVerification})
}

func (s *Server) today() domain.Date { return domain.DateOf(s.now(), domain.Shanghai) }

// suggestionFilter reads the list filters shared by the list and the export.
func (s *Server) suggestionFilter(c echo.Context) (store.SuggestionFilter, error) {
	var v domain.Validator
	f := store.SuggestionFilter{Scope: s.authz.Scope(caller(c).User.ID, "suggestion", "read"), Today: s.today(),
		Type: c.QueryParam("type"), Category: c.QueryParam("category"), Q: strings.TrimSpace(c.QueryParam("q"))}
	if st := c.QueryParam("status"); st != "" {
		for _, x := range strings.Split(st, ",") {
			status := domain.SuggestionStatus(strings.TrimSpace(x))
			if !status.Valid() {
				v.Add(domain.Field("status", "invalid", "Unknown status "+string(status)+".", "未知状态："+string(status)+"。"))
			}
			f.Status = append(f.Status, status)
		}
	}
	if f.Type != "" && !domain.SuggestionType(f.Type).Valid() {
		v.Add(domain.Field("type", "invalid", "Unknown suggestion type.", "未知的检察建议类型。"))
	}
	if o := queryBool(c, "overdue", &v); o != nil {
		f.Overdue = *o
	}
	f.DueBefore = v.Date("due_before", c.QueryParam("due_before"))
	f.IDs = queryIDs(c, "ids", &v)
	unitID := queryID(c, "unit_id", &v)
	if err := v.Err(); err != nil {
		return f, err
	}
	if unitID != 0 {
		u, err := s.targetUnit(c, unitID, "suggestion", "read")
		if err != nil {
			return f, err
		}
		f.UnitPath = u.Path
	}
	return f, nil
}

func (s *Server) listSuggestions(c echo.Context) error {
	page, err := listPageParams(c, store.SuggestionSorts)
	if err != nil {
		return err
	}
	f, err := s.suggestionFilter(c)
	if err != nil {
		return err
	}
	f.BeforeID, f.Limit, f.Offset, f.Sort, f.After = page.BeforeID, page.Limit, page.Offset, page.Sort, page.After
	// toSuggestionSummary and the allowed actions read no texts.
	f.Summary = true
	ctx := store.WithListMemo(c.Request().Context()) // the list and its total resolve the units and estimate once
	recs, err := s.suggestions.ListSuggestions(ctx, f)
	if err != nil {
		return err
	}
	return writeListPage(ctx, c, page, recs, func(r store.SuggestionRecord) suggestionSummary {
		item := s.toSuggestionSummary(r)
		item.AllowedActions = s.allowedSuggestionActions(c, r)
		return item
	}, func(r store.SuggestionRecord) (int64, *string) {
		return r.ID, store.SuggestionSortValue(r, page.Sort.Key)
	}, func(ctx context.Context) (store.ListTotal, error) {
		return s.suggestions.CountSuggestions(ctx, f)
	})
}

// allowedSuggestionActions are the actions the caller may take on r now.
func (s *Server) allowedSuggestionActions(c echo.Context, r store.SuggestionRecord) []string {
	out := []string{}
	if p := caller(c); p.User.ID != 0 {
		for _, a := range domain.AllowedSuggestionActions(r.Suggestion, s.suggestionActor(c, r)) {
			out = append(out, string(a))
		}
	}
	return out
}

// toDomainSuggestion converts a request, collecting field errors.
func toDomainSuggestion(req suggestionRequest) domain.Suggestion {
	s := domain.Suggestion{Type: domain.SuggestionType(req.Type), Category: req.Category, Title: req.Title,
		Recipient: domain.Recipient{Name: req.Recipient.Name, Kind: domain.RecipientKind(req.Recipient.Kind), Address: req.Recipient.Address,
			LegalRepresentative: req.Recipient.LegalRepresentative, Phone: req.Recipient.Phone},
		CopyTo: req.CopyTo, CaseNumbers: req.CaseNumbers, Source: req.Source, Facts: req.Facts, Problems: req.Problems,
		LegalBasis: req.LegalBasis, Urgent: req.Urgent, CivilEnforcement: req.CivilEnforcement}
	for _, it := range req.Items {
		s.Items = append(s.Items, domain.SuggestionItem{Text: it.Text})
	}
	return s
}

// toSuggestionRequest is the editable content of s, in the request's
// shape, for a merge patch to apply to.
func toSuggestionRequest(s domain.Suggestion) suggestionRequest {
	req := suggestionRequest{Type: string(s.Type), Category: s.Category, Title: s.Title,
		Recipient: recipientDTO{Name: s.Recipient.Name, Kind: string(s.Recipient.Kind), Address: s.Recipient.Address,
			LegalRepresentative: s.Recipient.LegalRepresentative, Phone: s.Recipient.Phone},
		CopyTo: s.CopyTo, CaseNumbers: s.CaseNumbers, Source: s.Source, Facts: s.Facts, Problems: s.Problems,
		LegalBasis: s.LegalBasis, Urgent: s.Urgent, CivilEnforcement: s.CivilEnforcement, Items: []itemDTO{}}
	for _, it := range s.Items {
		req.Items = append(req.Items, itemDTO{Text: it.Text})
	}
	return req
}

func (s *Server) createSuggestion(c echo.Context) error {
	var req suggestionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p := caller(c)
	unitID := req.UnitID
	if unitID == 0 {
		unitID = p.User.UnitID
	}
	unit, err := s.targetUnit(c, unitID, "suggestion", "create")
	if err != nil {
		return err
	}
	sg := toDomainSuggestion(req)
	sg.UnitID, sg.HandlingProsecutorID, sg.CreatedBy = unit.ID, p.User.ID, p.User.ID
	rec, err := s.suggestions.CreateSuggestion(c.Request().Context(), sg)
	if err != nil {
		return err
	}
	return s.respondSuggestion(c, http.StatusCreated, rec)
}

// targetSuggestion loads a suggestion and authorises act in its unit.
func (s *Server) targetSuggestion(c echo.Context, act string) (store.SuggestionRecord, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return store.SuggestionRecord{}, err
	}
	rec, err := s.suggestions.GetSuggestion(c.Request().Context(), id)
	if err != nil {
		return store.SuggestionRecord{}, err
	}
	return rec, s.authorize(c, "suggestion", act, domain.Unit{ID: rec.UnitID, Path: rec.UnitPath})
}

func (s *Server) suggestionActor(c echo.Context, rec store.SuggestionRecord) domain.SuggestionActor {
	p := caller(c)
	return domain.SuggestionActor{UserID: p.User.ID, Roles: s.authz.RolesIn(p.User.ID, rec.UnitPath)}
}

// getSuggestion reads the whole page in one statement, then authorises
// the read on the suggestion's unit, as targetSuggestion does.
func (s *Server) getSuggestion(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.suggestions.GetSuggestionDetail(c.Request().Context(), id, maxLimit)
	if err != nil {
		return err
	}
	if err := s.authorize(c, "suggestion", "read", domain.Unit{ID: d.UnitID, Path: d.UnitPath}); err != nil {
		return err
	}
	return s.writeSuggestion(c, http.StatusOK, d)
}

// updateSuggestion applies a JSON merge patch (RFC 7396) to a draft:
// members absent from the patch stay as they are, null clears one, and
// the patch carries the version it was made against.
// deleteSuggestion deletes a draft never issued, for its author only.
func (s *Server) deleteSuggestion(c echo.Context) error {
	rec, err := s.targetSuggestion(c, "delete")
	if err != nil {
		return err
	}
	actor := s.suggestionActor(c, rec)
	if err := s.suggestions.DeleteSuggestion(c.Request().Context(), rec.ID, func(cur domain.Suggestion) error {
		return domain.CheckSuggestionAction(cur, domain.ActDelete, actor)
	}); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) updateSuggestion(c echo.Context) error {
	patch, version, err := decodeMergePatch(c)
	if err != nil {
		return err
	}
	if _, ok := patch["unit_id"]; ok {
		return domain.Invalid(domain.Field("unit_id", "immutable", "A suggestion stays in the unit it was created in.", "检察建议创建后不能更换所属单位。"))
	}
	rec, err := s.targetSuggestion(c, "edit")
	if err != nil {
		return err
	}
	actor := s.suggestionActor(c, rec)
	updated, err := s.suggestions.UpdateSuggestion(c.Request().Context(), rec.ID, version, func(cur domain.Suggestion) (domain.Suggestion, error) {
		if err := domain.CheckSuggestionAction(cur, domain.ActEdit, actor); err != nil {
			return cur, err
		}
		req, err := mergePatch(toSuggestionRequest(cur), patch)
		if err != nil {
			return cur, err
		}
		next := toDomainSuggestion(req)
		next.ID, next.UnitID, next.UnitPath, next.Status = cur.ID, cur.UnitID, cur.UnitPath, cur.Status
		next.HandlingProsecutorID, next.CreatedBy = cur.HandlingProsecutorID, cur.CreatedBy
		return next, nil
	})
	if err != nil {
		return err
	}
	return s.respondSuggestion(c, http.StatusOK, updated)
}

func parseOptionalDate(field, s string, v *domain.Validator) domain.Date { return v.Date(field, s) }

func (s *Server) transitionSuggestion(c echo.Context) error {
	var req transitionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	action := domain.SuggestionAction(req.Action)
	if !action.IsTransition() {
		return domain.Invalid(domain.Field("action", "unknown", "Unknown action.", "未知操作。"))
	}
	if req.Version == nil {
		return domain.Invalid(domain.Required("version"))
	}
	rec, err := s.targetSuggestion(c, string(action))
	if err != nil {
		return err
	}
	var v domain.Validator
	params := domain.TransitionParams{Opinion: strings.TrimSpace(req.Opinion), ServiceMethod: req.ServiceMethod, Months: req.Months,
		Level: req.Level, Reason: strings.TrimSpace(req.Reason),
		ServedOn: parseOptionalDate("served_on", req.ServedOn, &v), On: parseOptionalDate("on", req.On, &v),
		FiledOn: parseOptionalDate("filed_on", req.FiledOn, &v)}
	if err := v.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	cal, err := s.suggestions.Calendar(ctx)
	if err != nil {
		return err
	}
	actor, today := s.suggestionActor(c, rec), s.today()
	opinion := params.Opinion
	if opinion == "" {
		opinion = params.Reason
	}
	updated, err := s.suggestions.Transition(ctx, rec.ID, *req.Version, action, opinion, func(cur domain.Suggestion) (domain.Suggestion, error) {
		if err := domain.CheckSuggestionAction(cur, action, actor); err != nil {
			return cur, err
		}
		return domain.ApplyTransition(cur, action, params, cal, today)
	})
	if err != nil {
		return err
	}
	if action == domain.ActSubmit {
		// Tell the chiefs now rather than at the next hourly reminder run;
		// the reminder's dedupe key keeps it from coming twice.
		if _, err := s.suggestions.GenerateReminders(ctx, today); err != nil {
			s.log.Warn("reminders after submit", "request_id", requestID(c), "error", err)
		}
	}
	return s.respondSuggestion(c, http.StatusOK, updated)
}
