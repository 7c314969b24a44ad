package domain

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

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
			v.Add(Field("starts_at", "not_later", "A postponed hearing starts later than "+h.StartsAt.In(Shanghai).Format(time.RFC3339)+".",
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
		on := h.HearingDate(DateOf(now, Shanghai))
		if !p.HeldAt.IsZero() {
			on = DateOf(p.HeldAt, Shanghai)
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
	case !startsAt.IsZero() && DateOf(heldAt, Shanghai).Before(DateOf(startsAt, Shanghai)):
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
