package domain

import (
	"slices"
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
