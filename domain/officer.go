package domain

import (
	"slices"
)

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

// KeepsOfficerPool reports whether a unit of level l keeps a pool: city
// level (a branch or a city procuratorate) and above; basic units draw on
// the pools above them.
func KeepsOfficerPool(l UnitLevel) bool {
	return l == LevelProvince || l == LevelBranch || l == LevelCity
}

// ValidateOfficer checks an officer record kept by a unit of level
// poolLevel: a person, a category, a status (a revoked record says why), a
// birth date that makes the person MinOfficerAge or older today.
func ValidateOfficer(o Officer, poolLevel UnitLevel, today Date) error {
	var v Validator
	v.Check(o.PersonID > 0, Required("person_id"))
	v.Check(KeepsOfficerPool(poolLevel), Field("unit_id", "basic_unit", "Officer pools are kept at city level (branch or city procuratorate) and above.",
		"听证员库由市级院（含分院）以上检察院建立。"))
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
