package domain

import (
	"errors"
	"fmt"
	"time"
)

// dateLayout is the one text form of a Date, in requests, responses and
// the database alike.
const dateLayout = "2006-01-02"

// ErrMalformedDate is the error of text that is not a date in the form
// YYYY-MM-DD; errors.Is matches every error ParseDate returns.
var ErrMalformedDate = &Error{Kind: KindMalformed, Code: "malformed_date", Message: "Not a date in the form YYYY-MM-DD.", MessageZh: "日期格式应为 YYYY-MM-DD。"}

// Shanghai is China Standard Time, the zone of every business date and
// deadline (UTC+8, no daylight saving since 1991).
var Shanghai = time.FixedZone("Asia/Shanghai", 8*60*60)

// MinYear and MaxYear bound every date and time Procura accepts: a value
// outside them is a typing error, and one past 9999 cannot even be written
// back as RFC 3339 once shifted into Asia/Shanghai.
const (
	MinYear = 1900
	MaxYear = 2200
)

// ErrDateRange is the error of a well-formed date or time outside MinYear
// to MaxYear.
var ErrDateRange = &Error{Kind: KindInvalid, Code: "out_of_range",
	Message:   fmt.Sprintf("The date must fall between %d-01-01 and %d-12-31.", MinYear, MaxYear),
	MessageZh: fmt.Sprintf("日期应在 %d-01-01 至 %d-12-31 之间。", MinYear, MaxYear)}

// TimeInRange reports whether t falls within MinYear to MaxYear, in UTC
// and in Asia/Shanghai alike.
func TimeInRange(t time.Time) bool {
	lo := time.Date(MinYear, 1, 2, 0, 0, 0, 0, time.UTC)
	hi := time.Date(MaxYear, 12, 31, 0, 0, 0, 0, time.UTC)
	return !t.Before(lo) && t.Before(hi)
}

// Date is a civil calendar day, with no time of day and no zone: a service
// date, a reply due date, a holiday. The zero Date means "no date"; its
// String is "".
//
// Dates compare with Equal, Before and After (or Compare), not ==.
type Date struct {
	t time.Time // always midnight UTC; the zero time is the zero Date
}

// NewDate returns the date y-m-d. Out-of-range months and days normalise
// as in time.Date: NewDate(2026, 2, 30) is 2026-03-02.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads a date written YYYY-MM-DD, strictly: two-digit month and
// day, no surrounding space, no time, and a day that exists (2026-02-30 is
// rejected, not normalised). The empty string is an error too; callers that
// allow "no date" check for it first. The error matches ErrMalformedDate,
// or ErrDateRange for a year outside MinYear to MaxYear.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || len(s) != len(dateLayout) {
		return Date{}, malformedDate(s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return Date{}, ErrDateRange
	}
	return Date{t}, nil
}

// Date parses an optional date field: "" is the zero Date; anything else
// must be a date ParseDate accepts, or a field error is recorded.
func (v *Validator) Date(field, s string) Date {
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	switch {
	case errors.Is(err, ErrDateRange):
		v.Add(Field(field, ErrDateRange.Code, ErrDateRange.Message, ErrDateRange.MessageZh))
	case err != nil:
		v.Add(Field(field, "invalid", "Expected a date in the form YYYY-MM-DD.", "日期格式应为 YYYY-MM-DD。"))
	}
	return d
}

// Time checks an optional time field against MinYear and MaxYear.
func (v *Validator) Time(field string, t *time.Time) {
	if t != nil && !TimeInRange(*t) {
		v.Add(Field(field, ErrDateRange.Code, ErrDateRange.Message, ErrDateRange.MessageZh))
	}
}

func malformedDate(s string) *Error {
	e := *ErrMalformedDate
	e.Message = fmt.Sprintf("%q is not a date in the form YYYY-MM-DD.", s)
	e.MessageZh = fmt.Sprintf("“%s”不是有效日期，格式应为 YYYY-MM-DD。", s)
	return &e
}

// DateOf returns the day that t falls on in loc, as a clock on a wall in
// loc would show it: 2026-03-31T17:00Z is 2026-04-01 in Asia/Shanghai. loc
// must not be nil.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// IsZero reports whether d is the zero Date, "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// Year returns the year of d.
func (d Date) Year() int { return d.t.Year() }

// Month returns the month of d.
func (d Date) Month() time.Month { return d.t.Month() }

// Day returns the day of the month of d.
func (d Date) Day() int { return d.t.Day() }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns the date n months after d (before it when n is
// negative), on the same day of the month, or on the last day of the target
// month when it is shorter: 2026-01-31 + 1 month is 2026-02-28, not
// time.AddDate's 2026-03-03. This is the month arithmetic of 民法典 art. 202.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return NewDate(first.Year(), first.Month(), min(day, daysIn(first.Year(), first.Month())))
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// Equal reports whether d and o are the same day. go-cmp uses it too, so
// structs holding Dates compare without options.
func (d Date) Equal(o Date) bool { return d.t.Equal(o.t) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o, for
// slices.SortFunc and the like.
func (d Date) Compare(o Date) int { return d.t.Compare(o.t) }

// DaysUntil returns the number of days from d to o: positive when o is
// later, negative when it is earlier.
func (d Date) DaysUntil(o Date) int { return int(o.dayNumber() - d.dayNumber()) }

// dayNumber counts days since 1970-01-01. Unix seconds divide exactly at
// midnight UTC and, unlike time.Duration, do not overflow across centuries.
func (d Date) dayNumber() int64 { return d.t.Unix() / 86400 }

// Time returns d as a time.Time at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// MarshalText writes d as YYYY-MM-DD, and the zero Date as empty text, so
// that a Date in JSON is "2026-03-31" or "".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD as ParseDate does; empty text gives the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
