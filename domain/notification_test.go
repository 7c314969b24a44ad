package domain

import "testing"

// TestNoticeTextCountsFromToday: a reminder made seven days ahead says
// three days when shown four days later.
func TestNoticeTextCountsFromToday(t *testing.T) {
	due := NewDate(2026, 12, 10)
	for _, c := range []struct {
		today  Date
		zh, en string
	}{
		{NewDate(2026, 12, 3), "检察建议回复期限还有 7 天：X", "Reply due in 7 days: X"},
		{NewDate(2026, 12, 7), "检察建议回复期限还有 3 天：X", "Reply due in 3 days: X"},
		{NewDate(2026, 12, 9), "检察建议回复期限明日届满：X", "Reply due tomorrow: X"},
		{NewDate(2026, 12, 12), "检察建议逾期 2 天未回复：X", "Reply overdue by 2 days: X"},
	} {
		zh, en := NoticeText(NoticeReplyDue, "X", due, c.today, "", "")
		if zh != c.zh || en != c.en {
			t.Errorf("%s: %q / %q, want %q / %q", c.today, zh, en, c.zh, c.en)
		}
	}
	if zh, _ := NoticeText("legacy", "X", Date{}, due, "旧", "old"); zh != "旧" {
		t.Errorf("unknown kind: %q, want the stored text", zh)
	}
}
