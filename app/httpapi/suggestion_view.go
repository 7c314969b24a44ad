package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

func datePtr(d domain.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func (s *Server) toSuggestionSummary(r store.SuggestionRecord) suggestionSummary {
	return suggestionSummaryOn(r, s.today())
}

// suggestionSummaryOn renders a suggestion's summary as it stands on today.
func suggestionSummaryOn(r store.SuggestionRecord, today domain.Date) suggestionSummary {
	out := suggestionSummary{ID: r.ID, Unit: unitRef{ID: r.UnitID, Code: r.UnitCode, Name: r.UnitName, ShortName: r.UnitShortName},
		Type: string(r.Type), Category: r.Category, Title: r.Title, RecipientName: r.Recipient.Name, Status: string(r.Status),
		ServedOn: datePtr(r.ServedOn), ReplyDueOn: datePtr(r.ReplyDueOn), ReplyDueProvisional: r.ReplyDueProvisional, Overdue: r.Overdue(today),
		HandlingProsecutor: personRef{ID: r.HandlingProsecutorID, Name: r.HandlerName}, UpdatedAt: r.UpdatedAt.In(domain.Shanghai), Version: r.Version,
		AllowedActions: []string{}}
	if r.DocNo != "" {
		out.DocNo = &r.DocNo
	}
	if r.Status == domain.StatusIssued && !r.HasFinalReply && !r.ReplyDueOn.IsZero() {
		left := today.DaysUntil(r.ReplyDueOn)
		out.DaysLeft = &left
	}
	return out
}

// respondSuggestion answers the full suggestion after a change: its page
// as it now stands.
func (s *Server) respondSuggestion(c echo.Context, status int, r store.SuggestionRecord) error {
	d, err := s.suggestions.GetSuggestionDetail(c.Request().Context(), r.ID, maxLimit)
	if err != nil {
		return err
	}
	return s.writeSuggestion(c, status, d)
}

// writeSuggestion answers the full suggestion: its records, lifecycle,
// attachments, history and the actions the caller may take now.
func (s *Server) writeSuggestion(c echo.Context, status int, d store.SuggestionDetail) error {
	today := s.today()
	return writePage(c, status, d.Memo, today.String(), s.allowedSuggestionActions(c, d.SuggestionRecord), func(actions []string) (any, error) {
		full, err := s.suggestions.CompleteSuggestionDetail(c.Request().Context(), d)
		return renderSuggestion(full, today, actions), err
	})
}

// renderSuggestion renders a suggestion's page as it stands on today.
func renderSuggestion(d store.SuggestionDetail, today domain.Date, actions []string) suggestionResponse {
	r := d.SuggestionRecord
	out := suggestionResponse{suggestionSummary: suggestionSummaryOn(r, today),
		Recipient: recipientDTO{Name: r.Recipient.Name, Kind: string(r.Recipient.Kind), Address: r.Recipient.Address,
			LegalRepresentative: r.Recipient.LegalRepresentative, Phone: r.Recipient.Phone},
		CopyTo: nonNil(r.CopyTo), CaseNumbers: nonNil(r.CaseNumbers), Source: r.Source, Facts: r.Facts, Problems: r.Problems,
		LegalBasis: r.LegalBasis, Urgent: r.Urgent, CivilEnforcement: r.CivilEnforcement, ServiceMethod: r.ServiceMethod,
		ObjectedOn: datePtr(r.ObjectedOn), PausedDays: r.PausedDays, FilingDueOn: datePtr(r.FilingDueOn), FilingDueProvisional: r.FilingDueProvisional, FiledOn: datePtr(r.FiledOn),
		ExtensionMonths: r.ExtensionMonths, EscalationLevel: r.EscalationLevel, ClosedReason: r.ClosedReason, CreatedAt: r.CreatedAt.In(domain.Shanghai),
		Items: []itemDTO{}, Replies: []replyDTO{}, Followups: []followUpDTO{}, Verifications: []verificationDTO{},
		Approvals: []transitionDTO{}, Transitions: []transitionDTO{}, Attachments: []attachmentResponse{}, History: []auditEventResponse{},
		ReplyPeriod: periodDTO(domain.ReplyPeriod(r.Suggestion)), FilingPeriod: periodDTO(domain.FilingPeriod)}
	for _, it := range r.Items {
		out.Items = append(out.Items, itemDTO{No: it.No, Text: it.Text})
	}
	addSuggestionRecords(&out, d.Replies, d.FollowUps, d.Verifications)
	for _, t := range d.Transitions {
		dto := transitionDTO{Action: t.Action, From: t.From, To: t.To, Actor: personRef{ID: t.ActorID, Name: t.ActorName}, Opinion: t.Opinion, At: t.At.In(domain.Shanghai)}
		out.Transitions = append(out.Transitions, dto)
		if t.Action == string(domain.ActApprove) || t.Action == string(domain.ActReturn) {
			out.Approvals = append(out.Approvals, dto)
		}
	}
	for _, a := range d.Attachments {
		out.Attachments = append(out.Attachments, toAttachmentResponse(a))
	}
	for _, e := range d.History {
		out.History = append(out.History, toAuditEventResponse(e))
	}
	out.AllowedActions = actions
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toReplyDTO(r store.ReplyRecord) replyDTO {
	out := replyDTO{ID: r.ID, ReceivedOn: r.ReceivedOn.String(), replyContent: toReplyContent(r.Reply), Late: r.Late}
	if !r.CreatedAt.IsZero() {
		t := r.CreatedAt.In(domain.Shanghai)
		out.CreatedAt = &t
	}
	return out
}

func toReplyContent(r domain.Reply) replyContent {
	out := replyContent{DocNo: r.DocNo, Replier: r.Replier, Outcome: string(r.Outcome), ItemOutcomes: []itemOutcomeDTO{}, Measures: r.Measures,
		FundsYuan: r.FundsYuan, Personnel: r.Personnel, Interim: r.Interim}
	for _, io := range r.ItemOutcomes {
		out.ItemOutcomes = append(out.ItemOutcomes, itemOutcomeDTO{Item: io.Item, Outcome: string(io.Outcome)})
	}
	return out
}

func toFollowUpDTO(f store.FollowUpRecord) followUpDTO {
	out := followUpDTO{ID: f.ID, On: f.On.String(), Method: f.Method, Findings: f.Findings}
	if !f.CreatedAt.IsZero() {
		t := f.CreatedAt.In(domain.Shanghai)
		out.CreatedAt = &t
	}
	return out
}

func toVerificationDTO(v store.VerificationRecord) verificationDTO {
	out := verificationDTO{ID: v.ID, On: v.On.String(), Result: v.Result, NonPerformanceCodes: nonNil(v.NonPerformanceCodes), Notes: v.Notes}
	if !v.CreatedAt.IsZero() {
		t := v.CreatedAt.In(domain.Shanghai)
		out.CreatedAt = &t
	}
	return out
}

// workResponse is the home page's "my work".
type workResponse struct {
	Drafts             []suggestionSummary `json:"drafts"`
	AwaitingMyApproval []suggestionSummary `json:"awaiting_my_approval"`
	DueWithin7Days     []suggestionSummary `json:"due_within_7_days"`
	Overdue            []suggestionSummary `json:"overdue"`
}

func (s *Server) myWork(c echo.Context) error {
	p := caller(c)
	ctx := c.Request().Context()
	scope := s.authz.Scope(p.User.ID, "suggestion", "read")
	today := s.today()
	list := func(f store.SuggestionFilter) ([]suggestionSummary, error) {
		f.Scope, f.Today, f.Limit = scope, today, 50
		recs, err := s.suggestions.ListSuggestions(ctx, f)
		if err != nil {
			return nil, err
		}
		out := make([]suggestionSummary, len(recs))
		for i, r := range recs {
			out[i] = s.toSuggestionSummary(r)
		}
		return out, nil
	}
	var (
		w   workResponse
		err error
	)
	if w.Drafts, err = list(store.SuggestionFilter{Handler: p.User.ID, Status: []domain.SuggestionStatus{domain.StatusDraft}}); err != nil {
		return err
	}
	approve := s.authz.Scope(p.User.ID, "suggestion", "approve")
	w.AwaitingMyApproval = []suggestionSummary{}
	if !approve.Empty() {
		recs, err := s.suggestions.ListSuggestions(ctx, store.SuggestionFilter{Scope: approve, Today: today, Limit: 50,
			Status: []domain.SuggestionStatus{domain.StatusPendingApproval}})
		if err != nil {
			return err
		}
		for _, r := range recs {
			w.AwaitingMyApproval = append(w.AwaitingMyApproval, s.toSuggestionSummary(r))
		}
	}
	if w.DueWithin7Days, err = list(store.SuggestionFilter{DueBefore: today.AddDays(7)}); err != nil {
		return err
	}
	// Only those not yet overdue belong to "due within 7 days".
	due := w.DueWithin7Days[:0]
	for _, x := range w.DueWithin7Days {
		if !x.Overdue {
			due = append(due, x)
		}
	}
	w.DueWithin7Days = due
	if w.Overdue, err = list(store.SuggestionFilter{Overdue: true}); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}

// addSuggestionRecords adds the replies, follow-ups and verifications, the
// latest verification standing for the suggestion's.
func addSuggestionRecords(out *suggestionResponse, replies []store.ReplyRecord, followups []store.FollowUpRecord, verifications []store.VerificationRecord) {
	for _, x := range replies {
		out.Replies = append(out.Replies, toReplyDTO(x))
	}
	for _, x := range followups {
		out.Followups = append(out.Followups, toFollowUpDTO(x))
	}
	for _, x := range verifications {
		out.Verifications = append(out.Verifications, toVerificationDTO(x))
	}
	if n := len(out.Verifications); n > 0 {
		out.Verification = &out.Verifications[n-1]
	}
}
