package domain

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets of the domain's parsers. `make fuzz` runs each for a
// bounded time; their seed corpora (testdata/fuzz/) run in every `go test`.

// FuzzParseDate: any text either is refused with a domain error or reads
// as a date in range that prints back as the same text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-31", "2024-02-29", "1900-01-01", "2200-12-31", "9999-12-31", "0000-01-01", "2026-02-30", "", "2026-3-1", "２０２６-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("ParseDate(%q): %v is not a domain error", s, err)
			}
			return
		}
		if d.String() != s || d.Year() < MinYear || d.Year() > MaxYear {
			t.Fatalf("ParseDate(%q) = %s", s, d)
		}
	})
}

// FuzzParseExpr: an indicator expression either is refused as a 422 on a
// field, or prints as text that parses to the same expression, and
// evaluates without overflow panics.
func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{"count:arrest_review_received", "count:arrest_review_received + 2*count:prosecuted - 1",
		"-persons:not_prosecuted", "suggestions_issued", "3", "0*x", "count:prosecuted+count:prosecuted", "9223372036854775807*count:prosecuted",
		"  ", "+", "1 +", "count:", strings.Repeat("1+", 200) + "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpr(s)
		if err != nil {
			de, ok := AsError(err)
			if !ok || de.Kind != KindInvalid || len(de.Fields) == 0 || de.Fields[0].Field != "expr" {
				t.Fatalf("ParseExpr(%q): %#v, want a 422 on expr", s, err)
			}
			return
		}
		again, err := ParseExpr(e.String())
		if err != nil || again.String() != e.String() {
			t.Fatalf("ParseExpr(%q) = %q, which parses as %q, %v", s, e.String(), again.String(), err)
		}
		counts := map[Quantity]int64{}
		for i, q := range e.Quantities() {
			counts[q] = int64(i+1) * 1000003
		}
		_ = e.Eval(counts)
	})
}

// FuzzPeriods: any two dates either are refused or give a period whose
// previous period, year-before and splits are well formed.
func FuzzPeriods(f *testing.F) {
	f.Add("2026-01-01", "2026-02-28", 1)
	f.Add("2025-03-17", "2026-08-09", 2)
	f.Add("2026-12-31", "2026-01-01", 3)
	f.Add("1900-01-01", "2200-12-31", 4)
	f.Add("2024-02-29", "2024-02-29", 0)
	f.Fuzz(func(t *testing.T, from, to string, kind int) {
		a, err1 := ParseDate(from)
		b, err2 := ParseDate(to)
		if err1 != nil || err2 != nil {
			return
		}
		p, err := RangePeriod(a, b)
		if err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("RangePeriod(%s, %s): %v is not a domain error", a, b, err)
			}
			return
		}
		if p.Days() < 1 || p.From.After(p.To) {
			t.Fatalf("RangePeriod(%s, %s) = %+v", a, b, p)
		}
		prev := p.Previous()
		if !prev.To.Before(p.From) || prev.Days() < 1 {
			t.Fatalf("%+v.Previous() = %+v", p, prev)
		}
		_ = p.YearBefore()
		if k := PeriodKinds[(kind%len(PeriodKinds)+len(PeriodKinds))%len(PeriodKinds)]; p.Days() <= 3*366 {
			parts := p.Split(k)
			if len(parts) == 0 || !parts[0].From.Equal(p.From) || !parts[len(parts)-1].To.Equal(p.To) {
				t.Fatalf("%+v.Split(%s) = %+v", p, k, parts)
			}
			_ = p.Label("zh") + p.Label("en")
		}
	})
}

var docNumberForm = regexp.MustCompile(`(?s)^.*检.*建〔(-?\d+)〕(-?\d+)号$`)

// FuzzDocNumber: a 文号 keeps its parts: the year and the number read back
// from it, and the short name is never doubled.
func FuzzDocNumber(f *testing.F) {
	f.Add("仙检", "社", 2026, 1)
	f.Add("汉江", "刑", 2025, 123)
	f.Add("", "", 0, 0)
	f.Fuzz(func(t *testing.T, short, prefix string, year, n int) {
		if !utf8.ValidString(short) || !utf8.ValidString(prefix) || strings.ContainsAny(short+prefix, "〔〕号") || short == "" {
			return
		}
		s := DocNumber(short, prefix, year, n)
		m := docNumberForm.FindStringSubmatch(s)
		if m == nil || m[1] != strconv.Itoa(year) || m[2] != strconv.Itoa(n) {
			t.Fatalf("DocNumber(%q, %q, %d, %d) = %q", short, prefix, year, n, s)
		}
		if strings.Contains(s, "检检") && !strings.HasSuffix(short, "检检") {
			t.Fatalf("DocNumber doubled 检: %q", s)
		}
	})
}

// FuzzCaseNumbers: case validation refuses any bad number or text with
// field errors, never a panic.
func FuzzCaseNumbers(f *testing.F) {
	f.Add("42900420240000123", "仙检刑诉受[2024]429004000123号", "审查起诉", 2)
	f.Add("4290042024000012", "", "", 0)
	f.Add("４２９００４２０２４００００１２３", "x\x00", "\u202e", -1)
	today := NewDate(2026, time.December, 3)
	f.Fuzz(func(t *testing.T, unified, dept, caseType string, persons int) {
		err := ValidateCase(Case{UnifiedNo: unified, DeptNo: dept, CaseType: caseType, Category: "drug", ReceivedOn: today, Persons: persons}, today)
		if err == nil {
			if len(unified) != 17 || strings.TrimFunc(unified, unicode.IsDigit) != "" {
				t.Fatalf("unified number %q accepted", unified)
			}
			return
		}
		if de, ok := AsError(err); !ok || de.Kind != KindInvalid || len(de.Fields) == 0 {
			t.Fatalf("ValidateCase: %#v, want field errors", err)
		}
	})
}

// FuzzText: the text rule and the name cleaner agree: a cleaned name has
// nothing the rule refuses and no formatting characters.
func FuzzText(f *testing.F) {
	for _, s := range []string{"invoice\u202efdp.exe", "a\x00b", "\xff\xfe", "仙桃市人民检察院\n", "\ufeff\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean := StripFormatting(s)
		if TextProblem(clean) != "" {
			t.Fatalf("StripFormatting(%q) = %q, which TextProblem refuses", s, clean)
		}
		for _, r := range clean {
			if IsBidiControl(r) {
				t.Fatalf("StripFormatting(%q) kept %U", s, r)
			}
		}
		if TextProblem(s) == "" && !utf8.ValidString(s) {
			t.Fatalf("TextProblem(%q) accepts invalid UTF-8", s)
		}
	})
}
