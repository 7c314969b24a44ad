package domain

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCaseEventsNamed(t *testing.T) {
	if len(CaseEvents) != 16 {
		t.Errorf("%d events, want 16", len(CaseEvents))
	}
	for _, e := range CaseEvents {
		if !e.Valid() || CaseEventNameZh[e] == "" || CaseEventNameEn[e] == "" {
			t.Errorf("event %q: valid %v, names %q %q", e, e.Valid(), CaseEventNameZh[e], CaseEventNameEn[e])
		}
	}
	if len(CaseEventNameZh) != len(CaseEvents) || len(CaseEventNameEn) != len(CaseEvents) {
		t.Error("a name map has entries for events not listed")
	}
	if CaseEvent("arrested").Valid() {
		t.Error("unknown event is valid")
	}
}

func TestCheckEventSequence(t *testing.T) {
	ret, recv := EventReturnedForInvestigation, EventProsecutionReviewReceived
	tests := []struct {
		name     string
		existing []CaseEvent
		next     CaseEvent
		want     string // field error code, "" for nil
	}{
		{"first return", []CaseEvent{recv}, ret, ""},
		{"second return", []CaseEvent{recv, ret, EventReviewExtended}, ret, ""},
		{"third return", []CaseEvent{recv, ret, EventReviewExtended, ret}, ret, "event:third_return"},
		{"fourth attempt after bad data", []CaseEvent{ret, ret, ret}, ret, "event:third_return"},
		{"other events after two returns", []CaseEvent{recv, ret, ret}, EventProsecuted, ""},
		{"extension after two returns", []CaseEvent{recv, ret, ret}, EventReviewExtended, ""},
		{"first event", nil, EventArrestReviewReceived, ""},
		{"unknown event", nil, "arrested", "event:invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEventSequence(tt.existing, tt.next)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			wantFieldError(t, err, tt.want)
			if e, _ := AsError(err); e.Fields[0].MessageZh == "" {
				t.Errorf("field error %+v has no Chinese message", e.Fields[0])
			}
		})
	}
}

func TestQuantities(t *testing.T) {
	all := Quantities()
	if len(all) != 1+2*16+11 {
		t.Errorf("%d quantities, want 44", len(all))
	}
	seen := map[Quantity]bool{}
	for _, q := range all {
		if seen[q] {
			t.Errorf("%q listed twice", q)
		}
		seen[q] = true
		got, err := ParseQuantity(string(q))
		if err != nil || got != q {
			t.Errorf("ParseQuantity(%q) = %q, %v", q, got, err)
		}
		if q.NameZh() == "" || q.NameEn() == "" {
			t.Errorf("%q has no name", q)
		}
	}
	all[0] = "changed"
	if Quantities()[0] != QuantityCasesReceived {
		t.Error("Quantities shares its slice")
	}
	for _, s := range []string{"", "count:", "persons:", "count:arrested", "Cases_Received", "count:cases_received", "cases_received ", "count:count:appeal"} {
		if _, err := ParseQuantity(s); err == nil {
			t.Errorf("ParseQuantity(%q) accepted", s)
		} else {
			wantFieldError(t, err, "quantity:unknown_quantity")
		}
	}
}

func TestQuantityEventAndNames(t *testing.T) {
	tests := []struct {
		q              Quantity
		event          CaseEvent
		persons, ok    bool
		nameZh, nameEn string
	}{
		{CountOf(EventReturnedForInvestigation), EventReturnedForInvestigation, false, true, "退回补充侦查件数", "returned for supplementary investigation (events)"},
		{PersonsOf(EventNotProsecuted), EventNotProsecuted, true, true, "不起诉人数", "not prosecuted (persons)"},
		{QuantityCasesReceived, "", false, false, "受理案件数（案）", "cases received (案)"},
		{QuantityHearingOfficersSeated, "", false, false, "参加听证的听证员人次", "hearing officers taking part"},
		{"count:nothing", "", false, false, "", ""},
	}
	for _, tt := range tests {
		e, persons, ok := tt.q.Event()
		if e != tt.event || persons != tt.persons || ok != tt.ok {
			t.Errorf("%q.Event() = %q, %v, %v", tt.q, e, persons, ok)
		}
		if tt.q.NameZh() != tt.nameZh || tt.q.NameEn() != tt.nameEn {
			t.Errorf("%q names %q, %q", tt.q, tt.q.NameZh(), tt.q.NameEn())
		}
	}
}

func TestParseExpr(t *testing.T) {
	tests := []struct {
		in        string
		want      Expr
		canonical string // "" when in is canonical
	}{
		{"cases_received + count:returned_for_investigation", Sum(QuantityCasesReceived, CountOf(EventReturnedForInvestigation)), ""},
		{"hearings_held", Sum(QuantityHearingsHeld), ""},
		{"1", Const(1), ""},
		{"2*count:protest - count:review", Expr{{2, CountOf(EventProtest)}, {-1, CountOf(EventReview)}}, ""},
		{"-persons:appeal + 3", Expr{{-1, PersonsOf(EventAppeal)}, {3, ""}}, ""},
		{"-2*count:appeal - 3*count:petition", Expr{{-2, CountOf(EventAppeal)}, {-3, CountOf(EventPetition)}}, ""},
		{"count:arrest_review_received+count:prosecution_review_received", Sum(CountOf(EventArrestReviewReceived), CountOf(EventProsecutionReviewReceived)),
			"count:arrest_review_received + count:prosecution_review_received"},
		{"  1 * hearings_public\t-\n hearings_held ", Expr{{1, QuantityHearingsPublic}, {-1, QuantityHearingsHeld}}, "hearings_public - hearings_held"},
		{"1000000*suggestions_due", Expr{{1_000_000, QuantitySuggestionsDue}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseExpr(tt.in)
			if err != nil {
				t.Fatalf("ParseExpr: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseExpr (-want +got):\n%s", diff)
			}
			want := tt.canonical
			if want == "" {
				want = tt.in
			}
			if got.String() != want {
				t.Errorf("String() = %q, want %q", got.String(), want)
			}
			again, err := ParseExpr(got.String())
			if err != nil || !slices.Equal(again, got) {
				t.Errorf("round trip of %q gave %v, %v", got.String(), again, err)
			}
		})
	}
}

func TestParseExprErrors(t *testing.T) {
	long := "hearings_held"
	for len(long) <= 1000 {
		long += " + hearings_held"
	}
	many := "1"
	for _, q := range Quantities()[1:41] {
		many += " + " + string(q)
	}
	tests := []struct{ in, code string }{
		{"", "required"},
		{"   ", "required"},
		{long, "too_long"},
		{"cases_received +", "syntax"},
		{"+ cases_received", "syntax"},
		{"cases_received count:appeal", "syntax"},
		{"cases_received + + count:appeal", "syntax"},
		{"cases_received - -count:appeal", "syntax"},
		{"2*", "syntax"},
		{"2 * 3", "syntax"},
		{"cases_received × 2", "syntax"},
		{"（cases_received）", "syntax"},
		{"hearings_held / 2", "syntax"},
		{"count:arrested", "unknown_quantity"},
		{"Cases_Received", "unknown_quantity"},
		{"0", "zero_coefficient"},
		{"0*hearings_held", "zero_coefficient"},
		{"1000001*hearings_held", "coefficient_range"},
		{"99999999999999999999*hearings_held", "coefficient_range"},
		{"hearings_held + hearings_held", "duplicate"},
		{"1 + hearings_held + 1", "duplicate"},
		{many, "too_many_terms"},
	}
	for _, tt := range tests {
		got, err := ParseExpr(tt.in)
		if err == nil {
			t.Errorf("ParseExpr(%.40q) = %v, want %s", tt.in, got, tt.code)
			continue
		}
		wantFieldError(t, err, "expr:"+tt.code)
	}
}

func TestParseExprSyntaxMessage(t *testing.T) {
	_, err := ParseExpr("cases_received + × 2")
	e, _ := AsError(err)
	if e == nil || e.Fields[0].Message != `Expected a quantity or a number at character 18, found "×".` ||
		e.Fields[0].MessageZh != "第 18 个字符处应为统计项或数字，实为“×”。" {
		t.Errorf("err = %#v", err)
	}
}

func TestExprEval(t *testing.T) {
	e := Expr{{2, CountOf(EventProtest)}, {-1, CountOf(EventReview)}, {5, ""}}
	counts := map[Quantity]int64{CountOf(EventProtest): 7, CountOf(EventReview): 3, CountOf(EventAppeal): 100}
	if got := e.Eval(counts); got != 2*7-3+5 {
		t.Errorf("Eval = %d, want 16", got)
	}
	if got := e.Eval(nil); got != 5 {
		t.Errorf("Eval(nil) = %d, want 5", got)
	}
	if diff := cmp.Diff([]Quantity{CountOf(EventProtest), CountOf(EventReview)}, e.Quantities()); diff != "" {
		t.Errorf("Quantities (-want +got):\n%s", diff)
	}
}

// The catalog as DESIGN.md §6 defines it, written out independently of
// BuiltinIndicators.
var wantBuiltins = []struct {
	code, num, den string
	dir            Direction
	unit           IndicatorUnit
}{
	{"case_ratio", "cases_received + count:returned_for_investigation + count:review_extended + count:reconsideration + count:review + count:appeal + count:protest + count:petition",
		"cases_received", LowerBetter, UnitRatio},
	{"non_arrest_rate", "persons:arrest_denied", "persons:arrest_approved + persons:arrest_denied", Neutral, UnitPercent},
	{"non_prosecution_rate", "persons:not_prosecuted", "persons:prosecuted + persons:not_prosecuted", Neutral, UnitPercent},
	{"plea_leniency_rate", "persons:plea_leniency", "persons:prosecuted + persons:not_prosecuted", HigherBetter, UnitPercent},
	{"supplementary_investigation_rate", "count:returned_for_investigation", "count:prosecution_review_received", LowerBetter, UnitPercent},
	{"extension_rate", "count:review_extended", "count:prosecution_review_received", LowerBetter, UnitPercent},
	{"sentencing_adoption_rate", "persons:sentencing_adopted", "persons:sentencing_recommended", HigherBetter, UnitPercent},
	{"suggestion_reply_rate", "suggestions_replied", "suggestions_due", HigherBetter, UnitPercent},
	{"suggestion_on_time_rate", "suggestions_replied_on_time", "suggestions_due", HigherBetter, UnitPercent},
	{"suggestion_adoption_rate", "suggestions_adopted", "suggestions_replied", HigherBetter, UnitPercent},
	{"suggestion_adoption_rate_issued", "suggestions_adopted", "suggestions_issued", HigherBetter, UnitPercent},
	{"rectification_rate", "suggestions_rectified", "suggestions_verified", HigherBetter, UnitPercent},
	{"hearings_held", "hearings_held", "1", Neutral, UnitCount},
	{"public_hearing_share", "hearings_public", "hearings_held", Neutral, UnitPercent},
	{"officers_per_hearing", "hearing_officers_seated", "hearings_held", Neutral, UnitPerHearing},
	{"non_prosecution_hearing_coverage", "hearings_non_prosecution", "persons:not_prosecuted", HigherBetter, UnitPercent},
}

func TestBuiltinIndicators(t *testing.T) {
	got := BuiltinIndicators()
	if len(got) != len(wantBuiltins) {
		t.Fatalf("%d built-in indicators, want %d", len(got), len(wantBuiltins))
	}
	for i, w := range wantBuiltins {
		ind := got[i]
		if ind.Code != w.code || ind.Numerator.String() != w.num || ind.Denominator.String() != w.den || ind.Direction != w.dir || ind.Unit != w.unit {
			t.Errorf("%d: got %s = (%s) / (%s) %s %s\nwant %s = (%s) / (%s) %s %s", i,
				ind.Code, ind.Numerator, ind.Denominator, ind.Direction, ind.Unit, w.code, w.num, w.den, w.dir, w.unit)
		}
		if err := ValidateIndicator(ind); err != nil {
			t.Errorf("%s: %v", ind.Code, err)
		}
		if ind.Version != 1 || ind.FormulaZh == "" || ind.FormulaEn == "" {
			t.Errorf("%s: version %d, formulas %q %q", ind.Code, ind.Version, ind.FormulaZh, ind.FormulaEn)
		}
		if (ind.Reference != nil) != (ind.Code == "case_ratio") || (ind.Reference != nil && *ind.Reference != 1) {
			t.Errorf("%s: reference %v", ind.Code, ind.Reference)
		}
	}
	got[0].Numerator[0].Coef = 9
	if BuiltinIndicators()[0].Numerator[0].Coef != 1 {
		t.Error("BuiltinIndicators shares its expressions")
	}
}

func builtin(t *testing.T, code string) Indicator {
	t.Helper()
	for _, ind := range BuiltinIndicators() {
		if ind.Code == code {
			return ind
		}
	}
	t.Fatalf("no built-in indicator %s", code)
	return Indicator{}
}

func ptr(x float64) *float64 { return &x }

// TestEvaluateBuiltins computes every built-in indicator for one unit's
// figures worked out by hand.
func TestEvaluateBuiltins(t *testing.T) {
	counts := map[Quantity]int64{
		// 100 案; 件 = 100 + 12 + 5 + 2 + 1 + 3 + 1 + 1 = 125.
		QuantityCasesReceived: 100, CountOf(EventReturnedForInvestigation): 12, CountOf(EventReviewExtended): 5,
		CountOf(EventReconsideration): 2, CountOf(EventReview): 1, CountOf(EventAppeal): 3, CountOf(EventProtest): 1,
		CountOf(EventPetition): 1, CountOf(EventProsecutionReviewReceived): 80, CountOf(EventArrestReviewReceived): 45,
		PersonsOf(EventArrestApproved): 60, PersonsOf(EventArrestDenied): 20,
		PersonsOf(EventProsecuted): 90, PersonsOf(EventNotProsecuted): 10, PersonsOf(EventPleaLeniency): 85,
		PersonsOf(EventSentencingRecommended): 80, PersonsOf(EventSentencingAdopted): 72,
		QuantitySuggestionsIssued: 20, QuantitySuggestionsDue: 16, QuantitySuggestionsReplied: 14,
		QuantitySuggestionsRepliedOnTime: 12, QuantitySuggestionsAdopted: 10, QuantitySuggestionsVerified: 8, QuantitySuggestionsRectified: 6,
		QuantityHearingsHeld: 8, QuantityHearingsPublic: 6, QuantityHearingOfficersSeated: 30, QuantityHearingsNonProsecution: 4,
	}
	tests := []struct {
		code     string
		num, den int64
		value    float64
		zh, en   string
	}{
		{"case_ratio", 125, 100, 1.25, "1:1.25", "1:1.25"},
		{"non_arrest_rate", 20, 80, 25, "25.0%", "25.0%"},
		{"non_prosecution_rate", 10, 100, 10, "10.0%", "10.0%"},
		{"plea_leniency_rate", 85, 100, 85, "85.0%", "85.0%"},
		{"supplementary_investigation_rate", 12, 80, 15, "15.0%", "15.0%"},
		{"extension_rate", 5, 80, 6.25, "6.3%", "6.3%"},
		{"sentencing_adoption_rate", 72, 80, 90, "90.0%", "90.0%"},
		{"suggestion_reply_rate", 14, 16, 87.5, "87.5%", "87.5%"},
		{"suggestion_on_time_rate", 12, 16, 75, "75.0%", "75.0%"},
		{"suggestion_adoption_rate", 10, 14, 1000.0 / 14, "71.4%", "71.4%"},
		{"suggestion_adoption_rate_issued", 10, 20, 50, "50.0%", "50.0%"},
		{"rectification_rate", 6, 8, 75, "75.0%", "75.0%"},
		{"hearings_held", 8, 1, 8, "8", "8"},
		{"public_hearing_share", 6, 8, 75, "75.0%", "75.0%"},
		{"officers_per_hearing", 30, 8, 3.75, "3.75人/场", "3.75 per hearing"},
		{"non_prosecution_hearing_coverage", 4, 10, 40, "40.0%", "40.0%"},
	}
	if len(tests) != len(BuiltinIndicators()) {
		t.Fatal("a built-in indicator has no test")
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			ind := builtin(t, tt.code)
			got := Evaluate(ind, counts)
			want := Value{Numerator: tt.num, Denominator: tt.den, Value: ptr(tt.value)}
			if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
			if s := FormatValue(ind, got.Value, "zh-CN"); s != tt.zh {
				t.Errorf("FormatValue zh = %q, want %q", s, tt.zh)
			}
			if s := FormatValue(ind, got.Value, "en"); s != tt.en {
				t.Errorf("FormatValue en = %q, want %q", s, tt.en)
			}
		})
	}
}

// TestEvaluateWithoutDenominator: a unit with nothing to divide by has no
// figure, never 0 or NaN; a count of nothing is 0.
func TestEvaluateWithoutDenominator(t *testing.T) {
	for _, ind := range BuiltinIndicators() {
		got := Evaluate(ind, map[Quantity]int64{})
		want := Value{}
		if ind.Unit == UnitCount {
			want = Value{Denominator: 1, Value: ptr(0)}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s on no counts (-want +got):\n%s", ind.Code, diff)
		}
		if s := FormatValue(ind, got.Value, "zh"); (got.Value == nil) != (s == NoValue) {
			t.Errorf("%s: FormatValue = %q", ind.Code, s)
		}
	}
	// Returns without any prosecution review received: numerator shown,
	// no value.
	got := Evaluate(builtin(t, "supplementary_investigation_rate"), map[Quantity]int64{CountOf(EventReturnedForInvestigation): 3})
	if diff := cmp.Diff(Value{Numerator: 3}, got); diff != "" {
		t.Errorf("zero denominator (-want +got):\n%s", diff)
	}
	// A subtracting definition that goes negative has no value either.
	neg := Indicator{Unit: UnitPercent, Numerator: Sum(QuantityHearingsPublic), Denominator: Expr{{1, QuantityHearingsHeld}, {-1, QuantityHearingsPublic}}}
	got = Evaluate(neg, map[Quantity]int64{QuantityHearingsHeld: 2, QuantityHearingsPublic: 5})
	if diff := cmp.Diff(Value{Numerator: 5, Denominator: -3}, got); diff != "" {
		t.Errorf("negative denominator (-want +got):\n%s", diff)
	}
}

func TestChangeAndBetter(t *testing.T) {
	higher, lower, neutral := builtin(t, "suggestion_reply_rate"), builtin(t, "case_ratio"), builtin(t, "non_arrest_rate")
	v := func(x float64) Value { return Value{Numerator: 1, Denominator: 1, Value: ptr(x)} }
	tests := []struct {
		name      string
		ind       Indicator
		cur, prev Value
		change    *float64
		better    *bool
	}{
		{"reply rate up", higher, v(87.5), v(75), ptr(12.5), boolPtr(true)},
		{"reply rate down", higher, v(60), v(75), ptr(-15), boolPtr(false)},
		{"case ratio down", lower, v(1.25), v(1.5), ptr(-0.25), boolPtr(true)},
		{"case ratio up", lower, v(1.5), v(1.25), ptr(0.25), boolPtr(false)},
		{"neutral up", neutral, v(30), v(25), ptr(5), nil},
		{"no change", higher, v(75), v(75), ptr(0), nil},
		{"no previous figure", higher, v(75), Value{}, nil, nil},
		{"no current figure", lower, Value{Numerator: 4}, v(1.2), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			change := Change(tt.cur, tt.prev)
			if diff := cmp.Diff(tt.change, change); diff != "" {
				t.Errorf("Change (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.better, Better(tt.ind, change)); diff != "" {
				t.Errorf("Better (-want +got):\n%s", diff)
			}
		})
	}
	if Better(Indicator{Direction: "sideways"}, ptr(1)) != nil {
		t.Error("unknown direction judged")
	}
}

func TestFormat(t *testing.T) {
	ratio, pct, count, per := Indicator{Unit: UnitRatio}, Indicator{Unit: UnitPercent}, Indicator{Unit: UnitCount}, Indicator{Unit: UnitPerHearing}
	tests := []struct {
		name   string
		ind    Indicator
		v      *float64
		lang   string
		value  string
		change string
	}{
		{"ratio", ratio, ptr(107.0 / 100), "zh", "1:1.07", "+1.07"},
		{"ratio rounds half up", ratio, ptr(1.125), "en", "1:1.13", "+1.13"},
		{"percent half up", pct, ptr(12.25), "zh", "12.3%", "+12.3个百分点"},
		{"percent English", pct, ptr(-2.25), "en-GB", "-2.3%", "-2.3 pp"},
		{"percent tiny negative has no sign", pct, ptr(-0.04), "zh", "0.0%", "0.0个百分点"},
		{"count whole", count, ptr(12), "zh", "12", "+12"},
		{"count fractional", count, ptr(2.5), "zh", "2.50", "+2.50"},
		{"count zero", count, ptr(0), "en", "0", "0"},
		{"per hearing", per, ptr(13.0 / 3), "zh", "4.33人/场", "+4.33"},
		{"per hearing English", per, ptr(4), "EN", "4.00 per hearing", "+4.00"},
		{"none", pct, nil, "zh", NoValue, NoValue},
		{"NaN", ratio, ptr(math.NaN()), "zh", NoValue, NoValue},
		{"infinite", ratio, ptr(math.Inf(1)), "en", NoValue, NoValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatValue(tt.ind, tt.v, tt.lang); got != tt.value {
				t.Errorf("FormatValue = %q, want %q", got, tt.value)
			}
			if got := FormatChange(tt.ind, tt.v, tt.lang); got != tt.change {
				t.Errorf("FormatChange = %q, want %q", got, tt.change)
			}
		})
	}
}

func TestValidateIndicator(t *testing.T) {
	valid := builtin(t, "suggestion_reply_rate")
	tests := []struct {
		name  string
		edit  func(*Indicator)
		codes []string
	}{
		{"valid", func(*Indicator) {}, nil},
		{"code with capitals", func(i *Indicator) { i.Code = "Reply_Rate" }, []string{"code:format"}},
		{"code starting with a digit", func(i *Indicator) { i.Code = "2rate" }, []string{"code:format"}},
		{"code too short", func(i *Indicator) { i.Code = "r" }, []string{"code:format"}},
		{"names missing", func(i *Indicator) { i.NameZh, i.NameEn = " ", "" }, []string{"name_zh:required", "name_en:required"}},
		{"no numerator", func(i *Indicator) { i.Numerator = nil }, []string{"numerator:required"}},
		{"unknown quantity", func(i *Indicator) { i.Numerator = Sum("suggestions_ignored") }, []string{"numerator:unknown_quantity"}},
		{"zero coefficient", func(i *Indicator) { i.Denominator = Expr{{0, QuantitySuggestionsDue}} }, []string{"denominator:zero_coefficient"}},
		{"duplicate", func(i *Indicator) { i.Denominator = Sum(QuantitySuggestionsDue, QuantitySuggestionsDue) }, []string{"denominator:duplicate"}},
		{"coefficient too large", func(i *Indicator) { i.Denominator = Expr{{-2_000_000, QuantitySuggestionsDue}} }, []string{"denominator:coefficient_range"}},
		{"unknown direction", func(i *Indicator) { i.Direction = "up" }, []string{"direction:invalid"}},
		{"unknown unit", func(i *Indicator) { i.Unit = "permille" }, []string{"unit:invalid"}},
		{"count over a quantity", func(i *Indicator) { i.Unit = UnitCount }, []string{"denominator:count_denominator"}},
		{"count over 2", func(i *Indicator) { i.Unit, i.Denominator = UnitCount, Const(2) }, []string{"denominator:count_denominator"}},
		{"percent of a constant", func(i *Indicator) { i.Denominator = Const(100) }, []string{"denominator:constant_denominator"}},
		{"negative reference", func(i *Indicator) { i.Reference = ptr(-1) }, []string{"reference:invalid"}},
		{"NaN reference", func(i *Indicator) { i.Reference = ptr(math.NaN()) }, []string{"reference:invalid"}},
		{"zero reference", func(i *Indicator) { i.Reference = ptr(0) }, nil},
		{"formula too long", func(i *Indicator) { i.FormulaEn = strings.Repeat("式", 1001) }, []string{"formula_en:too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := valid
			ind.Numerator, ind.Denominator = slices.Clone(valid.Numerator), slices.Clone(valid.Denominator)
			tt.edit(&ind)
			err := ValidateIndicator(ind)
			if tt.codes == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if diff := cmp.Diff(tt.codes, fieldCodes(err)); diff != "" {
				t.Errorf("field codes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIndicatorQuantities(t *testing.T) {
	want := []Quantity{PersonsOf(EventPleaLeniency), PersonsOf(EventProsecuted), PersonsOf(EventNotProsecuted)}
	if diff := cmp.Diff(want, builtin(t, "plea_leniency_rate").Quantities()); diff != "" {
		t.Errorf("Quantities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Quantity{QuantityHearingsHeld}, builtin(t, "hearings_held").Quantities()); diff != "" {
		t.Errorf("Quantities of a count (-want +got):\n%s", diff)
	}
}
