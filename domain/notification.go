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
		return daysLeftText(due, today, subject, deadlineWords{zh: "检察建议回复期限", en: "Reply due", late: [2]string{"检察建议逾期 ", " 天未回复"}, lateEn: "Reply overdue by",
			noneZh: "检察建议待回复", noneEn: "Reply awaited"})
	case NoticeFilingDue:
		return daysLeftText(due, today, subject, deadlineWords{zh: "检察建议备案期限", en: "Upward filing due", late: [2]string{"检察建议备案已超期 ", " 天"}, lateEn: "Upward filing overdue by",
			noneZh: "检察建议待备案", noneEn: "Upward filing due"})
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

// deadlineWords name a deadline in a reminder: "检察建议回复期限" / "Reply
// due" before the days left, the words around the days overdue, and the
// text when there is no due date.
type deadlineWords struct {
	zh, en         string
	late           [2]string // Chinese, before and after the days overdue
	lateEn         string
	noneZh, noneEn string
}

// daysLeftText says how far today is from due ("还有 5 天", "明日届满",
// "今日届满", overdue), followed by the subject.
func daysLeftText(due, today Date, subject string, w deadlineWords) (zh, en string) {
	if due.IsZero() {
		return w.noneZh + "：" + subject, w.noneEn + ": " + subject
	}
	days := today.DaysUntil(due)
	n, late := strconv.Itoa(days), strconv.Itoa(-days)
	switch {
	case days > 1:
		return w.zh + "还有 " + n + " 天：" + subject, w.en + " in " + n + " days: " + subject
	case days == 1:
		return w.zh + "明日届满：" + subject, w.en + " tomorrow: " + subject
	case days == 0:
		return w.zh + "今日届满：" + subject, w.en + " today: " + subject
	}
	unit := " days: "
	if days == -1 {
		unit = " day: "
	}
	return w.late[0] + late + w.late[1] + "：" + subject, w.lateEn + " " + late + unit + subject
}
