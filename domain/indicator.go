package domain

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CaseEvent is a dated procedural step or outcome of a criminal case (a 件
// or the decision that ends one), recorded with the number of persons it
// concerns (DESIGN.md §5).
type CaseEvent string

// The case events.
const (
	EventArrestReviewReceived      CaseEvent = "arrest_review_received"      // 审查逮捕受理
	EventArrestApproved            CaseEvent = "arrest_approved"             // 批准逮捕
	EventArrestDenied              CaseEvent = "arrest_denied"               // 不批准逮捕
	EventProsecutionReviewReceived CaseEvent = "prosecution_review_received" // 审查起诉受理
	EventProsecuted                CaseEvent = "prosecuted"                  // 提起公诉
	EventNotProsecuted             CaseEvent = "not_prosecuted"              // 不起诉
	EventReturnedForInvestigation  CaseEvent = "returned_for_investigation"  // 退回补充侦查
	EventReviewExtended            CaseEvent = "review_extended"             // 延长审查起诉期限
	EventReconsideration           CaseEvent = "reconsideration"             // 复议
	EventReview                    CaseEvent = "review"                      // 复核
	EventAppeal                    CaseEvent = "appeal"                      // 上诉
	EventProtest                   CaseEvent = "protest"                     // 抗诉
	EventPetition                  CaseEvent = "petition"                    // 申诉
	EventPleaLeniency              CaseEvent = "plea_leniency"               // 认罪认罚
	EventSentencingRecommended     CaseEvent = "sentencing_recommended"      // 提出量刑建议
	EventSentencingAdopted         CaseEvent = "sentencing_adopted"          // 量刑建议被采纳
)

// CaseEvents lists every event in procedural order.
var CaseEvents = []CaseEvent{EventArrestReviewReceived, EventArrestApproved, EventArrestDenied,
	EventProsecutionReviewReceived, EventProsecuted, EventNotProsecuted, EventReturnedForInvestigation,
	EventReviewExtended, EventReconsideration, EventReview, EventAppeal, EventProtest, EventPetition,
	EventPleaLeniency, EventSentencingRecommended, EventSentencingAdopted}

// CaseEventNameZh names the events in Chinese.
var CaseEventNameZh = map[CaseEvent]string{
	EventArrestReviewReceived: "审查逮捕受理", EventArrestApproved: "批准逮捕", EventArrestDenied: "不批准逮捕",
	EventProsecutionReviewReceived: "审查起诉受理", EventProsecuted: "提起公诉", EventNotProsecuted: "不起诉",
	EventReturnedForInvestigation: "退回补充侦查", EventReviewExtended: "延长审查起诉期限", EventReconsideration: "复议",
	EventReview: "复核", EventAppeal: "上诉", EventProtest: "抗诉", EventPetition: "申诉", EventPleaLeniency: "认罪认罚",
	EventSentencingRecommended: "提出量刑建议", EventSentencingAdopted: "量刑建议被采纳",
}

// CaseEventNameEn names the events in English.
var CaseEventNameEn = map[CaseEvent]string{
	EventArrestReviewReceived: "arrest review received", EventArrestApproved: "arrest approved", EventArrestDenied: "arrest denied",
	EventProsecutionReviewReceived: "prosecution review received", EventProsecuted: "prosecuted", EventNotProsecuted: "not prosecuted",
	EventReturnedForInvestigation: "returned for supplementary investigation", EventReviewExtended: "review period extended",
	EventReconsideration: "reconsideration", EventReview: "review", EventAppeal: "appeal", EventProtest: "protest",
	EventPetition: "petition", EventPleaLeniency: "plea leniency applied", EventSentencingRecommended: "sentencing recommended",
	EventSentencingAdopted: "sentencing recommendation adopted",
}

// Valid reports whether e is a known event.
func (e CaseEvent) Valid() bool { return slices.Contains(CaseEvents, e) }

// MaxSupplementaryRounds is how often a case may be returned for
// supplementary investigation (补充侦查以二次为限, 刑事诉讼法 art. 175).
const MaxSupplementaryRounds = 2

// CheckEventSequence decides whether next may be recorded on a case that
// already has the existing events: a 422 naming the field "event" for an
// unknown event (code invalid) or a third return for supplementary
// investigation (code third_return), nil otherwise.
func CheckEventSequence(existing []CaseEvent, next CaseEvent) error {
	if !next.Valid() {
		return Invalid(Field("event", "invalid", "Unknown case event.", "未知的案件事项。"))
	}
	if next != EventReturnedForInvestigation {
		return nil
	}
	rounds := 0
	for _, e := range existing {
		if e == EventReturnedForInvestigation {
			rounds++
		}
	}
	if rounds >= MaxSupplementaryRounds {
		err := Invalid(Field("event", "third_return",
			"A case is returned for supplementary investigation at most twice (Criminal Procedure Law art. 175).",
			"退回补充侦查以二次为限（刑事诉讼法第一百七十五条）。"))
		err.Details = map[string]any{"max_rounds": MaxSupplementaryRounds}
		return err
	}
	return nil
}

// Quantity names a figure that can be counted over a period for a unit
// subtree, optionally cut by class-case category or prosecutor; the store
// computes it, the indicators combine it. Event quantities are written
// "count:<event>" (the number of events dated in the period) and
// "persons:<event>" (the sum of their person counts).
type Quantity string

// The quantities that are not one event's count or persons. Dates of
// suggestions and hearings are Asia/Shanghai days.
const (
	// QuantityCasesReceived is 案: arrest reviews received in the period,
	// plus prosecution reviews received in the period in cases that have no
	// arrest review received at any date (a case reviewed for arrest is
	// one 案 already). A re-transfer after a return for supplementary
	// investigation is that return's 件, not a new prosecution review.
	QuantityCasesReceived Quantity = "cases_received"

	// QuantitySuggestionsIssued counts suggestions served in the period.
	QuantitySuggestionsIssued Quantity = "suggestions_issued"
	// QuantitySuggestionsDue counts suggestions whose reply was due in
	// the period (reply_due_on), other than withdrawn ones.
	QuantitySuggestionsDue Quantity = "suggestions_due"
	// QuantitySuggestionsReplied counts, of those due, the ones with a
	// final reply (received at any date up to when the figure is made).
	QuantitySuggestionsReplied Quantity = "suggestions_replied"
	// QuantitySuggestionsRepliedOnTime counts, of those due, the ones whose
	// final reply came on or before the due date.
	QuantitySuggestionsRepliedOnTime Quantity = "suggestions_replied_on_time"
	// QuantitySuggestionsAdopted counts, of those replied, the ones whose
	// final reply adopted or partially adopted the suggestion.
	QuantitySuggestionsAdopted Quantity = "suggestions_adopted"
	// QuantitySuggestionsVerified counts suggestions whose latest
	// verification (整改评估) is dated in the period.
	QuantitySuggestionsVerified Quantity = "suggestions_verified"
	// QuantitySuggestionsRectified counts, of those verified, the ones
	// whose latest verification found them rectified.
	QuantitySuggestionsRectified Quantity = "suggestions_rectified"

	// QuantityHearingsHeld counts hearings that took place in the period
	// (held or decided, by the day of HeldAt).
	QuantityHearingsHeld Quantity = "hearings_held"
	// QuantityHearingsPublic counts, of those held, the public ones.
	QuantityHearingsPublic Quantity = "hearings_public"
	// QuantityHearingOfficersSeated sums, over the hearings held, the
	// hearing officers who took part (Participant.TookPart).
	QuantityHearingOfficersSeated Quantity = "hearing_officers_seated"
	// QuantityHearingsNonProsecution counts, of those held, the hearings on
	// a proposed non-prosecution (HearingKindNonProsecution).
	QuantityHearingsNonProsecution Quantity = "hearings_non_prosecution"
)

var otherQuantities = []Quantity{QuantityCasesReceived,
	QuantitySuggestionsIssued, QuantitySuggestionsDue, QuantitySuggestionsReplied, QuantitySuggestionsRepliedOnTime,
	QuantitySuggestionsAdopted, QuantitySuggestionsVerified, QuantitySuggestionsRectified,
	QuantityHearingsHeld, QuantityHearingsPublic, QuantityHearingOfficersSeated, QuantityHearingsNonProsecution}

var quantityNames = map[Quantity][2]string{
	QuantityCasesReceived:            {"受理案件数（案）", "cases received (案)"},
	QuantitySuggestionsIssued:        {"制发检察建议数", "suggestions issued"},
	QuantitySuggestionsDue:           {"回复期满检察建议数", "suggestions due for reply"},
	QuantitySuggestionsReplied:       {"已回复检察建议数", "suggestions replied"},
	QuantitySuggestionsRepliedOnTime: {"按期回复检察建议数", "suggestions replied on time"},
	QuantitySuggestionsAdopted:       {"采纳（含部分采纳）检察建议数", "suggestions adopted (incl. partially)"},
	QuantitySuggestionsVerified:      {"已评估整改检察建议数", "suggestions verified"},
	QuantitySuggestionsRectified:     {"整改到位检察建议数", "suggestions rectified"},
	QuantityHearingsHeld:             {"举行听证场次", "hearings held"},
	QuantityHearingsPublic:           {"公开听证场次", "public hearings"},
	QuantityHearingOfficersSeated:    {"参加听证的听证员人次", "hearing officers taking part"},
	QuantityHearingsNonProsecution:   {"拟不起诉听证场次", "non-prosecution hearings"},
}

const (
	countPrefix   = "count:"
	personsPrefix = "persons:"
)

// CountOf is the quantity "count:<e>", the number of events e.
func CountOf(e CaseEvent) Quantity { return Quantity(countPrefix + string(e)) }

// PersonsOf is the quantity "persons:<e>", the persons of events e.
func PersonsOf(e CaseEvent) Quantity { return Quantity(personsPrefix + string(e)) }

// Quantities lists every quantity: cases received, each event's count,
// each event's persons, then the suggestion and hearing quantities. The
// slice is new on each call.
func Quantities() []Quantity {
	out := make([]Quantity, 0, 2*len(CaseEvents)+len(otherQuantities))
	out = append(out, QuantityCasesReceived)
	for _, e := range CaseEvents {
		out = append(out, CountOf(e))
	}
	for _, e := range CaseEvents {
		out = append(out, PersonsOf(e))
	}
	return append(out, otherQuantities[1:]...) // [0] is cases_received
}

// Event returns the case event of a count: or persons: quantity and
// whether the quantity sums persons; ok is false for other quantities.
func (q Quantity) Event() (e CaseEvent, persons, ok bool) {
	if s, found := strings.CutPrefix(string(q), countPrefix); found && CaseEvent(s).Valid() {
		return CaseEvent(s), false, true
	}
	if s, found := strings.CutPrefix(string(q), personsPrefix); found && CaseEvent(s).Valid() {
		return CaseEvent(s), true, true
	}
	return "", false, false
}

// Valid reports whether q is a known quantity.
func (q Quantity) Valid() bool {
	_, _, ok := q.Event()
	return ok || slices.Contains(otherQuantities, q)
}

// NameZh names q in Chinese ("退回补充侦查件数", "不起诉人数"), or "" when q
// is unknown.
func (q Quantity) NameZh() string {
	if e, persons, ok := q.Event(); ok {
		if persons {
			return CaseEventNameZh[e] + "人数"
		}
		return CaseEventNameZh[e] + "件数"
	}
	return quantityNames[q][0]
}

// NameEn names q in English ("returned for supplementary investigation
// (events)"), or "" when q is unknown.
func (q Quantity) NameEn() string {
	if e, persons, ok := q.Event(); ok {
		if persons {
			return CaseEventNameEn[e] + " (persons)"
		}
		return CaseEventNameEn[e] + " (events)"
	}
	return quantityNames[q][1]
}

// ParseQuantity reads a quantity's name; anything else is a 422 on the
// field "quantity" with code unknown_quantity.
func ParseQuantity(s string) (Quantity, error) {
	q := Quantity(s)
	if !q.Valid() {
		return "", Invalid(unknownQuantity("quantity", s))
	}
	return q, nil
}

func unknownQuantity(field, s string) FieldError {
	return Field(field, "unknown_quantity", "Unknown quantity \""+s+"\".", "未知的统计项“"+s+"”。")
}

// Term is one summand of an Expr: Coef times the Quantity, or the constant
// Coef when Quantity is "".
type Term struct {
	Coef     int64
	Quantity Quantity
}

// Expr is a sum of quantities with integer coefficients, the numerator or
// denominator of an indicator: "cases_received + count:appeal",
// "2*count:protest - count:review", "1". Its text form is read by
// ParseExpr and written by String. The order of terms is kept as written.
type Expr []Term

// Limits of an Expr, so that the sum of realistic counts cannot overflow
// and a definition stays readable.
const (
	maxExprTerms = 40
	maxExprCoef  = 1_000_000
	maxExprChars = 1000
)

// Sum is the Expr adding the quantities, each once.
func Sum(qs ...Quantity) Expr {
	e := make(Expr, len(qs))
	for i, q := range qs {
		e[i] = Term{Coef: 1, Quantity: q}
	}
	return e
}

// Const is the Expr of the constant n, the denominator of a count.
func Const(n int64) Expr { return Expr{{Coef: n}} }

// String writes e in the form ParseExpr reads: terms joined by " + " and
// " - ", a coefficient of 1 left out, others written "2*quantity".
func (e Expr) String() string {
	var b strings.Builder
	for i, t := range e {
		c := t.Coef
		switch {
		case c < 0 && i == 0:
			b.WriteString("-")
		case c < 0:
			b.WriteString(" - ")
		case i > 0:
			b.WriteString(" + ")
		}
		if c < 0 {
			c = -c
		}
		switch {
		case t.Quantity == "":
			b.WriteString(strconv.FormatInt(c, 10))
		case c == 1:
			b.WriteString(string(t.Quantity))
		default:
			b.WriteString(strconv.FormatInt(c, 10) + "*" + string(t.Quantity))
		}
	}
	return b.String()
}

// Quantities lists the quantities e uses, in order, each once.
func (e Expr) Quantities() []Quantity {
	var out []Quantity
	for _, t := range e {
		if t.Quantity != "" && !slices.Contains(out, t.Quantity) {
			out = append(out, t.Quantity)
		}
	}
	return out
}

// Eval sums e over counts; a quantity missing from counts counts 0, so the
// store may leave out empty rows.
func (e Expr) Eval(counts map[Quantity]int64) int64 {
	var sum int64
	for _, t := range e {
		if t.Quantity == "" {
			sum += t.Coef
		} else {
			sum += t.Coef * counts[t.Quantity]
		}
	}
	return sum
}

// ParseExpr reads an Expr: terms "quantity", "n*quantity" or "n" (n a
// positive integer), joined by + or -, the first optionally preceded by
// -; spaces are free. Every quantity must be known, each at most once, and
// no coefficient 0. Errors are 422s on the field "expr" (codes required,
// too_long, syntax, unknown_quantity, zero_coefficient, coefficient_range,
// duplicate, too_many_terms); a caller parsing a named field renames it.
func ParseExpr(s string) (Expr, error) {
	const field = "expr"
	if strings.TrimSpace(s) == "" {
		return nil, Invalid(Required(field))
	}
	if utf8.RuneCountInString(s) > maxExprChars {
		return nil, Invalid(TooLong(field, maxExprChars))
	}
	p := exprParser{s: s}
	var e Expr
	sign := int64(1)
	if p.skipSpace(); p.at('-') {
		sign = -1
		p.i++
	}
	for {
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		t.Coef *= sign
		e = append(e, t)
		if p.skipSpace(); p.i == len(s) {
			break
		}
		switch {
		case p.at('+'):
			sign = 1
		case p.at('-'):
			sign = -1
		default:
			return nil, p.syntax("+ or -", "+ 或 -")
		}
		p.i++
	}
	var v Validator
	checkExpr(&v, field, e)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

type exprParser struct {
	s string
	i int // byte offset
}

func (p *exprParser) at(c byte) bool { return p.i < len(p.s) && p.s[p.i] == c }

func (p *exprParser) skipSpace() {
	for p.at(' ') || p.at('\t') || p.at('\n') || p.at('\r') {
		p.i++
	}
}

// span advances over the bytes ok accepts and returns them.
func (p *exprParser) span(ok func(byte) bool) string {
	start := p.i
	for p.i < len(p.s) && ok(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c == '_' || c == ':'
}

// term reads "quantity", "n*quantity" or "n".
func (p *exprParser) term() (Term, error) {
	p.skipSpace()
	if p.i < len(p.s) && isDigit(p.s[p.i]) {
		digits := p.span(isDigit)
		n, err := strconv.ParseInt(digits, 10, 64)
		if err != nil || n > maxExprCoef {
			return Term{}, Invalid(coefficientRange("expr"))
		}
		p.skipSpace()
		if !p.at('*') {
			return Term{Coef: n}, nil
		}
		p.i++
		p.skipSpace()
		if !p.atLetter() {
			return Term{}, p.syntax("a quantity", "统计项")
		}
		return Term{Coef: n, Quantity: Quantity(p.span(isNameByte))}, nil
	}
	if !p.atLetter() {
		return Term{}, p.syntax("a quantity or a number", "统计项或数字")
	}
	return Term{Coef: 1, Quantity: Quantity(p.span(isNameByte))}, nil
}

// atLetter reports whether a quantity's name starts here.
func (p *exprParser) atLetter() bool {
	return p.i < len(p.s) && ('a' <= p.s[p.i] && p.s[p.i] <= 'z' || 'A' <= p.s[p.i] && p.s[p.i] <= 'Z')
}

func (p *exprParser) syntax(want, wantZh string) error {
	pos := strconv.Itoa(utf8.RuneCountInString(p.s[:p.i]) + 1)
	got, gotZh := "the end", "结尾"
	if p.i < len(p.s) {
		r, _ := utf8.DecodeRuneInString(p.s[p.i:])
		got, gotZh = "\""+string(r)+"\"", "“"+string(r)+"”"
	}
	return Invalid(Field("expr", "syntax",
		"Expected "+want+" at character "+pos+", found "+got+".",
		"第 "+pos+" 个字符处应为"+wantZh+"，实为"+gotZh+"。"))
}

func coefficientRange(field string) FieldError {
	return Field(field, "coefficient_range", "A coefficient is at most 1000000.", "系数最大为 1000000。")
}

// checkExpr records what is wrong with e under field.
func checkExpr(v *Validator, field string, e Expr) {
	if len(e) == 0 {
		v.Add(Required(field))
		return
	}
	if len(e) > maxExprTerms {
		v.Add(Field(field, "too_many_terms", "At most "+strconv.Itoa(maxExprTerms)+" terms.", "最多 "+strconv.Itoa(maxExprTerms)+" 项。"))
	}
	seen := map[Quantity]bool{}
	for _, t := range e {
		switch {
		case t.Quantity != "" && !t.Quantity.Valid():
			v.Add(unknownQuantity(field, string(t.Quantity)))
		case t.Coef == 0:
			v.Add(Field(field, "zero_coefficient", "A coefficient or constant is not 0.", "系数或常数不能为 0。"))
		case t.Coef > maxExprCoef || t.Coef < -maxExprCoef:
			v.Add(coefficientRange(field))
		case seen[t.Quantity]:
			name := string(t.Quantity)
			if name == "" {
				name = "constant"
			}
			v.Add(Field(field, "duplicate", "\""+name+"\" appears twice; write a coefficient instead.", "“"+name+"”重复出现，请改用系数。"))
		}
		seen[t.Quantity] = true
	}
}

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

// BuiltinIndicators returns the catalog Procura ships (DESIGN.md §6), at
// version 1, new on each call. The directions of 不捕率 and 不诉率 are
// neutral on purpose: policy favours 少捕慎诉慎押, but the right rate
// depends on the cases received, and marking it better or worse invites
// managing the number, which the abolition of indicator rankings in
// October 2024 meant to stop. The public hearing share is neutral for the
// same reason (custody hearings are private by default, hearings involving
// minors always), and so are counts and officers per hearing: more is not
// better by itself.
func BuiltinIndicators() []Indicator {
	one := 1.0
	ind := func(code, zh, en string, num, den Expr, dir Direction, unit IndicatorUnit, fzh, fen string) Indicator {
		return Indicator{Code: code, Version: 1, NameZh: zh, NameEn: en, Numerator: num, Denominator: den,
			Direction: dir, Unit: unit, FormulaZh: fzh, FormulaEn: fen}
	}
	caseRatio := ind("case_ratio", "案件比", "case-to-proceeding ratio",
		Sum(QuantityCasesReceived, CountOf(EventReturnedForInvestigation), CountOf(EventReviewExtended),
			CountOf(EventReconsideration), CountOf(EventReview), CountOf(EventAppeal), CountOf(EventProtest), CountOf(EventPetition)),
		Sum(QuantityCasesReceived), LowerBetter, UnitRatio,
		"案件比 = 1 : (件 ÷ 案)。案 = 审查逮捕受理数 + 未经审查逮捕的审查起诉受理数；件 = 案 + 退回补充侦查 + 延长审查起诉期限 + 复议 + 复核 + 上诉 + 抗诉 + 申诉。1:1 为最低值，越低越好。",
		"Case-to-proceeding ratio = 1 : (件 ÷ 案). 案 = arrest reviews received + prosecution reviews received in cases with no arrest review; 件 = 案 + returns for supplementary investigation + extensions + reconsiderations + reviews + appeals + protests + petitions. 1:1 is the floor; lower is better.")
	caseRatio.Reference = &one
	concluded := Sum(PersonsOf(EventProsecuted), PersonsOf(EventNotProsecuted))
	return []Indicator{
		caseRatio,
		ind("non_arrest_rate", "不捕率", "non-arrest rate",
			Sum(PersonsOf(EventArrestDenied)), Sum(PersonsOf(EventArrestApproved), PersonsOf(EventArrestDenied)), Neutral, UnitPercent,
			"不捕率 = 不批准逮捕人数 ÷ (批准逮捕人数 + 不批准逮捕人数)。不设优劣：适当的比例取决于所受理的案件。",
			"Non-arrest rate = persons not arrested ÷ (persons arrested + not arrested). Neutral: the right rate depends on the cases received."),
		ind("non_prosecution_rate", "不诉率", "non-prosecution rate",
			Sum(PersonsOf(EventNotProsecuted)), concluded, Neutral, UnitPercent,
			"不诉率 = 不起诉人数 ÷ (提起公诉人数 + 不起诉人数)。不设优劣：适当的比例取决于所受理的案件。",
			"Non-prosecution rate = persons not prosecuted ÷ (persons prosecuted + not prosecuted). Neutral: the right rate depends on the cases received."),
		ind("plea_leniency_rate", "认罪认罚适用率", "plea-leniency rate",
			Sum(PersonsOf(EventPleaLeniency)), slices.Clone(concluded), HigherBetter, UnitPercent,
			"认罪认罚适用率 = 适用认罪认罚人数 ÷ 审查起诉审结人数 (提起公诉 + 不起诉)。",
			"Plea-leniency rate = persons with plea leniency applied ÷ persons concluded in prosecution review (prosecuted + not prosecuted)."),
		ind("supplementary_investigation_rate", "退回补充侦查率", "supplementary investigation rate",
			Sum(CountOf(EventReturnedForInvestigation)), Sum(CountOf(EventProsecutionReviewReceived)), LowerBetter, UnitPercent,
			"退回补充侦查率 = 退回补充侦查件数 ÷ 审查起诉受理件数。",
			"Supplementary investigation rate = returns for supplementary investigation ÷ prosecution reviews received."),
		ind("extension_rate", "延长审查起诉期限率", "review extension rate",
			Sum(CountOf(EventReviewExtended)), Sum(CountOf(EventProsecutionReviewReceived)), LowerBetter, UnitPercent,
			"延长审查起诉期限率 = 延长审查起诉期限件数 ÷ 审查起诉受理件数。",
			"Review extension rate = extensions of the review period ÷ prosecution reviews received."),
		ind("sentencing_adoption_rate", "量刑建议采纳率", "sentencing recommendation adoption rate",
			Sum(PersonsOf(EventSentencingAdopted)), Sum(PersonsOf(EventSentencingRecommended)), HigherBetter, UnitPercent,
			"量刑建议采纳率 = 量刑建议被采纳人数 ÷ 提出量刑建议人数。",
			"Sentencing recommendation adoption rate = persons whose sentencing recommendation was adopted ÷ persons with a recommendation made."),
		ind("suggestion_reply_rate", "检察建议回复率", "suggestion reply rate",
			Sum(QuantitySuggestionsReplied), Sum(QuantitySuggestionsDue), HigherBetter, UnitPercent,
			"回复率 = 回复期满的检察建议中已书面回复的件数 ÷ 回复期满的检察建议件数。",
			"Reply rate = suggestions due for reply in the period that have a final reply ÷ suggestions due for reply in the period."),
		ind("suggestion_on_time_rate", "检察建议按期回复率", "suggestion on-time reply rate",
			Sum(QuantitySuggestionsRepliedOnTime), Sum(QuantitySuggestionsDue), HigherBetter, UnitPercent,
			"按期回复率 = 回复期满的检察建议中在期限内回复的件数 ÷ 回复期满的检察建议件数。",
			"On-time reply rate = suggestions due in the period whose final reply came by the due date ÷ suggestions due in the period."),
		ind("suggestion_adoption_rate", "检察建议采纳率（按回复）", "suggestion adoption rate (of replied)",
			Sum(QuantitySuggestionsAdopted), Sum(QuantitySuggestionsReplied), HigherBetter, UnitPercent,
			"采纳率 = 采纳（含部分采纳）件数 ÷ 已回复件数，均为回复期满于本期的检察建议。",
			"Adoption rate = suggestions adopted in full or in part ÷ suggestions replied, both among those due in the period."),
		ind("suggestion_adoption_rate_issued", "检察建议采纳率（按制发）", "suggestion adoption rate (of issued)",
			Sum(QuantitySuggestionsAdopted), Sum(QuantitySuggestionsIssued), HigherBetter, UnitPercent,
			"采纳率 = 采纳（含部分采纳）件数（回复期满于本期）÷ 本期制发件数。分子与分母的检察建议不尽相同。",
			"Adoption rate = suggestions adopted in full or in part (among those due in the period) ÷ suggestions issued in the period. The two counts cover different suggestions."),
		ind("rectification_rate", "整改到位率", "rectification rate",
			Sum(QuantitySuggestionsRectified), Sum(QuantitySuggestionsVerified), HigherBetter, UnitPercent,
			"整改到位率 = 经评估整改到位的检察建议件数 ÷ 本期完成整改评估的检察建议件数。",
			"Rectification rate = suggestions verified as rectified ÷ suggestions verified in the period."),
		ind("hearings_held", "听证场次", "hearings held",
			Sum(QuantityHearingsHeld), Const(1), Neutral, UnitCount,
			"本期举行的检察听证场次。",
			"Procuratorial hearings held in the period."),
		ind("public_hearing_share", "公开听证占比", "public hearing share",
			Sum(QuantityHearingsPublic), Sum(QuantityHearingsHeld), Neutral, UnitPercent,
			"公开听证占比 = 公开举行的听证场次 ÷ 举行听证场次。不设优劣：羁押听证一般不公开，涉及未成年人的听证不公开，比例取决于听证类型构成。",
			"Public hearing share = hearings held in public ÷ hearings held. Neutral: custody hearings are private by default and hearings involving minors always, so the share depends on the mix of hearings."),
		ind("officers_per_hearing", "场均听证员人数", "hearing officers per hearing",
			Sum(QuantityHearingOfficersSeated), Sum(QuantityHearingsHeld), Neutral, UnitPerHearing,
			"场均听证员人数 = 实际参加听证的听证员人次 ÷ 举行听证场次。",
			"Hearing officers per hearing = hearing officers taking part ÷ hearings held."),
		ind("non_prosecution_hearing_coverage", "拟不起诉案件听证率", "non-prosecution hearing coverage",
			Sum(QuantityHearingsNonProsecution), Sum(PersonsOf(EventNotProsecuted)), HigherBetter, UnitPercent,
			"拟不起诉案件听证率 = 拟不起诉听证场次 ÷ 不起诉人数。听证与不起诉决定可能不在同一期间。",
			"Non-prosecution hearing coverage = non-prosecution hearings held ÷ persons not prosecuted. A hearing and its decision may fall in different periods."),
	}
}
