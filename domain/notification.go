package domain

import "strconv"

// Notification kinds: each is a hand-off (the next person's turn) or a
// reminder, kept as one item per kind, record and user.
const (
	NoticeAwaitingApproval  = "awaiting_approval"   // submitted → the unit's chiefs
	NoticeToIssue           = "to_issue"            // approved → the unit's clerks (待制发)
	NoticeReturned          = "returned"            // returned for revision → the drafter
	NoticeReplyReceived     = "reply_received"      // a reply came in → handler and supervisors
	NoticeReplyPending      = "reply_pending"       // a reply submitted online awaits acceptance → the clerks and the handler
	NoticeReplyDue          = "reply_due"           // reply due in 7, 3 days, or overdue
	NoticeFilingDue         = "filing_due"          // 备案 not yet done → the clerks and the handler
	NoticeHearingProposed   = "hearing_proposed"    // proposed → the unit's chiefs
	NoticeHearingToSchedule = "hearing_to_schedule" // approved → the unit's clerks
	NoticeHearingToRecord   = "hearing_to_record"   // started, not yet recorded → the clerks
	// held, the officers' majority against the proposed decision: a
	// decision departing from the majority needs the chief → the chiefs
	NoticeHearingMajorityAgainst = "hearing_majority_against"
)

// NoticeKinds lists the kinds in the order of the to-do.
var NoticeKinds = []string{NoticeAwaitingApproval, NoticeHearingProposed, NoticeToIssue, NoticeFilingDue, NoticeHearingToSchedule,
	NoticeHearingToRecord, NoticeHearingMajorityAgainst, NoticeReturned, NoticeReplyPending, NoticeReplyDue, NoticeReplyReceived}

// NoticeText is a notification's text on the day it is shown: a reminder
// counts the days left from today, so it never says 7 days when 3 are
// left. fallbackZh and fallbackEn, the texts stored when it was made,
// serve kinds this function does not know.
func NoticeText(kind, subject string, due Date, today Date, fallbackZh, fallbackEn string) (zh, en string) {
	days := 0
	if !due.IsZero() {
		days = today.DaysUntil(due)
	}
	n := strconv.Itoa(days)
	late := strconv.Itoa(-days)
	switch kind {
	case NoticeAwaitingApproval:
		return "检察建议待您审批：" + subject, "Awaiting your approval: " + subject
	case NoticeToIssue:
		return "检察建议已审批，待制发：" + subject, "Approved, to be issued: " + subject
	case NoticeReturned:
		return "检察建议被退回修改：" + subject, "Returned for revision: " + subject
	case NoticeReplyReceived:
		return "检察建议已收到回复，待跟踪评估：" + subject, "Reply received, to follow up: " + subject
	case NoticeReplyPending:
		return "被建议单位在线提交了回复，待核收：" + subject, "Reply submitted online, to be accepted: " + subject
	case NoticeReplyDue:
		switch {
		case due.IsZero():
		case days > 1:
			return "检察建议回复期限还有 " + n + " 天：" + subject, "Reply due in " + n + " days: " + subject
		case days == 1:
			return "检察建议回复期限明日届满：" + subject, "Reply due tomorrow: " + subject
		case days == 0:
			return "检察建议回复期限今日届满：" + subject, "Reply due today: " + subject
		default:
			return "检察建议逾期 " + late + " 天未回复：" + subject, "Reply overdue by " + late + " days: " + subject
		}
		return "检察建议待回复：" + subject, "Reply awaited: " + subject
	case NoticeFilingDue:
		switch {
		case due.IsZero():
		case days > 1:
			return "检察建议备案期限还有 " + n + " 天：" + subject, "Upward filing due in " + n + " days: " + subject
		case days == 1:
			return "检察建议备案期限明日届满：" + subject, "Upward filing due tomorrow: " + subject
		case days == 0:
			return "检察建议备案期限今日届满：" + subject, "Upward filing due today: " + subject
		default:
			return "检察建议备案已超期 " + late + " 天：" + subject, "Upward filing overdue by " + late + " days: " + subject
		}
		return "检察建议待备案：" + subject, "Upward filing due: " + subject
	case NoticeHearingProposed:
		return "听证申请待您审批：" + subject, "Hearing awaiting your approval: " + subject
	case NoticeHearingToSchedule:
		return "听证已批准，待安排：" + subject, "Hearing approved, to be scheduled: " + subject
	case NoticeHearingToRecord:
		return "听证已开始，待记录：" + subject, "Hearing started, to be recorded: " + subject
	case NoticeHearingMajorityAgainst:
		return "听证员多数意见与拟处理意见不一致，决定如不采纳多数意见须经您批准：" + subject,
			"The officers' majority is against the proposed decision; departing from it needs your approval: " + subject
	}
	return fallbackZh, fallbackEn
}
