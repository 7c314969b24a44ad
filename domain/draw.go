package domain

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// DrawMode is how officers are drawn from a pool.
type DrawMode string

// The draw modes.
const (
	DrawLeastUsed DrawMode = "least_used" // fewest hearings in the last 12 months first
	DrawRandom    DrawMode = "random"     // uniformly at random, reproducible from a seed
)

// DrawModes lists every mode.
var DrawModes = []DrawMode{DrawLeastUsed, DrawRandom}

// DrawCandidate is a pool officer offered to a draw for one hearing, with
// the figures the store computes for that hearing.
type DrawCandidate struct {
	Officer
	HearingsLast12Months int  // hearings taken part in within the 12 months before the hearing date
	LastHearingOn        Date // zero: never sat
	Conflict             bool // declared conflict, recusal granted, or another role in this hearing
	Seated               bool // already a hearing officer of this hearing
}

// DrawRequest asks for Count officers for a hearing on day On.
type DrawRequest struct {
	Count      int
	Mode       DrawMode
	Categories []OfficerCategory // empty: any
	On         Date              // the hearing date, for eligibility
	Seed       uint64            // random mode
}

// DrawOfficers proposes req.Count officers from candidates. It never
// proposes one who is ineligible on req.On (OfficerEligible: revoked,
// disqualified, under 23), conflicted, already seated, outside
// req.Categories, or a person proposed already (a person may be in two
// pools). When fewer are left than asked for, it is a field error on count.
//
// least_used orders by fewest hearings in the last 12 months, then longest
// since the last hearing (never first), then officer id, and takes the
// first. random draws uniformly among the eligible from a PCG generator
// seeded (seed, 0), after ordering them by id, so that the same seed and
// pool give the same officers whatever order the store lists them in.
func DrawOfficers(candidates []DrawCandidate, req DrawRequest) ([]DrawCandidate, error) {
	var v Validator
	v.Check(req.Count >= 1, Field("count", "range", "Draw at least one officer.", "至少抽选 1 名听证员。"))
	v.Check(slices.Contains(DrawModes, req.Mode), Field("mode", "invalid", "The mode is least_used or random.", "抽选方式应为最少使用或随机。"))
	v.Check(!req.On.IsZero(), Required("on"))
	for i, c := range req.Categories {
		v.Check(c.Valid(), Field("categories["+strconv.Itoa(i)+"]", "invalid", "Unknown officer category.", "未知的听证员类别。"))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var pool []DrawCandidate
	for _, c := range candidates {
		if OfficerEligible(c.Officer, req.On) == nil && !c.Conflict && !c.Seated &&
			(len(req.Categories) == 0 || slices.Contains(req.Categories, c.Category)) {
			pool = append(pool, c)
		}
	}
	if req.Mode == DrawLeastUsed {
		slices.SortFunc(pool, leastUsedFirst)
	} else {
		slices.SortFunc(pool, func(a, b DrawCandidate) int { return cmp.Compare(a.ID, b.ID) })
	}
	seen := map[int64]bool{}
	pool = slices.DeleteFunc(pool, func(c DrawCandidate) bool {
		dup := seen[c.PersonID]
		seen[c.PersonID] = true
		return dup
	})
	if len(pool) < req.Count {
		e := Invalid(Field("count", "not_enough_officers",
			"Only "+itoa(len(pool))+" eligible officers are available; "+itoa(req.Count)+" were asked for.",
			"符合条件的听证员仅 "+itoa(len(pool))+" 名，不足 "+itoa(req.Count)+" 名。"))
		e.Details = map[string]any{"eligible": len(pool)}
		return nil, e
	}
	if req.Mode == DrawRandom {
		r := rand.New(rand.NewPCG(req.Seed, 0))
		for i := range req.Count { // the first Count steps of a Fisher–Yates shuffle
			j := i + r.IntN(len(pool)-i)
			pool[i], pool[j] = pool[j], pool[i]
		}
	}
	return slices.Clone(pool[:req.Count]), nil
}

// leastUsedFirst orders candidates for the least_used draw.
func leastUsedFirst(a, b DrawCandidate) int {
	if c := cmp.Compare(a.HearingsLast12Months, b.HearingsLast12Months); c != 0 {
		return c
	}
	switch {
	case a.LastHearingOn.IsZero() != b.LastHearingOn.IsZero():
		if a.LastHearingOn.IsZero() {
			return -1
		}
		return 1
	case !a.LastHearingOn.Equal(b.LastHearingOn):
		return a.LastHearingOn.Compare(b.LastHearingOn)
	}
	return cmp.Compare(a.ID, b.ID)
}

// officerLabel names an officer in messages: the name when known.
func officerLabel(id int64, name string) string {
	if strings.TrimSpace(name) != "" {
		return name
	}
	return strconv.FormatInt(id, 10)
}
