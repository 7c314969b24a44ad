package domain

import "testing"

// TestNoticeTextCountsFromToday: a reminder made seven days ahead says
// three days when shown four days later.
func TestNoticeTextCountsFromToday(t *testing.T) {
	due := NewDate(2026, 12, 10)
	for _, c := range []struct {
		kind   string
		due    Date
		today  Date
		zh, en string
	}{
		{NoticeReplyDue, due, NewDate(2026, 12, 3), "检察建议回复期限还有 7 天：X", "Reply due in 7 days: X"},
		{NoticeReplyDue, due, NewDate(2026, 12, 7), "检察建议回复期限还有 3 天：X", "Reply due in 3 days: X"},
		{NoticeReplyDue, due, NewDate(2026, 12, 9), "检察建议回复期限明日届满：X", "Reply due tomorrow: X"},
		{NoticeReplyDue, due, NewDate(2026, 12, 12), "检察建议逾期 2 天未回复：X", "Reply overdue by 2 days: X"},
		{NoticeReplyDue, Date{}, NewDate(2026, 12, 12), "检察建议待回复：X", "Reply awaited: X"},
		{NoticeFilingDue, due, NewDate(2026, 12, 5), "检察建议备案期限还有 5 天：X", "Upward filing due in 5 days: X"},
		{NoticeFilingDue, due, NewDate(2026, 12, 10), "检察建议备案期限今日届满：X", "Upward filing due today: X"},
		{NoticeFilingDue, due, NewDate(2026, 12, 11), "检察建议备案已超期 1 天：X", "Upward filing overdue by 1 day: X"},
		{NoticeFilingDue, Date{}, NewDate(2026, 12, 11), "检察建议待备案：X", "Upward filing due: X"},
	} {
		zh, en := NoticeText(c.kind, "X", c.due, c.today, "", "")
		if zh != c.zh || en != c.en {
			t.Errorf("%s: %q / %q, want %q / %q", c.today, zh, en, c.zh, c.en)
		}
	}
	if zh, _ := NoticeText("legacy", "X", Date{}, due, "旧", "old"); zh != "旧" {
		t.Errorf("unknown kind: %q, want the stored text", zh)
	}
}
