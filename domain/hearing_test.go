package domain

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	hChief      = HearingActor{UserID: 11, Roles: []Role{RoleChief}}
	hProposer   = HearingActor{UserID: 12, Roles: []Role{RoleProsecutor}}
	hColleague  = HearingActor{UserID: 13, Roles: []Role{RoleProsecutor}}
	hClerk      = HearingActor{UserID: 14, Roles: []Role{RoleClerk}}
	hSupervisor = HearingActor{UserID: 15, Roles: []Role{RoleSupervisor}}
	hAdmin      = HearingActor{UserID: 16, Roles: []Role{RoleAdmin}}
)

var hearingActors = map[string]HearingActor{"chief": hChief, "proposer": hProposer, "colleague": hColleague,
	"clerk": hClerk, "supervisor": hSupervisor, "admin": hAdmin}

var testCST = time.FixedZone("CST", 8*60*60)

// cstTime is a wall-clock time in Beijing.
func cstTime(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, testCST)
}

func boolPtr(b bool) *bool { return &b }

// hearingIn returns a public non-prosecution hearing in status st,
// proposed by hProposer, with a proposed decision, set for the hearing
// room on 30 November 2026 at 09:30 (Beijing).
func hearingIn(st HearingStatus) Hearing {
	start := cstTime(2026, 11, 30, 9, 30)
	return Hearing{ID: 1, UnitID: 3, UnitPath: "/420000/429000/429004", Kind: HearingKindNonProsecution, Title: "张某涉嫌盗窃拟不起诉案公开听证",
		Public: true, ProposedDecision: "拟作相对不起诉", InHearingRoom: true, Status: st, CreatedBy: hProposer.UserID,
		PlannedStart: start, StartsAt: start, Location: "第一听证室"}
}

// fieldCodes returns "field:code" for each field error of err, or the
// error's own code when it has no fields.
func fieldCodes(err error) []string {
	e, ok := AsError(err)
	if !ok {
		return nil
	}
	if len(e.Fields) == 0 {
		return []string{e.Code}
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func wantFieldError(t *testing.T, err error, fieldCode string) {
	t.Helper()
	if e, ok := AsError(err); !ok || e.Kind != KindInvalid {
		t.Fatalf("err = %v, want a 422 with %s", err, fieldCode)
	}
	if got := fieldCodes(err); !slices.Contains(got, fieldCode) {
		t.Fatalf("field errors %v, want %s", got, fieldCode)
	}
}

func wantConflict(t *testing.T, err error, code string) *Error {
	t.Helper()
	e, ok := AsError(err)
	if !ok || e.Kind != KindConflict || e.Code != code {
		t.Fatalf("err = %v, want a 409 %s", err, code)
	}
	return e
}

// TestHearingActionMatrix checks every action, in every state, for every
// kind of actor, against the rule book of the hearings issue written out
// here.
func TestHearingActionMatrix(t *testing.T) {
	pre := []HearingStatus{HearingProposed, HearingApproved, HearingScheduled}
	staff := []string{"proposer", "colleague", "clerk"}
	staffAndChief := []string{"proposer", "colleague", "clerk", "chief"}
	chiefOnly := []string{"chief"}
	rules := map[HearingAction]struct {
		from []HearingStatus
		who  []string
		to   HearingStatus // "" stays
	}{
		HearingActEdit:              {pre, staff, ""},
		HearingActApprove:           {[]HearingStatus{HearingProposed}, chiefOnly, HearingApproved},
		HearingActReject:            {[]HearingStatus{HearingProposed}, chiefOnly, HearingRejected},
		HearingActSchedule:          {[]HearingStatus{HearingApproved}, staff, HearingScheduled},
		HearingActPostpone:          {pre, staff, ""},
		HearingActHold:              {[]HearingStatus{HearingScheduled}, staff, HearingHeld},
		HearingActDecide:            {[]HearingStatus{HearingHeld}, staffAndChief, HearingDecided},
		HearingActCancel:            {pre, []string{"chief", "proposer"}, HearingCancelled}, // proposer: only while proposed
		HearingActApproveLivestream: {pre, chiefOnly, ""},
		HearingActApproveDeparture:  {[]HearingStatus{HearingHeld}, chiefOnly, ""},
		HearingActAnnounce:          {[]HearingStatus{HearingDecided}, staffAndChief, ""},
		HearingActParticipants:      {pre, staff, ""},
		HearingActDraw:              {pre, staff, ""},
		HearingActOpinion:           {[]HearingStatus{HearingScheduled, HearingHeld}, staff, ""},
		HearingActMinutes:           {[]HearingStatus{HearingScheduled, HearingHeld}, staff, ""},
		HearingActReportBack:        {[]HearingStatus{HearingDecided}, staff, ""},
	}
	if len(rules) != len(HearingTransitionActions)+len(HearingRecordActions) {
		t.Fatalf("the test's rule book has %d actions, the domain %d", len(rules), len(HearingTransitionActions)+len(HearingRecordActions))
	}
	checked := 0
	for action, rule := range rules {
		for _, st := range HearingStatuses {
			for name, a := range hearingActors {
				h := hearingIn(st)
				err := CheckHearingAction(h, action, a)
				allowedState := slices.Contains(rule.from, st)
				allowedActor := slices.Contains(rule.who, name)
				if action == HearingActCancel && name == "proposer" && st != HearingProposed {
					allowedActor = false
				}
				checked++
				switch {
				case !allowedState:
					e := wantConflict(t, err, "illegal_transition")
					if e.Details["status"] != string(st) {
						t.Errorf("%s in %s: details %v", action, st, e.Details)
					}
				case !allowedActor:
					if !errors.Is(err, ErrForbidden) {
						t.Errorf("%s in %s by %s: %v, want forbidden", action, st, name, err)
					}
				case err != nil:
					t.Errorf("%s in %s by %s: %v, want allowed", action, st, name, err)
				default:
					want := rule.to
					if want == "" {
						want = st
					}
					if got := NextHearingStatus(h, action); got != want {
						t.Errorf("%s from %s leads to %s, want %s", action, st, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d action × state × actor combinations", checked)
	if err := CheckHearingAction(hearingIn(HearingProposed), "teleport", hChief); !slices.Contains(fieldCodes(err), "action:unknown") {
		t.Errorf("unknown action: %v", err)
	}
}

// TestAllowedHearingActions: the buttons are exactly the actions
// CheckHearingAction lets through, less a live stream for a closed hearing.
func TestAllowedHearingActions(t *testing.T) {
	all := append(slices.Clone(HearingTransitionActions), HearingRecordActions...)
	for _, public := range []bool{true, false} {
		for _, st := range HearingStatuses {
			for name, a := range hearingActors {
				h := hearingIn(st)
				h.Public, h.ClosedReason = public, "涉及个人隐私"
				var want []HearingAction
				for _, x := range all {
					if CheckHearingAction(h, x, a) == nil && (public || x != HearingActApproveLivestream) {
						want = append(want, x)
					}
				}
				if diff := cmp.Diff(want, AllowedHearingActions(h, a)); diff != "" {
					t.Errorf("%s by %s (public %v): -want +got\n%s", st, name, public, diff)
				}
			}
		}
	}
	got := AllowedHearingActions(hearingIn(HearingProposed), hProposer)
	if !slices.Contains(got, HearingActCancel) || slices.Contains(AllowedHearingActions(hearingIn(HearingApproved), hProposer), HearingActCancel) {
		t.Errorf("the proposer cancels while proposed only: %v", got)
	}
	decided := hearingIn(HearingDecided)
	decided.AnnouncedOnSpot = true
	if err := CheckHearingAction(decided, HearingActAnnounce, hClerk); err == nil || slices.Contains(AllowedHearingActions(decided, hClerk), HearingActAnnounce) {
		t.Errorf("announce of a decision announced on the spot: %v", err)
	}
}

func TestHearingActionRoles(t *testing.T) {
	tests := map[HearingAction][]Role{
		HearingActApprove:           {RoleChief},
		HearingActApproveLivestream: {RoleChief},
		HearingActApproveDeparture:  {RoleChief},
		HearingActSchedule:          {RoleProsecutor, RoleClerk},
		HearingActDecide:            {RoleProsecutor, RoleClerk, RoleChief},
		HearingActCancel:            {RoleChief, RoleProsecutor},
		HearingActMinutes:           {RoleProsecutor, RoleClerk},
	}
	for a, want := range tests {
		if diff := cmp.Diff(want, HearingActionRoles(a)); diff != "" {
			t.Errorf("%s: -want +got\n%s", a, diff)
		}
	}
}

func TestHearingKinds(t *testing.T) {
	public := map[HearingKind]bool{
		HearingKindArrestReview: false, HearingKindCustodyNecessity: false, HearingKindNonProsecution: true,
		HearingKindCriminalAppeal: true, HearingKindCivilSupervision: true, HearingKindAdministrativeSupervision: true,
		HearingKindPublicInterest: true, HearingKindOther: true, "tea_party": false,
	}
	for k, want := range public {
		if got := k.DefaultPublic(); got != want {
			t.Errorf("%s.DefaultPublic() = %v, want %v", k, got, want)
		}
	}
	for _, k := range HearingKinds {
		if HearingKindNameZh[k] == "" {
			t.Errorf("kind %s has no Chinese name", k)
		}
		if HearingKindNameEn[k] == "" {
			t.Errorf("kind %s has no English name", k)
		}
	}
	for _, s := range HearingStatuses {
		if HearingStatusNameZh[s] == "" {
			t.Errorf("status %s has no Chinese name", s)
		}
	}
}

// TestNoticeFullDays pins "3 full days": whole Beijing calendar days
// between the day of notice and the hearing day, neither counted.
func TestNoticeFullDays(t *testing.T) {
	r := DefaultHearingRules
	tests := []struct {
		name       string
		now, start time.Time
		want       bool
	}{
		{"the issue's refused case", cstTime(2026, 11, 26, 10, 0), cstTime(2026, 11, 29, 9, 30), false},
		{"the issue's accepted case", cstTime(2026, 11, 26, 10, 0), cstTime(2026, 11, 30, 9, 30), true},
		{"72 hours exactly is not enough", cstTime(2026, 11, 26, 10, 0), cstTime(2026, 11, 29, 10, 0), false},
		{"last second of the third day", cstTime(2026, 11, 26, 10, 0), time.Date(2026, 11, 29, 23, 59, 59, 0, testCST), false},
		{"midnight after three full days", cstTime(2026, 11, 26, 10, 0), cstTime(2026, 11, 30, 0, 0), true},
		{"notified in the last second of the day", time.Date(2026, 11, 26, 23, 59, 59, 0, testCST), cstTime(2026, 11, 30, 0, 0), true},
		{"notified at midnight: the 27th is not full", cstTime(2026, 11, 27, 0, 0), cstTime(2026, 11, 30, 9, 30), false},
		{"now in UTC, 27 Nov 00:00 in Beijing", time.Date(2026, 11, 26, 16, 0, 0, 0, time.UTC), cstTime(2026, 11, 30, 9, 30), false},
		{"now in UTC, 26 Nov 23:59 in Beijing", time.Date(2026, 11, 26, 15, 59, 0, 0, time.UTC), cstTime(2026, 11, 30, 9, 30), true},
		{"start in UTC, 30 Nov 00:00 in Beijing", cstTime(2026, 11, 26, 10, 0), time.Date(2026, 11, 29, 16, 0, 0, 0, time.UTC), true},
		{"start in UTC, 29 Nov 23:59 in Beijing", cstTime(2026, 11, 26, 10, 0), time.Date(2026, 11, 29, 15, 59, 0, 0, time.UTC), false},
		{"across a month end", cstTime(2026, 12, 29, 8, 0), cstTime(2027, 1, 2, 9, 0), true},
		{"in the past", cstTime(2026, 11, 26, 10, 0), cstTime(2026, 11, 20, 9, 0), false},
	}
	for _, tt := range tests {
		if got := r.NoticeGiven(tt.now, tt.start); got != tt.want {
			t.Errorf("%s: NoticeGiven(%s, %s) = %v, want %v", tt.name, tt.now, tt.start, got, tt.want)
		}
	}
	if got := r.EarliestStartDate(cstTime(2026, 11, 26, 10, 0)); !got.Equal(NewDate(2026, 11, 30)) {
		t.Errorf("earliest start %s, want 2026-11-30", got)
	}
	five := HearingRules{MinOfficers: 3, MaxOfficers: 7, NoticeDays: 5}
	if got := five.EarliestStartDate(cstTime(2026, 11, 26, 10, 0)); !got.Equal(NewDate(2026, 12, 2)) {
		t.Errorf("5 days' notice: earliest %s, want 2026-12-02", got)
	}
	if five.NoticeGiven(cstTime(2026, 11, 26, 10, 0), cstTime(2026, 12, 1, 9, 30)) {
		t.Error("5 days' notice allowed 1 December")
	}
}

func TestScheduleNotice(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	h := hearingIn(HearingApproved)
	h.StartsAt, h.PlannedStart, h.Location = time.Time{}, time.Time{}, ""
	_, err := ApplyHearingTransition(h, HearingActSchedule, HearingParams{StartsAt: cstTime(2026, 11, 29, 9, 30), Location: "第一听证室"}, hClerk, DefaultHearingRules, now)
	wantFieldError(t, err, "starts_at:notice_too_short")
	if e, _ := AsError(err); e.Fields[0].MessageZh == "" || e.Fields[0].Message == "" {
		t.Error("the notice error needs both messages")
	}
	_, err = ApplyHearingTransition(h, HearingActSchedule, HearingParams{StartsAt: cstTime(2026, 11, 30, 9, 30)}, hClerk, DefaultHearingRules, now)
	wantFieldError(t, err, "location:required")
	_, err = ApplyHearingTransition(h, HearingActSchedule, HearingParams{Location: "x"}, hClerk, DefaultHearingRules, now)
	wantFieldError(t, err, "starts_at:required")

	got, err := ApplyHearingTransition(h, HearingActSchedule, HearingParams{StartsAt: cstTime(2026, 11, 30, 9, 30), Location: " 第一听证室 "}, hProposer, DefaultHearingRules, now)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != HearingScheduled || !got.StartsAt.Equal(cstTime(2026, 11, 30, 9, 30)) || !got.PlannedStart.Equal(got.StartsAt) || got.Location != "第一听证室" {
		t.Errorf("scheduled: %+v", got)
	}
	// Notice is configurable.
	_, err = ApplyHearingTransition(h, HearingActSchedule, HearingParams{StartsAt: cstTime(2026, 11, 30, 9, 30), Location: "x"}, hClerk,
		HearingRules{MinOfficers: 3, MaxOfficers: 7, NoticeDays: 5}, now)
	wantFieldError(t, err, "starts_at:notice_too_short")
}

func TestPostpone(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	h := hearingIn(HearingScheduled) // starts 30 Nov 09:30
	tests := []struct {
		name string
		p    HearingParams
		want []string
	}{
		{"too soon and earlier", HearingParams{StartsAt: cstTime(2026, 11, 29, 9, 30), Reason: "被害人住院"}, []string{"starts_at:notice_too_short", "starts_at:not_later"}},
		{"not later", HearingParams{StartsAt: cstTime(2026, 11, 30, 9, 30), Reason: "被害人住院"}, []string{"starts_at:not_later"}},
		{"no reason", HearingParams{StartsAt: cstTime(2026, 12, 3, 9, 30)}, []string{"reason:required"}},
		{"no time", HearingParams{Reason: "被害人住院"}, []string{"starts_at:required"}},
	}
	for _, tt := range tests {
		_, err := ApplyHearingTransition(h, HearingActPostpone, tt.p, hClerk, DefaultHearingRules, now)
		if diff := cmp.Diff(tt.want, fieldCodes(err)); diff != "" {
			t.Errorf("%s: -want +got\n%s", tt.name, diff)
		}
	}
	got, err := ApplyHearingTransition(h, HearingActPostpone, HearingParams{StartsAt: cstTime(2026, 12, 3, 14, 0), Reason: "被害人住院", Location: "第二听证室"}, hClerk, DefaultHearingRules, now)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != HearingScheduled || got.Postponements != 1 || got.StatusReason != "被害人住院" || got.Location != "第二听证室" ||
		!got.StartsAt.Equal(cstTime(2026, 12, 3, 14, 0)) || !got.PlannedStart.Equal(h.PlannedStart) {
		t.Errorf("postponed: %+v", got)
	}
	got, err = ApplyHearingTransition(got, HearingActPostpone, HearingParams{StartsAt: cstTime(2026, 12, 10, 9, 0), Reason: "再次延期"}, hProposer, DefaultHearingRules, now)
	if err != nil || got.Postponements != 2 || got.Location != "第二听证室" {
		t.Errorf("second postponement: %v %+v", err, got)
	}
	// Before scheduling, postponement moves the suggested start.
	proposed := hearingIn(HearingProposed)
	proposed.StartsAt, proposed.PlannedStart = time.Time{}, time.Time{}
	got, err = ApplyHearingTransition(proposed, HearingActPostpone, HearingParams{StartsAt: cstTime(2026, 12, 10, 9, 0), Reason: "等待鉴定意见"}, hClerk, DefaultHearingRules, now)
	if err != nil || got.Status != HearingProposed || got.Postponements != 1 {
		t.Errorf("postpone a proposed hearing: %v %+v", err, got)
	}
	_, err = ApplyHearingTransition(hearingIn(HearingHeld), HearingActPostpone, HearingParams{StartsAt: cstTime(2026, 12, 10, 9, 0), Reason: "x"}, hClerk, DefaultHearingRules, now)
	wantConflict(t, err, "illegal_transition")
}

// officersFor returns n hearing officers who took part (participant ids
// 101…, officer ids 501…, persons 1001…) and their pool records.
func officersFor(n int) ([]Participant, []Officer) {
	var parts []Participant
	var officers []Officer
	for i := range n {
		id := int64(i + 1)
		parts = append(parts, Participant{ID: 100 + id, PersonID: 1000 + id, Role: ParticipantHearingOfficer, OfficerID: 500 + id, Attended: true})
		officers = append(officers, Officer{ID: 500 + id, PersonID: 1000 + id, Category: OfficerPeopleSupervisor, Status: OfficerActive,
			BirthDate: NewDate(1980, 5, 1)})
	}
	return parts, officers
}

func TestHoldNeedsActiveOfficers(t *testing.T) {
	now := cstTime(2026, 11, 30, 12, 0)
	heldAt := cstTime(2026, 11, 30, 9, 40)
	h := hearingIn(HearingScheduled)
	others := []Participant{{ID: 90, PersonID: 900, Role: ParticipantPresider, Attended: true}, {ID: 91, PersonID: 901, Role: ParticipantSuspect, Attended: true}}
	tests := []struct {
		name   string
		n      int
		rules  HearingRules
		change func(parts []Participant, officers []Officer) []Participant
		want   []string // nil: held
	}{
		{"two officers", 2, DefaultHearingRules, nil, []string{"officers:officer_count"}},
		{"three officers", 3, DefaultHearingRules, nil, nil},
		{"seven officers", 7, DefaultHearingRules, nil, nil},
		{"eight officers", 8, DefaultHearingRules, nil, []string{"officers:officer_count"}},
		{"four of five required", 4, HearingRules{MinOfficers: 5, MaxOfficers: 9, NoticeDays: 3}, nil, []string{"officers:officer_count"}},
		{"eight of nine allowed", 8, HearingRules{MinOfficers: 5, MaxOfficers: 9, NoticeDays: 3}, nil, nil},
		{"three, one revoked since", 3, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			o[0].Status = OfficerRevoked
			return p
		}, []string{"officers:not_active", "officers:officer_count"}},
		{"four, one disqualified", 4, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			o[3].Disqualified = true
			return p
		}, []string{"officers:disqualified"}},
		{"three, one absent", 3, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			p[2].Attended = false
			return p
		}, []string{"officers:officer_count"}},
		{"four, one absent", 4, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			p[2].Attended = false
			return p
		}, nil},
		{"three, one recused", 3, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			p[0].RecusalOutcome, p[0].RecusalReason = "granted", "系被害人邻居"
			return p
		}, []string{"officers:officer_count"}},
		{"three, one recusal refused", 3, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			p[0].RecusalOutcome, p[0].RecusalReason = "refused", "无法定事由"
			return p
		}, nil},
		{"three, one with a conflict", 3, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			p[1].Conflict = true
			return p
		}, []string{"officers:officer_count"}},
		{"three, one turned 23 a day too late", 3, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			o[0].BirthDate = NewDate(2003, 12, 1)
			return p
		}, []string{"officers:under_age", "officers:officer_count"}},
		{"three, one not in the pool", 3, DefaultHearingRules, func(p []Participant, o []Officer) []Participant {
			p[0].OfficerID = 999
			return p
		}, []string{"officers:unknown_officer", "officers:officer_count"}},
	}
	for _, tt := range tests {
		parts, officers := officersFor(tt.n)
		if tt.change != nil {
			parts = tt.change(parts, officers)
		}
		p := HearingParams{HeldAt: heldAt, Attendance: "各方均到场", Minutes: "听证笔录……", Participants: append(slices.Clone(others), parts...), Officers: officers}
		got, err := ApplyHearingTransition(h, HearingActHold, p, hClerk, tt.rules, now)
		if diff := cmp.Diff(tt.want, fieldCodes(err)); diff != "" {
			t.Errorf("%s: -want +got\n%s", tt.name, diff)
		}
		if tt.want == nil && (got.Status != HearingHeld || !got.HeldAt.Equal(heldAt) || got.Minutes != "听证笔录……" || got.Attendance != "各方均到场") {
			t.Errorf("%s: held %+v", tt.name, got)
		}
	}
}

func TestHoldTime(t *testing.T) {
	now := cstTime(2026, 11, 30, 12, 0)
	parts, officers := officersFor(3)
	tests := []struct {
		heldAt time.Time
		want   []string
	}{
		{cstTime(2026, 11, 30, 9, 25), nil},                                                 // a little before the planned start
		{cstTime(2026, 11, 30, 11, 0), nil},                                                 // late
		{cstTime(2026, 11, 30, 13, 0), []string{"held_at:future"}},                          // after now
		{cstTime(2026, 11, 29, 15, 0), []string{"held_at:before_start"}},                    // the day before
		{time.Time{}, []string{"held_at:required"}},                                         // missing
		{time.Date(2026, 11, 29, 17, 0, 0, 0, time.UTC), nil},                               // 30 Nov 01:00 in Beijing
		{time.Date(2026, 11, 29, 15, 59, 0, 0, time.UTC), []string{"held_at:before_start"}}, // 29 Nov 23:59 in Beijing
	}
	for _, tt := range tests {
		_, err := ApplyHearingTransition(hearingIn(HearingScheduled), HearingActHold, HearingParams{HeldAt: tt.heldAt, Participants: parts, Officers: officers}, hClerk, DefaultHearingRules, now)
		if diff := cmp.Diff(tt.want, fieldCodes(err)); diff != "" {
			t.Errorf("held at %s: -want +got\n%s", tt.heldAt, diff)
		}
	}
	// Postponed to the next day: held on the new day is fine.
	h := hearingIn(HearingScheduled)
	h.StartsAt = cstTime(2026, 12, 1, 9, 30)
	if _, err := ApplyHearingTransition(h, HearingActHold, HearingParams{HeldAt: cstTime(2026, 12, 1, 9, 30), Participants: parts, Officers: officers},
		hClerk, DefaultHearingRules, cstTime(2026, 12, 1, 12, 0)); err != nil {
		t.Error(err)
	}
}

func TestNewHearingPublicity(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	tests := []struct {
		name       string
		in         HearingInput
		wantPublic bool
		want       []string
	}{
		{"non-prosecution is public by default", HearingInput{Kind: HearingKindNonProsecution}, true, nil},
		{"arrest review is private by default, needing no reason", HearingInput{Kind: HearingKindArrestReview}, false, nil},
		{"custody necessity is private by default", HearingInput{Kind: HearingKindCustodyNecessity}, false, nil},
		{"an arrest review may be made public", HearingInput{Kind: HearingKindArrestReview, Public: boolPtr(true)}, true, nil},
		{"a minor closes it by default", HearingInput{Kind: HearingKindNonProsecution, InvolvesMinor: true}, false, nil},
		{"a minor cannot be heard in public", HearingInput{Kind: HearingKindNonProsecution, InvolvesMinor: true, Public: boolPtr(true)}, false, []string{"public:minor"}},
		{"closing a public kind needs a reason", HearingInput{Kind: HearingKindCivilSupervision, Public: boolPtr(false)}, false, []string{"closed_reason:required"}},
		{"state secrets close it", HearingInput{Kind: HearingKindCivilSupervision, Public: boolPtr(false), ClosedReason: "涉及国家秘密"}, false, nil},
		{"a live stream needs a public hearing", HearingInput{Kind: HearingKindArrestReview, LivestreamRequested: true}, false, []string{"livestream_requested:not_public"}},
		{"unknown kind", HearingInput{Kind: "tea_party"}, false, []string{"kind:invalid"}},
		{"a suggested start in the past", HearingInput{Kind: HearingKindOther, StartsAt: cstTime(2026, 11, 1, 9, 0)}, true, []string{"starts_at:past"}},
	}
	for _, tt := range tests {
		tt.in.Title = "听证"
		h, err := NewHearing(3, "/420000/429000/429004", tt.in, hProposer, now)
		if diff := cmp.Diff(tt.want, fieldCodes(err)); diff != "" {
			t.Errorf("%s: -want +got\n%s", tt.name, diff)
			continue
		}
		if err == nil && (h.Public != tt.wantPublic || h.Status != HearingProposed || h.CreatedBy != hProposer.UserID || h.UnitID != 3) {
			t.Errorf("%s: %+v", tt.name, h)
		}
	}
	if _, err := NewHearing(3, "/x", HearingInput{Kind: HearingKindOther, Title: "t"}, hClerk, now); err != nil {
		t.Errorf("a clerk proposes: %v", err)
	}
	for _, a := range []HearingActor{hChief, hSupervisor, hAdmin} {
		if _, err := NewHearing(3, "/x", HearingInput{Kind: HearingKindOther, Title: "t"}, a, now); !errors.Is(err, ErrForbidden) {
			t.Errorf("%v proposes: %v", a.Roles, err)
		}
	}
	if _, err := NewHearing(3, "/x", HearingInput{Kind: HearingKindOther}, hClerk, now); !slices.Contains(fieldCodes(err), "title:required") {
		t.Errorf("no title: %v", err)
	}
}

func TestMinorForcesPrivateOnEdit(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	// While proposed.
	in := hearingIn(HearingProposed).Input()
	in.InvolvesMinor = true
	_, err := ApplyHearingEdit(hearingIn(HearingProposed), in, hColleague, now)
	wantFieldError(t, err, "public:minor")
	in.Public = nil
	got, err := ApplyHearingEdit(hearingIn(HearingProposed), in, hColleague, now)
	if err != nil || got.Public {
		t.Errorf("a minor recorded without public: %v public=%v", err, got.Public)
	}
	// After approval, with an approved live stream: recording a minor
	// closes the hearing and withdraws the stream.
	h := hearingIn(HearingScheduled)
	h.LivestreamRequested, h.LivestreamApproved, h.LivestreamURL = true, true, "https://live.example.cn/1"
	in = h.Input()
	in.InvolvesMinor = true
	_, err = ApplyHearingEdit(h, in, hClerk, now)
	wantFieldError(t, err, "public:minor")
	in.Public = nil
	got, err = ApplyHearingEdit(h, in, hClerk, now)
	if err != nil || got.Public || got.LivestreamApproved || got.LivestreamURL != "" || !got.InvolvesMinor {
		t.Errorf("minor after approval: %v %+v", err, got)
	}
	// And it cannot be undone, nor the hearing reopened.
	in = got.Input()
	in.InvolvesMinor = false
	wantConflict(t, func() error { _, err := ApplyHearingEdit(got, in, hClerk, now); return err }(), "locked_after_approval")
}

func TestLivestream(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	url := HearingParams{LivestreamURL: "https://live.example.cn/hearing/1"}
	for _, st := range []HearingStatus{HearingProposed, HearingApproved, HearingScheduled} {
		got, err := ApplyHearingTransition(hearingIn(st), HearingActApproveLivestream, url, hChief, DefaultHearingRules, now)
		if err != nil || !got.LivestreamApproved || got.LivestreamURL != url.LivestreamURL || got.Status != st {
			t.Errorf("approve a live stream while %s: %v %+v", st, err, got)
		}
		if err := ValidateHearing(got); err != nil {
			t.Errorf("approved stream invalid: %v", err)
		}
	}
	closed := hearingIn(HearingApproved)
	closed.Public, closed.ClosedReason = false, "涉及个人隐私"
	_, err := ApplyHearingTransition(closed, HearingActApproveLivestream, url, hChief, DefaultHearingRules, now)
	wantFieldError(t, err, "public:not_public")
	if _, err := ApplyHearingTransition(hearingIn(HearingApproved), HearingActApproveLivestream, url, hProposer, DefaultHearingRules, now); !errors.Is(err, ErrForbidden) {
		t.Errorf("a prosecutor approves a live stream: %v", err)
	}
	_, err = ApplyHearingTransition(hearingIn(HearingHeld), HearingActApproveLivestream, url, hChief, DefaultHearingRules, now)
	wantConflict(t, err, "illegal_transition")
	for _, bad := range []string{"ftp://live.example.cn/1", "live.example.cn/1", "https://", "javascript:alert(1)"} {
		_, err := ApplyHearingTransition(hearingIn(HearingApproved), HearingActApproveLivestream, HearingParams{LivestreamURL: bad}, hChief, DefaultHearingRules, now)
		wantFieldError(t, err, "livestream_url:format")
	}
	_, err = ApplyHearingTransition(hearingIn(HearingApproved), HearingActApproveLivestream, HearingParams{}, hChief, DefaultHearingRules, now)
	wantFieldError(t, err, "livestream_url:required")

	// A URL without the chief's approval, or on a closed hearing, is invalid.
	h := hearingIn(HearingScheduled)
	h.LivestreamURL = "https://live.example.cn/1"
	wantFieldError(t, ValidateHearing(h), "livestream_url:not_approved")
	h.LivestreamApproved, h.Public, h.ClosedReason = true, false, "涉及个人隐私"
	wantFieldError(t, ValidateHearing(h), "livestream_url:not_public")

	// Closing an approved public hearing withdraws the stream; dropping the
	// request does too.
	streamed, _ := ApplyHearingTransition(hearingIn(HearingScheduled), HearingActApproveLivestream, url, hChief, DefaultHearingRules, now)
	in := streamed.Input()
	in.Public, in.ClosedReason = boolPtr(false), "涉及商业秘密"
	got, err := ApplyHearingEdit(streamed, in, hClerk, now)
	if err != nil || got.Public || got.LivestreamApproved || got.LivestreamURL != "" || got.ClosedReason != "涉及商业秘密" {
		t.Errorf("closing a streamed hearing: %v %+v", err, got)
	}
	in = streamed.Input()
	in.LivestreamRequested = false
	got, err = ApplyHearingEdit(streamed, in, hClerk, now)
	if err != nil || got.LivestreamApproved || got.LivestreamURL != "" || !got.Public {
		t.Errorf("dropping the stream request: %v %+v", err, got)
	}
}

func TestEditAfterApproval(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	tests := []struct {
		name   string
		st     HearingStatus
		change func(in *HearingInput)
		locked []string // nil: accepted
	}{
		{"in_hearing_room while proposed", HearingProposed, func(in *HearingInput) { in.InHearingRoom = false }, nil},
		{"in_hearing_room after approval", HearingApproved, func(in *HearingInput) { in.InHearingRoom = false }, []string{"in_hearing_room"}},
		{"in_hearing_room once scheduled", HearingScheduled, func(in *HearingInput) { in.InHearingRoom = false }, []string{"in_hearing_room"}},
		{"kind and proposed decision", HearingApproved, func(in *HearingInput) {
			in.Kind, in.ProposedDecision = HearingKindCriminalAppeal, "拟维持原决定"
		}, []string{"kind", "proposed_decision"}},
		{"time and place are moved by postpone", HearingScheduled, func(in *HearingInput) {
			in.StartsAt, in.Location = in.StartsAt.Add(time.Hour), "会议室"
		}, []string{"starts_at", "location"}},
		{"reopening a closed hearing", HearingApproved, func(in *HearingInput) { in.Public = boolPtr(true) }, []string{"public"}},
		{"title and case number", HearingScheduled, func(in *HearingInput) {
			in.Title, in.CaseNumber = "更正后的标题", "42900420260000123"
		}, nil},
		{"resending the same values", HearingScheduled, func(in *HearingInput) {}, nil},
		{"asking for a stream", HearingApproved, func(in *HearingInput) { in.LivestreamRequested = true }, nil},
	}
	for _, tt := range tests {
		h := hearingIn(tt.st)
		if tt.name == "reopening a closed hearing" {
			h.Public, h.ClosedReason = false, "涉及个人隐私"
		}
		in := h.Input()
		tt.change(&in)
		got, err := ApplyHearingEdit(h, in, hClerk, now)
		if tt.locked == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			if tt.name == "title and case number" && (got.Title != "更正后的标题" || got.CaseNumber != "42900420260000123") {
				t.Errorf("%s: %+v", tt.name, got)
			}
			continue
		}
		e := wantConflict(t, err, "locked_after_approval")
		if diff := cmp.Diff(tt.locked, e.Details["fields"]); diff != "" {
			t.Errorf("%s: locked fields -want +got\n%s", tt.name, diff)
		}
	}
	// Edits stop once the hearing is held, and need a prosecutor or clerk.
	_, err := ApplyHearingEdit(hearingIn(HearingHeld), hearingIn(HearingHeld).Input(), hClerk, now)
	wantConflict(t, err, "illegal_transition")
	if _, err := ApplyHearingEdit(hearingIn(HearingProposed), hearingIn(HearingProposed).Input(), hChief, now); !errors.Is(err, ErrForbidden) {
		t.Errorf("a chief edits: %v", err)
	}
}

func TestVenueApproval(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	outside := hearingIn(HearingProposed)
	outside.InHearingRoom, outside.Location = false, "某社区居委会"
	got, err := ApplyHearingTransition(outside, HearingActApprove, HearingParams{}, hChief, DefaultHearingRules, now)
	if err != nil || got.Status != HearingApproved || !got.InHearingRoomApproved {
		t.Fatalf("approve outside the room: %v %+v", err, got)
	}
	inside, _ := ApplyHearingTransition(hearingIn(HearingProposed), HearingActApprove, HearingParams{}, hChief, DefaultHearingRules, now)
	if inside.InHearingRoomApproved {
		t.Error("a hearing in the room recorded an approval to leave it")
	}
	got, err = ApplyHearingTransition(got, HearingActSchedule, HearingParams{StartsAt: cstTime(2026, 12, 1, 9, 0), Location: "某社区居委会"}, hClerk, DefaultHearingRules, now)
	if err != nil {
		t.Errorf("schedule outside the room, approved: %v", err)
	}
	// A record that left the room without approval (data from elsewhere)
	// is neither scheduled nor held.
	rogue := hearingIn(HearingApproved)
	rogue.InHearingRoom = false
	_, err = ApplyHearingTransition(rogue, HearingActSchedule, HearingParams{StartsAt: cstTime(2026, 12, 1, 9, 0), Location: "x"}, hClerk, DefaultHearingRules, now)
	wantConflict(t, err, "venue_not_approved")
	rogue.Status = HearingScheduled
	parts, officers := officersFor(3)
	_, err = ApplyHearingTransition(rogue, HearingActHold, HearingParams{HeldAt: cstTime(2026, 11, 30, 9, 30), Participants: parts, Officers: officers}, hClerk, DefaultHearingRules, cstTime(2026, 11, 30, 12, 0))
	wantConflict(t, err, "venue_not_approved")
}

func TestApproveRejectCancel(t *testing.T) {
	now := cstTime(2026, 11, 26, 10, 0)
	h := hearingIn(HearingProposed)
	h.ProposedDecision = ""
	_, err := ApplyHearingTransition(h, HearingActApprove, HearingParams{}, hChief, DefaultHearingRules, now)
	wantFieldError(t, err, "proposed_decision:required")
	h.Title = ""
	_, err = ApplyHearingTransition(h, HearingActApprove, HearingParams{}, hChief, DefaultHearingRules, now)
	if diff := cmp.Diff([]string{"title:required", "proposed_decision:required"}, fieldCodes(err)); diff != "" {
		t.Errorf("approve an incomplete proposal: %s", diff)
	}
	for _, a := range []HearingAction{HearingActReject, HearingActCancel} {
		_, err := ApplyHearingTransition(hearingIn(HearingProposed), a, HearingParams{Reason: "  "}, hChief, DefaultHearingRules, now)
		wantFieldError(t, err, "reason:required")
	}
	got, err := ApplyHearingTransition(hearingIn(HearingProposed), HearingActReject, HearingParams{Reason: "案件事实清楚，无听证必要"}, hChief, DefaultHearingRules, now)
	if err != nil || got.Status != HearingRejected || got.StatusReason != "案件事实清楚，无听证必要" {
		t.Errorf("reject: %v %+v", err, got)
	}
	got, err = ApplyHearingTransition(hearingIn(HearingProposed), HearingActCancel, HearingParams{Reason: "申请人撤回申请"}, hProposer, DefaultHearingRules, now)
	if err != nil || got.Status != HearingCancelled {
		t.Errorf("the proposer cancels: %v %+v", err, got)
	}
	if _, err := ApplyHearingTransition(hearingIn(HearingApproved), HearingActCancel, HearingParams{Reason: "x"}, hProposer, DefaultHearingRules, now); !errors.Is(err, ErrForbidden) {
		t.Errorf("the proposer cancels after approval: %v", err)
	}
	if _, err := ApplyHearingTransition(hearingIn(HearingScheduled), HearingActCancel, HearingParams{Reason: "x"}, hChief, DefaultHearingRules, now); err != nil {
		t.Errorf("the chief cancels a scheduled hearing: %v", err)
	}
}

// heldWithOpinions is a held hearing with five officers who took part and
// gave the positions given, plus a recused and an absent officer who
// disagree (and do not count).
func heldWithOpinions(positions ...OpinionPosition) (Hearing, HearingParams) {
	h := hearingIn(HearingHeld)
	h.HeldAt, h.Minutes = cstTime(2026, 11, 30, 9, 40), "笔录"
	parts, officers := officersFor(7)
	parts[5].RecusalOutcome, parts[5].RecusalReason = "granted", "近亲属"
	parts[6].Attended = false
	var ops []Opinion
	for i, pos := range positions {
		ops = append(ops, Opinion{ParticipantID: parts[i].ID, Position: pos, Text: "意见" + strconv.Itoa(i)})
	}
	ops = append(ops, Opinion{ParticipantID: parts[5].ID, Position: PositionDisagree, Text: "x"},
		Opinion{ParticipantID: parts[6].ID, Position: PositionDisagree, Text: "x"})
	return h, HearingParams{Participants: parts, Officers: officers, Opinions: ops, Decision: "决定不起诉", Reasons: "犯罪情节轻微"}
}

func TestDecideAgainstMajority(t *testing.T) {
	now := cstTime(2026, 11, 30, 15, 0)
	agree, disagree, abstain := PositionAgree, PositionDisagree, PositionAbstain
	tests := []struct {
		name      string
		positions []OpinionPosition
		follows   bool
		actor     HearingActor
		departure bool // approve_departure on record
		want      []string
	}{
		{"3–2 for the proposal, not followed", []OpinionPosition{agree, agree, agree, disagree, disagree}, false, hProposer, false, []string{"follows_proposal:departs_from_majority"}},
		{"the same by a clerk", []OpinionPosition{agree, agree, agree, disagree, disagree}, false, hClerk, false, []string{"follows_proposal:departs_from_majority"}},
		{"the same with the chief's approval", []OpinionPosition{agree, agree, agree, disagree, disagree}, false, hProposer, true, nil},
		{"the same decided by a chief", []OpinionPosition{agree, agree, agree, disagree, disagree}, false, hChief, false, nil},
		{"3–2 for the proposal, followed", []OpinionPosition{agree, agree, agree, disagree, disagree}, true, hProposer, false, nil},
		{"3–2 against the proposal, followed", []OpinionPosition{disagree, disagree, disagree, agree, agree}, true, hProposer, false, []string{"follows_proposal:departs_from_majority"}},
		{"3–2 against the proposal, not followed", []OpinionPosition{disagree, disagree, disagree, agree, agree}, false, hProposer, false, nil},
		{"2–2 tie, one abstains", []OpinionPosition{agree, agree, disagree, disagree, abstain}, false, hProposer, false, nil},
		{"2–1 with two abstaining is a majority", []OpinionPosition{agree, agree, disagree, abstain, abstain}, false, hProposer, false, []string{"follows_proposal:departs_from_majority"}},
		{"no opinions: a tie", nil, false, hProposer, false, nil},
	}
	for _, tt := range tests {
		h, p := heldWithOpinions(tt.positions...)
		p.FollowsProposal = boolPtr(tt.follows)
		if tt.departure {
			var err error
			if h, err = ApplyHearingTransition(h, HearingActApproveDeparture, HearingParams{}, hChief, DefaultHearingRules, now); err != nil {
				t.Fatal(err)
			}
			if !h.DepartureApproved || h.DepartureApprovedBy != hChief.UserID || h.Status != HearingHeld {
				t.Fatalf("approve_departure: %+v", h)
			}
		}
		got, err := ApplyHearingTransition(h, HearingActDecide, p, tt.actor, DefaultHearingRules, now)
		if diff := cmp.Diff(tt.want, fieldCodes(err)); diff != "" {
			t.Errorf("%s: -want +got\n%s", tt.name, diff)
			continue
		}
		if err != nil {
			continue
		}
		m := Majority(OpinionsOfOfficers(p.Participants, p.Opinions))
		if got.Status != HearingDecided || got.FollowsProposal == nil || *got.FollowsProposal != tt.follows ||
			got.DepartsFromMajority != m.Departs(tt.follows) || !got.DecidedAt.Equal(now) || got.Decision != "决定不起诉" {
			t.Errorf("%s: decided %+v", tt.name, got)
		}
	}
	if _, err := ApplyHearingTransition(hearingIn(HearingHeld), HearingActApproveDeparture, HearingParams{}, hProposer, DefaultHearingRules, now); !errors.Is(err, ErrForbidden) {
		t.Errorf("a prosecutor approves a departure: %v", err)
	}
}

func TestDecideAndAnnounce(t *testing.T) {
	now := cstTime(2026, 11, 30, 15, 0)
	h, p := heldWithOpinions(PositionAgree, PositionAgree, PositionAgree)
	h.Minutes = ""
	p.Decision, p.Reasons = "", ""
	_, err := ApplyHearingTransition(h, HearingActDecide, p, hClerk, DefaultHearingRules, now)
	if diff := cmp.Diff([]string{"decision:required", "reasons:required", "minutes:required", "follows_proposal:required"}, fieldCodes(err)); diff != "" {
		t.Errorf("an empty decision: -want +got\n%s", diff)
	}
	h, p = heldWithOpinions(PositionAgree, PositionAgree, PositionAgree)
	p.FollowsProposal, p.AnnouncedOnSpot = boolPtr(true), true
	got, err := ApplyHearingTransition(h, HearingActDecide, p, hClerk, DefaultHearingRules, now)
	if err != nil || !got.AnnouncedOnSpot || !got.AnnouncedAt.Equal(h.HeldAt) {
		t.Fatalf("announced on the spot: %v %+v", err, got)
	}
	_, err = ApplyHearingTransition(got, HearingActAnnounce, HearingParams{AnnouncedAt: now}, hClerk, DefaultHearingRules, now)
	wantConflict(t, err, "illegal_transition")

	p.AnnouncedOnSpot = false
	later, err := ApplyHearingTransition(h, HearingActDecide, p, hClerk, DefaultHearingRules, now)
	if err != nil || later.AnnouncedOnSpot || !later.AnnouncedAt.IsZero() {
		t.Fatalf("to be announced later: %v %+v", err, later)
	}
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{time.Time{}, "announced_at:required"},
		{now.Add(time.Hour), "announced_at:future"},
		{h.HeldAt.Add(-time.Hour), "announced_at:too_early"},
	} {
		_, err := ApplyHearingTransition(later, HearingActAnnounce, HearingParams{AnnouncedAt: tt.at}, hClerk, DefaultHearingRules, now)
		wantFieldError(t, err, tt.want)
	}
	announced, err := ApplyHearingTransition(later, HearingActAnnounce, HearingParams{AnnouncedAt: now.Add(-time.Minute)}, hChief, DefaultHearingRules, now)
	if err != nil || !announced.AnnouncedAt.Equal(now.Add(-time.Minute)) || announced.Status != HearingDecided {
		t.Errorf("announce: %v %+v", err, announced)
	}
	if got := DecisionReportees(p.Participants); len(got) != 5 {
		t.Errorf("the decision goes back to the 5 officers who took part, not %d", len(got))
	}
}

func TestMinutes(t *testing.T) {
	now := cstTime(2026, 11, 30, 15, 0)
	_, err := ApplyHearingTransition(hearingIn(HearingHeld), HearingActMinutes, HearingParams{Minutes: " "}, hClerk, DefaultHearingRules, now)
	wantFieldError(t, err, "minutes:required")
	got, err := ApplyHearingTransition(hearingIn(HearingHeld), HearingActMinutes, HearingParams{Minutes: "笔录全文"}, hClerk, DefaultHearingRules, now)
	if err != nil || got.Minutes != "笔录全文" || got.Status != HearingHeld {
		t.Errorf("minutes: %v %+v", err, got)
	}
}

func TestMajority(t *testing.T) {
	op := func(ps ...OpinionPosition) []Opinion {
		var out []Opinion
		for i, p := range ps {
			out = append(out, Opinion{ParticipantID: int64(i + 1), Position: p})
		}
		return out
	}
	a, d, x := PositionAgree, PositionDisagree, PositionAbstain
	tests := []struct {
		ops  []Opinion
		want MajorityResult
	}{
		{nil, MajorityResult{Position: MajorityTie}},
		{op(x, x, x), MajorityResult{Abstain: 3, Position: MajorityTie}},
		{op(a, a, a, d, d), MajorityResult{Agree: 3, Disagree: 2, Position: MajorityAgree}},
		{op(d, d, d, a, a), MajorityResult{Agree: 2, Disagree: 3, Position: MajorityDisagree}},
		{op(a, d, x), MajorityResult{Agree: 1, Disagree: 1, Abstain: 1, Position: MajorityTie}},
		{op(a, x, x, x, x, x, x), MajorityResult{Agree: 1, Abstain: 6, Position: MajorityAgree}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Majority(tt.ops)); diff != "" {
			t.Errorf("Majority(%v): -want +got\n%s", tt.ops, diff)
		}
	}
	departs := []struct {
		pos     MajorityPosition
		follows bool
		want    bool
	}{
		{MajorityAgree, true, false}, {MajorityAgree, false, true},
		{MajorityDisagree, true, true}, {MajorityDisagree, false, false},
		{MajorityTie, true, false}, {MajorityTie, false, false},
	}
	for _, tt := range departs {
		if got := (MajorityResult{Position: tt.pos}).Departs(tt.follows); got != tt.want {
			t.Errorf("%s majority, follows %v: departs %v", tt.pos, tt.follows, got)
		}
	}
}

func TestHearingRulesValidate(t *testing.T) {
	if err := DefaultHearingRules.Validate(); err != nil {
		t.Error(err)
	}
	err := HearingRules{MinOfficers: 0, MaxOfficers: -1, NoticeDays: -1}.Validate()
	if diff := cmp.Diff([]string{"min_officers:range", "max_officers:range", "notice_days:range"}, fieldCodes(err)); diff != "" {
		t.Error(diff)
	}
}

// TestHearingStory walks one hearing from proposal to decision.
func TestHearingStory(t *testing.T) {
	rules := DefaultHearingRules
	h, err := NewHearing(3, "/420000/429000/429004", HearingInput{Kind: HearingKindNonProsecution, Title: "李某危险驾驶案拟不起诉听证",
		CaseNumber: "42900420260000123", ProposedDecision: "拟作相对不起诉", InHearingRoom: true, LivestreamRequested: true}, hProposer, cstTime(2026, 11, 20, 9, 0))
	if err != nil {
		t.Fatal(err)
	}
	step := func(a HearingAction, p HearingParams, by HearingActor, now time.Time, want HearingStatus) {
		t.Helper()
		if h, err = ApplyHearingTransition(h, a, p, by, rules, now); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		if h.Status != want {
			t.Fatalf("%s: status %s, want %s", a, h.Status, want)
		}
	}
	step(HearingActApprove, HearingParams{}, hChief, cstTime(2026, 11, 23, 9, 0), HearingApproved)
	step(HearingActApproveLivestream, HearingParams{LivestreamURL: "https://live.example.cn/xt/1"}, hChief, cstTime(2026, 11, 23, 9, 5), HearingApproved)
	step(HearingActSchedule, HearingParams{StartsAt: cstTime(2026, 11, 30, 9, 30), Location: "第一听证室"}, hClerk, cstTime(2026, 11, 26, 10, 0), HearingScheduled)
	parts, officers := officersFor(5)
	step(HearingActHold, HearingParams{HeldAt: cstTime(2026, 11, 30, 9, 35), Attendance: "全部到场", Minutes: "笔录", Participants: parts, Officers: officers},
		hClerk, cstTime(2026, 11, 30, 12, 0), HearingHeld)
	ops := []Opinion{{101, PositionAgree, "同意"}, {102, PositionAgree, "同意"}, {103, PositionAgree, "同意"}, {104, PositionAgree, "同意"}, {105, PositionAbstain, "弃权"}}
	for _, op := range ops {
		if err := ValidateOpinion(op, parts); err != nil {
			t.Fatal(err)
		}
	}
	step(HearingActDecide, HearingParams{Participants: parts, Opinions: ops, Decision: "不起诉", Reasons: "情节轻微", FollowsProposal: boolPtr(true), AnnouncedOnSpot: true},
		hProposer, cstTime(2026, 11, 30, 12, 5), HearingDecided)
	if !h.PlannedStart.Equal(cstTime(2026, 11, 30, 9, 30)) || h.Postponements != 0 || h.DepartsFromMajority || !h.LivestreamApproved {
		t.Errorf("decided: %+v", h)
	}
	if err := ValidateHearing(h); err != nil {
		t.Errorf("the decided hearing is invalid: %v", err)
	}
}
