package domain

import (
	"strings"
	"unicode/utf8"
)

// Case is a criminal case as the national case system knows it (DESIGN.md
// §5), as entered through the API; imports check the same rules in the
// exportfile.
type Case struct {
	UnifiedNo  string // 统一受案号: 17 digits
	DeptNo     string // 部门受案号, may be empty
	CaseType   string
	Category   string
	Prosecutor string // an account username or a name
	ReceivedOn Date
	Persons    int
}

// MaxCasePersons bounds the persons of a case or an event.
const MaxCasePersons = 10000

// ValidateCase checks a case's own fields; today bounds the received date.
// Whether the category exists is the store's to check.
func ValidateCase(c Case, today Date) error {
	var v Validator
	v.Check(isUnifiedNo(c.UnifiedNo), Field("unified_no", "format", "A unified case number is 17 digits.", "统一受案号应为 17 位数字。"))
	if utf8.RuneCountInString(c.DeptNo) > 100 {
		v.Add(TooLong("dept_no", 100))
	}
	if utf8.RuneCountInString(c.CaseType) > 50 {
		v.Add(TooLong("case_type", 50))
	}
	v.Check(strings.TrimSpace(c.Category) != "", Required("category"))
	if utf8.RuneCountInString(c.Prosecutor) > 50 {
		v.Add(TooLong("prosecutor", 50))
	}
	switch {
	case c.ReceivedOn.IsZero():
		v.Add(Required("received_on"))
	case c.ReceivedOn.After(today):
		v.Add(Field("received_on", "future", "The received date is in the future.", "受理日期不能晚于今天。"))
	}
	checkPersons(&v, "persons", c.Persons)
	return v.Err()
}

// ValidateCaseEvent checks an event entered through the API: a known
// event, a date not in the future and not before the case was received,
// and a person count.
func ValidateCaseEvent(e CaseEvent, on, received, today Date, persons int) error {
	var v Validator
	v.Check(e.Valid(), Field("event", "invalid", "Unknown case event.", "未知的案件事项。"))
	switch {
	case on.IsZero():
		v.Add(Required("occurred_on"))
	case on.After(today):
		v.Add(Field("occurred_on", "future", "The date is in the future.", "日期不能晚于今天。"))
	case on.Before(received):
		v.Add(Field("occurred_on", "before_received", "The event is dated before the case was received.", "事项日期早于案件受理日期。"))
	}
	checkPersons(&v, "persons", persons)
	return v.Err()
}

func checkPersons(v *Validator, field string, n int) {
	v.Check(n >= 1 && n <= MaxCasePersons, Field(field, "range", "The number of persons is a whole number from 1 to 10000.",
		"人数应为 1 至 10000 之间的整数。"))
}

func isUnifiedNo(s string) bool {
	if len(s) != 17 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
