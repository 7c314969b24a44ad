package demo

import (
	"slices"
	"testing"
	"time"

	"procura/domain"
)

// parseAll parses a list of demo dates, failing the test on any error.
func parseAll(t *testing.T, ss []string) []domain.Date {
	t.Helper()
	out := make([]domain.Date, len(ss))
	for i, s := range ss {
		d, err := domain.ParseDate(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		out[i] = d
	}
	return out
}

func TestOfficialCalendarsAreValid(t *testing.T) {
	for _, year := range []int{2024, 2025, 2026} {
		cal, ok := OfficialCalendars[year]
		if !ok {
			t.Fatalf("no calendar for %d", year)
		}
		if err := domain.ValidateCalendarYear(year, parseAll(t, cal.Holidays), parseAll(t, cal.Workdays)); err != nil {
			t.Errorf("%d: %v", year, err)
		}
		if !slices.IsSorted(cal.Holidays) || !slices.IsSorted(cal.Workdays) {
			t.Errorf("%d: lists are not in date order", year)
		}
	}
}

// block is one holiday as the notice words it: "first (weekday) to last
// (weekday), N days in all, make-up working days …".
type block struct {
	name        string
	first, last string
	firstWd     time.Weekday
	lastWd      time.Weekday
	days        int
	workdays    []string
}

// notices restates each notice item by item, with the weekdays it prints
// (2024's notice prints weekdays only for its make-up days, so the 2024
// weekdays come from the calendar), so that a typo in OfficialCalendars
// shows up as a disagreement.
var notices = map[int][]block{
	2024: {
		{"元旦", "2024-01-01", "2024-01-01", time.Monday, time.Monday, 1, nil},
		{"春节", "2024-02-10", "2024-02-17", time.Saturday, time.Saturday, 8, []string{"2024-02-04", "2024-02-18"}},
		{"清明节", "2024-04-04", "2024-04-06", time.Thursday, time.Saturday, 3, []string{"2024-04-07"}},
		{"劳动节", "2024-05-01", "2024-05-05", time.Wednesday, time.Sunday, 5, []string{"2024-04-28", "2024-05-11"}},
		{"端午节", "2024-06-08", "2024-06-10", time.Saturday, time.Monday, 3, nil},
		{"中秋节", "2024-09-15", "2024-09-17", time.Sunday, time.Tuesday, 3, []string{"2024-09-14"}},
		{"国庆节", "2024-10-01", "2024-10-07", time.Tuesday, time.Monday, 7, []string{"2024-09-29", "2024-10-12"}},
	},
	2025: {
		{"元旦", "2025-01-01", "2025-01-01", time.Wednesday, time.Wednesday, 1, nil},
		{"春节", "2025-01-28", "2025-02-04", time.Tuesday, time.Tuesday, 8, []string{"2025-01-26", "2025-02-08"}},
		{"清明节", "2025-04-04", "2025-04-06", time.Friday, time.Sunday, 3, nil},
		{"劳动节", "2025-05-01", "2025-05-05", time.Thursday, time.Monday, 5, []string{"2025-04-27"}},
		{"端午节", "2025-05-31", "2025-06-02", time.Saturday, time.Monday, 3, nil},
		{"国庆节、中秋节", "2025-10-01", "2025-10-08", time.Wednesday, time.Wednesday, 8, []string{"2025-09-28", "2025-10-11"}},
	},
	2026: {
		{"元旦", "2026-01-01", "2026-01-03", time.Thursday, time.Saturday, 3, []string{"2026-01-04"}},
		{"春节", "2026-02-15", "2026-02-23", time.Sunday, time.Monday, 9, []string{"2026-02-14", "2026-02-28"}},
		{"清明节", "2026-04-04", "2026-04-06", time.Saturday, time.Monday, 3, nil},
		{"劳动节", "2026-05-01", "2026-05-05", time.Friday, time.Tuesday, 5, []string{"2026-05-09"}},
		{"端午节", "2026-06-19", "2026-06-21", time.Friday, time.Sunday, 3, nil},
		{"中秋节", "2026-09-25", "2026-09-27", time.Friday, time.Sunday, 3, nil},
		{"国庆节", "2026-10-01", "2026-10-07", time.Thursday, time.Wednesday, 7, []string{"2026-09-20", "2026-10-10"}},
	},
}

func TestOfficialCalendarsMatchNotices(t *testing.T) {
	for year, blocks := range notices {
		var holidays, workdays []string
		for _, b := range blocks {
			first, last := parseAll(t, []string{b.first})[0], parseAll(t, []string{b.last})[0]
			if first.Weekday() != b.firstWd || last.Weekday() != b.lastWd {
				t.Errorf("%d %s: %s is a %s and %s a %s, the notice says %s and %s",
					year, b.name, first, first.Weekday(), last, last.Weekday(), b.firstWd, b.lastWd)
			}
			if n := first.DaysUntil(last) + 1; n != b.days {
				t.Errorf("%d %s: %d days, the notice says %d", year, b.name, n, b.days)
			}
			for d := first; !d.After(last); d = d.AddDays(1) {
				holidays = append(holidays, d.String())
			}
			workdays = append(workdays, b.workdays...)
		}
		slices.Sort(workdays)
		if got := OfficialCalendars[year].Holidays; !slices.Equal(got, holidays) {
			t.Errorf("%d holidays:\n got %v\nwant %v", year, got, holidays)
		}
		if got := OfficialCalendars[year].Workdays; !slices.Equal(got, workdays) {
			t.Errorf("%d workdays:\n got %v\nwant %v", year, got, workdays)
		}
	}
}

func TestOfficialCalendar2026(t *testing.T) {
	cal := OfficialCalendars[2026]
	c := domain.NewCalendar(parseAll(t, cal.Holidays), parseAll(t, cal.Workdays))
	rest := map[string]bool{
		"2026-01-01": true, "2026-01-04": false, // 元旦, then a make-up Sunday
		"2026-02-14": false, "2026-02-15": true, "2026-02-23": true, "2026-02-24": false, "2026-02-28": false,
		"2026-04-06": true, "2026-05-05": true, "2026-05-09": false,
		"2026-06-19": true, "2026-09-20": false, "2026-09-25": true,
		"2026-10-01": true, "2026-10-07": true, "2026-10-08": false, "2026-10-10": false, "2026-10-11": true,
	}
	for s, want := range rest {
		if got := c.IsRestDay(parseAll(t, []string{s})[0]); got != want {
			t.Errorf("IsRestDay(%s) = %v, want %v", s, got, want)
		}
	}
	deadlines := []struct {
		served string
		p      domain.Period
		want   string
	}{
		{"2026-03-31", domain.Period{Months: 2}, "2026-06-01"},
		{"2026-01-31", domain.Period{Months: 1}, "2026-02-28"},
		{"2026-09-16", domain.Period{Days: 15}, "2026-10-08"},
		{"2026-08-10", domain.Period{Months: 2}, "2026-10-10"},
	}
	for _, tt := range deadlines {
		if got := c.Deadline(parseAll(t, []string{tt.served})[0], tt.p); got.String() != tt.want {
			t.Errorf("served %s + %s = %s, want %s", tt.served, tt.p, got, tt.want)
		}
	}
}
