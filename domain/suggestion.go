package domain

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SuggestionType is the kind of procuratorial suggestion (检察建议).
type SuggestionType string

// The suggestion types of 《人民检察院检察建议工作规定》.
const (
	TypeRetrial          SuggestionType = "retrial"           // 再审检察建议
	TypeCorrection       SuggestionType = "correction"        // 纠正违法检察建议
	TypePublicInterest   SuggestionType = "public_interest"   // 公益诉讼检察建议
	TypeSocialGovernance SuggestionType = "social_governance" // 社会治理检察建议
	TypeOther            SuggestionType = "other"             // 其他检察建议
)

// SuggestionTypes lists every type.
var SuggestionTypes = []SuggestionType{TypeRetrial, TypeCorrection, TypePublicInterest, TypeSocialGovernance, TypeOther}

// Valid reports whether t is a known type.
func (t SuggestionType) Valid() bool { return slices.Contains(SuggestionTypes, t) }

// DefaultDocPrefixes are the 文号 prefixes by type, until an admin edits them.
var DefaultDocPrefixes = map[SuggestionType]string{
	TypeRetrial: "民", TypeCorrection: "刑", TypePublicInterest: "公", TypeSocialGovernance: "社", TypeOther: "综",
}

// SuggestionStatus is a state of the suggestion lifecycle.
type SuggestionStatus string

// The states (DESIGN.md §3). Overdue is derived, never stored.
const (
	StatusDraft           SuggestionStatus = "draft"
	StatusPendingApproval SuggestionStatus = "pending_approval"
	StatusApproved        SuggestionStatus = "approved"
	StatusIssued          SuggestionStatus = "issued"
	StatusObjectionReview SuggestionStatus = "objection_review"
	StatusReplied         SuggestionStatus = "replied"
	StatusRectifying      SuggestionStatus = "rectifying"
	StatusVerified        SuggestionStatus = "verified"
	StatusClosed          SuggestionStatus = "closed"
	StatusEscalated       SuggestionStatus = "escalated"
	StatusLitigation      SuggestionStatus = "litigation"
	StatusWithdrawn       SuggestionStatus = "withdrawn"
)

// SuggestionStatuses lists every state in lifecycle order.
var SuggestionStatuses = []SuggestionStatus{StatusDraft, StatusPendingApproval, StatusApproved, StatusIssued, StatusObjectionReview,
	StatusReplied, StatusRectifying, StatusVerified, StatusClosed, StatusEscalated, StatusLitigation, StatusWithdrawn}

// Valid reports whether s is a known state.
func (s SuggestionStatus) Valid() bool { return slices.Contains(SuggestionStatuses, s) }

// SuggestionAction is a transition, or a record that may move the state
// (a reply, a follow-up, a verification).
type SuggestionAction string

// The actions.
const (
	ActSubmit     SuggestionAction = "submit"
	ActReturn     SuggestionAction = "return"
	ActApprove    SuggestionAction = "approve"
	ActIssue      SuggestionAction = "issue"
	ActObject     SuggestionAction = "object"
	ActUphold     SuggestionAction = "uphold"
	ActAmend      SuggestionAction = "amend"
	ActRecall     SuggestionAction = "recall"   // 撤回: a submitted draft goes back to its drafter
	ActWithdraw   SuggestionAction = "withdraw" // 终止: the suggestion ends for good, with a reason
	ActExtend     SuggestionAction = "extend"
	ActFileUpward SuggestionAction = "file_upward"
	ActEscalate   SuggestionAction = "escalate"
	ActLitigate   SuggestionAction = "litigate"
	ActClose      SuggestionAction = "close"
	ActEdit       SuggestionAction = "edit"
	ActReply      SuggestionAction = "reply"
	ActFollowUp   SuggestionAction = "followup"
	ActVerify     SuggestionAction = "verify"
	ActAttach     SuggestionAction = "attach"
	ActDelete     SuggestionAction = "delete" // a draft never issued, by its author
)

// TransitionActions are the actions of POST …/transitions.
var TransitionActions = []SuggestionAction{ActSubmit, ActRecall, ActReturn, ActApprove, ActIssue, ActObject, ActUphold, ActAmend,
	ActWithdraw, ActExtend, ActFileUpward, ActEscalate, ActLitigate, ActClose}

// IsTransition reports whether a is an action of POST …/transitions.
func (a SuggestionAction) IsTransition() bool { return slices.Contains(TransitionActions, a) }

var afterIssue = []SuggestionStatus{StatusIssued, StatusObjectionReview, StatusReplied, StatusRectifying, StatusVerified,
	StatusEscalated, StatusLitigation, StatusClosed}

// Who may act on a suggestion: a role, or the handling prosecutor (the
// prosecutor who drafted it).
var (
	suggestionByChief      = Who[Suggestion]{Role: RoleChief}
	suggestionBySupervisor = Who[Suggestion]{Role: RoleSupervisor}
	suggestionByClerk      = Who[Suggestion]{Role: RoleClerk}
	suggestionByHandler    = Who[Suggestion]{Role: RoleProsecutor, If: func(s Suggestion, userID int64) bool { return userID == s.HandlingProsecutorID }}
	suggestionByAuthor     = Who[Suggestion]{Role: RoleProsecutor, If: func(s Suggestion, userID int64) bool { return userID == s.CreatedBy }}
)

// suggestionLifecycle is the suggestion's state machine (DESIGN.md §3).
var suggestionLifecycle = Lifecycle[SuggestionStatus, SuggestionAction, Suggestion]{
	Noun: "suggestion", NounZh: "检察建议", StateNameZh: StatusNameZh,
	State:   func(s Suggestion) SuggestionStatus { return s.Status },
	Actions: append(slices.Clone(TransitionActions), ActEdit, ActReply, ActFollowUp, ActVerify, ActAttach, ActDelete),
	Rules: map[SuggestionAction]Rule[SuggestionStatus, Suggestion]{
		ActEdit:   {From: []SuggestionStatus{StatusDraft}, By: []Who[Suggestion]{suggestionByHandler}},
		ActSubmit: {From: []SuggestionStatus{StatusDraft}, To: StatusPendingApproval, By: []Who[Suggestion]{suggestionByHandler}},
		// 撤回: the drafter takes a submitted draft back before the chief
		// has decided, to edit it; nothing is lost.
		ActRecall:  {From: []SuggestionStatus{StatusPendingApproval}, To: StatusDraft, By: []Who[Suggestion]{suggestionByHandler}},
		ActReturn:  {From: []SuggestionStatus{StatusPendingApproval}, To: StatusDraft, By: []Who[Suggestion]{suggestionByChief}},
		ActApprove: {From: []SuggestionStatus{StatusPendingApproval}, To: StatusApproved, By: []Who[Suggestion]{suggestionByChief}},
		ActIssue:   {From: []SuggestionStatus{StatusApproved}, To: StatusIssued, By: []Who[Suggestion]{suggestionByHandler, suggestionByClerk, suggestionByChief}},
		ActObject:  {From: []SuggestionStatus{StatusIssued}, To: StatusObjectionReview, By: []Who[Suggestion]{suggestionByHandler, suggestionByClerk, suggestionBySupervisor}},
		ActUphold:  {From: []SuggestionStatus{StatusObjectionReview}, To: StatusIssued, By: []Who[Suggestion]{suggestionByChief}},
		ActAmend:   {From: []SuggestionStatus{StatusObjectionReview}, To: StatusIssued, By: []Who[Suggestion]{suggestionByChief}},
		// Withdrawing after an objection is the chief's decision alone.
		ActWithdraw: {From: []SuggestionStatus{StatusDraft, StatusPendingApproval, StatusApproved, StatusObjectionReview}, To: StatusWithdrawn,
			By: []Who[Suggestion]{suggestionByChief, suggestionByHandler},
			Possible: func(s Suggestion, a Actor) bool {
				return s.Status != StatusObjectionReview || slices.Contains(a.Roles, RoleChief)
			}},
		ActExtend:     {From: []SuggestionStatus{StatusIssued}, By: []Who[Suggestion]{suggestionByChief}},
		ActFileUpward: {From: afterIssue, By: []Who[Suggestion]{suggestionByHandler, suggestionByClerk, suggestionBySupervisor}},
		ActEscalate:   {From: []SuggestionStatus{StatusIssued, StatusReplied, StatusRectifying}, To: StatusEscalated, By: []Who[Suggestion]{suggestionByChief}},
		// Only a public-interest suggestion leads to litigation.
		ActLitigate: {From: []SuggestionStatus{StatusIssued, StatusReplied, StatusRectifying, StatusEscalated}, To: StatusLitigation,
			By: []Who[Suggestion]{suggestionByChief}, Possible: func(s Suggestion, _ Actor) bool { return s.Type == TypePublicInterest }},
		ActClose: {From: []SuggestionStatus{StatusVerified, StatusReplied, StatusRectifying, StatusEscalated, StatusLitigation}, To: StatusClosed,
			By: []Who[Suggestion]{suggestionBySupervisor, suggestionByChief}},
		ActReply: {From: []SuggestionStatus{StatusIssued, StatusReplied, StatusRectifying, StatusEscalated}, By: []Who[Suggestion]{suggestionByHandler, suggestionByClerk, suggestionBySupervisor}},
		// 跟踪督促 starts once the suggestion is served: before any reply
		// (above all when it is overdue) as well as during rectification.
		ActFollowUp: {From: []SuggestionStatus{StatusIssued, StatusReplied, StatusRectifying, StatusEscalated, StatusLitigation}, By: []Who[Suggestion]{suggestionByHandler, suggestionByClerk, suggestionBySupervisor}},
		ActVerify:   {From: []SuggestionStatus{StatusReplied, StatusRectifying}, By: []Who[Suggestion]{suggestionBySupervisor}},
		ActAttach: {From: append([]SuggestionStatus{StatusDraft, StatusPendingApproval, StatusApproved}, afterIssue...),
			By: []Who[Suggestion]{suggestionByHandler, suggestionByClerk, suggestionBySupervisor, suggestionByChief}},
		// Deleting is for a draft that was never issued, by the user who
		// created it; anything issued stays on record (终止 instead).
		ActDelete: {From: []SuggestionStatus{StatusDraft}, By: []Who[Suggestion]{suggestionByAuthor},
			Possible: func(s Suggestion, _ Actor) bool { return s.DocNo == "" && s.ServedOn.IsZero() }},
	},
}

// SuggestionActionRoles lists the roles that may take an action in some
// case (the handling prosecutor counts as prosecutor); the authorisation
// policies are checked against it.
func SuggestionActionRoles(a SuggestionAction) []Role { return suggestionLifecycle.Roles(a) }

// SuggestionActor is who acts on a suggestion.
type SuggestionActor = Actor

// StatusNameZh names the states in Chinese.
var StatusNameZh = map[SuggestionStatus]string{
	StatusDraft: "草稿", StatusPendingApproval: "待审批", StatusApproved: "已审批", StatusIssued: "已制发",
	StatusObjectionReview: "异议审查中", StatusReplied: "已回复", StatusRectifying: "整改中", StatusVerified: "整改已评估",
	StatusClosed: "已办结", StatusEscalated: "已提请督促", StatusLitigation: "已提起诉讼", StatusWithdrawn: "已终止",
}

// CheckSuggestionAction decides whether actor may take action a on s now:
// 409 (illegal_transition) when the state does not allow it, 403 when the
// state does but the actor may not, nil otherwise.
func CheckSuggestionAction(s Suggestion, a SuggestionAction, actor SuggestionActor) error {
	return suggestionLifecycle.Check(s, a, actor)
}

// AllowedSuggestionActions lists the transition and record actions actor
// may take on s now, for the buttons of the detail page.
func AllowedSuggestionActions(s Suggestion, actor SuggestionActor) []SuggestionAction {
	return suggestionLifecycle.Allowed(s, actor)
}

// NextSuggestionStatus is the state after a successful action.
func NextSuggestionStatus(s Suggestion, a SuggestionAction) SuggestionStatus {
	return suggestionLifecycle.Next(s, a)
}

// RecipientKind classifies the body a suggestion is sent to.
type RecipientKind string

// Recipient kinds.
var RecipientKinds = []RecipientKind{"government", "court", "agency", "enterprise", "other"}

// Recipient is the body a suggestion is sent to.
type Recipient struct {
	Name                string
	Kind                RecipientKind
	Address             string
	LegalRepresentative string
	Phone               string
}

// SuggestionItem is one numbered suggestion.
type SuggestionItem struct {
	No   int
	Text string
}

// Suggestion is a procuratorial suggestion.
type Suggestion struct {
	ID                   int64
	UnitID               int64
	UnitPath             string
	Type                 SuggestionType
	Category             string
	Title                string
	Recipient            Recipient
	CopyTo               []string
	CaseNumbers          []string
	Source               string
	Facts                string
	Problems             string
	Items                []SuggestionItem
	LegalBasis           string
	Urgent               bool
	CivilEnforcement     bool
	Status               SuggestionStatus
	HandlingProsecutorID int64
	CreatedBy            int64
	DocNo                string
	ServedOn             Date
	ServiceMethod        string
	ReplyDueOn           Date
	ObjectedOn           Date
	PausedDays           int
	FilingDueOn          Date
	FiledOn              Date
	ExtensionMonths      int
	EscalationLevel      string
	ClosedReason         string
	HasFinalReply        bool
	Version              int
}

// ValidateSuggestion checks the fields a draft must have. Submitting asks
// for more (ValidateForSubmit).
func ValidateSuggestion(s Suggestion) error {
	var v Validator
	v.Check(slices.Contains(SuggestionTypes, s.Type), Field("type", "invalid", "Unknown suggestion type.", "未知的检察建议类型。"))
	v.Check(strings.TrimSpace(s.Category) != "", Required("category"))
	checkText(&v, "title", s.Title, 200)
	checkText(&v, "recipient.name", s.Recipient.Name, 200)
	v.Check(slices.Contains(RecipientKinds, s.Recipient.Kind), Field("recipient.kind", "invalid",
		"The recipient is a government, court, agency, enterprise or other body.", "被建议单位类别应为政府、法院、机关、企业或其他。"))
	for i, c := range s.CopyTo {
		checkText(&v, "copy_to["+strconv.Itoa(i)+"]", c, 200)
	}
	for i, n := range s.CaseNumbers {
		v.Check(caseNumber(n), Field("case_numbers["+strconv.Itoa(i)+"]", "format", "A unified case number has 17 digits.", "统一受案号应为 17 位数字。"))
	}
	for i, it := range s.Items {
		checkText(&v, "items["+strconv.Itoa(i)+"].text", it.Text, 4000)
	}
	for _, f := range []struct {
		name, val string
		max       int
	}{{"source", s.Source, 200}, {"facts", s.Facts, 20000}, {"problems", s.Problems, 20000}, {"legal_basis", s.LegalBasis, 4000},
		{"recipient.address", s.Recipient.Address, 200}, {"recipient.legal_representative", s.Recipient.LegalRepresentative, 100},
		{"recipient.phone", s.Recipient.Phone, 50}} {
		if utf8.RuneCountInString(f.val) > f.max {
			v.Add(TooLong(f.name, f.max))
		}
	}
	if s.Urgent && s.Type != TypePublicInterest {
		v.Add(Field("urgent", "not_public_interest", "Only a public-interest suggestion has the urgent 15-day period.", "仅公益诉讼检察建议可适用 15 日紧急回复期限。"))
	}
	if s.CivilEnforcement && s.Type != TypeRetrial && s.Type != TypeCorrection {
		v.Add(Field("civil_enforcement", "wrong_type", "Only a retrial or correction suggestion to a court concerns civil enforcement.", "仅向法院制发的再审或纠正违法检察建议涉及民事执行监督。"))
	}
	return v.Err()
}

// ValidateForSubmit checks that a draft is complete enough for approval.
func ValidateForSubmit(s Suggestion) error {
	var v Validator
	v.Check(strings.TrimSpace(s.Facts) != "", Required("facts"))
	v.Check(strings.TrimSpace(s.Problems) != "", Required("problems"))
	v.Check(strings.TrimSpace(s.LegalBasis) != "", Required("legal_basis"))
	v.Check(len(s.Items) > 0, Field("items", "required", "List at least one suggestion item.", "请至少填写一条建议内容。"))
	return v.Err()
}

func caseNumber(s string) bool {
	if len(s) != 17 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ReplyPeriod is the time the recipient has to reply, from service:
// 2 months; 15 days for an urgent public-interest suggestion; 3 months for
// a civil-enforcement suggestion to a court.
func ReplyPeriod(s Suggestion) Period {
	switch {
	case s.Type == TypePublicInterest && s.Urgent:
		return Period{Days: 15}
	case s.CivilEnforcement && (s.Type == TypeRetrial || s.Type == TypeCorrection):
		return Period{Months: 3}
	}
	return Period{Months: 2}
}

// FilingPeriod is the time to file an issued suggestion with the
// procuratorate above (备案).
var FilingPeriod = Period{Days: 5}

// MaxExtensionMonths bounds one extension of the reply period, in months.
const MaxExtensionMonths = 3

// DocNumber formats a 文号: {short name}检{prefix}建〔{year}〕{n}号. A short
// name that already ends in 检 (仙检) is not doubled.
func DocNumber(shortName, prefix string, year, n int) string {
	head := shortName
	if !strings.HasSuffix(head, "检") {
		head += "检"
	}
	return head + prefix + "建〔" + strconv.Itoa(year) + "〕" + strconv.Itoa(n) + "号"
}

// Serve records electronic service on day on: an issued suggestion not yet
// served is served, and its reply deadline runs from that day. ok is false
// when s was served already (the confirmation changes nothing).
func Serve(s Suggestion, on Date, cal Calendar) (next Suggestion, ok bool) {
	if s.Status != StatusIssued || !s.ServedOn.IsZero() {
		return s, false
	}
	s.ServedOn = on
	s.ReplyDueOn = cal.Deadline(on, ReplyPeriod(s))
	return s, true
}

// Overdue reports whether the recipient's reply is late: issued, no
// final reply, today after the due date. Under objection review the clock
// is paused, and the state is not issued.
func (s Suggestion) Overdue(today Date) bool {
	return s.Status == StatusIssued && !s.HasFinalReply && !s.ReplyDueOn.IsZero() && today.After(s.ReplyDueOn)
}

// TransitionParams are the inputs of the transition actions.
type TransitionParams struct {
	Opinion       string // return, approve, uphold, amend
	ServedOn      Date   // issue
	ServiceMethod string // issue: written / announced
	On            Date   // object, uphold, amend: the date of the event
	Months        int    // extend
	FiledOn       Date   // file_upward
	Level         string // escalate
	Reason        string // withdraw, close, litigate
}

// ServiceMethods are the ways a suggestion is served: in writing (书面送达),
// by announcement (宣告送达), or electronically (电子送达: the recipient
// confirms receipt through its delivery link, and that day is the day of
// service).
var ServiceMethods = []string{"written", "announced", ServiceElectronic}

// ServiceElectronic is service through the recipient portal.
const ServiceElectronic = "electronic"

// EscalationLevels are where an unanswered suggestion is taken.
var EscalationLevels = []string{"upper_procuratorate", "recipient_superior", "party_committee_npc"}

// ApplyTransition returns s after action a with params, on the given
// calendar and day. The caller has checked the action with
// CheckSuggestionAction; the 文号 of an issue is set by the store.
func ApplyTransition(s Suggestion, a SuggestionAction, p TransitionParams, cal Calendar, today Date) (Suggestion, error) {
	var v Validator
	switch a {
	case ActReturn:
		v.Check(strings.TrimSpace(p.Opinion) != "", Field("opinion", "required", "Say why the draft goes back.", "退回时请填写审批意见。"))
	case ActIssue:
		v.Check(slices.Contains(ServiceMethods, p.ServiceMethod), Field("service_method", "invalid",
			"Service is written, announced or electronic.", "送达方式应为书面送达、宣告送达或电子送达。"))
		if p.ServiceMethod == ServiceElectronic {
			// Served when the recipient confirms receipt (Serve); filed
			// within the filing period of the issue.
			v.Check(p.ServedOn.IsZero(), Field("served_on", "not_allowed",
				"Electronic service is dated by the recipient's confirmation.", "电子送达以被建议单位确认收到之日为送达日期，无需填写。"))
			if v.Err() == nil {
				s.ServiceMethod = p.ServiceMethod
				s.FilingDueOn = cal.Deadline(today, FilingPeriod)
			}
			break
		}
		checkDay(&v, "served_on", p.ServedOn, Date{}, today)
		if v.Err() == nil {
			s.ServedOn, s.ServiceMethod = p.ServedOn, p.ServiceMethod
			s.ReplyDueOn = cal.Deadline(p.ServedOn, ReplyPeriod(s))
			s.FilingDueOn = cal.Deadline(p.ServedOn, FilingPeriod)
		}
	case ActObject:
		checkDay(&v, "on", p.On, s.ServedOn, today)
		if v.Err() == nil {
			s.ObjectedOn = p.On
		}
	case ActUphold, ActAmend:
		checkDay(&v, "on", p.On, s.ObjectedOn, today)
		if a == ActAmend {
			v.Check(strings.TrimSpace(p.Opinion) != "", Field("opinion", "required", "Describe the amendment.", "请说明变更内容。"))
		}
		if v.Err() == nil {
			paused := s.ObjectedOn.DaysUntil(p.On)
			s.PausedDays += paused
			s.ReplyDueOn = cal.NextWorkingDay(s.ReplyDueOn.AddDays(paused))
			s.ObjectedOn = Date{}
		}
	case ActWithdraw, ActClose:
		v.Check(strings.TrimSpace(p.Reason) != "", Field("reason", "required", "Give the reason.", "请填写理由。"))
		if a == ActClose {
			s.ClosedReason = strings.TrimSpace(p.Reason)
		}
	case ActExtend:
		v.Check(p.Months >= 1 && p.Months <= MaxExtensionMonths, Field("months", "range", "An extension is 1 to 3 months.", "延长期限应为 1 至 3 个月。"))
		if v.Err() == nil {
			s.ExtensionMonths += p.Months
			s.ReplyDueOn = cal.Deadline(s.ReplyDueOn, Period{Months: p.Months})
		}
	case ActFileUpward:
		v.Check(s.FiledOn.IsZero(), Field("filed_on", "already_filed", "The suggestion was filed already.", "该检察建议已备案。"))
		checkDay(&v, "filed_on", p.FiledOn, s.ServedOn, today)
		if v.Err() == nil {
			s.FiledOn = p.FiledOn
		}
	case ActEscalate:
		v.Check(slices.Contains(EscalationLevels, p.Level), Field("level", "invalid",
			"Escalate to the upper procuratorate, the recipient's superior, or the party committee and NPC.", "督促层级应为上级检察院、被建议单位上级主管部门或党委人大。"))
		if v.Err() == nil {
			s.EscalationLevel = p.Level
		}
	}
	if err := v.Err(); err != nil {
		return s, err
	}
	if a == ActSubmit {
		if err := ValidateForSubmit(s); err != nil {
			return s, err
		}
	}
	s.Status = NextSuggestionStatus(s, a)
	return s, nil
}

// checkDay requires d, not before min (when set), not after today.
func checkDay(v *Validator, field string, d, min, today Date) {
	switch {
	case d.IsZero():
		v.Add(Required(field))
	case d.After(today):
		v.Add(Field(field, "future", "The date cannot be in the future.", "日期不能晚于今天。"))
	case !min.IsZero() && d.Before(min):
		v.Add(Field(field, "too_early", "The date is before "+min.String()+".", "日期不能早于 "+min.String()+"。"))
	}
}
