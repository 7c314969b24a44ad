package domain

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func rp(t *testing.T, kind PeriodKind, from, to string) ReportPeriod {
	t.Helper()
	return ReportPeriod{Kind: kind, From: day(t, from), To: day(t, to)}
}

func TestPeriodConstructors(t *testing.T) {
	tests := []struct {
		name string
		got  ReportPeriod
		want ReportPeriod
		days int
	}{
		{"January", MonthPeriod(2026, time.January), rp(t, PeriodMonth, "2026-01-01", "2026-01-31"), 31},
		{"February", MonthPeriod(2026, time.February), rp(t, PeriodMonth, "2026-02-01", "2026-02-28"), 28},
		{"leap February", MonthPeriod(2024, time.February), rp(t, PeriodMonth, "2024-02-01", "2024-02-29"), 29},
		{"century not leap", MonthPeriod(2100, time.February), rp(t, PeriodMonth, "2100-02-01", "2100-02-28"), 28},
		{"month 13 normalises", MonthPeriod(2026, 13), rp(t, PeriodMonth, "2027-01-01", "2027-01-31"), 31},
		{"month 0 normalises", MonthPeriod(2026, 0), rp(t, PeriodMonth, "2025-12-01", "2025-12-31"), 31},
		{"bimonth 1", BimonthPeriod(2026, 1), rp(t, PeriodBimonth, "2026-01-01", "2026-02-28"), 59},
		{"leap bimonth 1", BimonthPeriod(2024, 1), rp(t, PeriodBimonth, "2024-01-01", "2024-02-29"), 60},
		{"bimonth 2", BimonthPeriod(2026, 2), rp(t, PeriodBimonth, "2026-03-01", "2026-04-30"), 61},
		{"bimonth 4", BimonthPeriod(2026, 4), rp(t, PeriodBimonth, "2026-07-01", "2026-08-31"), 62},
		{"bimonth 6", BimonthPeriod(2026, 6), rp(t, PeriodBimonth, "2026-11-01", "2026-12-31"), 61},
		{"bimonth 7 normalises", BimonthPeriod(2026, 7), rp(t, PeriodBimonth, "2027-01-01", "2027-02-28"), 59},
		{"bimonth 0 normalises", BimonthPeriod(2026, 0), rp(t, PeriodBimonth, "2025-11-01", "2025-12-31"), 61},
		{"quarter 1", QuarterPeriod(2026, 1), rp(t, PeriodQuarter, "2026-01-01", "2026-03-31"), 90},
		{"leap quarter 1", QuarterPeriod(2024, 1), rp(t, PeriodQuarter, "2024-01-01", "2024-03-31"), 91},
		{"quarter 4", QuarterPeriod(2026, 4), rp(t, PeriodQuarter, "2026-10-01", "2026-12-31"), 92},
		{"quarter 5 normalises", QuarterPeriod(2026, 5), rp(t, PeriodQuarter, "2027-01-01", "2027-03-31"), 90},
		{"year", YearPeriod(2026), rp(t, PeriodYear, "2026-01-01", "2026-12-31"), 365},
		{"leap year", YearPeriod(2024), rp(t, PeriodYear, "2024-01-01", "2024-12-31"), 366},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("period (-want +got):\n%s", diff)
			}
			if tt.got.Days() != tt.days {
				t.Errorf("Days() = %d, want %d", tt.got.Days(), tt.days)
			}
		})
	}
}

// TestBimonthNumbering walks every month: Jan–Feb is 1, …, Nov–Dec is 6,
// and every day falls in the period PeriodOf gives.
func TestBimonthNumbering(t *testing.T) {
	wantBimonth := []int{1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6}
	wantQuarter := []int{1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}
	for m := time.January; m <= time.December; m++ {
		for _, d := range []Date{NewDate(2024, m, 1), NewDate(2024, m, 15), NewDate(2024, m+1, 0)} {
			b := PeriodOf(PeriodBimonth, d)
			if b.Number() != wantBimonth[m-1] || !b.Contains(d) || !cmp.Equal(b, BimonthPeriod(2024, wantBimonth[m-1])) {
				t.Errorf("PeriodOf(bimonth, %s) = %+v number %d, want %d", d, b, b.Number(), wantBimonth[m-1])
			}
			if q := PeriodOf(PeriodQuarter, d); q.Number() != wantQuarter[m-1] || !q.Contains(d) {
				t.Errorf("PeriodOf(quarter, %s) = %+v number %d", d, q, q.Number())
			}
			if mo := PeriodOf(PeriodMonth, d); mo.Number() != int(m) || !mo.Contains(d) {
				t.Errorf("PeriodOf(month, %s) = %+v", d, mo)
			}
			if y := PeriodOf(PeriodYear, d); !cmp.Equal(y, YearPeriod(2024)) || y.Number() != 0 {
				t.Errorf("PeriodOf(year, %s) = %+v", d, y)
			}
		}
	}
	d := day(t, "2026-05-20")
	if diff := cmp.Diff(rp(t, PeriodRange, "2026-05-20", "2026-05-20"), PeriodOf(PeriodRange, d)); diff != "" {
		t.Errorf("PeriodOf(range) (-want +got):\n%s", diff)
	}
}

func TestPrevious(t *testing.T) {
	tests := []struct {
		name string
		p    ReportPeriod
		want ReportPeriod
	}{
		{"month across the year", MonthPeriod(2026, time.January), MonthPeriod(2025, time.December)},
		{"March to leap February", MonthPeriod(2024, time.March), rp(t, PeriodMonth, "2024-02-01", "2024-02-29")},
		{"bimonth 1 to last year's 6", BimonthPeriod(2026, 1), rp(t, PeriodBimonth, "2025-11-01", "2025-12-31")},
		{"bimonth 2 to leap bimonth 1", BimonthPeriod(2024, 2), rp(t, PeriodBimonth, "2024-01-01", "2024-02-29")},
		{"quarter 1 to last year's 4", QuarterPeriod(2026, 1), QuarterPeriod(2025, 4)},
		{"quarter 3", QuarterPeriod(2026, 3), rp(t, PeriodQuarter, "2026-04-01", "2026-06-30")},
		{"year", YearPeriod(2025), YearPeriod(2024)},
		{"range of 10 days across the year", rp(t, PeriodRange, "2026-01-05", "2026-01-14"), rp(t, PeriodRange, "2025-12-26", "2026-01-04")},
		{"range across a leap day", rp(t, PeriodRange, "2024-03-01", "2024-03-10"), rp(t, PeriodRange, "2024-02-20", "2024-02-29")},
		{"one-day range", rp(t, PeriodRange, "2026-03-01", "2026-03-01"), rp(t, PeriodRange, "2026-02-28", "2026-02-28")},
		{"range covering a month stays a range", rp(t, PeriodRange, "2026-03-01", "2026-03-31"), rp(t, PeriodRange, "2026-01-29", "2026-02-28")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.Previous()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Previous (-want +got):\n%s", diff)
			}
			if !got.To.AddDays(1).Equal(tt.p.From) {
				t.Errorf("Previous ends %s, not the day before %s", got.To, tt.p.From)
			}
			if tt.p.Kind == PeriodRange && got.Days() != tt.p.Days() {
				t.Errorf("Previous of a range has %d days, want %d", got.Days(), tt.p.Days())
			}
		})
	}
}

func TestYearBefore(t *testing.T) {
	tests := []struct {
		name string
		p    ReportPeriod
		want ReportPeriod
	}{
		{"month", MonthPeriod(2025, time.February), rp(t, PeriodMonth, "2024-02-01", "2024-02-29")},
		{"bimonth", BimonthPeriod(2026, 3), BimonthPeriod(2025, 3)},
		{"quarter", QuarterPeriod(2026, 1), QuarterPeriod(2025, 1)},
		{"year", YearPeriod(2026), YearPeriod(2025)},
		{"range ending on a leap day", rp(t, PeriodRange, "2024-02-10", "2024-02-29"), rp(t, PeriodRange, "2023-02-10", "2023-02-28")},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.p.YearBefore()); diff != "" {
			t.Errorf("%s: YearBefore (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestSplit(t *testing.T) {
	months2026 := make([]ReportPeriod, 12)
	for i := range months2026 {
		months2026[i] = MonthPeriod(2026, time.Month(i+1))
	}
	bimonths2024 := make([]ReportPeriod, 6)
	for i := range bimonths2024 {
		bimonths2024[i] = BimonthPeriod(2024, i+1)
	}
	tests := []struct {
		name string
		p    ReportPeriod
		kind PeriodKind
		want []ReportPeriod
	}{
		{"year into months", YearPeriod(2026), PeriodMonth, months2026},
		{"leap year into bimonths", YearPeriod(2024), PeriodBimonth, bimonths2024},
		{"year into quarters", YearPeriod(2026), PeriodQuarter,
			[]ReportPeriod{QuarterPeriod(2026, 1), QuarterPeriod(2026, 2), QuarterPeriod(2026, 3), QuarterPeriod(2026, 4)}},
		{"bimonth into months", BimonthPeriod(2024, 1), PeriodMonth,
			[]ReportPeriod{MonthPeriod(2024, time.January), MonthPeriod(2024, time.February)}},
		{"quarter into bimonths cuts March", QuarterPeriod(2026, 1), PeriodBimonth,
			[]ReportPeriod{BimonthPeriod(2026, 1), rp(t, PeriodRange, "2026-03-01", "2026-03-31")}},
		{"range across the year into months", rp(t, PeriodRange, "2025-11-15", "2026-02-10"), PeriodMonth,
			[]ReportPeriod{rp(t, PeriodRange, "2025-11-15", "2025-11-30"), MonthPeriod(2025, time.December),
				MonthPeriod(2026, time.January), rp(t, PeriodRange, "2026-02-01", "2026-02-10")}},
		{"range into years", rp(t, PeriodRange, "2025-12-01", "2026-01-31"), PeriodYear,
			[]ReportPeriod{rp(t, PeriodRange, "2025-12-01", "2025-12-31"), rp(t, PeriodRange, "2026-01-01", "2026-01-31")}},
		{"month into years is the month", MonthPeriod(2026, time.May), PeriodYear, []ReportPeriod{MonthPeriod(2026, time.May)}},
		{"month into months is the month", MonthPeriod(2026, time.May), PeriodMonth, []ReportPeriod{MonthPeriod(2026, time.May)}},
		{"into ranges is itself", YearPeriod(2026), PeriodRange, []ReportPeriod{YearPeriod(2026)}},
		{"unknown kind is itself", YearPeriod(2026), "week", []ReportPeriod{YearPeriod(2026)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.p.Split(tt.kind)); diff != "" {
				t.Errorf("Split (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPeriodLabel(t *testing.T) {
	tests := []struct {
		p      ReportPeriod
		zh, en string
	}{
		{MonthPeriod(2026, time.January), "2026年1月", "2026 Jan"},
		{MonthPeriod(2026, time.December), "2026年12月", "2026 Dec"},
		{BimonthPeriod(2026, 1), "2026年1–2月", "2026 Jan–Feb"},
		{BimonthPeriod(2026, 6), "2026年11–12月", "2026 Nov–Dec"},
		{QuarterPeriod(2026, 1), "2026年第一季度", "2026 Q1"},
		{QuarterPeriod(2026, 4), "2026年第四季度", "2026 Q4"},
		{YearPeriod(2026), "2026年", "2026"},
		{rp(t, PeriodRange, "2025-12-05", "2026-02-03"), "2025年12月5日至2026年2月3日", "2025-12-05 – 2026-02-03"},
		{rp(t, PeriodRange, "2026-02-03", "2026-02-03"), "2026年2月3日", "2026-02-03"},
	}
	for _, tt := range tests {
		if got := tt.p.Label("zh-CN"); got != tt.zh {
			t.Errorf("Label(zh-CN) = %q, want %q", got, tt.zh)
		}
		if got := tt.p.Label("en"); got != tt.en {
			t.Errorf("Label(en) = %q, want %q", got, tt.en)
		}
	}
	if got := BimonthPeriod(2026, 2).Label(""); got != "2026年3–4月" {
		t.Errorf("Label(\"\") = %q, want Chinese", got)
	}
}

func TestValidatePeriod(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		codes    []string
	}{
		{"one day", "2026-03-01", "2026-03-01", nil},
		{"a year", "2026-01-01", "2026-12-31", nil},
		{"five years exactly", "2021-01-01", "2025-12-31", nil},
		{"five years and a day", "2021-01-01", "2026-01-01", []string{"to:too_long_period"}},
		{"five years from a leap day", "2024-02-29", "2029-02-27", nil},
		{"end before start", "2026-03-02", "2026-03-01", []string{"to:before_from"}},
		{"no start", "", "2026-03-01", []string{"from:required"}},
		{"no dates", "", "", []string{"from:required", "to:required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var from, to Date
			if tt.from != "" {
				from = day(t, tt.from)
			}
			if tt.to != "" {
				to = day(t, tt.to)
			}
			err := ValidatePeriod(from, to)
			if diff := cmp.Diff(tt.codes, fieldCodes(err)); diff != "" {
				t.Errorf("field codes (-want +got):\n%s", diff)
			}
			p, err2 := RangePeriod(from, to)
			if (err == nil) != (err2 == nil) {
				t.Errorf("RangePeriod err = %v, ValidatePeriod err = %v", err2, err)
			}
			if err2 == nil && (p.Kind != PeriodRange || !p.From.Equal(from) || !p.To.Equal(to)) {
				t.Errorf("RangePeriod = %+v", p)
			}
		})
	}
}

func TestPeriodKinds(t *testing.T) {
	for _, k := range PeriodKinds {
		if !k.Valid() || PeriodKindNameZh[k] == "" {
			t.Errorf("kind %q not valid or unnamed", k)
		}
	}
	if PeriodKind("week").Valid() {
		t.Error("week is valid")
	}
	p := QuarterPeriod(2026, 2)
	for d, want := range map[string]bool{"2026-03-31": false, "2026-04-01": true, "2026-06-30": true, "2026-07-01": false} {
		if p.Contains(day(t, d)) != want {
			t.Errorf("Q2 contains %s: %v", d, !want)
		}
	}
}
