package domain

import (
	"slices"
	"strings"
)

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
