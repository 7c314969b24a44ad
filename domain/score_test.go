package domain

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	ref := func(x float64) *float64 { return &x }
	inds := []Indicator{
		{Code: "up", Direction: HigherBetter, Reference: ref(80)},
		{Code: "down", Direction: LowerBetter, Reference: ref(1)},
		{Code: "flat", Direction: Neutral, Reference: ref(10)},
		{Code: "noref", Direction: HigherBetter},
	}
	s := Scoring{Enabled: true, Weights: map[string]float64{"up": 3, "down": 1, "flat": 5, "noref": 5}}
	// up: 60/80 = 0.75 × 3; down: 1/1.25 = 0.8 × 1; flat and noref do not count: (2.25 + 0.8) / 4 = 76.25.
	got := Score(s, inds, []*float64{ref(60), ref(1.25), ref(3), ref(50)})
	if got == nil || math.Abs(*got-76.3) > 1e-9 {
		t.Errorf("Score = %v, want 76.3", got)
	}
	// Above the reference is capped at full marks; a lower-better 0 is full marks.
	if got := Score(s, inds, []*float64{ref(95), ref(0), nil, nil}); got == nil || *got != 100 {
		t.Errorf("capped Score = %v, want 100", got)
	}
	// A reference set in the options overrides the catalogue's.
	s.References = map[string]float64{"up": 120}
	if got := Score(s, inds[:1], []*float64{ref(60)}); got == nil || *got != 50 {
		t.Errorf("overridden Score = %v, want 50", got)
	}
	// Nothing that counts: no score.
	if got := Score(s, inds, []*float64{nil, nil, ref(1), ref(1)}); got != nil {
		t.Errorf("Score without figures = %v, want nil", *got)
	}
}

func TestValidateScoring(t *testing.T) {
	known := func(code string) bool { return code == "case_ratio" }
	if err := ValidateScoring(Scoring{Weights: map[string]float64{"case_ratio": 10}, References: map[string]float64{"case_ratio": 1.05}}, known); err != nil {
		t.Fatalf("valid scoring refused: %v", err)
	}
	for _, tt := range []struct {
		s    Scoring
		want string
	}{
		{Scoring{Weights: map[string]float64{"nope": 1}}, "weights.nope:unknown"},
		{Scoring{Weights: map[string]float64{"case_ratio": -1}}, "weights.case_ratio:range"},
		{Scoring{Weights: map[string]float64{"case_ratio": math.NaN()}}, "weights.case_ratio:range"},
		{Scoring{References: map[string]float64{"case_ratio": 0}}, "references.case_ratio:range"},
	} {
		if got := joinedCodes(ValidateScoring(tt.s, known)); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
