package domain

import (
	"slices"
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
