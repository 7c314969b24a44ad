package domain

import (
	"slices"
)

// OpinionPosition is a hearing officer's stance on the proposed decision.
type OpinionPosition string

// The positions.
const (
	PositionAgree    OpinionPosition = "agree"
	PositionDisagree OpinionPosition = "disagree"
	PositionAbstain  OpinionPosition = "abstain"
)

// OpinionPositions lists every position.
var OpinionPositions = []OpinionPosition{PositionAgree, PositionDisagree, PositionAbstain}

// Opinion is one hearing officer's opinion (评议意见) on the proposed
// decision.
type Opinion struct {
	ParticipantID int64
	Position      OpinionPosition
	Text          string
}

// ValidateOpinion checks an opinion of a seated officer of the hearing;
// every position, abstention too, comes with its text.
func ValidateOpinion(op Opinion, parts []Participant) error {
	var v Validator
	i := slices.IndexFunc(parts, func(p Participant) bool { return p.ID == op.ParticipantID })
	v.Check(i >= 0 && parts[i].Seated(), Field("participant_id", "not_officer", "Only a seated hearing officer gives an opinion.",
		"仅参加听证的听证员可以发表意见。"))
	v.Check(slices.Contains(OpinionPositions, op.Position), Field("position", "invalid", "The position is agree, disagree or abstain.",
		"意见应为同意、不同意或弃权。"))
	checkText(&v, "text", op.Text, maxHearingText)
	return v.Err()
}

// OpinionsOfOfficers keeps the opinions of officers who took part, one
// each (the first); opinions of absent, recused or conflicted officers and
// of other participants do not count.
func OpinionsOfOfficers(parts []Participant, opinions []Opinion) []Opinion {
	var out []Opinion
	seen := map[int64]bool{}
	for _, op := range opinions {
		i := slices.IndexFunc(parts, func(p Participant) bool { return p.ID == op.ParticipantID })
		if i < 0 || !parts[i].TookPart() || seen[op.ParticipantID] {
			continue
		}
		seen[op.ParticipantID] = true
		out = append(out, op)
	}
	return out
}

// MajorityPosition is where the officers' majority stands.
type MajorityPosition string

// The majority positions.
const (
	MajorityAgree    MajorityPosition = "agree"    // more agree than disagree with the proposed decision
	MajorityDisagree MajorityPosition = "disagree" // more disagree than agree
	MajorityTie      MajorityPosition = "tie"      // as many each way, also none at all
)

// MajorityResult counts the officers' opinions.
type MajorityResult struct {
	Agree, Disagree, Abstain int
	Position                 MajorityPosition
}

// Majority counts opinions (pass OpinionsOfOfficers) and finds the
// majority among those who took a side: abstentions count for neither, so
// 2 agree, 1 disagree, 2 abstain is a majority to agree. Equal numbers,
// and no opinions or only abstentions, are a tie: there is no majority to
// depart from, and any decision stands without a chief's approval.
func Majority(opinions []Opinion) MajorityResult {
	var m MajorityResult
	for _, op := range opinions {
		switch op.Position {
		case PositionAgree:
			m.Agree++
		case PositionDisagree:
			m.Disagree++
		case PositionAbstain:
			m.Abstain++
		}
	}
	switch {
	case m.Agree > m.Disagree:
		m.Position = MajorityAgree
	case m.Disagree > m.Agree:
		m.Position = MajorityDisagree
	default:
		m.Position = MajorityTie
	}
	return m
}

// Departs reports whether a decision that does (followsProposal) or does
// not follow the proposed decision goes against the majority: a majority
// that agrees with the proposal is departed from by not following it, a
// majority that disagrees by following it; a tie by neither.
func (m MajorityResult) Departs(followsProposal bool) bool {
	return (m.Position == MajorityAgree && !followsProposal) || (m.Position == MajorityDisagree && followsProposal)
}
