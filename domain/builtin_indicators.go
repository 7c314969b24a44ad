package domain

import (
	"slices"
)

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
