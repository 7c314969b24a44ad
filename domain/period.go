package domain

import (
	"slices"
	"strconv"
	"time"
)

// PeriodKind is the length of a reporting period.
type PeriodKind string

// The kinds. A bimonth is one of the six two-month review periods of a
// year (Jan–Feb is 1, Nov–Dec is 6) that the 业务数据分析研判 reports cover.
// A range is any from–to span a user picks.
const (
	PeriodMonth   PeriodKind = "month"
	PeriodBimonth PeriodKind = "bimonth"
	PeriodQuarter PeriodKind = "quarter"
	PeriodYear    PeriodKind = "year"
	PeriodRange   PeriodKind = "range"
)

// PeriodKinds lists every kind, shortest calendar period first.
var PeriodKinds = []PeriodKind{PeriodMonth, PeriodBimonth, PeriodQuarter, PeriodYear, PeriodRange}

// PeriodKindNameZh names the kinds in Chinese.
var PeriodKindNameZh = map[PeriodKind]string{
	PeriodMonth: "月度", PeriodBimonth: "双月", PeriodQuarter: "季度", PeriodYear: "年度", PeriodRange: "自定义期间",
}

// Valid reports whether k is a known kind.
func (k PeriodKind) Valid() bool { return slices.Contains(PeriodKinds, k) }

// MaxPeriodYears bounds the span of a reporting period.
const MaxPeriodYears = 5

// ReportPeriod is the span of days an indicator is counted over, From and
// To both included. (Period, in calendar.go, is a statutory time limit.)
// Build one with the constructors, PeriodOf or RangePeriod, which keep
// Kind and the dates consistent.
type ReportPeriod struct {
	Kind     PeriodKind
	From, To Date
}

// MonthPeriod is month m of year y. Out-of-range months normalise as in
// NewDate: MonthPeriod(2026, 13) is January 2027.
func MonthPeriod(y int, m time.Month) ReportPeriod {
	return ReportPeriod{Kind: PeriodMonth, From: NewDate(y, m, 1), To: NewDate(y, m+1, 0)}
}

// BimonthPeriod is the n-th two-month period of year y: 1 is Jan–Feb, 6 is
// Nov–Dec. Other n normalise: BimonthPeriod(2026, 7) is Jan–Feb 2027,
// BimonthPeriod(2026, 0) Nov–Dec 2025.
func BimonthPeriod(y, n int) ReportPeriod {
	return ReportPeriod{Kind: PeriodBimonth, From: NewDate(y, time.Month(2*n-1), 1), To: NewDate(y, time.Month(2*n+1), 0)}
}

// QuarterPeriod is quarter q (1–4) of year y; other q normalise as in
// BimonthPeriod.
func QuarterPeriod(y, q int) ReportPeriod {
	return ReportPeriod{Kind: PeriodQuarter, From: NewDate(y, time.Month(3*q-2), 1), To: NewDate(y, time.Month(3*q+1), 0)}
}

// YearPeriod is the calendar year y.
func YearPeriod(y int) ReportPeriod {
	return ReportPeriod{Kind: PeriodYear, From: NewDate(y, time.January, 1), To: NewDate(y, time.December, 31)}
}

// RangePeriod is the span from–to, checked by ValidatePeriod. It stays a
// range even when it covers exactly one month: its previous period is the
// same number of days before it, not the previous month.
func RangePeriod(from, to Date) (ReportPeriod, error) {
	if err := ValidatePeriod(from, to); err != nil {
		return ReportPeriod{}, err
	}
	return ReportPeriod{Kind: PeriodRange, From: from, To: to}, nil
}

// ValidatePeriod checks a from–to span: both dates given, from not after
// to, and less than MaxPeriodYears years from from to to (2021-01-01 to
// 2025-12-31 is the longest from 2021-01-01).
func ValidatePeriod(from, to Date) error {
	var v Validator
	v.Check(!from.IsZero(), Required("from"))
	v.Check(!to.IsZero(), Required("to"))
	switch {
	case from.IsZero() || to.IsZero():
	case to.Before(from):
		v.Add(Field("to", "before_from", "The period ends before it starts.", "结束日期不能早于开始日期。"))
	case !to.Before(from.AddMonths(12 * MaxPeriodYears)):
		v.Add(Field("to", "too_long_period", "A period spans at most "+strconv.Itoa(MaxPeriodYears)+" years.",
			"统计期间最长为 "+strconv.Itoa(MaxPeriodYears)+" 年。"))
	}
	return v.Err()
}

// PeriodOf is the period of the kind that d falls in; for PeriodRange (or
// an unknown kind) the one day d.
func PeriodOf(kind PeriodKind, d Date) ReportPeriod {
	m := int(d.Month())
	switch kind {
	case PeriodMonth:
		return MonthPeriod(d.Year(), d.Month())
	case PeriodBimonth:
		return BimonthPeriod(d.Year(), (m+1)/2)
	case PeriodQuarter:
		return QuarterPeriod(d.Year(), (m+2)/3)
	case PeriodYear:
		return YearPeriod(d.Year())
	}
	return ReportPeriod{Kind: PeriodRange, From: d, To: d}
}

// Number is p's place in its year: the month 1–12, the bimonth 1–6, the
// quarter 1–4; 0 for a year or a range.
func (p ReportPeriod) Number() int {
	m := int(p.From.Month())
	switch p.Kind {
	case PeriodMonth:
		return m
	case PeriodBimonth:
		return (m + 1) / 2
	case PeriodQuarter:
		return (m + 2) / 3
	}
	return 0
}

// Days is the number of days in p.
func (p ReportPeriod) Days() int { return p.From.DaysUntil(p.To) + 1 }

// Contains reports whether d falls in p.
func (p ReportPeriod) Contains(d Date) bool { return !d.Before(p.From) && !d.After(p.To) }

// Previous is the period to compare p with (环比): the calendar period of
// the same kind just before (December 2025 before January 2026, Nov–Dec
// before Jan–Feb), or for a range the same number of days just before it.
func (p ReportPeriod) Previous() ReportPeriod {
	if p.Kind == PeriodRange || !p.Kind.Valid() {
		n := p.Days()
		return ReportPeriod{Kind: p.Kind, From: p.From.AddDays(-n), To: p.From.AddDays(-1)}
	}
	return PeriodOf(p.Kind, p.From.AddDays(-1))
}

// YearBefore is the same period a year earlier (同比). A range moves by 12
// months, a range ending on 29 February to the 28th.
func (p ReportPeriod) YearBefore() ReportPeriod {
	if p.Kind == PeriodRange || !p.Kind.Valid() {
		return ReportPeriod{Kind: p.Kind, From: p.From.AddMonths(-12), To: p.To.AddMonths(-12)}
	}
	return PeriodOf(p.Kind, p.From.AddMonths(-12))
}

// Split lists the periods of kind that make up p, in order, for a trend:
// the 12 months of a year, the 6 bimonths of a year, the 2 months of a
// bimonth. A piece that p cuts (March of a quarter split into bimonths, the
// first month of a range that starts mid-month) becomes a range of the
// days inside p; a kind as long as p or longer gives p itself, and so does
// PeriodRange.
func (p ReportPeriod) Split(kind PeriodKind) []ReportPeriod {
	if kind == PeriodRange || !kind.Valid() {
		return []ReportPeriod{p}
	}
	var out []ReportPeriod
	for d := p.From; !d.After(p.To); {
		s := PeriodOf(kind, d)
		if s.From.Before(p.From) || s.To.After(p.To) {
			s = ReportPeriod{Kind: PeriodRange, From: later(s.From, p.From), To: earlier(s.To, p.To)}
		}
		if s.From.Equal(p.From) && s.To.Equal(p.To) {
			s = p
		}
		out = append(out, s)
		d = s.To.AddDays(1)
	}
	return out
}

func later(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b Date) Date {
	if a.Before(b) {
		return a
	}
	return b
}

var quarterZh = [...]string{"", "一", "二", "三", "四"}

// Label names p for a heading, in Chinese or, when lang starts with "en",
// English: "2026年1月" / "2026 Jan", "2026年1–2月" / "2026 Jan–Feb",
// "2026年第一季度" / "2026 Q1", "2026年" / "2026", and a range
// "2026年1月5日至2026年2月3日" / "2026-01-05 – 2026-02-03".
func (p ReportPeriod) Label(lang string) string {
	en := english(lang)
	y := strconv.Itoa(p.From.Year())
	switch p.Kind {
	case PeriodMonth:
		if en {
			return y + " " + p.From.Month().String()[:3]
		}
		return y + "年" + strconv.Itoa(int(p.From.Month())) + "月"
	case PeriodBimonth:
		if en {
			return y + " " + p.From.Month().String()[:3] + "–" + p.To.Month().String()[:3]
		}
		return y + "年" + strconv.Itoa(int(p.From.Month())) + "–" + strconv.Itoa(int(p.To.Month())) + "月"
	case PeriodQuarter:
		if en {
			return y + " Q" + strconv.Itoa(p.Number())
		}
		return y + "年第" + quarterZh[p.Number()] + "季度"
	case PeriodYear:
		if en {
			return y
		}
		return y + "年"
	}
	if en {
		if p.From.Equal(p.To) {
			return p.From.String()
		}
		return p.From.String() + " – " + p.To.String()
	}
	if p.From.Equal(p.To) {
		return dateZh(p.From)
	}
	return dateZh(p.From) + "至" + dateZh(p.To)
}

func dateZh(d Date) string {
	return strconv.Itoa(d.Year()) + "年" + strconv.Itoa(int(d.Month())) + "月" + strconv.Itoa(d.Day()) + "日"
}
