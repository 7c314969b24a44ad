package domain

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Direction says which way an indicator improves.
type Direction string

// The directions. A neutral indicator shows its change without praise or
// blame.
const (
	HigherBetter Direction = "higher_better"
	LowerBetter  Direction = "lower_better"
	Neutral      Direction = "neutral"
)

// Directions lists every direction.
var Directions = []Direction{HigherBetter, LowerBetter, Neutral}

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return slices.Contains(Directions, d) }

// IndicatorUnit is how an indicator's value reads.
type IndicatorUnit string

// The units. A percent's Value is in percent (12.5, not 0.125), so its
// change is in percentage points.
const (
	UnitRatio      IndicatorUnit = "ratio"       // numerator ÷ denominator, shown 1:1.07
	UnitPercent    IndicatorUnit = "percent"     // numerator ÷ denominator × 100, shown 12.5%
	UnitCount      IndicatorUnit = "count"       // the numerator; the denominator is 1
	UnitPerHearing IndicatorUnit = "per_hearing" // numerator ÷ denominator, shown 4.33人/场
)

// IndicatorUnits lists every unit.
var IndicatorUnits = []IndicatorUnit{UnitRatio, UnitPercent, UnitCount, UnitPerHearing}

// Valid reports whether u is a known unit.
func (u IndicatorUnit) Valid() bool { return slices.Contains(IndicatorUnits, u) }

// Indicator is one entry of the indicator catalog (DESIGN.md §6): data an
// admin may edit, not code. Version counts the edits of the definition.
type Indicator struct {
	Code                   string
	Version                int
	NameZh, NameEn         string
	Numerator, Denominator Expr
	Direction              Direction
	Unit                   IndicatorUnit
	Reference              *float64 // a value to compare with, in the indicator's unit; nil for none
	FormulaZh, FormulaEn   string   // the definition in words, for the report's notes
}

// Quantities lists the quantities the store must count for ind, each once.
func (ind Indicator) Quantities() []Quantity {
	out := ind.Numerator.Quantities()
	for _, q := range ind.Denominator.Quantities() {
		if !slices.Contains(out, q) {
			out = append(out, q)
		}
	}
	return out
}

// ValidateIndicator checks a catalog entry: a code of lower-case letters,
// digits and underscores; both names; numerator and denominator that
// ParseExpr would accept; a known direction and unit; a count's
// denominator exactly 1 and any other unit's denominator counting
// something; a finite reference not below 0.
func ValidateIndicator(ind Indicator) error {
	var v Validator
	v.Check(indicatorCode(ind.Code), Field("code", "format",
		"A code is 2 to 64 lower-case letters, digits or underscores, starting with a letter.",
		"指标代码应为 2 至 64 位小写字母、数字或下划线，以字母开头。"))
	checkText(&v, "name_zh", ind.NameZh, 100)
	checkText(&v, "name_en", ind.NameEn, 100)
	checkExpr(&v, "numerator", ind.Numerator)
	checkExpr(&v, "denominator", ind.Denominator)
	v.Check(ind.Direction.Valid(), Field("direction", "invalid",
		"The direction is higher_better, lower_better or neutral.", "指标方向应为越高越好、越低越好或中性。"))
	v.Check(ind.Unit.Valid(), Field("unit", "invalid",
		"The unit is ratio, percent, count or per_hearing.", "指标单位应为比值、百分比、计数或场均。"))
	switch {
	case len(ind.Denominator) == 0:
	case ind.Unit == UnitCount && !slices.Equal(ind.Denominator, Const(1)):
		v.Add(Field("denominator", "count_denominator", "A count has the denominator 1.", "计数类指标的分母应为 1。"))
	case ind.Unit != UnitCount && len(ind.Denominator.Quantities()) == 0:
		v.Add(Field("denominator", "constant_denominator", "The denominator counts something.", "分母应包含统计项。"))
	}
	if r := ind.Reference; r != nil && (math.IsNaN(*r) || math.IsInf(*r, 0) || *r < 0) {
		v.Add(Field("reference", "invalid", "The reference value is a number not below 0.", "参考值应为不小于 0 的数。"))
	}
	for _, f := range []struct{ name, val string }{{"formula_zh", ind.FormulaZh}, {"formula_en", ind.FormulaEn}} {
		if utf8.RuneCountInString(f.val) > 1000 {
			v.Add(TooLong(f.name, 1000))
		}
	}
	return v.Err()
}

func indicatorCode(s string) bool {
	if len(s) < 2 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || isDigit(c) || c == '_') {
			return false
		}
	}
	return true
}

// Value is an indicator evaluated over one cut: its numerator and
// denominator, always shown, and the value, nil when the denominator is 0
// (or, with a subtracting definition, negative): no figure, never 0 or NaN.
type Value struct {
	Numerator, Denominator int64
	Value                  *float64
}

// Evaluate computes ind from the counts of its quantities; a quantity
// missing from counts counts 0.
func Evaluate(ind Indicator, counts map[Quantity]int64) Value {
	v := Value{Numerator: ind.Numerator.Eval(counts), Denominator: ind.Denominator.Eval(counts)}
	if v.Denominator <= 0 {
		return v
	}
	x := float64(v.Numerator) / float64(v.Denominator)
	if ind.Unit == UnitPercent {
		// One rounding, so that equal fractions give equal values.
		x = float64(v.Numerator) * 100 / float64(v.Denominator)
	}
	v.Value = &x
	return v
}

// Change is cur's value less prev's (in percentage points for a percent),
// nil when either has none.
func Change(cur, prev Value) *float64 {
	if cur.Value == nil || prev.Value == nil {
		return nil
	}
	d := *cur.Value - *prev.Value
	return &d
}

// Better says whether a change is an improvement by ind's direction: nil
// for no change, an unknown change or a neutral indicator.
func Better(ind Indicator, change *float64) *bool {
	if change == nil || *change == 0 || math.IsNaN(*change) {
		return nil
	}
	var b bool
	switch ind.Direction {
	case HigherBetter:
		b = *change > 0
	case LowerBetter:
		b = *change < 0
	default:
		return nil
	}
	return &b
}

// NoValue is what FormatValue and FormatChange show for a missing figure.
const NoValue = "—"

// FormatValue writes a value for people, rounding half away from zero (四舍五入):
// a ratio "1:1.07", a percent "12.5%", a count "12" (two decimals if not
// whole), a per-hearing mean "4.33人/场" or, when lang starts with "en",
// "4.33 per hearing"; nil is NoValue.
func FormatValue(ind Indicator, v *float64, lang string) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return NoValue
	}
	s, _ := formatNumber(ind.Unit, *v)
	switch ind.Unit {
	case UnitRatio:
		return "1:" + s
	case UnitPercent:
		return s + "%"
	case UnitPerHearing:
		if english(lang) {
			return s + " per hearing"
		}
		return s + "人/场"
	}
	return s
}

// FormatChange writes a change with its sign: "+0.05" for a ratio,
// "-1.2个百分点" or "-1.2 pp" for a percent, "+3" for a count; nil is
// NoValue, and a change that rounds to 0 has no sign.
func FormatChange(ind Indicator, change *float64, lang string) string {
	if change == nil || math.IsNaN(*change) || math.IsInf(*change, 0) {
		return NoValue
	}
	s, r := formatNumber(ind.Unit, *change)
	if r > 0 {
		s = "+" + s
	}
	switch {
	case ind.Unit == UnitPercent && english(lang):
		return s + " pp"
	case ind.Unit == UnitPercent:
		return s + "个百分点"
	}
	return s
}

// formatNumber rounds x half away from zero to the unit's decimals and
// writes it; r is the rounded number.
func formatNumber(u IndicatorUnit, x float64) (s string, r float64) {
	places := 2
	switch {
	case u == UnitPercent:
		places = 1
	case u == UnitCount && x == math.Trunc(x):
		places = 0
	}
	p := math.Pow10(places)
	r = math.Round(x*p) / p
	if r == 0 {
		r = 0 // no "-0.0"
	}
	return strconv.FormatFloat(r, 'f', places, 64), r
}

// english reports whether lang ("en", "en-US") asks for English; anything
// else gets Chinese.
func english(lang string) bool {
	return len(lang) >= 2 && strings.EqualFold(lang[:2], "en")
}
