package domain

import "math"

// Scoring is the optional weighted score of a report (off by default: the
// national indicator rankings were abolished in October 2024; some
// provinces still score locally). Weights are by indicator code;
// References override the catalogue's reference values.
type Scoring struct {
	Enabled    bool
	Weights    map[string]float64
	References map[string]float64
}

// ValidateScoring checks weights and references: finite, not negative, of
// indicators that exist (known lists the codes).
func ValidateScoring(s Scoring, known func(code string) bool) error {
	var v Validator
	for code, w := range s.Weights {
		if !known(code) {
			v.Add(Field("weights."+code, "unknown", "Unknown indicator.", "未知的指标。"))
		} else if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 || w > 100 {
			v.Add(Field("weights."+code, "range", "A weight is a number from 0 to 100.", "权重应为 0 至 100 之间的数。"))
		}
	}
	for code, r := range s.References {
		if !known(code) {
			v.Add(Field("references."+code, "unknown", "Unknown indicator.", "未知的指标。"))
		} else if math.IsNaN(r) || math.IsInf(r, 0) || r <= 0 {
			v.Add(Field("references."+code, "range", "A reference value is a number above 0.", "参考值应为大于 0 的数。"))
		}
	}
	return v.Err()
}

// Score is the weighted score, 0 to 100, of one row of values (one per
// indicator, nil for none): each weighted indicator with a direction, a
// reference and a value scores min(value ÷ reference, 1) when higher is
// better, min(reference ÷ value, 1) when lower is better (a value of 0
// then scores 1); the score is their weighted mean × 100. Neutral
// indicators, unweighted ones and missing values do not count. nil when
// nothing counts.
func Score(s Scoring, inds []Indicator, values []*float64) *float64 {
	var sum, weights float64
	for i, ind := range inds {
		w := s.Weights[ind.Code]
		if w <= 0 || i >= len(values) || values[i] == nil || ind.Direction == Neutral {
			continue
		}
		ref := ind.Reference
		if r, ok := s.References[ind.Code]; ok {
			ref = &r
		}
		if ref == nil || *ref <= 0 {
			continue
		}
		v := *values[i]
		var part float64
		switch ind.Direction {
		case HigherBetter:
			part = math.Min(v / *ref, 1)
		case LowerBetter:
			if v <= 0 {
				part = 1
			} else {
				part = math.Min(*ref/v, 1)
			}
		}
		sum += w * math.Max(part, 0)
		weights += w
	}
	if weights == 0 {
		return nil
	}
	score := math.Round(sum/weights*1000) / 10
	return &score
}
