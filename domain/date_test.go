package domain

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// day parses a test date, failing the test on a typo.
func day(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("bad test date: %v", err)
	}
	return d
}

func TestParseDate(t *testing.T) {
	valid := []struct {
		in      string
		y       int
		m       time.Month
		d       int
		weekday time.Weekday
	}{
		{"2026-03-31", 2026, time.March, 31, time.Tuesday},
		{"2024-02-29", 2024, time.February, 29, time.Thursday},
		{"2028-02-29", 2028, time.February, 29, time.Tuesday},
		{"2000-02-29", 2000, time.February, 29, time.Tuesday},
		{"2026-10-01", 2026, time.October, 1, time.Thursday},
		{"1969-12-31", 1969, time.December, 31, time.Wednesday},
		{"1900-01-01", 1900, time.January, 1, time.Monday},
		{"2200-12-31", 2200, time.December, 31, time.Wednesday},
	}
	for _, tt := range valid {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d.Year() != tt.y || d.Month() != tt.m || d.Day() != tt.d || d.Weekday() != tt.weekday {
				t.Errorf("got %d-%d-%d %s, want %d-%d-%d %s", d.Year(), d.Month(), d.Day(), d.Weekday(), tt.y, tt.m, tt.d, tt.weekday)
			}
			if d.String() != tt.in {
				t.Errorf("String() = %q", d.String())
			}
			if !d.Equal(NewDate(tt.y, tt.m, tt.d)) {
				t.Errorf("differs from NewDate")
			}
		})
	}

	invalid := []string{
		"",
		"2026-02-30", // no such day
		"2025-02-29", // not a leap year
		"2100-02-29", // nor is 2100
		"2026-04-31",
		"2026-13-01",
		"2026-00-10",
		"2026-01-00",
		"2026-2-03",
		"2026-02-3",
		"26-02-03",
		"20260203",
		"2026/02/03",
		"2026年2月3日",
		" 2026-02-03",
		"2026-02-03 ",
		"2026-02-03T00:00:00Z",
		"+2026-02-03",
	}
	for _, in := range invalid {
		t.Run("invalid "+in, func(t *testing.T) {
			d, err := ParseDate(in)
			if err == nil {
				t.Fatalf("accepted as %s", d)
			}
			if !errors.Is(err, ErrMalformedDate) {
				t.Errorf("error %v does not match ErrMalformedDate", err)
			}
			if e, ok := AsError(err); !ok || e.Kind != KindMalformed || e.MessageZh == "" {
				t.Errorf("error %#v, want a malformed domain error with both messages", err)
			}
			if !d.IsZero() {
				t.Errorf("returned %s with the error", d)
			}
		})
	}
}

func TestParseDateRange(t *testing.T) {
	for _, in := range []string{"0000-06-01", "0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"} {
		_, err := ParseDate(in)
		if !errors.Is(err, ErrDateRange) {
			t.Errorf("ParseDate(%q) = %v, want ErrDateRange", in, err)
		}
		var v Validator
		v.Date("held_on", in)
		e, ok := AsError(v.Err())
		if !ok || e.Kind != KindInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "held_on" || e.Fields[0].Code != "out_of_range" {
			t.Errorf("Validator.Date(%q) = %#v, want one out_of_range field error", in, v.Err())
		}
	}
	for _, tm := range []time.Time{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), {}} {
		if TimeInRange(tm) {
			t.Errorf("TimeInRange(%s) = true", tm)
		}
	}
	if !TimeInRange(time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)) {
		t.Error("TimeInRange(2026-06-01) = false")
	}
}

func TestNewDateNormalises(t *testing.T) {
	if got, want := NewDate(2026, time.February, 30), day(t, "2026-03-02"); !got.Equal(want) {
		t.Errorf("NewDate(2026, 2, 30) = %s, want %s", got, want)
	}
	if got, want := NewDate(2025, time.December+1, 1), day(t, "2026-01-01"); !got.Equal(want) {
		t.Errorf("NewDate(2025, 13, 1) = %s, want %s", got, want)
	}
}

func TestZeroDate(t *testing.T) {
	var d Date
	if !d.IsZero() {
		t.Error("zero Date is not IsZero")
	}
	if d.String() != "" {
		t.Errorf("zero String() = %q", d.String())
	}
	if b, err := d.MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("zero MarshalText = %q, %v", b, err)
	}
	if day(t, "2026-01-01").IsZero() {
		t.Error("a real date is IsZero")
	}
	if !d.Before(day(t, "1900-01-01")) {
		t.Error("zero Date is not before every date")
	}
}

func TestDateOf(t *testing.T) {
	beijing := time.FixedZone("CST", 8*60*60)
	newYork := time.FixedZone("EST", -5*60*60)
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"evening UTC is next morning in Beijing", time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC), beijing, "2026-04-01"},
		{"same instant in UTC", time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC), time.UTC, "2026-03-31"},
		{"last second of the day", time.Date(2026, 3, 31, 23, 59, 59, 999999999, beijing), beijing, "2026-03-31"},
		{"midnight in Beijing is the previous day in UTC", time.Date(2026, 1, 1, 0, 0, 0, 0, beijing), time.UTC, "2025-12-31"},
		{"behind UTC", time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC), newYork, "2025-12-31"},
		{"leap day", time.Date(2024, 2, 29, 12, 0, 0, 0, beijing), beijing, "2024-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DateOf(tt.t, tt.loc)
			if got.String() != tt.want {
				t.Errorf("DateOf = %s, want %s", got, tt.want)
			}
			if tm := got.Time(); tm.Location() != time.UTC || tm.Hour() != 0 || tm.Minute() != 0 || tm.Second() != 0 || tm.Nanosecond() != 0 {
				t.Errorf("Time() = %v, want midnight UTC", tm)
			}
		})
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2025-12-31", 2, "2026-02-28"},
		{"2027-12-31", 2, "2028-02-29"},
		{"2028-01-30", 1, "2028-02-29"},
		{"2099-12-31", 2, "2100-02-28"}, // 2100 is not a leap year
		{"1999-12-31", 2, "2000-02-29"}, // 2000 is
		{"2026-03-31", 2, "2026-05-31"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-08-31", 1, "2026-09-30"},
		{"2026-01-15", 12, "2027-01-15"},
		{"2026-12-31", 1, "2027-01-31"},
		{"2026-11-30", 3, "2027-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2026-02-28", 1, "2026-03-28"}, // a month from the 28th is the 28th, not the month end
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-01-31", -2, "2025-11-30"},
		{"2026-10-31", -13, "2025-09-30"},
		{"2026-05-15", 0, "2026-05-15"},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			if got := day(t, tt.from).AddMonths(tt.n); got.String() != tt.want {
				t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestAddDaysAndDaysUntil(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-12-31", 1, "2026-01-01"},
		{"2026-01-01", -1, "2025-12-31"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2024-02-29", 1, "2024-03-01"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2024-01-01", 366, "2025-01-01"},
		{"2026-09-16", 15, "2026-10-01"},
		{"1969-12-31", 1, "1970-01-01"},
		{"1969-12-25", 10, "1970-01-04"},
		{"2026-05-15", 0, "2026-05-15"},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			from, want := day(t, tt.from), day(t, tt.want)
			if got := from.AddDays(tt.n); !got.Equal(want) {
				t.Errorf("%s + %d days = %s, want %s", tt.from, tt.n, got, want)
			}
			if got := from.DaysUntil(want); got != tt.n {
				t.Errorf("%s.DaysUntil(%s) = %d, want %d", from, want, got, tt.n)
			}
			if got := want.DaysUntil(from); got != -tt.n {
				t.Errorf("%s.DaysUntil(%s) = %d, want %d", want, from, got, -tt.n)
			}
		})
	}
}

// TestDateRoundTrips walks every day from 2023 to 2029 (two leap years) and
// checks that the parts agree with each other.
func TestDateRoundTrips(t *testing.T) {
	start := day(t, "2023-01-01")
	prev := start.AddDays(-1)
	for d := start; d.Year() < 2030; d = d.AddDays(1) {
		p, err := ParseDate(d.String())
		if err != nil || !p.Equal(d) {
			t.Fatalf("ParseDate(%q) = %s, %v", d, p, err)
		}
		if !NewDate(d.Year(), d.Month(), d.Day()).Equal(d) {
			t.Fatalf("NewDate of the parts of %s differs", d)
		}
		if prev.DaysUntil(d) != 1 || !prev.Before(d) || !d.After(prev) || prev.Compare(d) != -1 {
			t.Fatalf("%s does not follow %s", d, prev)
		}
		if d.Weekday() != d.Time().Weekday() {
			t.Fatalf("weekday of %s", d)
		}
		prev = d
	}
	if got := start.DaysUntil(day(t, "2030-01-01")); got != 7*365+2 {
		t.Errorf("days 2023–2029 = %d, want %d", got, 7*365+2)
	}
}

func TestDateComparisons(t *testing.T) {
	a, b := day(t, "2026-03-31"), day(t, "2026-04-01")
	again := NewDate(2026, time.March, 31)
	if !a.Before(b) || a.After(b) || a.Equal(b) || a.Compare(b) != -1 {
		t.Errorf("%s vs %s", a, b)
	}
	if !b.After(a) || b.Before(a) || b.Compare(a) != 1 {
		t.Errorf("%s vs %s", b, a)
	}
	if !a.Equal(again) || a.Before(again) || a.After(again) || a.Compare(again) != 0 {
		t.Errorf("%s vs %s", a, again)
	}
	if !DateOf(time.Date(2026, 3, 31, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)), time.FixedZone("CST", 8*3600)).Equal(a) {
		t.Error("DateOf differs from ParseDate for the same day")
	}
}

// served is a struct as an API layer would hold it.
type served struct {
	Served   Date  `json:"served"`
	Due      Date  `json:"due"`
	Replied  *Date `json:"replied,omitempty"`
	Holidays []Date
}

func TestDateJSON(t *testing.T) {
	replied := day(t, "2026-06-01")
	in := served{
		Served:   day(t, "2026-03-31"),
		Replied:  &replied,
		Holidays: []Date{day(t, "2026-10-01"), day(t, "2024-02-29")},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"served":"2026-03-31","due":"","replied":"2026-06-01","Holidays":["2026-10-01","2024-02-29"]}`
	if string(b) != want {
		t.Errorf("json = %s\nwant   %s", b, want)
	}
	var out served
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-in +out):\n%s", diff)
	}
	if !out.Due.IsZero() {
		t.Errorf("empty string decoded as %s", out.Due)
	}

	bad := []struct {
		name, body string
		malformed  bool
	}{
		{"no such day", `{"served":"2026-02-30"}`, true},
		{"with time", `{"served":"2026-03-31T00:00:00Z"}`, true},
		{"number", `{"served":20260331}`, false},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var v served
			err := json.Unmarshal([]byte(tt.body), &v)
			if err == nil {
				t.Fatalf("accepted: %+v", v)
			}
			if tt.malformed && !errors.Is(err, ErrMalformedDate) {
				t.Errorf("error %v does not match ErrMalformedDate", err)
			}
		})
	}
}
