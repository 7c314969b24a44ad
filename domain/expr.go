package domain

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
