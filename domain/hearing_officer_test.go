package domain

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParticipantRoles(t *testing.T) {
	parties := []ParticipantRole{ParticipantSuspect, ParticipantVictim, ParticipantPetitioner, ParticipantAdministrativeAgency, ParticipantDefenceLawyer, ParticipantAgent, ParticipantGuardian}
	for _, r := range ParticipantRoles {
		if got, want := r.IsParty(), slices.Contains(parties, r); got != want {
			t.Errorf("%s.IsParty() = %v, want %v", r, got, want)
		}
		if ParticipantRoleNameZh[r] == "" || !r.Valid() {
			t.Errorf("role %s: no Chinese name or not valid", r)
		}
	}
	if len(ParticipantRoles) != 18 {
		t.Errorf("%d roles, the issue lists 18", len(ParticipantRoles))
	}
	for _, c := range OfficerCategories {
		if OfficerCategoryNameZh[c] == "" || !c.Valid() {
			t.Errorf("category %s: no Chinese name or not valid", c)
		}
	}
}

func TestValidateParticipant(t *testing.T) {
	tests := []struct {
		p    Participant
		want []string
	}{
		{Participant{PersonID: 1, Role: ParticipantVictim}, nil},
		{Participant{PersonID: 1, Role: ParticipantHearingOfficer, OfficerID: 5}, nil},
		{Participant{Role: "judge"}, []string{"role:invalid", "person_id:required"}},
		{Participant{PersonID: 1, Role: ParticipantHearingOfficer}, []string{"officer_id:required"}},
		{Participant{PersonID: 1, Role: ParticipantWitness, OfficerID: 5}, []string{"officer_id:not_officer"}},
		{Participant{PersonID: 1, Role: ParticipantHearingOfficer, OfficerID: 5, RecusalOutcome: "granted"}, []string{"recusal_reason:required"}},
		{Participant{PersonID: 1, Role: ParticipantHearingOfficer, OfficerID: 5, RecusalOutcome: "maybe", RecusalReason: "x"}, []string{"recusal_outcome:invalid"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, fieldCodes(ValidateParticipant(tt.p))); diff != "" {
			t.Errorf("%+v: -want +got\n%s", tt.p, diff)
		}
	}
}

func TestOfficerEligible(t *testing.T) {
	o := Officer{ID: 1, PersonID: 1, Category: OfficerLawyer, Status: OfficerActive, BirthDate: NewDate(2003, 11, 30)}
	tests := []struct {
		name   string
		change func(o *Officer)
		on     Date
		want   []string
	}{
		{"22 years and 364 days", nil, NewDate(2026, 11, 29), []string{"officer_id:under_age"}},
		{"the 23rd birthday", nil, NewDate(2026, 11, 30), nil},
		{"older", nil, NewDate(2030, 1, 1), nil},
		{"born 29 February, the day before 28 February", func(o *Officer) { o.BirthDate = NewDate(2000, 2, 29) }, NewDate(2023, 2, 27), []string{"officer_id:under_age"}},
		{"born 29 February, 28 February of a common year", func(o *Officer) { o.BirthDate = NewDate(2000, 2, 29) }, NewDate(2023, 2, 28), nil},
		{"born 28 February, 23 years on in a leap year", func(o *Officer) { o.BirthDate = NewDate(2001, 2, 28) }, NewDate(2024, 2, 28), nil},
		{"born 28 February, the day before in a leap year", func(o *Officer) { o.BirthDate = NewDate(2001, 2, 28) }, NewDate(2024, 2, 27), []string{"officer_id:under_age"}},
		{"revoked", func(o *Officer) { o.Status = OfficerRevoked }, NewDate(2030, 1, 1), []string{"officer_id:not_active"}},
		{"disqualified", func(o *Officer) { o.Disqualified = true }, NewDate(2030, 1, 1), []string{"officer_id:disqualified"}},
		{"no birth date", func(o *Officer) { o.BirthDate = Date{} }, NewDate(2030, 1, 1), []string{"officer_id:birth_date_unknown"}},
		{"everything wrong", func(o *Officer) { o.Status, o.Disqualified = "", true }, NewDate(2026, 1, 1),
			[]string{"officer_id:not_active", "officer_id:disqualified", "officer_id:under_age"}},
	}
	for _, tt := range tests {
		o := o
		if tt.change != nil {
			tt.change(&o)
		}
		if diff := cmp.Diff(tt.want, fieldCodes(OfficerEligible(o, tt.on))); diff != "" {
			t.Errorf("%s: -want +got\n%s", tt.name, diff)
		}
	}
}

func TestValidateOfficer(t *testing.T) {
	today := NewDate(2026, 11, 26)
	ok := Officer{PersonID: 7, UnitID: 2, Category: OfficerNPCDeputy, Status: OfficerActive, BirthDate: NewDate(1975, 3, 8)}
	tests := []struct {
		name   string
		change func(o *Officer)
		level  UnitLevel
		want   []string
	}{
		{"a branch pool", nil, LevelBranch, nil},
		{"a province pool", nil, LevelProvince, nil},
		{"a basic unit keeps no pool", nil, LevelBasic, []string{"unit_id:basic_unit"}},
		{"revoked with a reason", func(o *Officer) { o.Status, o.RevokedReason = OfficerRevoked, "受到刑事处罚" }, LevelBranch, nil},
		{"revoked without", func(o *Officer) { o.Status = OfficerRevoked }, LevelBranch, []string{"revoked_reason:required"}},
		{"too young", func(o *Officer) { o.BirthDate = NewDate(2004, 1, 1) }, LevelBranch, []string{"birth_date:under_age"}},
		{"empty", func(o *Officer) { *o = Officer{} }, LevelBranch,
			[]string{"person_id:required", "category:invalid", "status:invalid", "birth_date:required"}},
	}
	for _, tt := range tests {
		o := ok
		if tt.change != nil {
			tt.change(&o)
		}
		if diff := cmp.Diff(tt.want, fieldCodes(ValidateOfficer(o, tt.level, today))); diff != "" {
			t.Errorf("%s: -want +got\n%s", tt.name, diff)
		}
	}
}

func TestCheckSeat(t *testing.T) {
	today := NewDate(2026, 11, 26)
	h := hearingIn(HearingApproved) // starts 30 November 2026
	existing := []Participant{
		{ID: 1, PersonID: 1, Role: ParticipantSuspect},
		{ID: 2, PersonID: 2, Role: ParticipantWitness},
		{ID: 3, PersonID: 3, Role: ParticipantHearingOfficer, OfficerID: 3},
		{ID: 4, PersonID: 4, Role: ParticipantPresider},
	}
	pool := func(id int64, change func(o *Officer)) *Officer {
		o := &Officer{ID: id, PersonID: id, Category: OfficerPublic, Status: OfficerActive, BirthDate: NewDate(1990, 1, 1)}
		if change != nil {
			change(o)
		}
		return o
	}
	officer := func(person int64) Participant {
		return Participant{PersonID: person, Role: ParticipantHearingOfficer, OfficerID: person}
	}
	tests := []struct {
		name    string
		p       Participant
		officer *Officer
		want    []string
	}{
		{"a new officer", officer(9), pool(9, nil), nil},
		{"the suspect as officer", officer(1), pool(1, nil), []string{"person_id:officer_is_party"}},
		{"the officer as guardian", Participant{PersonID: 3, Role: ParticipantGuardian}, nil, []string{"person_id:officer_is_party"}},
		{"the officer as defence lawyer", Participant{PersonID: 3, Role: ParticipantDefenceLawyer}, nil, []string{"person_id:officer_is_party"}},
		{"the witness as officer", officer(2), pool(2, nil), []string{"person_id:officer_other_role"}},
		{"the officer as witness", Participant{PersonID: 3, Role: ParticipantWitness}, nil, []string{"person_id:officer_other_role"}},
		{"the officer twice", officer(3), pool(3, nil), []string{"person_id:duplicate"}},
		{"a second presider", Participant{PersonID: 5, Role: ParticipantPresider}, nil, []string{"role:duplicate_presider"}},
		{"the witness also an agent", Participant{PersonID: 2, Role: ParticipantAgent}, nil, nil},
		{"the suspect's guardian as a witness", Participant{PersonID: 1, Role: ParticipantWitness}, nil, nil},
		{"22 on the hearing date", officer(9), pool(9, func(o *Officer) { o.BirthDate = NewDate(2003, 12, 1) }), []string{"officer_id:under_age"}},
		{"23 on the hearing date, 22 today", officer(9), pool(9, func(o *Officer) { o.BirthDate = NewDate(2003, 11, 28) }), nil},
		{"revoked", officer(9), pool(9, func(o *Officer) { o.Status, o.RevokedReason = OfficerRevoked, "x" }), []string{"officer_id:not_active"}},
		{"disqualified", officer(9), pool(9, func(o *Officer) { o.Disqualified = true }), []string{"officer_id:disqualified"}},
		{"a declared conflict", Participant{PersonID: 9, Role: ParticipantHearingOfficer, OfficerID: 9, Conflict: true}, pool(9, nil), []string{"conflict:conflict"}},
		{"recusal granted", Participant{PersonID: 9, Role: ParticipantHearingOfficer, OfficerID: 9, RecusalOutcome: "granted", RecusalReason: "亲属"}, pool(9, nil),
			[]string{"recusal_outcome:recused"}},
		{"recusal pending", Participant{PersonID: 9, Role: ParticipantHearingOfficer, OfficerID: 9, RecusalOutcome: "pending", RecusalReason: "亲属"}, pool(9, nil), nil},
		{"no pool record", officer(9), nil, []string{"officer_id:mismatch"}},
		{"someone else's pool record", officer(9), pool(8, nil), []string{"officer_id:mismatch"}},
		{"updating itself", Participant{ID: 3, PersonID: 3, Role: ParticipantHearingOfficer, OfficerID: 3, Attended: true}, pool(3, nil), nil},
		{"recusing a seated officer", Participant{ID: 3, PersonID: 3, Role: ParticipantHearingOfficer, OfficerID: 3, RecusalOutcome: "granted", RecusalReason: "亲属"}, pool(3, nil), nil},
		{"a seated officer declares a conflict", Participant{ID: 3, PersonID: 3, Role: ParticipantHearingOfficer, OfficerID: 3, Conflict: true}, pool(3, nil), nil},
	}
	for _, tt := range tests {
		err := CheckSeat(h, tt.p, existing, tt.officer, DefaultHearingRules, today)
		if diff := cmp.Diff(tt.want, fieldCodes(err)); diff != "" {
			t.Errorf("%s: -want +got\n%s", tt.name, diff)
		}
	}
	// Without a date, eligibility is judged on today.
	undated := hearingIn(HearingProposed)
	undated.StartsAt, undated.PlannedStart = time.Time{}, time.Time{}
	young := pool(9, func(o *Officer) { o.BirthDate = NewDate(2003, 11, 28) })
	if diff := cmp.Diff([]string{"officer_id:under_age"}, fieldCodes(CheckSeat(undated, officer(9), existing, young, DefaultHearingRules, today))); diff != "" {
		t.Errorf("undated hearing: %s", diff)
	}
}

func TestCheckSeatOfficerLimit(t *testing.T) {
	today := NewDate(2026, 11, 26)
	parts, _ := officersFor(7)
	newcomer := Participant{PersonID: 2000, Role: ParticipantHearingOfficer, OfficerID: 2000}
	rec := &Officer{ID: 2000, PersonID: 2000, Category: OfficerExpert, Status: OfficerActive, BirthDate: NewDate(1970, 1, 1)}
	err := CheckSeat(hearingIn(HearingScheduled), newcomer, parts, rec, DefaultHearingRules, today)
	if diff := cmp.Diff([]string{"role:too_many_officers"}, fieldCodes(err)); diff != "" {
		t.Errorf("an eighth officer: %s", diff)
	}
	parts[0].RecusalOutcome, parts[0].RecusalReason = "granted", "亲属"
	if err := CheckSeat(hearingIn(HearingScheduled), newcomer, parts, rec, DefaultHearingRules, today); err != nil {
		t.Errorf("replacing a recused officer: %v", err)
	}
	if err := CheckSeat(hearingIn(HearingScheduled), newcomer, parts, rec, HearingRules{MinOfficers: 3, MaxOfficers: 5}, today); err == nil {
		t.Error("a sixth officer under a limit of 5")
	}
}

func TestValidateOpinion(t *testing.T) {
	parts, _ := officersFor(3)
	parts[2].RecusalOutcome, parts[2].RecusalReason = "granted", "亲属"
	parts = append(parts, Participant{ID: 90, PersonID: 900, Role: ParticipantPresider})
	tests := []struct {
		op   Opinion
		want []string
	}{
		{Opinion{ParticipantID: 101, Position: PositionAgree, Text: "同意不起诉"}, nil},
		{Opinion{ParticipantID: 102, Position: PositionAbstain, Text: "不发表意见"}, nil},
		{Opinion{ParticipantID: 103, Position: PositionAgree, Text: "x"}, []string{"participant_id:not_officer"}},
		{Opinion{ParticipantID: 90, Position: PositionAgree, Text: "x"}, []string{"participant_id:not_officer"}},
		{Opinion{ParticipantID: 999, Position: PositionAgree, Text: "x"}, []string{"participant_id:not_officer"}},
		{Opinion{ParticipantID: 101, Position: "maybe"}, []string{"position:invalid", "text:required"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, fieldCodes(ValidateOpinion(tt.op, parts))); diff != "" {
			t.Errorf("%+v: -want +got\n%s", tt.op, diff)
		}
	}
	// Only the first opinion of each officer who took part counts.
	ops := []Opinion{{101, PositionAgree, "a"}, {101, PositionDisagree, "b"}, {103, PositionDisagree, "c"}, {90, PositionDisagree, "d"}}
	if diff := cmp.Diff([]Opinion{{101, PositionAgree, "a"}}, OpinionsOfOfficers(parts, ops)); diff != "" {
		t.Errorf("OpinionsOfOfficers: %s", diff)
	}
}

func TestDrawLeastUsedOrder(t *testing.T) {
	on := NewDate(2026, 11, 30)
	c := func(id int64, n int, last Date) DrawCandidate {
		return DrawCandidate{Officer: Officer{ID: id, PersonID: id, Category: OfficerPublic, Status: OfficerActive, BirthDate: NewDate(1980, 1, 1)},
			HearingsLast12Months: n, LastHearingOn: last}
	}
	cands := []DrawCandidate{
		c(1, 2, NewDate(2026, 1, 1)),
		c(2, 1, NewDate(2026, 10, 1)),
		c(3, 1, NewDate(2026, 3, 1)),
		c(4, 1, Date{}), // counted but no date on record: treated as never
		c(5, 0, Date{}),
		c(6, 1, NewDate(2026, 3, 1)),
		c(7, 0, NewDate(2025, 1, 1)),
	}
	got, err := DrawOfficers(cands, DrawRequest{Count: 7, Mode: DrawLeastUsed, On: on})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, x := range got {
		ids = append(ids, x.ID)
	}
	if diff := cmp.Diff([]int64{5, 7, 4, 3, 6, 2, 1}, ids); diff != "" {
		t.Errorf("least-used order -want +got\n%s", diff)
	}
	// Same person in two pools: proposed once.
	dup := c(8, 0, Date{})
	dup.PersonID = 5
	got, _ = DrawOfficers(append(cands, dup), DrawRequest{Count: 2, Mode: DrawLeastUsed, On: on})
	if got[0].PersonID == got[1].PersonID {
		t.Errorf("the same person twice: %v", got)
	}
	// Categories restrict.
	cands[6].Category = OfficerLawyer
	got, _ = DrawOfficers(cands, DrawRequest{Count: 1, Mode: DrawLeastUsed, On: on, Categories: []OfficerCategory{OfficerLawyer}})
	if len(got) != 1 || got[0].ID != 7 {
		t.Errorf("lawyers only: %v", got)
	}
}

func TestDrawRequestErrors(t *testing.T) {
	on := NewDate(2026, 11, 30)
	pool := make([]DrawCandidate, 4)
	for i := range pool {
		pool[i] = DrawCandidate{Officer: Officer{ID: int64(i + 1), PersonID: int64(i + 1), Category: OfficerPublic, Status: OfficerActive, BirthDate: NewDate(1980, 1, 1)}}
	}
	pool[0].Seated = true
	tests := []struct {
		req  DrawRequest
		want []string
	}{
		{DrawRequest{Count: 4, Mode: DrawRandom, On: on}, []string{"count:not_enough_officers"}},
		{DrawRequest{Count: 0, Mode: "lottery", Categories: []OfficerCategory{"astronaut"}},
			[]string{"count:range", "mode:invalid", "on:required", "categories[0]:invalid"}},
		{DrawRequest{Count: 3, Mode: DrawRandom, On: on}, nil},
	}
	for _, tt := range tests {
		_, err := DrawOfficers(pool, tt.req)
		if diff := cmp.Diff(tt.want, fieldCodes(err)); diff != "" {
			t.Errorf("%+v: -want +got\n%s", tt.req, diff)
		}
	}
	_, err := DrawOfficers(pool, DrawRequest{Count: 4, Mode: DrawLeastUsed, On: on})
	if e, _ := AsError(err); e == nil || e.Details["eligible"] != 3 {
		t.Errorf("not enough: %v", err)
	}
}

// drawable is the test's own statement of who may be drawn.
func drawable(c DrawCandidate, req DrawRequest) bool {
	b := c.BirthDate
	aged := !b.IsZero() && !req.On.Before(NewDate(b.Year()+23, b.Month(), b.Day())) // no 29 February births in the pools
	inCategory := len(req.Categories) == 0 || slices.Contains(req.Categories, c.Category)
	return c.Status == OfficerActive && !c.Disqualified && aged && !c.Conflict && !c.Seated && inCategory
}

// randomPool builds a pool of up to 30 candidates with every kind of
// ineligibility, birthdays around the 23rd on the hearing date, and some
// people in two pools.
func randomPool(r *rand.Rand, on Date) []DrawCandidate {
	n := r.IntN(31)
	out := make([]DrawCandidate, n)
	for i := range out {
		id := int64(i + 1)
		person := id
		if r.IntN(10) == 0 {
			person = int64(r.IntN(n) + 1)
		}
		birth := on.AddMonths(-12 * 23).AddDays(r.IntN(800) - 400)
		if r.IntN(3) == 0 {
			birth = on.AddMonths(-12 * (24 + r.IntN(50))).AddDays(r.IntN(365))
		}
		if birth.Month() == 2 && birth.Day() == 29 {
			birth = birth.AddDays(1)
		}
		if r.IntN(30) == 0 {
			birth = Date{}
		}
		status := OfficerActive
		if r.IntN(5) == 0 {
			status = OfficerRevoked
		}
		var last Date
		if r.IntN(3) > 0 {
			last = on.AddDays(-r.IntN(365))
		}
		out[i] = DrawCandidate{
			Officer: Officer{ID: id, PersonID: person, Category: OfficerCategories[r.IntN(len(OfficerCategories))], Status: status,
				BirthDate: birth, Disqualified: r.IntN(12) == 0},
			HearingsLast12Months: r.IntN(6), LastHearingOn: last,
			Conflict: r.IntN(7) == 0, Seated: r.IntN(7) == 0,
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestDrawNeverProposesIneligible is a property test over 5,000 random
// pools: a draw proposes only eligible, distinct people from the asked
// categories, exactly as many as asked or a count error when fewer are
// eligible; least_used proposes no one used more than someone left out;
// random repeats itself for the same seed in any candidate order.
func TestDrawNeverProposesIneligible(t *testing.T) {
	r := rand.New(rand.NewPCG(20261126, 1))
	on := NewDate(2026, 11, 30)
	var drawn, refused int
	for round := range 5000 {
		pool := randomPool(r, on)
		req := DrawRequest{Count: 1 + r.IntN(8), Mode: DrawModes[r.IntN(2)], On: on, Seed: r.Uint64()}
		if r.IntN(2) == 0 {
			for _, c := range OfficerCategories {
				if r.IntN(3) == 0 {
					req.Categories = append(req.Categories, c)
				}
			}
		}
		persons := map[int64]bool{}
		for _, c := range pool {
			if drawable(c, req) {
				persons[c.PersonID] = true
			}
		}
		got, err := DrawOfficers(pool, req)
		if len(persons) < req.Count {
			refused++
			if diff := cmp.Diff([]string{"count:not_enough_officers"}, fieldCodes(err)); diff != "" {
				t.Fatalf("round %d: %d eligible for %d: %s", round, len(persons), req.Count, diff)
			}
			continue
		}
		drawn++
		if err != nil || len(got) != req.Count {
			t.Fatalf("round %d: %v, %d drawn of %d", round, err, len(got), req.Count)
		}
		ids, people := map[int64]bool{}, map[int64]bool{}
		for _, c := range got {
			if !drawable(c, req) {
				t.Fatalf("round %d: drew an ineligible officer %+v on %s", round, c, on)
			}
			if ids[c.ID] || people[c.PersonID] {
				t.Fatalf("round %d: drew %d (person %d) twice", round, c.ID, c.PersonID)
			}
			ids[c.ID], people[c.PersonID] = true, true
		}
		switch req.Mode {
		case DrawLeastUsed:
			for _, left := range pool {
				if !drawable(left, req) || people[left.PersonID] {
					continue
				}
				for _, p := range got {
					if leastUsedFirst(p, left) > 0 {
						t.Fatalf("round %d: drew %+v before %+v", round, p, left)
					}
				}
			}
		case DrawRandom:
			reversed := slices.Clone(pool)
			slices.Reverse(reversed)
			again, _ := DrawOfficers(reversed, req)
			if diff := cmp.Diff(got, again); diff != "" {
				t.Fatalf("round %d: the same seed drew differently in another order:\n%s", round, diff)
			}
		}
	}
	if drawn < 1000 || refused < 500 {
		t.Errorf("the pools exercised %d draws and %d refusals; adjust the generator", drawn, refused)
	}
	t.Logf("%d draws, %d refusals", drawn, refused)
}

// TestDrawLeastUsedSpreadsEvenly: 100 successive draws of 3 from a pool
// of 10, each counted after it, keep every officer within one hearing of
// every other, and end at 30 each.
func TestDrawLeastUsedSpreadsEvenly(t *testing.T) {
	pool := make([]DrawCandidate, 10)
	for i := range pool {
		pool[i] = DrawCandidate{Officer: Officer{ID: int64(i + 1), PersonID: int64(i + 1), Category: OfficerCategories[i%len(OfficerCategories)],
			Status: OfficerActive, BirthDate: NewDate(1970+i, 6, 1)}}
	}
	first := NewDate(2026, 1, 5)
	for round := range 100 {
		on := first.AddDays(round)
		got, err := DrawOfficers(pool, DrawRequest{Count: 3, Mode: DrawLeastUsed, On: on})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			i := slices.IndexFunc(pool, func(c DrawCandidate) bool { return c.ID == g.ID })
			pool[i].HearingsLast12Months++
			pool[i].LastHearingOn = on
		}
		lo, hi := pool[0].HearingsLast12Months, pool[0].HearingsLast12Months
		for _, c := range pool {
			lo, hi = min(lo, c.HearingsLast12Months), max(hi, c.HearingsLast12Months)
		}
		if hi-lo > 1 {
			t.Fatalf("after draw %d: participation from %d to %d", round+1, lo, hi)
		}
	}
	for _, c := range pool {
		if c.HearingsLast12Months != 30 {
			t.Errorf("officer %d sat %d times, want 30", c.ID, c.HearingsLast12Months)
		}
	}
}

// TestDrawRandomUniform: over 30,000 seeds, each of 6 officers is drawn
// into a pair about a third of the time and each of the 15 pairs about a
// fifteenth (bounds at more than 4 standard deviations).
func TestDrawRandomUniform(t *testing.T) {
	pool := make([]DrawCandidate, 6)
	for i := range pool {
		pool[i] = DrawCandidate{Officer: Officer{ID: int64(i + 1), PersonID: int64(i + 1), Category: OfficerPublic, Status: OfficerActive, BirthDate: NewDate(1980, 1, 1)}}
	}
	on := NewDate(2026, 11, 30)
	single := map[int64]int{}
	pairs := map[[2]int64]int{}
	results := map[[2]int64]bool{}
	for seed := range uint64(30000) {
		got, err := DrawOfficers(pool, DrawRequest{Count: 2, Mode: DrawRandom, On: on, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		a, b := got[0].ID, got[1].ID
		single[a]++
		single[b]++
		pairs[[2]int64{min(a, b), max(a, b)}]++
		if seed < 20 {
			results[[2]int64{a, b}] = true
		}
	}
	for id, n := range single {
		if n < 9600 || n > 10400 {
			t.Errorf("officer %d drawn %d times, want about 10000", id, n)
		}
	}
	if len(pairs) != 15 {
		t.Errorf("%d distinct pairs, want 15", len(pairs))
	}
	for p, n := range pairs {
		if n < 1800 || n > 2200 {
			t.Errorf("pair %v drawn %d times, want about 2000", p, n)
		}
	}
	if len(results) < 10 {
		t.Errorf("20 seeds gave only %d distinct draws", len(results))
	}
	again, _ := DrawOfficers(pool, DrawRequest{Count: 2, Mode: DrawRandom, On: on, Seed: 42})
	once, _ := DrawOfficers(pool, DrawRequest{Count: 2, Mode: DrawRandom, On: on, Seed: 42})
	if diff := cmp.Diff(once, again); diff != "" {
		t.Errorf("seed 42 twice: %s", diff)
	}
}
