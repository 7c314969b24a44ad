package gendata

import (
	"bytes"
	"testing"

	"procura/domain"
)

func generate(t *testing.T, seed uint64) ([]Case, string) {
	t.Helper()
	var cases []Case
	var buf bytes.Buffer
	cw, err := NewCaseWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	ew, err := NewEventWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Units: []Unit{{Code: "429004", Short: "仙检", Weight: 2, Prosecutors: []string{"甲"}}, {Code: "429005", Short: "潜检", Weight: 1}},
		From: domain.NewDate(2025, 1, 1), To: domain.NewDate(2026, 10, 31), Cases: 3000, Seed: seed,
		Reserved: map[string]bool{"42900420250000001": true}}
	if err := Generate(cfg, func(c Case) error {
		cases = append(cases, c)
		if err := cw.Write(c); err != nil {
			return err
		}
		return ew.Write(c)
	}); err != nil {
		t.Fatal(err)
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := ew.Flush(); err != nil {
		t.Fatal(err)
	}
	return cases, buf.String()
}

// TestGenerateIsDeterministicAndLawful: a seed always gives the same data;
// every case keeps the rules the import enforces.
func TestGenerateIsDeterministicAndLawful(t *testing.T) {
	a, csvA := generate(t, 9)
	_, csvB := generate(t, 9)
	_, csvC := generate(t, 10)
	if csvA != csvB || csvA == csvC {
		t.Fatal("the same seed gave other data, or another seed the same")
	}
	last := domain.NewDate(2026, 10, 31)
	numbers := map[string]bool{}
	var events, ratioCases, ratioExtra int
	for _, c := range a {
		if numbers[c.UnifiedNo] || len(c.UnifiedNo) != 17 || c.UnifiedNo == "42900420250000001" {
			t.Fatalf("bad or repeated number %s", c.UnifiedNo)
		}
		numbers[c.UnifiedNo] = true
		var kinds []domain.CaseEvent
		seen := map[string]bool{}
		rec, adopted := 0, 0
		for _, e := range c.Events {
			if err := domain.CheckEventSequence(kinds, e.Event); err != nil {
				t.Fatalf("%s: %v", c.UnifiedNo, err)
			}
			key := string(e.Event) + e.On.String()
			if seen[key] || e.On.After(last) || e.On.Before(c.ReceivedOn) || e.Persons < 1 || e.Persons > c.Persons {
				t.Fatalf("%s: bad event %+v", c.UnifiedNo, e)
			}
			seen[key] = true
			kinds = append(kinds, e.Event)
			switch e.Event {
			case domain.EventSentencingRecommended:
				rec += e.Persons
			case domain.EventSentencingAdopted:
				adopted += e.Persons
			case domain.EventArrestReviewReceived:
				ratioCases++
			case domain.EventProsecutionReviewReceived:
				if kinds[0] != domain.EventArrestReviewReceived {
					ratioCases++
				}
			case domain.EventReturnedForInvestigation, domain.EventReviewExtended, domain.EventReconsideration, domain.EventReview,
				domain.EventAppeal, domain.EventProtest, domain.EventPetition:
				ratioExtra++
			}
		}
		if adopted > rec {
			t.Fatalf("%s: %d adopted of %d recommended", c.UnifiedNo, adopted, rec)
		}
		events += len(c.Events)
	}
	// About five events a case and a case ratio near 1:1.07.
	if r := float64(ratioCases+ratioExtra) / float64(ratioCases); events < 3*len(a) || r < 1.04 || r > 1.12 {
		t.Errorf("%d events for %d cases, ratio 1:%.3f", events, len(a), r)
	}
}
