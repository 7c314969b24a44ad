package domain

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
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

// hearingZone is the clock of the procuratorates: China Standard Time,
// UTC+8, which has had no daylight saving since 1991, so a fixed zone is
// exact and needs no tz database.
var hearingZone = time.FixedZone("Asia/Shanghai", 8*60*60)

// EarliestStartDate is the first day a hearing notified at now may take
// place: NoticeDays full days after the day of notice (see NoticeGiven).
func (r HearingRules) EarliestStartDate(now time.Time) Date {
	return DateOf(now, hearingZone).AddDays(r.NoticeDays + 1)
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
	return !DateOf(start, hearingZone).Before(r.EarliestStartDate(now))
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
		return DateOf(h.HeldAt, hearingZone)
	case !h.StartsAt.IsZero():
		return DateOf(h.StartsAt, hearingZone)
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

// HearingInput carries the fields a prosecutor or clerk proposes and edits.
type HearingInput struct {
	Kind                HearingKind
	Title               string
	CaseNumber          string
	Public              *bool // nil: the kind's default when proposing (never public with a minor), unchanged when editing
	InvolvesMinor       bool
	ClosedReason        string
	ProposedDecision    string
	StartsAt            time.Time // suggested start, optional; fixed by schedule
	Location            string    // suggested place, optional; fixed by schedule
	InHearingRoom       bool
	LivestreamRequested bool
}

// Input returns the editable fields of h as they stand, for a partial
// update to overlay the fields it changes before ApplyHearingEdit.
func (h Hearing) Input() HearingInput {
	public := h.Public
	return HearingInput{Kind: h.Kind, Title: h.Title, CaseNumber: h.CaseNumber, Public: &public, InvolvesMinor: h.InvolvesMinor,
		ClosedReason: h.ClosedReason, ProposedDecision: h.ProposedDecision, StartsAt: h.StartsAt, Location: h.Location,
		InHearingRoom: h.InHearingRoom, LivestreamRequested: h.LivestreamRequested}
}

// NewHearing returns a proposed hearing of the unit from in, proposed by
// actor (a prosecutor or clerk; others get ErrForbidden). Without an
// explicit Public it takes the kind's default, and it is never public when
// a minor is involved; asking for a public hearing with a minor is a field
// error on public.
func NewHearing(unitID int64, unitPath string, in HearingInput, actor HearingActor, now time.Time) (Hearing, error) {
	if !slices.ContainsFunc(HearingCreateRoles, func(r Role) bool { return slices.Contains(actor.Roles, r) }) {
		return Hearing{}, ErrForbidden
	}
	public := in.Kind.DefaultPublic() && !in.InvolvesMinor
	if in.Public != nil {
		public = *in.Public
	}
	h := Hearing{UnitID: unitID, UnitPath: unitPath, Status: HearingProposed, CreatedBy: actor.UserID, Public: public}
	h = applyInput(h, in)
	if err := validateInput(h, time.Time{}, now); err != nil {
		return Hearing{}, err
	}
	return h, nil
}

func applyInput(h Hearing, in HearingInput) Hearing {
	h.Kind, h.Title, h.CaseNumber = in.Kind, strings.TrimSpace(in.Title), strings.TrimSpace(in.CaseNumber)
	h.InvolvesMinor, h.ClosedReason = in.InvolvesMinor, strings.TrimSpace(in.ClosedReason)
	h.ProposedDecision = strings.TrimSpace(in.ProposedDecision)
	h.StartsAt, h.Location = in.StartsAt, strings.TrimSpace(in.Location)
	h.InHearingRoom, h.LivestreamRequested = in.InHearingRoom, in.LivestreamRequested
	if h.Public {
		h.ClosedReason = ""
	}
	if !h.Public || !h.LivestreamRequested {
		h.LivestreamApproved, h.LivestreamURL = false, ""
	}
	return h
}

// validateInput checks a proposed or edited hearing; a suggested start
// must lie in the future when it is new (differs from prev).
func validateInput(h Hearing, prev, now time.Time) error {
	var v Validator
	addFields(&v, ValidateHearing(h))
	if !h.StartsAt.IsZero() && !h.StartsAt.Equal(prev) && !h.StartsAt.After(now) {
		v.Add(Field("starts_at", "past", "The start must be in the future.", "开始时间应晚于当前时间。"))
	}
	return v.Err()
}

// addFields records the field errors of err, a validation error or nil.
func addFields(v *Validator, err error) {
	if e, ok := AsError(err); ok {
		for _, f := range e.Fields {
			v.Add(f)
		}
	}
}

// ApplyHearingEdit returns h edited with in by actor (checked with
// CheckHearingAction: prosecutors and clerks, before the hearing is held).
//
// While proposed, everything in HearingInput may change. Once the chief
// has approved, the approval fixes the kind, the proposed decision, the
// venue (in_hearing_room), and the time and place (which move only by
// schedule and postpone); changing any of them is 409 ErrHearingLocked.
// The title, case number, live-stream request and closing reason stay
// editable, and publicity may only narrow: a public hearing may be closed
// and a minor's involvement recorded, not the reverse. Closing a hearing,
// or dropping the live-stream request, withdraws an approved live stream.
func ApplyHearingEdit(h Hearing, in HearingInput, actor HearingActor, now time.Time) (Hearing, error) {
	if err := CheckHearingAction(h, HearingActEdit, actor); err != nil {
		return h, err
	}
	out := h
	if in.Public != nil {
		out.Public = *in.Public
	} else if in.InvolvesMinor {
		out.Public = false
	}
	if h.Status != HearingProposed {
		var locked []string
		if in.Kind != h.Kind {
			locked = append(locked, "kind")
		}
		if strings.TrimSpace(in.ProposedDecision) != h.ProposedDecision {
			locked = append(locked, "proposed_decision")
		}
		if in.InHearingRoom != h.InHearingRoom {
			locked = append(locked, "in_hearing_room")
		}
		if !in.StartsAt.Equal(h.StartsAt) {
			locked = append(locked, "starts_at")
		}
		if strings.TrimSpace(in.Location) != h.Location {
			locked = append(locked, "location")
		}
		if out.Public && !h.Public {
			locked = append(locked, "public")
		}
		if !in.InvolvesMinor && h.InvolvesMinor {
			locked = append(locked, "involves_minor")
		}
		if len(locked) > 0 {
			return h, ErrHearingLocked(locked)
		}
	}
	if h.Public && !out.Public {
		in.LivestreamRequested = false // closing the hearing ends any live stream
	}
	out = applyInput(out, in)
	if err := validateInput(out, h.StartsAt, now); err != nil {
		return h, err
	}
	return out, nil
}

// HearingParams are the inputs of the transition and record actions.
type HearingParams struct {
	Reason        string    // reject, cancel, postpone
	StartsAt      time.Time // schedule, postpone
	Location      string    // schedule (required); postpone (optional: a new place)
	LivestreamURL string    // approve_livestream
	HeldAt        time.Time // hold
	Attendance    string    // hold
	Minutes       string    // hold (optional), minutes

	// Participants of the hearing with attendance as it is to be stored,
	// Officers the pool records of its hearing officers: hold and decide
	// read them.
	Participants []Participant
	Officers     []Officer
	Opinions     []Opinion // decide: the officers' opinions

	Decision        string // decide
	Reasons         string // decide
	FollowsProposal *bool  // decide
	AnnouncedOnSpot bool   // decide
	AnnouncedAt     time.Time
}

// ApplyHearingTransition returns h after action a by actor with params p,
// under rules, at now. It checks the action with CheckHearingAction first.
// Participants, draws and opinions have their own checks (CheckSeat,
// DrawOfficers, ValidateOpinion) and edits ApplyHearingEdit; for those
// actions it only checks the action and leaves h as it is.
//
//   - approve: the hearing must be valid and state its proposed decision;
//     a hearing outside the hearing room is approved with that setting.
//   - reject, cancel: a reason.
//   - schedule: a start NoticeGiven allows, and a place.
//   - postpone: a reason and a later start NoticeGiven allows (and
//     optionally a new place); the state stays, Postponements counts.
//   - hold: when it took place (not in the future, not before the day it
//     was to start), attendance, optional minutes, and between
//     rules.MinOfficers and rules.MaxOfficers hearing officers who took
//     part, each eligible on that day.
//   - decide: decision, reasons, follows_proposal, minutes on record; a
//     decision against the officers' majority needs approve_departure or
//     a chief deciding (422 on follows_proposal otherwise).
//   - approve_livestream: a public hearing and an http(s) URL.
//   - announce: when a decision not announced on the spot was announced.
func ApplyHearingTransition(h Hearing, a HearingAction, p HearingParams, actor HearingActor, rules HearingRules, now time.Time) (Hearing, error) {
	if err := CheckHearingAction(h, a, actor); err != nil {
		return h, err
	}
	out := h
	var v Validator
	switch a {
	case HearingActApprove:
		addFields(&v, ValidateHearing(h))
		v.Check(h.ProposedDecision != "", Field("proposed_decision", "required",
			"State the proposed decision the officers will be heard on.", "请填写拟处理意见。"))
		out.InHearingRoomApproved = !h.InHearingRoom
	case HearingActReject, HearingActCancel:
		checkText(&v, "reason", p.Reason, maxHearingReason)
		out.StatusReason = strings.TrimSpace(p.Reason)
	case HearingActSchedule:
		if !h.InHearingRoom && !h.InHearingRoomApproved {
			return h, ErrVenueNotApproved
		}
		checkNotice(&v, p.StartsAt, rules, now)
		checkText(&v, "location", p.Location, maxHearingPlace)
		out.StartsAt, out.PlannedStart, out.Location = p.StartsAt, p.StartsAt, strings.TrimSpace(p.Location)
	case HearingActPostpone:
		checkNotice(&v, p.StartsAt, rules, now)
		if !h.StartsAt.IsZero() && !p.StartsAt.IsZero() && !p.StartsAt.After(h.StartsAt) {
			v.Add(Field("starts_at", "not_later", "A postponed hearing starts later than "+h.StartsAt.In(hearingZone).Format(time.RFC3339)+".",
				"延期后的开始时间应晚于原定时间。"))
		}
		checkText(&v, "reason", p.Reason, maxHearingReason)
		checkMax(&v, "location", p.Location, maxHearingPlace)
		out.StartsAt, out.StatusReason, out.Postponements = p.StartsAt, strings.TrimSpace(p.Reason), h.Postponements+1
		if loc := strings.TrimSpace(p.Location); loc != "" {
			out.Location = loc
		}
	case HearingActHold:
		if !h.InHearingRoom && !h.InHearingRoomApproved {
			return h, ErrVenueNotApproved
		}
		checkHeldAt(&v, p.HeldAt, h.StartsAt, now)
		checkMax(&v, "attendance", p.Attendance, maxHearingText)
		checkMax(&v, "minutes", p.Minutes, maxHearingMinutes)
		on := h.HearingDate(DateOf(now, hearingZone))
		if !p.HeldAt.IsZero() {
			on = DateOf(p.HeldAt, hearingZone)
		}
		checkOfficersTakingPart(&v, p.Participants, p.Officers, rules, on)
		out.HeldAt, out.Attendance = p.HeldAt, strings.TrimSpace(p.Attendance)
		if m := strings.TrimSpace(p.Minutes); m != "" {
			out.Minutes = m
		}
	case HearingActDecide:
		checkText(&v, "decision", p.Decision, maxHearingText)
		checkText(&v, "reasons", p.Reasons, maxHearingLongText)
		v.Check(strings.TrimSpace(h.Minutes) != "", Field("minutes", "required", "Record the minutes before the decision.", "请先录入听证笔录。"))
		if p.FollowsProposal == nil {
			v.Add(Required("follows_proposal"))
			break
		}
		m := Majority(OpinionsOfOfficers(p.Participants, p.Opinions))
		departs := m.Departs(*p.FollowsProposal)
		if departs && !h.DepartureApproved && !hearingByChief.admits(h, actor) {
			v.Add(Field("follows_proposal", "departs_from_majority",
				"The decision goes against the officers' majority ("+itoa(m.Agree)+" agree, "+itoa(m.Disagree)+
					" disagree); it needs the chief's approval.",
				"处理决定与听证员多数意见不一致（同意 "+itoa(m.Agree)+" 人，不同意 "+itoa(m.Disagree)+" 人），须经检察长批准。"))
		}
		follows := *p.FollowsProposal
		out.Decision, out.Reasons = strings.TrimSpace(p.Decision), strings.TrimSpace(p.Reasons)
		out.FollowsProposal, out.DepartsFromMajority = &follows, departs
		out.AnnouncedOnSpot, out.DecidedAt = p.AnnouncedOnSpot, now
		if p.AnnouncedOnSpot {
			out.AnnouncedAt = h.HeldAt
		}
	case HearingActApproveLivestream:
		v.Check(h.Public, Field("public", "not_public", "Only a public hearing can be streamed.", "仅公开听证可以网络直播。"))
		if strings.TrimSpace(p.LivestreamURL) == "" {
			v.Add(Required("livestream_url"))
		} else {
			checkURL(&v, "livestream_url", strings.TrimSpace(p.LivestreamURL))
		}
		out.LivestreamRequested, out.LivestreamApproved, out.LivestreamURL = true, true, strings.TrimSpace(p.LivestreamURL)
	case HearingActApproveDeparture:
		out.DepartureApproved, out.DepartureApprovedBy = true, actor.UserID
	case HearingActAnnounce:
		switch {
		case p.AnnouncedAt.IsZero():
			v.Add(Required("announced_at"))
		case p.AnnouncedAt.After(now):
			v.Add(Field("announced_at", "future", "The time cannot be in the future.", "时间不能晚于当前时间。"))
		case p.AnnouncedAt.Before(h.HeldAt):
			v.Add(Field("announced_at", "too_early", "The decision cannot be announced before the hearing.", "宣告时间不能早于听证时间。"))
		}
		out.AnnouncedAt = p.AnnouncedAt
	case HearingActMinutes:
		checkText(&v, "minutes", p.Minutes, maxHearingMinutes)
		out.Minutes = strings.TrimSpace(p.Minutes)
	}
	if err := v.Err(); err != nil {
		return h, err
	}
	out.Status = NextHearingStatus(h, a)
	return out, nil
}

// checkNotice requires a start that leaves the notice rules require.
func checkNotice(v *Validator, start time.Time, rules HearingRules, now time.Time) {
	switch {
	case start.IsZero():
		v.Add(Required("starts_at"))
	case !rules.NoticeGiven(now, start):
		earliest := rules.EarliestStartDate(now).String()
		n := itoa(rules.NoticeDays)
		v.Add(Field("starts_at", "notice_too_short",
			"Participants must have "+n+" full days' notice: the hearing can start on "+earliest+" at the earliest.",
			"须提前 "+n+" 日（不含通知当日和听证当日）通知参加人员，听证最早可安排在 "+earliest+"。"))
	}
}

// checkHeldAt requires a time of holding, not in the future and not before
// the day the hearing was to start.
func checkHeldAt(v *Validator, heldAt, startsAt, now time.Time) {
	switch {
	case heldAt.IsZero():
		v.Add(Required("held_at"))
	case heldAt.After(now):
		v.Add(Field("held_at", "future", "The hearing cannot have taken place in the future.", "举行时间不能晚于当前时间。"))
	case !startsAt.IsZero() && DateOf(heldAt, hearingZone).Before(DateOf(startsAt, hearingZone)):
		v.Add(Field("held_at", "before_start", "The hearing cannot take place before the day it was notified for.", "举行日期不能早于通知的听证日期。"))
	}
}

// checkOfficersTakingPart requires between rules.MinOfficers and
// rules.MaxOfficers active hearing officers who took part (seated,
// attending, with a pool record eligible on the hearing day). An officer
// who took part without being eligible is an error of its own, and is not
// counted.
func checkOfficersTakingPart(v *Validator, parts []Participant, officers []Officer, rules HearingRules, on Date) {
	n := 0
	for _, p := range parts {
		if !p.TookPart() {
			continue
		}
		i := slices.IndexFunc(officers, func(o Officer) bool { return o.ID == p.OfficerID })
		if i < 0 {
			who := officerLabel(p.OfficerID, p.Name)
			v.Add(Field("officers", "unknown_officer", "Hearing officer "+who+" is not in the pool.", "听证员"+who+"不在听证员库中。"))
			continue
		}
		if e, ok := AsError(OfficerEligible(officers[i], on)); ok {
			who := officerLabel(p.OfficerID, cmp.Or(officers[i].Name, p.Name))
			for _, f := range e.Fields {
				v.Add(Field("officers", f.Code, "Hearing officer "+who+": "+f.Message, "听证员"+who+"："+f.MessageZh))
			}
			continue
		}
		n++
	}
	if n < rules.MinOfficers || n > rules.MaxOfficers {
		lo, hi := itoa(rules.MinOfficers), itoa(rules.MaxOfficers)
		v.Add(Field("officers", "officer_count",
			"A hearing needs "+lo+" to "+hi+" active hearing officers taking part; "+itoa(n)+" did.",
			"听证须有 "+lo+" 至 "+hi+" 名听证员参加，实际参加 "+itoa(n)+" 名。"))
	}
}

func checkMax(v *Validator, field, s string, max int) {
	if utf8.RuneCountInString(strings.TrimSpace(s)) > max {
		v.Add(TooLong(field, max))
	}
}

func checkURL(v *Validator, field, s string) {
	u, err := url.Parse(s)
	switch {
	case utf8.RuneCountInString(s) > maxHearingURL:
		v.Add(TooLong(field, maxHearingURL))
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		v.Add(Field(field, "format", "An http or https address.", "应为 http 或 https 网址。"))
	}
}
