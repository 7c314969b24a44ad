package domain

import (
	"slices"
	"strings"
	"time"
)

// HearingKind is the kind of case a procuratorial hearing (检察听证) is
// held in.
type HearingKind string

// The hearing kinds (DESIGN.md §4).
const (
	HearingKindArrestReview              HearingKind = "arrest_review"              // 审查逮捕
	HearingKindCustodyNecessity          HearingKind = "custody_necessity"          // 羁押必要性审查
	HearingKindNonProsecution            HearingKind = "non_prosecution"            // 拟不起诉
	HearingKindCriminalAppeal            HearingKind = "criminal_appeal"            // 刑事申诉
	HearingKindCivilSupervision          HearingKind = "civil_supervision"          // 民事诉讼监督
	HearingKindAdministrativeSupervision HearingKind = "administrative_supervision" // 行政诉讼监督
	HearingKindPublicInterest            HearingKind = "public_interest"            // 公益诉讼
	HearingKindOther                     HearingKind = "other"                      // 其他
)

// HearingKinds lists every kind.
var HearingKinds = []HearingKind{HearingKindArrestReview, HearingKindCustodyNecessity, HearingKindNonProsecution,
	HearingKindCriminalAppeal, HearingKindCivilSupervision, HearingKindAdministrativeSupervision,
	HearingKindPublicInterest, HearingKindOther}

// HearingKindNameZh names the kinds in Chinese.
var HearingKindNameZh = map[HearingKind]string{
	HearingKindArrestReview: "审查逮捕", HearingKindCustodyNecessity: "羁押必要性审查", HearingKindNonProsecution: "拟不起诉",
	HearingKindCriminalAppeal: "刑事申诉", HearingKindCivilSupervision: "民事诉讼监督",
	HearingKindAdministrativeSupervision: "行政诉讼监督", HearingKindPublicInterest: "公益诉讼", HearingKindOther: "其他",
}

// HearingKindNameEn names the kinds in English (as the web interface does).
var HearingKindNameEn = map[HearingKind]string{
	HearingKindArrestReview: "Arrest review", HearingKindCustodyNecessity: "Custody necessity", HearingKindNonProsecution: "Intended non-prosecution",
	HearingKindCriminalAppeal: "Criminal appeal", HearingKindCivilSupervision: "Civil supervision",
	HearingKindAdministrativeSupervision: "Administrative supervision", HearingKindPublicInterest: "Public interest", HearingKindOther: "Other",
}

// Valid reports whether k is a known kind.
func (k HearingKind) Valid() bool { return slices.Contains(HearingKinds, k) }

// DefaultPublic reports whether a hearing of kind k is public unless
// closed: custody hearings (arrest review, custody necessity) are held in
// private by default (《人民检察院羁押听证办法》), every other kind in public.
// A hearing involving a minor is never public, whatever its kind.
func (k HearingKind) DefaultPublic() bool {
	return k.Valid() && k != HearingKindArrestReview && k != HearingKindCustodyNecessity
}

// HearingStatus is a state of the hearing lifecycle.
//
// Postponement is not a state: a postponed hearing stays where it was
// (proposed, approved or scheduled) with a later StartsAt, one more
// Postponements and the reason in StatusReason, so that nothing has to be
// scheduled twice and "postponed" is visible as Postponements > 0.
type HearingStatus string

// The states (DESIGN.md §4).
const (
	HearingProposed  HearingStatus = "proposed"  // proposed, awaiting the chief
	HearingApproved  HearingStatus = "approved"  // approved by the chief, not yet scheduled
	HearingScheduled HearingStatus = "scheduled" // time and place fixed, participants notified
	HearingHeld      HearingStatus = "held"      // took place; opinions and minutes on record
	HearingDecided   HearingStatus = "decided"   // the decision is made
	HearingRejected  HearingStatus = "rejected"  // the chief refused to hold it
	HearingCancelled HearingStatus = "cancelled" // called off before it was held
)

// HearingStatuses lists every state in lifecycle order.
var HearingStatuses = []HearingStatus{HearingProposed, HearingApproved, HearingScheduled, HearingHeld, HearingDecided,
	HearingRejected, HearingCancelled}

// Valid reports whether s is a known state.
func (s HearingStatus) Valid() bool { return slices.Contains(HearingStatuses, s) }

// HearingStatusNameZh names the states in Chinese.
var HearingStatusNameZh = map[HearingStatus]string{
	HearingProposed: "待审批", HearingApproved: "已批准", HearingScheduled: "已排期", HearingHeld: "已举行",
	HearingDecided: "已作出决定", HearingRejected: "不予听证", HearingCancelled: "已取消",
}

// HearingAction is a transition, or a record that leaves the state as it is.
type HearingAction string

// The actions.
const (
	HearingActEdit              HearingAction = "edit"
	HearingActApprove           HearingAction = "approve"
	HearingActReject            HearingAction = "reject"
	HearingActSchedule          HearingAction = "schedule"
	HearingActPostpone          HearingAction = "postpone"
	HearingActHold              HearingAction = "hold"
	HearingActDecide            HearingAction = "decide"
	HearingActCancel            HearingAction = "cancel"
	HearingActApproveLivestream HearingAction = "approve_livestream"
	HearingActApproveDeparture  HearingAction = "approve_departure"
	HearingActAnnounce          HearingAction = "announce"     // a decision not announced on the spot is announced later
	HearingActParticipants      HearingAction = "participants" // add, change or remove participants, recusals
	HearingActDraw              HearingAction = "draw"         // draw hearing officers from the pool
	HearingActOpinion           HearingAction = "opinion"      // record a hearing officer's opinion
	HearingActMinutes           HearingAction = "minutes"      // record or correct the minutes
	HearingActReportBack        HearingAction = "report_back"  // record that the decision was reported to the officers
)

// HearingTransitionActions are the actions of POST …/transitions.
var HearingTransitionActions = []HearingAction{HearingActApprove, HearingActReject, HearingActSchedule, HearingActPostpone,
	HearingActHold, HearingActDecide, HearingActCancel, HearingActApproveLivestream, HearingActApproveDeparture,
	HearingActAnnounce}

// HearingRecordActions are the actions that edit a hearing or its records
// without moving its state.
var HearingRecordActions = []HearingAction{HearingActEdit, HearingActParticipants, HearingActDraw, HearingActOpinion,
	HearingActMinutes, HearingActReportBack}

// HearingCreateRoles may propose a hearing in their unit.
var HearingCreateRoles = []Role{RoleProsecutor, RoleClerk}

var (
	beforeHeld = []HearingStatus{HearingProposed, HearingApproved, HearingScheduled}

	hearingByChief      = Who[Hearing]{Role: RoleChief}
	hearingByProsecutor = Who[Hearing]{Role: RoleProsecutor}
	hearingByClerk      = Who[Hearing]{Role: RoleClerk}
	// The prosecutor who proposed the hearing, while it is still proposed.
	hearingByProposer = Who[Hearing]{Role: RoleProsecutor, If: func(h Hearing, userID int64) bool {
		return userID == h.CreatedBy && h.Status == HearingProposed
	}}
	hearingStaff = []Who[Hearing]{hearingByProsecutor, hearingByClerk}
)

// hearingLifecycle is the hearing's state machine (DESIGN.md §4).
var hearingLifecycle = Lifecycle[HearingStatus, HearingAction, Hearing]{
	Noun: "hearing", NounZh: "听证", StateNameZh: HearingStatusNameZh,
	State:   func(h Hearing) HearingStatus { return h.Status },
	Actions: append(slices.Clone(HearingTransitionActions), HearingRecordActions...),
	Rules: map[HearingAction]Rule[HearingStatus, Hearing]{
		HearingActEdit:     {From: beforeHeld, By: hearingStaff},
		HearingActApprove:  {From: []HearingStatus{HearingProposed}, To: HearingApproved, By: []Who[Hearing]{hearingByChief}},
		HearingActReject:   {From: []HearingStatus{HearingProposed}, To: HearingRejected, By: []Who[Hearing]{hearingByChief}},
		HearingActSchedule: {From: []HearingStatus{HearingApproved}, To: HearingScheduled, By: hearingStaff},
		HearingActPostpone: {From: beforeHeld, By: hearingStaff},
		HearingActHold:     {From: []HearingStatus{HearingScheduled}, To: HearingHeld, By: hearingStaff},
		HearingActDecide:   {From: []HearingStatus{HearingHeld}, To: HearingDecided, By: []Who[Hearing]{hearingByProsecutor, hearingByClerk, hearingByChief}},
		HearingActCancel:   {From: beforeHeld, To: HearingCancelled, By: []Who[Hearing]{hearingByChief, hearingByProposer}},
		// Offered for public hearings only; for another the check lets it
		// through to fail in ApplyHearingTransition with a field error.
		HearingActApproveLivestream: {From: beforeHeld, By: []Who[Hearing]{hearingByChief}, Offered: func(h Hearing) bool { return h.Public }},
		HearingActApproveDeparture:  {From: []HearingStatus{HearingHeld}, By: []Who[Hearing]{hearingByChief}},
		// A decision is announced once, unless it was announced on the spot.
		HearingActAnnounce: {From: []HearingStatus{HearingDecided}, By: []Who[Hearing]{hearingByProsecutor, hearingByClerk, hearingByChief},
			Possible: func(h Hearing, _ Actor) bool { return !h.AnnouncedOnSpot && h.AnnouncedAt.IsZero() }},
		HearingActParticipants: {From: beforeHeld, By: hearingStaff},
		HearingActDraw:         {From: beforeHeld, By: hearingStaff},
		HearingActOpinion:      {From: []HearingStatus{HearingScheduled, HearingHeld}, By: hearingStaff},
		HearingActMinutes:      {From: []HearingStatus{HearingScheduled, HearingHeld}, By: hearingStaff},
		HearingActReportBack:   {From: []HearingStatus{HearingDecided}, By: hearingStaff},
	},
}

// HearingActionRoles lists the roles that may take an action in some case
// (the proposer counts as prosecutor); the authorisation policies are
// checked against it.
func HearingActionRoles(a HearingAction) []Role { return hearingLifecycle.Roles(a) }

// HearingActor is who acts on a hearing.
type HearingActor = Actor

// HearingRules are the configurable numbers of the hearing rules.
type HearingRules struct {
	MinOfficers int // hearing officers who must take part, at least
	MaxOfficers int // and at most
	NoticeDays  int // full days of notice before the hearing day (see NoticeGiven)
}

// DefaultHearingRules: 3 to 7 hearing officers, 3 full days' notice.
var DefaultHearingRules = HearingRules{MinOfficers: 3, MaxOfficers: 7, NoticeDays: 3}

// Validate checks a configuration: at least one officer, a maximum not
// below the minimum, no negative notice.
func (r HearingRules) Validate() error {
	var v Validator
	v.Check(r.MinOfficers >= 1, Field("min_officers", "range", "At least one hearing officer.", "听证员人数至少为 1。"))
	v.Check(r.MaxOfficers >= r.MinOfficers, Field("max_officers", "range", "The maximum cannot be below the minimum.", "听证员人数上限不能小于下限。"))
	v.Check(r.NoticeDays >= 0, Field("notice_days", "range", "The notice period cannot be negative.", "通知期限不能为负数。"))
	return v.Err()
}

// EarliestStartDate is the first day a hearing notified at now may take
// place: NoticeDays full days after the day of notice (see NoticeGiven).
func (r HearingRules) EarliestStartDate(now time.Time) Date {
	return DateOf(now, Shanghai).AddDays(r.NoticeDays + 1)
}

// NoticeGiven reports whether participants notified at now have NoticeDays
// full days before a hearing starting at start.
//
// "3 full days" means three whole calendar days (Asia/Shanghai) lie between
// the day of notice and the day of the hearing, neither of which counts: a
// day of which part has gone is not a full day (the day a period begins is
// not counted, 民法典 art. 201), and the hearing day is the day the notice
// is for. Notified on 26 November at any hour, the 27th, 28th and 29th are
// the full days, so the hearing may start on 30 November at any hour (even
// 00:00) and not on the 29th. Counting in hours instead (72 h) would allow
// 26 November 10:00 → 29 November 10:00, which leaves two full days.
func (r HearingRules) NoticeGiven(now, start time.Time) bool {
	return !DateOf(start, Shanghai).Before(r.EarliestStartDate(now))
}

// Hearing is a procuratorial hearing (检察听证).
type Hearing struct {
	ID               int64
	UnitID           int64
	UnitPath         string
	Kind             HearingKind
	Title            string
	CaseNumber       string // unified or department case number, free text
	Public           bool
	InvolvesMinor    bool   // a party is a minor: never public
	ClosedReason     string // why a hearing of a public kind is held in private
	ProposedDecision string // the decision the prosecutor proposes; officers agree or disagree with it

	// PlannedStart is the start first fixed by schedule; postponements move
	// StartsAt and leave PlannedStart, so the two show how far the hearing
	// slipped. StartsAt is the current start: before scheduling, the start
	// the proposal suggests (optional), then the notified one.
	PlannedStart time.Time
	StartsAt     time.Time
	Location     string
	// InHearingRoom is false for a hearing held elsewhere (on site, in a
	// community); that stands only with the chief's approval, recorded in
	// InHearingRoomApproved when the hearing is approved with that setting.
	InHearingRoom         bool
	InHearingRoomApproved bool

	LivestreamRequested bool
	LivestreamURL       string
	LivestreamApproved  bool // by a chief (approve_livestream)
	DepartureApproved   bool // a chief allowed a decision against the officers' majority
	DepartureApprovedBy int64

	Status        HearingStatus
	StatusReason  string // of the last reject, cancel or postpone
	Postponements int
	CreatedBy     int64 // the proposer

	HeldAt              time.Time // when it actually took place
	Attendance          string    // notes on attendance; who attended is on the participants
	Minutes             string
	Decision            string
	Reasons             string
	FollowsProposal     *bool // the decision follows ProposedDecision
	DepartsFromMajority bool  // the decision goes against the officers' majority
	AnnouncedOnSpot     bool
	AnnouncedAt         time.Time
	DecidedAt           time.Time
	Version             int
}

// HearingDate is the day the officers' eligibility is judged on: the day
// the hearing took place, else the day it is to start, else today.
func (h Hearing) HearingDate(today Date) Date {
	switch {
	case !h.HeldAt.IsZero():
		return DateOf(h.HeldAt, Shanghai)
	case !h.StartsAt.IsZero():
		return DateOf(h.StartsAt, Shanghai)
	}
	return today
}

// ErrHearingLocked refuses an edit of fields the chief's approval fixed.
func ErrHearingLocked(fields []string) *Error {
	return &Error{Kind: KindConflict, Code: "locked_after_approval",
		Message:   "These fields cannot change after approval: " + strings.Join(fields, ", ") + ".",
		MessageZh: "听证经批准后不能修改以下事项：" + strings.Join(fields, "、") + "。",
		Details:   map[string]any{"fields": fields}}
}

// ErrVenueNotApproved refuses to schedule or hold outside the hearing room
// without the chief's approval.
var ErrVenueNotApproved = &Error{Kind: KindConflict, Code: "venue_not_approved",
	Message:   "A hearing outside the hearing room needs the chief's approval.",
	MessageZh: "在听证室以外举行听证须经检察长批准。"}

// CheckHearingAction decides whether actor may take action a on h now:
// 409 (illegal_transition) when the state does not allow it, 403 when the
// state does but the actor may not, nil otherwise. The proposer may cancel
// only while the hearing is proposed; afterwards it is 403.
func CheckHearingAction(h Hearing, a HearingAction, actor HearingActor) error {
	return hearingLifecycle.Check(h, a, actor)
}

// AllowedHearingActions lists the transition and record actions actor may
// take on h now, for the buttons of the detail page.
func AllowedHearingActions(h Hearing, actor HearingActor) []HearingAction {
	return hearingLifecycle.Allowed(h, actor)
}

// NextHearingStatus is the state after a successful action.
func NextHearingStatus(h Hearing, a HearingAction) HearingStatus { return hearingLifecycle.Next(h, a) }

// Text limits, in characters.
const (
	maxHearingTitle    = 200
	maxHearingText     = 4000  // proposed decision, decision, attendance, opinions
	maxHearingLongText = 20000 // reasons
	maxHearingMinutes  = 100000
	maxHearingReason   = 500
	maxHearingPlace    = 200
	maxHearingURL      = 500
)

// ValidateHearing checks a hearing's own fields: the rules on publicity
// (a minor closes the hearing, a hearing of a public kind needs a reason
// to be closed) and on live streams (public only, chief's approval).
//
// The closing reason is required when a hearing whose kind is public by
// default is held in private, unless a minor is involved, which is reason
// enough: a private arrest review needs no reason, its default being
// private.
func ValidateHearing(h Hearing) error {
	var v Validator
	v.Check(h.Kind.Valid(), Field("kind", "invalid", "Unknown hearing kind.", "未知的听证类型。"))
	checkText(&v, "title", h.Title, maxHearingTitle)
	checkMax(&v, "case_number", h.CaseNumber, 100)
	checkMax(&v, "proposed_decision", h.ProposedDecision, maxHearingText)
	checkMax(&v, "closed_reason", h.ClosedReason, maxHearingReason)
	checkMax(&v, "location", h.Location, maxHearingPlace)
	if h.InvolvesMinor && h.Public {
		v.Add(Field("public", "minor", "A hearing involving a minor is never public.", "涉及未成年人的听证一律不公开举行。"))
	}
	if !h.Public && !h.InvolvesMinor && h.Kind.DefaultPublic() && strings.TrimSpace(h.ClosedReason) == "" {
		v.Add(Field("closed_reason", "required", "Say why the hearing is not public (state secrets, privacy…).",
			"不公开听证的，请说明理由（涉及国家秘密、个人隐私等）。"))
	}
	if h.LivestreamRequested && !h.Public {
		v.Add(Field("livestream_requested", "not_public", "Only a public hearing can be streamed.", "仅公开听证可以网络直播。"))
	}
	switch {
	case h.LivestreamURL != "" && !h.LivestreamApproved:
		v.Add(Field("livestream_url", "not_approved", "A live stream needs the chief's approval.", "网络直播须经检察长批准。"))
	case h.LivestreamURL != "" && !h.Public:
		v.Add(Field("livestream_url", "not_public", "Only a public hearing can be streamed.", "仅公开听证可以网络直播。"))
	case h.LivestreamURL != "":
		checkURL(&v, "livestream_url", h.LivestreamURL)
	}
	return v.Err()
}
