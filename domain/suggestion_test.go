package domain

import (
	"errors"
	"slices"
	"testing"
)

var (
	chief      = SuggestionActor{UserID: 1, Roles: []Role{RoleChief}}
	supervisor = SuggestionActor{UserID: 2, Roles: []Role{RoleSupervisor}}
	clerk      = SuggestionActor{UserID: 3, Roles: []Role{RoleClerk}}
	handler    = SuggestionActor{UserID: 4, Roles: []Role{RoleProsecutor}}
	colleague  = SuggestionActor{UserID: 5, Roles: []Role{RoleProsecutor}}
	admin      = SuggestionActor{UserID: 6, Roles: []Role{RoleAdmin}}
)

var actors = map[string]SuggestionActor{"chief": chief, "supervisor": supervisor, "clerk": clerk, "handler": handler, "colleague": colleague, "admin": admin}

// TestSuggestionActionMatrix checks every action, in every state, for every
// kind of actor, against the rule book of DESIGN.md §3 written out here.
func TestSuggestionActionMatrix(t *testing.T) {
	rules := map[SuggestionAction]struct {
		from []SuggestionStatus
		who  []string
		to   SuggestionStatus
	}{
		ActEdit:       {[]SuggestionStatus{StatusDraft}, []string{"handler"}, StatusDraft},
		ActSubmit:     {[]SuggestionStatus{StatusDraft}, []string{"handler"}, StatusPendingApproval},
		ActReturn:     {[]SuggestionStatus{StatusPendingApproval}, []string{"chief"}, StatusDraft},
		ActApprove:    {[]SuggestionStatus{StatusPendingApproval}, []string{"chief"}, StatusApproved},
		ActIssue:      {[]SuggestionStatus{StatusApproved}, []string{"handler", "clerk", "chief"}, StatusIssued},
		ActObject:     {[]SuggestionStatus{StatusIssued}, []string{"handler", "clerk", "supervisor"}, StatusObjectionReview},
		ActUphold:     {[]SuggestionStatus{StatusObjectionReview}, []string{"chief"}, StatusIssued},
		ActAmend:      {[]SuggestionStatus{StatusObjectionReview}, []string{"chief"}, StatusIssued},
		ActExtend:     {[]SuggestionStatus{StatusIssued}, []string{"chief"}, StatusIssued},
		ActEscalate:   {[]SuggestionStatus{StatusIssued, StatusReplied, StatusRectifying}, []string{"chief"}, StatusEscalated},
		ActClose:      {[]SuggestionStatus{StatusVerified, StatusReplied, StatusRectifying, StatusEscalated, StatusLitigation}, []string{"chief", "supervisor"}, StatusClosed},
		ActReply:      {[]SuggestionStatus{StatusIssued, StatusReplied, StatusRectifying, StatusEscalated}, []string{"handler", "clerk", "supervisor"}, ""},
		ActRecall:     {[]SuggestionStatus{StatusPendingApproval}, []string{"handler"}, StatusDraft},
		ActFollowUp:   {[]SuggestionStatus{StatusIssued, StatusReplied, StatusRectifying, StatusEscalated, StatusLitigation}, []string{"handler", "clerk", "supervisor"}, ""},
		ActVerify:     {[]SuggestionStatus{StatusReplied, StatusRectifying}, []string{"supervisor"}, ""},
		ActFileUpward: {[]SuggestionStatus{StatusIssued, StatusObjectionReview, StatusReplied, StatusRectifying, StatusVerified, StatusEscalated, StatusLitigation, StatusClosed}, []string{"handler", "clerk", "supervisor"}, ""},
	}
	for action, rule := range rules {
		for _, st := range SuggestionStatuses {
			for name, a := range actors {
				s := Suggestion{Status: st, Type: TypeSocialGovernance, HandlingProsecutorID: handler.UserID}
				err := CheckSuggestionAction(s, action, a)
				allowedState := slices.Contains(rule.from, st)
				allowedActor := slices.Contains(rule.who, name)
				switch {
				case !allowedState:
					if e, ok := AsError(err); !ok || e.Code != "illegal_transition" {
						t.Errorf("%s in %s by %s: %v, want illegal_transition", action, st, name, err)
					}
				case !allowedActor:
					if !errors.Is(err, ErrForbidden) {
						t.Errorf("%s in %s by %s: %v, want forbidden", action, st, name, err)
					}
				case err != nil:
					t.Errorf("%s in %s by %s: %v, want allowed", action, st, name, err)
				case rule.to != "" && NextSuggestionStatus(s, action) != rule.to:
					t.Errorf("%s from %s leads to %s, want %s", action, st, NextSuggestionStatus(s, action), rule.to)
				}
			}
		}
	}
}

func TestWithdrawAndLitigate(t *testing.T) {
	for _, st := range []SuggestionStatus{StatusDraft, StatusPendingApproval, StatusApproved} {
		for _, a := range []SuggestionActor{chief, handler} {
			if err := CheckSuggestionAction(Suggestion{Status: st, HandlingProsecutorID: handler.UserID}, ActWithdraw, a); err != nil {
				t.Errorf("withdraw from %s by %v: %v", st, a.Roles, err)
			}
		}
	}
	review := Suggestion{Status: StatusObjectionReview, HandlingProsecutorID: handler.UserID}
	if err := CheckSuggestionAction(review, ActWithdraw, chief); err != nil {
		t.Errorf("chief withdraws after objection: %v", err)
	}
	if err := CheckSuggestionAction(review, ActWithdraw, handler); err == nil {
		t.Error("the prosecutor withdrew after an objection")
	}
	if err := CheckSuggestionAction(Suggestion{Status: StatusIssued}, ActWithdraw, chief); err == nil {
		t.Error("withdrawn after issue")
	}
	pi := Suggestion{Status: StatusEscalated, Type: TypePublicInterest}
	if err := CheckSuggestionAction(pi, ActLitigate, chief); err != nil {
		t.Errorf("public interest to litigation: %v", err)
	}
	if err := CheckSuggestionAction(Suggestion{Status: StatusEscalated, Type: TypeSocialGovernance}, ActLitigate, chief); err == nil {
		t.Error("a social-governance suggestion went to litigation")
	}
	if got := AllowedSuggestionActions(Suggestion{Status: StatusIssued, Type: TypePublicInterest}, chief); !slices.Contains(got, ActLitigate) || !slices.Contains(got, ActEscalate) {
		t.Errorf("chief on an issued public-interest suggestion: %v", got)
	}
}

func TestReplyPeriodAndDocNumber(t *testing.T) {
	tests := []struct {
		s    Suggestion
		want Period
	}{
		{Suggestion{Type: TypeSocialGovernance}, Period{Months: 2}},
		{Suggestion{Type: TypePublicInterest}, Period{Months: 2}},
		{Suggestion{Type: TypePublicInterest, Urgent: true}, Period{Days: 15}},
		{Suggestion{Type: TypeCorrection, CivilEnforcement: true}, Period{Months: 3}},
		{Suggestion{Type: TypeRetrial, CivilEnforcement: true}, Period{Months: 3}},
	}
	for _, tt := range tests {
		if got := ReplyPeriod(tt.s); got != tt.want {
			t.Errorf("ReplyPeriod(%+v) = %v, want %v", tt.s, got, tt.want)
		}
	}
	if got := DocNumber("仙检", "社", 2026, 3); got != "仙检社建〔2026〕3号" {
		t.Errorf("DocNumber = %s", got)
	}
	if got := DocNumber("鄂", "民", 2025, 12); got != "鄂检民建〔2025〕12号" {
		t.Errorf("DocNumber = %s", got)
	}
}

func TestApplyTransitionDeadlines(t *testing.T) {
	cal := NewCalendar([]Date{NewDate(2026, 4, 4), NewDate(2026, 4, 5), NewDate(2026, 4, 6)}, nil)
	today := NewDate(2026, 11, 26)
	s := Suggestion{Status: StatusApproved, Type: TypeSocialGovernance}
	s, err := ApplyTransition(s, ActIssue, TransitionParams{ServedOn: NewDate(2026, 3, 31), ServiceMethod: "written"}, cal, today)
	if err != nil {
		t.Fatal(err)
	}
	if s.ReplyDueOn != NewDate(2026, 6, 1) || s.FilingDueOn != NewDate(2026, 4, 7) || s.Status != StatusIssued {
		t.Fatalf("issued: due %s filing %s", s.ReplyDueOn, s.FilingDueOn)
	}
	if !s.Overdue(NewDate(2026, 6, 2)) || s.Overdue(NewDate(2026, 6, 1)) {
		t.Error("overdue from the day after the due date")
	}
	// Objection on 10 April, upheld on 20 April: ten days added.
	s, err = ApplyTransition(s, ActObject, TransitionParams{On: NewDate(2026, 4, 10)}, cal, today)
	if err != nil || s.Overdue(NewDate(2026, 7, 1)) {
		t.Fatalf("object: %v; overdue while under review", err)
	}
	s, err = ApplyTransition(s, ActUphold, TransitionParams{On: NewDate(2026, 4, 20)}, cal, today)
	if err != nil || s.ReplyDueOn != NewDate(2026, 6, 11) || s.PausedDays != 10 || s.Status != StatusIssued {
		t.Fatalf("uphold: %v due %s", err, s.ReplyDueOn)
	}
	// An extension of one month counts from the due date.
	s, err = ApplyTransition(s, ActExtend, TransitionParams{Months: 1}, cal, today)
	if err != nil || s.ReplyDueOn != NewDate(2026, 7, 13) || s.ExtensionMonths != 1 {
		t.Fatalf("extend: %v due %s", err, s.ReplyDueOn) // 11 July is a Saturday
	}
	// Bad parameters name their fields.
	for _, tc := range []struct {
		a     SuggestionAction
		p     TransitionParams
		field string
	}{
		{ActIssue, TransitionParams{ServedOn: NewDate(2026, 12, 1), ServiceMethod: "written"}, "served_on"},
		{ActIssue, TransitionParams{ServedOn: NewDate(2026, 3, 1), ServiceMethod: "email"}, "service_method"},
		{ActExtend, TransitionParams{Months: 7}, "months"},
		{ActEscalate, TransitionParams{Level: "mayor"}, "level"},
		{ActClose, TransitionParams{}, "reason"},
		{ActReturn, TransitionParams{}, "opinion"},
		{ActObject, TransitionParams{On: NewDate(2026, 3, 1)}, "on"},
	} {
		_, err := ApplyTransition(Suggestion{Status: StatusIssued, ServedOn: NewDate(2026, 3, 31)}, tc.a, tc.p, cal, today)
		if e, ok := AsError(err); !ok || e.Fields[0].Field != tc.field {
			t.Errorf("%s %+v: %v, want an error on %s", tc.a, tc.p, err, tc.field)
		}
	}
}

func TestRepliesFollowUpsVerification(t *testing.T) {
	today := NewDate(2026, 11, 26)
	s := Suggestion{Status: StatusIssued, Type: TypePublicInterest, ServedOn: NewDate(2026, 3, 31), ReplyDueOn: NewDate(2026, 6, 1),
		Items: []SuggestionItem{{No: 1, Text: "a"}, {No: 2, Text: "b"}}}
	interim := Reply{ReceivedOn: NewDate(2026, 5, 1), Replier: "局", Outcome: PartiallyAdopted, Interim: true}
	if err := ValidateReply(s, interim, today); err != nil {
		t.Fatal(err)
	}
	s2, _ := ApplyReply(s, interim)
	if s2.Status != StatusIssued || s2.HasFinalReply {
		t.Error("an interim reply ended the wait")
	}
	late := Reply{ReceivedOn: NewDate(2026, 6, 2), Replier: "局", Outcome: Adopted, ItemOutcomes: []ItemOutcome{{1, Adopted}}}
	s3, r := ApplyReply(s, late)
	if !r.Late || s3.Status != StatusReplied || !s3.HasFinalReply || s3.Overdue(today) {
		t.Errorf("late final reply: late=%v status=%s", r.Late, s3.Status)
	}
	bad := Reply{ReceivedOn: NewDate(2026, 3, 1), Outcome: "maybe", ItemOutcomes: []ItemOutcome{{3, Adopted}, {1, "x"}, {1, Adopted}}, FundsYuan: -1}
	e, _ := AsError(ValidateReply(s, bad, today))
	if e == nil || len(e.Fields) != 7 {
		t.Errorf("bad reply: %v", e)
	}
	if ApplyFollowUp(s3).Status != StatusRectifying {
		t.Error("follow-up did not start rectification")
	}
	if err := ValidateFollowUp(s3, FollowUp{On: NewDate(2026, 6, 10), Method: "teleport", Findings: ""}, today); err == nil {
		t.Error("bad follow-up accepted")
	}
	v := Verification{On: NewDate(2026, 8, 1), Result: NotRectified, NonPerformanceCodes: []string{"plan_not_executed"}}
	if err := ValidateVerification(s3, v, today); err != nil {
		t.Errorf("public-interest non-performance: %v", err)
	}
	if ApplyVerification(s3, v).Status == StatusVerified {
		t.Error("not rectified, yet verified")
	}
	if err := ValidateVerification(Suggestion{Type: TypeSocialGovernance, ServedOn: s.ServedOn}, v, today); err == nil {
		t.Error("non-performance codes on a social-governance suggestion")
	}
	if ApplyVerification(s3, Verification{Result: Rectified}).Status != StatusVerified {
		t.Error("rectified did not verify")
	}
}

// TestElectronicService: an electronically served suggestion is issued
// without a day of service; the recipient's confirmation serves it and
// starts the reply period; a second confirmation changes nothing.
func TestElectronicService(t *testing.T) {
	cal := NewCalendar([]Date{NewDate(2026, 4, 4), NewDate(2026, 4, 5), NewDate(2026, 4, 6)}, nil)
	today := NewDate(2026, 3, 31)
	s := Suggestion{Status: StatusApproved, Type: TypeSocialGovernance}
	if _, err := ApplyTransition(s, ActIssue, TransitionParams{ServedOn: today, ServiceMethod: ServiceElectronic}, cal, today); !fieldIs(err, "served_on") {
		t.Errorf("electronic service with a day of service: %v", err)
	}
	s, err := ApplyTransition(s, ActIssue, TransitionParams{ServiceMethod: ServiceElectronic}, cal, today)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != StatusIssued || !s.ServedOn.IsZero() || !s.ReplyDueOn.IsZero() || s.FilingDueOn != NewDate(2026, 4, 7) || s.Overdue(NewDate(2027, 1, 1)) {
		t.Fatalf("issued electronically: %+v", s)
	}
	s, ok := Serve(s, NewDate(2026, 3, 31), cal)
	if !ok || s.ServedOn != NewDate(2026, 3, 31) || s.ReplyDueOn != NewDate(2026, 6, 1) {
		t.Fatalf("served: %v %+v", ok, s)
	}
	if again, ok := Serve(s, NewDate(2026, 4, 20), cal); ok || again.ServedOn != s.ServedOn {
		t.Error("a second confirmation moved the day of service")
	}
}

// fieldIs reports whether err is a validation error whose first field is field.
func fieldIs(err error, field string) bool {
	e, ok := AsError(err)
	return ok && len(e.Fields) > 0 && e.Fields[0].Field == field
}

// TestRecallAndDelete: 撤回 takes a submitted draft back to draft; a draft
// never issued may be deleted by its author only.
func TestRecallAndDelete(t *testing.T) {
	pending := Suggestion{Status: StatusPendingApproval, HandlingProsecutorID: handler.UserID, CreatedBy: handler.UserID}
	if err := CheckSuggestionAction(pending, ActRecall, handler); err != nil {
		t.Fatalf("recall: %v", err)
	}
	if got := NextSuggestionStatus(pending, ActRecall); got != StatusDraft {
		t.Errorf("recall leads to %s, want draft", got)
	}
	draft := Suggestion{Status: StatusDraft, HandlingProsecutorID: handler.UserID, CreatedBy: handler.UserID}
	if err := CheckSuggestionAction(draft, ActDelete, handler); err != nil {
		t.Errorf("author deletes a draft: %v", err)
	}
	other := draft
	other.CreatedBy = colleague.UserID
	if err := CheckSuggestionAction(other, ActDelete, handler); !errors.Is(err, ErrForbidden) {
		t.Errorf("a draft created by another: %v, want forbidden", err)
	}
	numbered := draft
	numbered.DocNo = "仙检社建〔2026〕1号"
	if e, ok := AsError(CheckSuggestionAction(numbered, ActDelete, handler)); !ok || e.Code != "illegal_transition" {
		t.Errorf("a draft that was issued: %v, want illegal_transition", e)
	}
	if e, ok := AsError(CheckSuggestionAction(pending, ActDelete, handler)); !ok || e.Code != "illegal_transition" {
		t.Errorf("a submitted suggestion: %v, want illegal_transition", e)
	}
}
