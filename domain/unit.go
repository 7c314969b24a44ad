package domain

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UnitLevel is a procuratorate's place in the hierarchy.
type UnitLevel string

// The levels, from the top.
const (
	LevelProvince UnitLevel = "province" // 省院
	LevelBranch   UnitLevel = "branch"   // 分院 (a branch of the provincial procuratorate)
	LevelCity     UnitLevel = "city"     // 市级院 (a city procuratorate under the province, not a branch)
	LevelBasic    UnitLevel = "basic"    // 基层院
)

// UnitLevels lists the levels from the top; branch and city share a rank.
var UnitLevels = []UnitLevel{LevelProvince, LevelBranch, LevelCity, LevelBasic}

var levelRank = map[UnitLevel]int{LevelProvince: 1, LevelBranch: 2, LevelCity: 2, LevelBasic: 3}

// Valid reports whether l is a known level.
func (l UnitLevel) Valid() bool { return levelRank[l] != 0 }

// Below reports whether l sits lower in the hierarchy than parent.
func (l UnitLevel) Below(parent UnitLevel) bool {
	return l.Valid() && parent.Valid() && levelRank[l] > levelRank[parent]
}

// Unit is a people's procuratorate (检察院).
type Unit struct {
	ID        int64
	Code      string // 6-digit unit code, e.g. 429004
	Name      string
	ShortName string // used in 文号, e.g. 仙检
	Level     UnitLevel
	ParentID  int64 // 0 for the root
	Path      string
	Active    bool
	Version   int
	// NameEn and ShortNameEn are the English names ("Xiantao Municipal
	// People's Procuratorate", "Xiantao"), "" when none is set.
	NameEn      string
	ShortNameEn string
}

var unitCode = regexp.MustCompile(`^[0-9]{6}$`)

// UnitPath is the materialised path of a unit with code under parentPath
// ("" for a root): /420000/429000/429004. It is also the casbin domain.
func UnitPath(parentPath, code string) string { return parentPath + "/" + code }

// InSubtree reports whether path is root or lies below it.
func InSubtree(path, root string) bool {
	return path == root || strings.HasPrefix(path, root+"/")
}

// ValidateUnit checks a unit's own fields and its level against its parent.
func ValidateUnit(u Unit, parent *Unit) error {
	var v Validator
	v.Check(unitCode.MatchString(u.Code), Field("code", "format", "The unit code has 6 digits.", "单位编码应为 6 位数字。"))
	checkText(&v, "name", u.Name, 100)
	checkText(&v, "short_name", u.ShortName, 10)
	checkEnglishName(&v, "name_en", u.NameEn, 200)
	checkEnglishName(&v, "short_name_en", u.ShortNameEn, 40)
	switch {
	case !u.Level.Valid():
		v.Add(Field("level", "invalid", "The level is province, branch, city or basic.", "层级应为省院、分院、市级院或基层院。"))
	case parent == nil && u.Level != LevelProvince:
		v.Add(Required("parent_id"))
	case parent != nil && !u.Level.Below(parent.Level):
		v.Add(Field("level", "not_below_parent", "A unit must sit below its parent's level.", "下级单位的层级应低于上级单位。"))
	}
	if parent != nil && !parent.Active {
		v.Add(Field("parent_id", "inactive", "The parent unit is deactivated.", "上级单位已停用。"))
	}
	return v.Err()
}

// ValidateMove checks that u may move under newParent: not into its own
// subtree, and to a parent of a higher level.
func ValidateMove(u, newParent Unit) error {
	if InSubtree(newParent.Path, u.Path) {
		return Invalid(Field("parent_id", "cycle", "A unit cannot move below itself.", "不能将单位移动到其自身或下级单位之下。"))
	}
	if !u.Level.Below(newParent.Level) {
		return Invalid(Field("parent_id", "not_below_parent", "A unit must sit below its parent's level.", "下级单位的层级应低于上级单位。"))
	}
	if !newParent.Active {
		return Invalid(Field("parent_id", "inactive", "The parent unit is deactivated.", "上级单位已停用。"))
	}
	return nil
}

// ValidateLevelChange checks a change of a unit's level from one to
// another: only between branch and city, which share a rank, so that
// neither the parent nor the units below need to move (a branch recorded
// before 市级院 existed can be corrected).
func ValidateLevelChange(from, to UnitLevel) error {
	if from == to {
		return nil
	}
	if !to.Valid() {
		return Invalid(Field("level", "invalid", "The level is province, branch, city or basic.", "层级应为省院、分院、市级院或基层院。"))
	}
	if levelRank[from] != levelRank[to] {
		return Invalid(Field("level", "rank_change", "Only a branch can become a city procuratorate and back; other levels are fixed.",
			"只能在分院与市级院之间变更层级，其他层级不可修改。"))
	}
	return nil
}

// ErrUnitHasRecords refuses to delete a unit that still has sub-units,
// accounts, grants or records.
var ErrUnitHasRecords = &Error{Kind: KindConflict, Code: "unit_has_records",
	Message:   "The unit has sub-units, accounts or records; deactivate it instead.",
	MessageZh: "该单位下仍有下级单位、账号或业务记录，不能删除，可改为停用。"}

// ErrUnitHasActiveChildren refuses to deactivate a unit above active units.
var ErrUnitHasActiveChildren = &Error{Kind: KindConflict, Code: "unit_has_active_children",
	Message:   "Deactivate the sub-units first.",
	MessageZh: "请先停用其下级单位。"}

func checkText(v *Validator, field, s string, max int) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		v.Add(Required(field))
	case utf8.RuneCountInString(s) > max:
		v.Add(TooLong(field, max))
	}
}

// checkEnglishName checks an optional English name: within max
// characters and without Chinese characters or full-width punctuation,
// which would show in the English interface as they are.
func checkEnglishName(v *Validator, field, s string, max int) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
	case utf8.RuneCountInString(s) > max:
		v.Add(TooLong(field, max))
	case strings.ContainsFunc(s, isCJK):
		v.Add(Field(field, "not_english", "Write the English name in Latin letters, without Chinese characters or full-width punctuation.",
			"英文名称应使用拉丁字母，不含汉字或全角标点。"))
	}
}

// isCJK reports whether r is a Han character, CJK punctuation (、。「」)
// or a full-width form (，（）：).
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// TooLong is the FieldError of a text over max characters.
func TooLong(field string, max int) FieldError {
	return Field(field, "too_long", "At most "+strconv.Itoa(max)+" characters.", "最多 "+strconv.Itoa(max)+" 个字符。")
}
