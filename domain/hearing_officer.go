package domain

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// ParticipantRole is the part a person plays in one hearing.
type ParticipantRole string

// The participant roles (DESIGN.md §4).
const (
	ParticipantHearingOfficer          ParticipantRole = "hearing_officer"          // 听证员
	ParticipantPresider                ParticipantRole = "presider"                 // 主持人（检察官）
	ParticipantHandlingProsecutor      ParticipantRole = "handling_prosecutor"      // 承办检察官
	ParticipantRecorder                ParticipantRole = "recorder"                 // 记录员
	ParticipantSuspect                 ParticipantRole = "suspect"                  // 犯罪嫌疑人、被告人
	ParticipantVictim                  ParticipantRole = "victim"                   // 被害人
	ParticipantPetitioner              ParticipantRole = "petitioner"               // 申请人、申诉人
	ParticipantAdministrativeAgency    ParticipantRole = "administrative_agency"    // 行政机关
	ParticipantDefenceLawyer           ParticipantRole = "defence_lawyer"           // 辩护人
	ParticipantAgent                   ParticipantRole = "agent"                    // 诉讼代理人
	ParticipantGuardian                ParticipantRole = "guardian"                 // 法定代理人、监护人
	ParticipantWitness                 ParticipantRole = "witness"                  // 证人
	ParticipantExpertWitness           ParticipantRole = "expert_witness"           // 鉴定人、有专门知识的人
	ParticipantInvestigatingOfficer    ParticipantRole = "investigating_officer"    // 侦查人员
	ParticipantSchoolRepresentative    ParticipantRole = "school_representative"    // 学校、未成年人保护组织代表
	ParticipantCommunityRepresentative ParticipantRole = "community_representative" // 社区代表
	ParticipantObserver                ParticipantRole = "observer"                 // 旁听人员
	ParticipantMedia                   ParticipantRole = "media"                    // 媒体记者
)

// ParticipantRoles lists every role.
var ParticipantRoles = []ParticipantRole{ParticipantHearingOfficer, ParticipantPresider, ParticipantHandlingProsecutor,
	ParticipantRecorder, ParticipantSuspect, ParticipantVictim, ParticipantPetitioner, ParticipantAdministrativeAgency,
	ParticipantDefenceLawyer, ParticipantAgent, ParticipantGuardian, ParticipantWitness, ParticipantExpertWitness,
	ParticipantInvestigatingOfficer, ParticipantSchoolRepresentative, ParticipantCommunityRepresentative,
	ParticipantObserver, ParticipantMedia}

// ParticipantRoleNameZh names the roles in Chinese.
var ParticipantRoleNameZh = map[ParticipantRole]string{
	ParticipantHearingOfficer: "听证员", ParticipantPresider: "主持人", ParticipantHandlingProsecutor: "承办检察官",
	ParticipantRecorder: "记录员", ParticipantSuspect: "犯罪嫌疑人/被告人", ParticipantVictim: "被害人",
	ParticipantPetitioner: "申请人/申诉人", ParticipantAdministrativeAgency: "行政机关", ParticipantDefenceLawyer: "辩护人",
	ParticipantAgent: "诉讼代理人", ParticipantGuardian: "法定代理人/监护人", ParticipantWitness: "证人",
	ParticipantExpertWitness: "鉴定人/有专门知识的人", ParticipantInvestigatingOfficer: "侦查人员",
	ParticipantSchoolRepresentative: "学校/未成年人保护组织代表", ParticipantCommunityRepresentative: "社区代表",
	ParticipantObserver: "旁听人员", ParticipantMedia: "媒体记者",
}

// partyRoles are the parties to the case and those who act for them.
var partyRoles = []ParticipantRole{ParticipantSuspect, ParticipantVictim, ParticipantPetitioner, ParticipantAdministrativeAgency,
	ParticipantDefenceLawyer, ParticipantAgent, ParticipantGuardian}

// Valid reports whether r is a known role.
func (r ParticipantRole) Valid() bool { return slices.Contains(ParticipantRoles, r) }

// IsParty reports whether r is a party to the case or acts for one:
// suspect, victim, petitioner, administrative agency, and their defence
// lawyer, agent or guardian. Hearing staff (presider, handling prosecutor,
// recorder), witnesses, experts, investigators, representatives, observers
// and the media are not parties.
func (r ParticipantRole) IsParty() bool { return slices.Contains(partyRoles, r) }

// RecusalOutcomes are the states of a recusal request (回避申请).
var RecusalOutcomes = []string{"pending", "granted", "refused"}

// Participant is a person from the master name index taking a role in one
// hearing.
type Participant struct {
	ID               int64
	HearingID        int64
	PersonID         int64
	Name             string // from the person index, for messages
	Role             ParticipantRole
	OfficerID        int64 // a hearing officer's pool record
	Attended         bool
	Conflict         bool   // a declared conflict of interest
	RecusalReason    string // a recusal request against the participant
	RecusalOutcome   string // "", or one of RecusalOutcomes
	DecisionReported bool   // the decision was reported back to this officer
}

// Seated reports whether p sits as a hearing officer: the role, no
// declared conflict and no recusal granted.
func (p Participant) Seated() bool {
	return p.Role == ParticipantHearingOfficer && !p.Conflict && p.RecusalOutcome != "granted"
}

// TookPart reports whether p is a seated hearing officer who attended.
func (p Participant) TookPart() bool { return p.Seated() && p.Attended }

// ValidateParticipant checks a participant's own fields.
func ValidateParticipant(p Participant) error {
	var v Validator
	v.Check(p.Role.Valid(), Field("role", "invalid", "Unknown participant role.", "未知的参加人身份。"))
	v.Check(p.PersonID > 0, Required("person_id"))
	switch {
	case p.Role == ParticipantHearingOfficer && p.OfficerID <= 0:
		v.Add(Field("officer_id", "required", "A hearing officer comes from the officer pool.", "听证员应从听证员库中选取。"))
	case p.Role != ParticipantHearingOfficer && p.OfficerID != 0:
		v.Add(Field("officer_id", "not_officer", "Only a hearing officer has a pool record.", "仅听证员关联听证员库。"))
	}
	v.Check(p.RecusalOutcome == "" || slices.Contains(RecusalOutcomes, p.RecusalOutcome), Field("recusal_outcome", "invalid",
		"The outcome is pending, granted or refused.", "回避决定应为待决定、准许或驳回。"))
	if p.RecusalOutcome != "" {
		checkText(&v, "recusal_reason", p.RecusalReason, maxHearingReason)
	} else {
		checkMax(&v, "recusal_reason", p.RecusalReason, maxHearingReason)
	}
	return v.Err()
}

// CheckSeat decides whether p may join hearing h beside the existing
// participants (p itself, by ID, is skipped among them), on the rules.
// officer is p's pool record when p is a hearing officer. today dates the
// eligibility when h has no date yet (see Hearing.HearingDate).
//
// A person plays one role of each kind once; a hearing has one presider. A
// hearing officer holds no other role in the hearing: a party cannot be an
// officer (code officer_is_party) nor can a witness, the presider, a
// representative… (officer_other_role). An officer must be eligible on the
// hearing date (OfficerEligible), without a declared conflict or a granted
// recusal, and the seated officers may not exceed rules.MaxOfficers. An
// existing officer (p.ID set) may be given a conflict or a granted
// recusal: that unseats them, and is not refused.
func CheckSeat(h Hearing, p Participant, existing []Participant, officer *Officer, rules HearingRules, today Date) error {
	var v Validator
	addFields(&v, ValidateParticipant(p))
	seated := 0
	for _, e := range existing {
		if e.ID == p.ID && p.ID != 0 {
			continue
		}
		if e.Seated() {
			seated++
		}
		switch {
		case e.PersonID != p.PersonID:
			if p.Role == ParticipantPresider && e.Role == ParticipantPresider {
				v.Add(Field("role", "duplicate_presider", "The hearing has a presider already.", "该听证已有主持人。"))
			}
		case e.Role == p.Role:
			v.Add(Field("person_id", "duplicate", "The person has this role already.", "该人员已以相同身份参加听证。"))
		case (p.Role == ParticipantHearingOfficer && e.Role.IsParty()) || (e.Role == ParticipantHearingOfficer && p.Role.IsParty()):
			v.Add(Field("person_id", "officer_is_party", "A party cannot be a hearing officer in the same hearing.",
				"当事人及其代理人不得担任同一听证的听证员。"))
		case p.Role == ParticipantHearingOfficer || e.Role == ParticipantHearingOfficer:
			v.Add(Field("person_id", "officer_other_role", "A hearing officer cannot take another role in the same hearing.",
				"听证员不得在同一听证中兼任其他身份。"))
		}
	}
	switch {
	case p.Role != ParticipantHearingOfficer:
	case p.ID != 0 && !p.Seated():
		// A conflict declared or a recusal granted on a seated officer
		// unseats them; the record stays, and needs no eligibility.
	default:
		if officer == nil || officer.ID != p.OfficerID || officer.PersonID != p.PersonID {
			v.Add(Field("officer_id", "mismatch", "The pool record does not belong to this person.", "听证员库记录与该人员不符。"))
		} else {
			addFields(&v, OfficerEligible(*officer, h.HearingDate(today)))
		}
		v.Check(!p.Conflict, Field("conflict", "conflict", "An officer with a declared conflict of interest cannot sit.",
			"已申报利害关系的听证员不得参加听证。"))
		v.Check(p.RecusalOutcome != "granted", Field("recusal_outcome", "recused", "The officer's recusal was granted.",
			"该听证员已决定回避。"))
		if p.Seated() && seated+1 > rules.MaxOfficers {
			v.Add(Field("role", "too_many_officers", "At most "+itoa(rules.MaxOfficers)+" hearing officers.",
				"听证员最多 "+itoa(rules.MaxOfficers)+" 名。"))
		}
	}
	return v.Err()
}

// DecisionReportees are the officers to whom the decision is reported
// back: those who took part in the hearing.
func DecisionReportees(parts []Participant) []Participant {
	var out []Participant
	for _, p := range parts {
		if p.TookPart() {
			out = append(out, p)
		}
	}
	return out
}

// OfficerCategory is where a hearing officer in the pool comes from.
type OfficerCategory string

// The pool categories (听证员库建设管理指导意见).
const (
	OfficerNPCDeputy         OfficerCategory = "npc_deputy"         // 人大代表
	OfficerCPPCCMember       OfficerCategory = "cppcc_member"       // 政协委员
	OfficerPeopleSupervisor  OfficerCategory = "people_supervisor"  // 人民监督员
	OfficerMediator          OfficerCategory = "mediator"           // 人民调解员
	OfficerSpecialProsecutor OfficerCategory = "special_prosecutor" // 特约检察员
	OfficerExpert            OfficerCategory = "expert"             // 专家学者
	OfficerLawyer            OfficerCategory = "lawyer"             // 律师
	OfficerPublic            OfficerCategory = "public"             // 社会人士
)

// OfficerCategories lists every category.
var OfficerCategories = []OfficerCategory{OfficerNPCDeputy, OfficerCPPCCMember, OfficerPeopleSupervisor, OfficerMediator,
	OfficerSpecialProsecutor, OfficerExpert, OfficerLawyer, OfficerPublic}

// OfficerCategoryNameZh names the categories in Chinese.
var OfficerCategoryNameZh = map[OfficerCategory]string{
	OfficerNPCDeputy: "人大代表", OfficerCPPCCMember: "政协委员", OfficerPeopleSupervisor: "人民监督员", OfficerMediator: "人民调解员",
	OfficerSpecialProsecutor: "特约检察员", OfficerExpert: "专家学者", OfficerLawyer: "律师", OfficerPublic: "社会人士",
}

// Valid reports whether c is a known category.
func (c OfficerCategory) Valid() bool { return slices.Contains(OfficerCategories, c) }

// OfficerStatus is an officer's standing in the pool.
type OfficerStatus string

// The statuses: a revoked officer (除名) stays on record but never sits.
const (
	OfficerActive  OfficerStatus = "active"
	OfficerRevoked OfficerStatus = "revoked"
)

// OfficerStatuses lists every status.
var OfficerStatuses = []OfficerStatus{OfficerActive, OfficerRevoked}

// MinOfficerAge is the age a hearing officer must have reached on the
// hearing date.
const MinOfficerAge = 23

// Officer is a hearing officer's record in a pool (听证员库).
type Officer struct {
	ID            int64
	PersonID      int64
	Name          string // from the person index
	UnitID        int64  // the unit keeping the pool
	UnitPath      string
	Category      OfficerCategory
	Status        OfficerStatus
	RevokedReason string
	BirthDate     Date
	// Disqualified: criminal record, dismissal from public office, revoked
	// licence or listed judgment defaulter, found after enrolment.
	Disqualified bool
	Version      int
}

// KeepsOfficerPool reports whether a unit of level l keeps a pool: branch
// (city) level and above; basic units draw on the pools above them.
func KeepsOfficerPool(l UnitLevel) bool { return l == LevelProvince || l == LevelBranch }

// ValidateOfficer checks an officer record kept by a unit of level
// poolLevel: a person, a category, a status (a revoked record says why), a
// birth date that makes the person MinOfficerAge or older today.
func ValidateOfficer(o Officer, poolLevel UnitLevel, today Date) error {
	var v Validator
	v.Check(o.PersonID > 0, Required("person_id"))
	v.Check(KeepsOfficerPool(poolLevel), Field("unit_id", "basic_unit", "Officer pools are kept at branch level and above.",
		"听证员库由市级（分院）以上检察院建立。"))
	v.Check(o.Category.Valid(), Field("category", "invalid", "Unknown officer category.", "未知的听证员类别。"))
	switch o.Status {
	case OfficerActive:
		checkMax(&v, "revoked_reason", o.RevokedReason, maxHearingReason)
	case OfficerRevoked:
		checkText(&v, "revoked_reason", o.RevokedReason, maxHearingReason)
	default:
		v.Add(Field("status", "invalid", "The status is active or revoked.", "状态应为在库或已除名。"))
	}
	switch {
	case o.BirthDate.IsZero():
		v.Add(Required("birth_date"))
	case !reachedAge(o.BirthDate, today, MinOfficerAge):
		v.Add(underAge("birth_date"))
	}
	return v.Err()
}

// reachedAge reports whether a person born on birth is years old on day
// on: from the birthday on, as in everyday reckoning. A 29 February
// birthday falls on 28 February in other years, by the month arithmetic
// of 民法典 art. 202 that Date.AddMonths follows.
func reachedAge(birth, on Date, years int) bool {
	return !on.Before(birth.AddMonths(12 * years))
}

func underAge(field string) FieldError {
	return Field(field, "under_age", "A hearing officer must be "+itoa(MinOfficerAge)+" or older on the hearing date.",
		"听证员在听证之日应年满 "+itoa(MinOfficerAge)+" 周岁。")
}

// OfficerEligible decides whether o may sit in a hearing on day on:
// active in the pool, not disqualified, aged MinOfficerAge or over on that
// day (22 years and 364 days is too young; the 23rd birthday is enough). A
// conflict or recusal belongs to one hearing and is the seat's to check
// (CheckSeat, DrawCandidate.Conflict). The errors name officer_id.
func OfficerEligible(o Officer, on Date) error {
	var v Validator
	v.Check(o.Status == OfficerActive, Field("officer_id", "not_active", "The officer is not active in the pool.", "该听证员已不在库。"))
	v.Check(!o.Disqualified, Field("officer_id", "disqualified", "The officer is disqualified.", "该听证员不具备担任资格。"))
	switch {
	case o.BirthDate.IsZero():
		v.Add(Field("officer_id", "birth_date_unknown", "The officer's birth date is not on record.", "该听证员未登记出生日期。"))
	case !reachedAge(o.BirthDate, on, MinOfficerAge):
		v.Add(underAge("officer_id"))
	}
	return v.Err()
}

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
