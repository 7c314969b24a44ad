package domain

import (
	"testing"
)

// span returns the dates from first to last, both included.
func span(t *testing.T, first, last string) []Date {
	t.Helper()
	var out []Date
	for d, end := day(t, first), day(t, last); !d.After(end); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

func days(t *testing.T, ss ...string) []Date {
	t.Helper()
	out := make([]Date, len(ss))
	for i, s := range ss {
		out[i] = day(t, s)
	}
	return out
}

// calendar2026 is the State Council's 2026 arrangement (国务院办公厅关于2026年
// 部分节假日安排的通知, 2025-11-04), kept here rather than imported from
// app/demo, which depends on domain.
func calendar2026(t *testing.T) Calendar {
	t.Helper()
	var holidays []Date
	for _, b := range [][2]string{
		{"2026-01-01", "2026-01-03"}, // 元旦
		{"2026-02-15", "2026-02-23"}, // 春节
		{"2026-04-04", "2026-04-06"}, // 清明节
		{"2026-05-01", "2026-05-05"}, // 劳动节
		{"2026-06-19", "2026-06-21"}, // 端午节
		{"2026-09-25", "2026-09-27"}, // 中秋节
		{"2026-10-01", "2026-10-07"}, // 国庆节
	} {
		holidays = append(holidays, span(t, b[0], b[1])...)
	}
	workdays := days(t, "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")
	if err := ValidateCalendarYear(2026, holidays, workdays); err != nil {
		t.Fatalf("2026 test calendar: %v", err)
	}
	return NewCalendar(holidays, workdays)
}

func TestIsRestDay(t *testing.T) {
	official := calendar2026(t)
	custom := NewCalendar(days(t, "2026-03-10"), days(t, "2026-03-14"))
	tests := []struct {
		name string
		c    Calendar
		day  string
		want bool
	}{
		{"National Day", official, "2026-10-01", true},
		{"last day of National Day", official, "2026-10-07", true},
		{"Thursday after National Day", official, "2026-10-08", false},
		{"make-up Saturday after National Day", official, "2026-10-10", false},
		{"the Sunday after it", official, "2026-10-11", true},
		{"make-up Sunday before National Day", official, "2026-09-20", false},
		{"Spring Festival Sunday", official, "2026-02-15", true},
		{"Spring Festival weekday", official, "2026-02-17", true},
		{"Spring Festival ends on a Monday", official, "2026-02-23", true},
		{"make-up Saturday before Spring Festival", official, "2026-02-14", false},
		{"make-up Saturday after Spring Festival", official, "2026-02-28", false},
		{"New Year's Day", official, "2026-01-01", true},
		{"New Year holiday on a Saturday", official, "2026-01-03", true},
		{"make-up Sunday after New Year", official, "2026-01-04", false},
		{"Dragon Boat Friday", official, "2026-06-19", true},
		{"ordinary Sunday", official, "2026-03-01", true},
		{"ordinary Saturday", official, "2026-03-07", true},
		{"ordinary Monday", official, "2026-03-02", false},
		{"Friday", official, "2026-03-06", false},
		{"a 2025 day the 2026 calendar does not know", official, "2025-10-08", false},
		{"zero calendar: Saturday", Calendar{}, "2026-02-28", true},
		{"zero calendar: Sunday", Calendar{}, "2026-03-01", true},
		{"zero calendar: Monday", Calendar{}, "2026-03-02", false},
		{"zero calendar: National Day is a Thursday", Calendar{}, "2026-10-01", false},
		{"custom holiday on a Tuesday", custom, "2026-03-10", true},
		{"custom make-up Saturday", custom, "2026-03-14", false},
		{"a make-up day listed on a weekday changes nothing", NewCalendar(nil, days(t, "2026-03-11")), "2026-03-11", false},
		{"a date in both lists is a rest day", NewCalendar(days(t, "2026-03-14"), days(t, "2026-03-14")), "2026-03-14", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.IsRestDay(day(t, tt.day)); got != tt.want {
				t.Errorf("IsRestDay(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

func TestNextWorkingDay(t *testing.T) {
	official := calendar2026(t)
	// Two holiday blocks back to back across a weekend: Thu–Fri, then Mon.
	blocks := NewCalendar(days(t, "2026-03-12", "2026-03-13", "2026-03-16"), nil)
	tests := []struct {
		name     string
		c        Calendar
		day      string
		want     string
		restDays int
	}{
		{"a working day is itself", official, "2026-03-02", "2026-03-02", 0},
		{"Saturday to Monday", official, "2026-03-07", "2026-03-09", 2},
		{"through National Day", official, "2026-10-01", "2026-10-08", 7},
		{"from its last day", official, "2026-10-07", "2026-10-08", 1},
		{"through Spring Festival", official, "2026-02-15", "2026-02-24", 9},
		{"New Year onto a make-up Sunday", official, "2026-01-01", "2026-01-04", 3},
		{"Labour Day", official, "2026-05-02", "2026-05-06", 4},
		{"Mid-Autumn, Friday to Monday", official, "2026-09-25", "2026-09-28", 3},
		{"consecutive blocks over a weekend", blocks, "2026-03-12", "2026-03-17", 5},
		{"zero calendar: Saturday to Monday", Calendar{}, "2026-10-03", "2026-10-05", 2},
		{"zero calendar: year end", Calendar{}, "2022-12-31", "2023-01-02", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := day(t, tt.day)
			got := tt.c.NextWorkingDay(from)
			if got.String() != tt.want {
				t.Errorf("NextWorkingDay(%s) = %s, want %s", tt.day, got, tt.want)
			}
			if n := from.DaysUntil(got); n != tt.restDays {
				t.Errorf("skipped %d days, want %d", n, tt.restDays)
			}
			if tt.c.IsRestDay(got) {
				t.Errorf("%s is a rest day", got)
			}
		})
	}
}

func TestDeadline(t *testing.T) {
	official := calendar2026(t)
	twoMonths, oneMonth, fifteenDays := Period{Months: 2}, Period{Months: 1}, Period{Days: 15}
	tests := []struct {
		name   string
		c      Calendar
		served string
		p      Period
		want   string
	}{
		{"month end on a Sunday moves to Monday", official, "2026-03-31", twoMonths, "2026-06-01"},
		{"31 Jan + 1 month is 28 Feb, a make-up Saturday in 2026", official, "2026-01-31", oneMonth, "2026-02-28"},
		{"the same with no holiday calendar moves to Monday", Calendar{}, "2026-01-31", oneMonth, "2026-03-02"},
		{"leap year: 31 Jan 2024 + 1 month", official, "2024-01-31", oneMonth, "2024-02-29"},
		{"leap year 2028: 31 Dec 2027 + 2 months", official, "2027-12-31", twoMonths, "2028-02-29"},
		{"year boundary: 31 Dec 2025 + 2 months", official, "2025-12-31", twoMonths, "2026-02-28"},
		{"30 Nov + 3 months crosses the year into February", official, "2026-11-30", Period{Months: 3}, "2027-03-01"},
		{"15 days on a weekday", official, "2026-03-02", fifteenDays, "2026-03-17"},
		{"15 days onto National Day moves past it", official, "2026-09-16", fifteenDays, "2026-10-08"},
		{"2 months onto National Day moves past it", official, "2026-08-01", twoMonths, "2026-10-08"},
		{"2 months onto the last National Day holiday", official, "2026-08-07", twoMonths, "2026-10-08"},
		{"a make-up Saturday stays", official, "2026-08-10", twoMonths, "2026-10-10"},
		{"a make-up Sunday stays", official, "2026-07-20", twoMonths, "2026-09-20"},
		{"into the Spring Festival", official, "2025-12-15", twoMonths, "2026-02-24"},
		{"into New Year, onto its make-up Sunday", official, "2025-11-01", twoMonths, "2026-01-04"},
		{"15 days across the year end into New Year", official, "2025-12-17", fifteenDays, "2026-01-04"},
		{"into Labour Day", official, "2026-03-01", twoMonths, "2026-05-06"},
		{"into Mid-Autumn", official, "2026-07-25", twoMonths, "2026-09-28"},
		{"the zero calendar ignores National Day", Calendar{}, "2026-09-16", fifteenDays, "2026-10-01"},
		{"served on a holiday: the count starts the next day", official, "2026-10-03", fifteenDays, "2026-10-19"},
		{"months then days", official, "2026-01-31", Period{Months: 1, Days: 1}, "2026-03-02"},
		{"3 months plus a 1-month extension", official, "2026-01-01", Period{Months: 4}, "2026-05-06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Deadline(day(t, tt.served), tt.p); got.String() != tt.want {
				t.Errorf("served %s + %s = %s, want %s", tt.served, tt.p, got, tt.want)
			}
		})
	}
	if got := official.Deadline(Date{}, twoMonths); !got.IsZero() {
		t.Errorf("deadline of the zero date = %s, want the zero date", got)
	}
}

func TestPeriodString(t *testing.T) {
	tests := []struct {
		p    Period
		want string
	}{
		{Period{Months: 2}, "2个月"},
		{Period{Months: 3}, "3个月"},
		{Period{Days: 15}, "15日"},
		{Period{Months: 1, Days: 15}, "1个月15日"},
		{Period{}, "0日"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestValidateCalendarYear(t *testing.T) {
	type fieldCode struct{ Field, Code string }
	tests := []struct {
		name               string
		holidays, workdays []string
		want               []fieldCode
	}{
		{"valid", []string{"2026-10-01", "2026-10-02"}, []string{"2026-10-10"}, nil},
		{"empty", nil, nil, nil},
		{"holiday in another year", []string{"2026-10-01", "2025-10-01"}, nil,
			[]fieldCode{{"holidays[1]", "wrong_year"}}},
		{"workday in another year", nil, []string{"2027-01-02"},
			[]fieldCode{{"workdays[0]", "wrong_year"}}},
		{"in both lists", []string{"2026-10-10"}, []string{"2026-10-10"},
			[]fieldCode{{"workdays[0]", "both"}}},
		{"make-up day on a weekday", nil, []string{"2026-10-09"},
			[]fieldCode{{"workdays[0]", "not_weekend"}}},
		{"duplicate holiday", []string{"2026-10-01", "2026-10-02", "2026-10-01"}, nil,
			[]fieldCode{{"holidays[2]", "duplicate"}}},
		{"duplicate workday", nil, []string{"2026-10-10", "2026-10-10"},
			[]fieldCode{{"workdays[1]", "duplicate"}}},
		{"several at once", []string{"2025-12-31", "2026-02-14"}, []string{"2026-02-14", "2026-02-16", "2027-01-04"},
			[]fieldCode{
				{"holidays[0]", "wrong_year"},
				{"workdays[0]", "both"},
				{"workdays[1]", "not_weekend"},
				{"workdays[2]", "wrong_year"},
				{"workdays[2]", "not_weekend"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateCalendarYear(2026, days(t, tt.holidays...), days(t, tt.workdays...))
			var got []fieldCode
			if err != nil {
				e, ok := AsError(err)
				if !ok || e.Kind != KindInvalid {
					t.Fatalf("error %v, want a validation error", err)
				}
				for _, f := range e.Fields {
					got = append(got, fieldCode{f.Field, f.Code})
					if f.Message == "" || f.MessageZh == "" {
						t.Errorf("%s %s lacks a message: %+v", f.Field, f.Code, f)
					}
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("fields %v, want %v (%v)", got, tt.want, err)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("fields %v, want %v", got, tt.want)
					break
				}
			}
		})
	}

	err := ValidateCalendarYear(2026, []Date{{}}, nil)
	if e, ok := AsError(err); !ok || len(e.Fields) != 1 || e.Fields[0].Code != "required" {
		t.Errorf("zero date: %v", err)
	}
}

func TestProvisional(t *testing.T) {
	cal := calendar2026(t)
	tests := []struct {
		due  string
		want bool
	}{
		{"2026-05-06", false}, // a loaded year
		{"2026-12-31", false},
		{"2027-01-04", true}, // 2027 is not on record
		{"2025-12-31", true},
	}
	for _, tt := range tests {
		if got := cal.Provisional(day(t, tt.due)); got != tt.want {
			t.Errorf("Provisional(%s) = %v, want %v", tt.due, got, tt.want)
		}
	}
	if cal.Provisional(Date{}) {
		t.Error("the zero date (no deadline) is provisional")
	}
	if !(Calendar{}).Provisional(day(t, "2026-05-06")) {
		t.Error("an empty calendar knows no year")
	}
	// A deadline in 2026 that a weekend pushes into 2027 is provisional.
	due := cal.Deadline(day(t, "2026-12-03"), Period{Days: 30}) // 2027-01-02 is a Saturday
	if due.String() != "2027-01-04" || !cal.Provisional(due) {
		t.Errorf("deadline over the year end: %s provisional %v", due, cal.Provisional(due))
	}
	if got := cal.MissingYears(2026, 2027, 2027, 2025); len(got) != 2 || got[0] != 2025 || got[1] != 2027 {
		t.Errorf("MissingYears = %v, want [2025 2027]", got)
	}
}
