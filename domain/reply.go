package domain

import (
	"slices"
	"strconv"
	"strings"
)

// Outcome is how far a recipient adopted a suggestion (or one item of it).
type Outcome string

// Outcomes.
const (
	Adopted          Outcome = "adopted"
	PartiallyAdopted Outcome = "partially_adopted"
	NotAdopted       Outcome = "not_adopted"
)

// Outcomes lists every outcome.
var Outcomes = []Outcome{Adopted, PartiallyAdopted, NotAdopted}

// ItemOutcome is the outcome of one numbered suggestion item.
type ItemOutcome struct {
	Item    int
	Outcome Outcome
}

// Reply is a written reply (复函) of the recipient.
type Reply struct {
	ID           int64
	ReceivedOn   Date
	DocNo        string
	Replier      string
	Outcome      Outcome
	ItemOutcomes []ItemOutcome
	Measures     string
	FundsYuan    int64 // whole yuan committed
	Personnel    int   // people committed
	Interim      bool  // an interim reply does not end the wait for the final one
	Late         bool  // received after the reply due date
}

// ValidateReply checks a reply against its suggestion.
func ValidateReply(s Suggestion, r Reply, today Date) error {
	var v Validator
	checkDay(&v, "received_on", r.ReceivedOn, s.ServedOn, today)
	checkText(&v, "replier", r.Replier, 200)
	if len([]rune(r.DocNo)) > 100 {
		v.Add(TooLong("doc_no", 100))
	}
	v.Check(slices.Contains(Outcomes, r.Outcome), Field("outcome", "invalid", "The outcome is adopted, partially_adopted or not_adopted.", "采纳情况应为采纳、部分采纳或未采纳。"))
	seen := map[int]bool{}
	for i, io := range r.ItemOutcomes {
		f := "item_outcomes[" + strconv.Itoa(i) + "]"
		v.Check(io.Item >= 1 && io.Item <= len(s.Items), Field(f+".item", "unknown_item", "No such suggestion item.", "没有该项建议。"))
		v.Check(!seen[io.Item], Field(f+".item", "duplicate", "This item has an outcome already.", "该项建议已填写采纳情况。"))
		v.Check(slices.Contains(Outcomes, io.Outcome), Field(f+".outcome", "invalid", "Unknown outcome.", "未知的采纳情况。"))
		seen[io.Item] = true
	}
	v.Check(r.FundsYuan >= 0, Field("funds_yuan", "negative", "Funds cannot be negative.", "投入资金不能为负数。"))
	v.Check(r.Personnel >= 0, Field("personnel", "negative", "Personnel cannot be negative.", "投入人员不能为负数。"))
	if len([]rune(r.Measures)) > 20000 {
		v.Add(TooLong("measures", 20000))
	}
	return v.Err()
}

// ApplyReply records a reply: it is late when received after the due
// date, and the first final reply moves an issued suggestion to replied.
func ApplyReply(s Suggestion, r Reply) (Suggestion, Reply) {
	r.Late = !s.ReplyDueOn.IsZero() && r.ReceivedOn.After(s.ReplyDueOn)
	if !r.Interim {
		s.HasFinalReply = true
		if s.Status == StatusIssued {
			s.Status = StatusReplied
		}
	}
	return s, r
}

// FollowUpMethods are the ways of following up (跟踪督促).
// Phone and letter are the usual ways of pressing for an overdue reply;
// evidence is the recipient's own evidence of rectification (整改材料),
// accepted from the recipient portal or received on paper.
var FollowUpMethods = []string{"phone", "letter", "inquiry", "site_visit", "consultation", "joint_meeting", "revisit", FollowUpEvidence}

// FollowUpEvidence is the method of a follow-up that records the
// recipient's evidence of rectification.
const FollowUpEvidence = "evidence"

// FollowUp is one follow-up (跟踪督促): of an unanswered suggestion, or of
// rectification after a reply.
type FollowUp struct {
	ID       int64
	On       Date
	Method   string
	Findings string
}

// ValidateFollowUp checks a follow-up against its suggestion.
func ValidateFollowUp(s Suggestion, f FollowUp, today Date) error {
	var v Validator
	checkDay(&v, "on", f.On, s.ServedOn, today)
	v.Check(slices.Contains(FollowUpMethods, f.Method), Field("method", "invalid",
		"The method is phone, letter, inquiry, site_visit, consultation, joint_meeting, revisit or evidence.", "督促方式应为电话督促、发函督促、询问、实地查看、磋商、联席会议、回头看或整改材料。"))
	checkText(&v, "findings", f.Findings, 20000)
	return v.Err()
}

// ApplyFollowUp moves a replied suggestion into rectification.
func ApplyFollowUp(s Suggestion) Suggestion {
	if s.Status == StatusReplied {
		s.Status = StatusRectifying
	}
	return s
}

// Verification results (整改评估).
const (
	Rectified          = "rectified"
	PartiallyRectified = "partially_rectified"
	NotRectified       = "not_rectified"
)

// VerificationResults lists every result.
var VerificationResults = []string{Rectified, PartiallyRectified, NotRectified}

// NonPerformanceCodes classify a public-interest recipient's failure to
// perform its duty (检察公益诉讼 不依法履职 situations).
var NonPerformanceCodes = []string{
	"no_reply_no_rectification",            // 逾期不回复且未整改
	"plan_not_executed",                    // 整改方案未实际执行
	"reply_without_measures",               // 回复整改但未采取实质措施
	"duty_unperformed_despite_prosecution", // 违法行为人被追究刑责后仍未履职
	"not_resumed_after_obstacle",           // 客观障碍消除后未恢复履职
	"unlawful_measures",                    // 采取的措施违法
	"other",
}

// Verification is a supervisor's assessment of rectification.
type Verification struct {
	ID                  int64
	On                  Date
	Result              string
	NonPerformanceCodes []string
	Notes               string
}

// ValidateVerification checks a verification against its suggestion.
func ValidateVerification(s Suggestion, vf Verification, today Date) error {
	var v Validator
	checkDay(&v, "on", vf.On, s.ServedOn, today)
	v.Check(slices.Contains(VerificationResults, vf.Result), Field("result", "invalid",
		"The result is rectified, partially_rectified or not_rectified.", "评估结论应为整改到位、部分整改或未整改。"))
	for i, c := range vf.NonPerformanceCodes {
		v.Check(slices.Contains(NonPerformanceCodes, c), Field("non_performance_codes["+strconv.Itoa(i)+"]", "invalid", "Unknown code.", "未知的不依法履职情形。"))
	}
	if len(vf.NonPerformanceCodes) > 0 && s.Type != TypePublicInterest {
		v.Add(Field("non_performance_codes", "not_public_interest", "Only public-interest suggestions take non-performance codes.", "仅公益诉讼检察建议需认定不依法履职情形。"))
	}
	if len(vf.NonPerformanceCodes) > 0 && vf.Result == Rectified {
		v.Add(Field("non_performance_codes", "rectified", "A rectified suggestion has no non-performance.", "整改到位的不应认定不依法履职情形。"))
	}
	if len([]rune(strings.TrimSpace(vf.Notes))) > 20000 {
		v.Add(TooLong("notes", 20000))
	}
	return v.Err()
}

// ApplyVerification moves a suggestion whose rectification is verified
// as complete to verified; other results leave the state.
func ApplyVerification(s Suggestion, vf Verification) Suggestion {
	if vf.Result == Rectified {
		s.Status = StatusVerified
	}
	return s
}
