package domain

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Calendar is the statutory working-day calendar: the holidays and make-up
// working days (调休上班) the State Council announces each year, over the
// ordinary Monday-to-Friday week. Admins maintain it; deadline rules read it.
//
// The zero Calendar knows no holidays and rests on Saturdays and Sundays.
// A Calendar is immutable once built and safe for concurrent use.
type Calendar struct {
	holidays map[int64]bool // by dayNumber
	workdays map[int64]bool
	years    map[int]bool // years with at least one listed day: loaded
}

// NewCalendar builds a calendar from the statutory rest days (放假日期,
// the weekend days inside a holiday block may be listed or not) and the
// make-up working days. The slices are copied. A date in both lists, which
// ValidateCalendarYear rejects, counts as a rest day, the reading that
// gives a deadline's addressee the longer time.
func NewCalendar(holidays, workdays []Date) Calendar {
	c := Calendar{holidays: make(map[int64]bool, len(holidays)), workdays: make(map[int64]bool, len(workdays)), years: map[int]bool{}}
	for _, d := range holidays {
		c.holidays[d.dayNumber()] = true
		c.years[d.Year()] = true
	}
	for _, d := range workdays {
		c.workdays[d.dayNumber()] = true
		c.years[d.Year()] = true
	}
	return c
}

// Loaded reports whether the holidays of year are on record. Every year
// has statutory holidays (New Year's Day at least), so a year with no
// listed day is one whose calendar has not been loaded (or not yet
// announced: the State Council publishes it late in the year before).
func (c Calendar) Loaded(year int) bool { return c.years[year] }

// Provisional reports whether a deadline d was counted without its year's
// holidays (暂按未公布节假日计算): only weekends were skipped, so the
// date may still move once the year is loaded. The zero Date is not.
func (c Calendar) Provisional(d Date) bool { return !d.IsZero() && !c.Loaded(d.Year()) }

// MissingYears lists, in order, the years among want whose calendar is
// not loaded.
func (c Calendar) MissingYears(want ...int) []int {
	seen := map[int]bool{}
	var out []int
	for _, y := range want {
		if !seen[y] && !c.Loaded(y) {
			out = append(out, y)
		}
		seen[y] = true
	}
	sort.Ints(out)
	return out
}

// IsRestDay reports whether d is a statutory holiday, or a Saturday or
// Sunday that is not a make-up working day.
func (c Calendar) IsRestDay(d Date) bool {
	n := d.dayNumber()
	if c.holidays[n] {
		return true
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return !c.workdays[n]
	}
	return false
}

// NextWorkingDay returns d when it is a working day, else the first working
// day after it.
func (c Calendar) NextWorkingDay(d Date) Date {
	for c.IsRestDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// Period is a statutory time limit counted in months or in days, such as
// the two months a recipient has to reply to a suggestion. Normally one of
// the two is set; a Period with both runs the months first, then the days.
// Negative values are not meaningful.
type Period struct {
	Months, Days int
}

// String writes p the way Chinese legal documents do: "2个月", "15日",
// "1个月15日"; the zero Period is "0日".
func (p Period) String() string {
	switch {
	case p.Months != 0 && p.Days != 0:
		return strconv.Itoa(p.Months) + "个月" + strconv.Itoa(p.Days) + "日"
	case p.Months != 0:
		return strconv.Itoa(p.Months) + "个月"
	default:
		return strconv.Itoa(p.Days) + "日"
	}
}

// Deadline returns the last day of period p that starts with the event on
// start (a service date, say), by 民法典 arts 200–203:
//
//   - the start day itself is not counted (art. 201), so a period of N days
//     ends N days after it;
//   - a period of months ends on the same-numbered day of the final month,
//     or on that month's last day when it has none (art. 202): 31 December
//     plus 2 months is 28 or 29 February, not 3 March;
//   - a last day that is a rest day moves to the first working day after the
//     rest ends (art. 203); a make-up working day is a working day.
//
// The zero start, "not served yet", gives the zero Date.
func (c Calendar) Deadline(start Date, p Period) Date {
	if start.IsZero() {
		return Date{}
	}
	end := start.AddMonths(p.Months).AddDays(p.Days)
	return c.NextWorkingDay(end)
}

// ValidateCalendarYear checks one year of a calendar before it is stored:
// every date lies in year (code wrong_year), no date is listed twice in a
// list (duplicate) or in both lists (both, reported on the working day), and
// every make-up working day is a Saturday or a Sunday (not_weekend). Fields
// are named holidays[i] and workdays[i].
func ValidateCalendarYear(year int, holidays, workdays []Date) error {
	var v Validator
	isHoliday := make(map[int64]bool, len(holidays))
	check := func(list string, i int, d Date, seen map[int64]bool) bool {
		field := list + "[" + strconv.Itoa(i) + "]"
		if d.IsZero() {
			v.Add(Required(field))
			return false
		}
		if d.Year() != year {
			v.Add(Field(field, "wrong_year",
				fmt.Sprintf("%s is not in %d.", d, year),
				fmt.Sprintf("%s 不在 %d 年内。", d, year)))
		}
		n := d.dayNumber()
		if seen[n] {
			v.Add(Field(field, "duplicate",
				fmt.Sprintf("%s is listed more than once.", d),
				fmt.Sprintf("%s 重复列出。", d)))
			return false
		}
		seen[n] = true
		return true
	}
	for i, d := range holidays {
		check("holidays", i, d, isHoliday)
	}
	isWorkday := make(map[int64]bool, len(workdays))
	for i, d := range workdays {
		if !check("workdays", i, d, isWorkday) {
			continue
		}
		field := "workdays[" + strconv.Itoa(i) + "]"
		if isHoliday[d.dayNumber()] {
			v.Add(Field(field, "both",
				fmt.Sprintf("%s is listed both as a holiday and as a make-up working day.", d),
				fmt.Sprintf("%s 不能既是放假日又是调休上班日。", d)))
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			v.Add(Field(field, "not_weekend",
				fmt.Sprintf("%s is a %s; a make-up working day must be a Saturday or a Sunday.", d, wd),
				fmt.Sprintf("%s 是周%s，调休上班日应为周六或周日。", d, string([]rune("日一二三四五六")[wd]))))
		}
	}
	return v.Err()
}
