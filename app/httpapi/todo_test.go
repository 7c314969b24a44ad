package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"procura/domain"
)

// todoOf is the caller's to-do as kind → suggestion or hearing ids.
func todoOf(t *testing.T, c *client) (map[string][]int64, map[string]int64) {
	t.Helper()
	var res todoResponse
	mustDecode(t, c.do(t, "GET", "/api/v1/todo", nil), &res)
	ids, counts := map[string][]int64{}, map[string]int64{}
	for _, g := range res.Groups {
		counts[g.Kind] = g.Count
		for _, n := range g.Items {
			switch {
			case n.SuggestionID != nil:
				ids[g.Kind] = append(ids[g.Kind], *n.SuggestionID)
			case n.HearingID != nil:
				ids[g.Kind] = append(ids[g.Kind], *n.HearingID)
			}
		}
	}
	return ids, counts
}

func hasID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestHandOffsReachTheNextPerson follows one suggestion through its
// hand-offs: each reaches the next person's to-do at once and leaves it
// when the task is done; 撤回 takes it back to draft.
func TestHandOffsReachTheNextPerson(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	chief := ts.login(t, "chief.xiantao")
	clerk := ts.login(t, "clerk.xiantao")
	supervisor := ts.login(t, "supervisor.hanjiang") // the branch above: reaches Xiantao

	var s suggestionResponse
	mustDecode(t, prosecutor.do(t, "POST", "/api/v1/suggestions", suggestionBody()), &s)
	_, before := todoOf(t, chief)
	transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
	ids, counts := todoOf(t, chief)
	if !hasID(ids[domain.NoticeAwaitingApproval], s.ID) || counts[domain.NoticeAwaitingApproval] != before[domain.NoticeAwaitingApproval]+1 {
		t.Fatalf("after submit the chief's to-do is %v %v (before %v)", ids, counts, before)
	}

	// 撤回: back to draft for editing, gone from the chief's to-do.
	s = transition(t, prosecutor, s.ID, map[string]any{"action": "recall"}, 200)
	if s.Status != "draft" || !strings.Contains(strings.Join(s.AllowedActions, ","), "edit") {
		t.Fatalf("after recall: %s %v", s.Status, s.AllowedActions)
	}
	if ids, counts = todoOf(t, chief); hasID(ids[domain.NoticeAwaitingApproval], s.ID) || counts[domain.NoticeAwaitingApproval] != before[domain.NoticeAwaitingApproval] {
		t.Errorf("after recall the chief still has it: %v %v", ids, counts)
	}
	if ids, _ := todoOf(t, prosecutor); hasID(ids[domain.NoticeReturned], s.ID) {
		t.Error("a recalled draft shows as returned")
	}
	// A recall by the chief, or of a draft, is refused.
	transition(t, chief, s.ID, map[string]any{"action": "recall"}, 403)
	transition(t, prosecutor, s.ID, map[string]any{"action": "recall"}, 409)

	// Returned for revision → the drafter; resubmitted → the chief again.
	transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
	transition(t, chief, s.ID, map[string]any{"action": "return", "opinion": "请补充事实。"}, 200)
	if ids, _ := todoOf(t, prosecutor); !hasID(ids[domain.NoticeReturned], s.ID) {
		t.Errorf("the drafter was not told of the return: %v", ids)
	}
	transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
	if ids, _ := todoOf(t, prosecutor); hasID(ids[domain.NoticeReturned], s.ID) {
		t.Error("the return stays in the to-do after resubmitting")
	}
	if ids, _ := todoOf(t, chief); !hasID(ids[domain.NoticeAwaitingApproval], s.ID) {
		t.Error("the resubmitted draft did not reach the chief")
	}

	// Approved → the clerks (待制发); issued → gone, and the filing is due.
	_, clerkBefore := todoOf(t, clerk)
	transition(t, chief, s.ID, map[string]any{"action": "approve", "opinion": "同意。"}, 200)
	ids, counts = todoOf(t, clerk)
	if !hasID(ids[domain.NoticeToIssue], s.ID) || counts[domain.NoticeToIssue] != clerkBefore[domain.NoticeToIssue]+1 {
		t.Fatalf("the clerk's to-do after approval: %v %v", ids, counts)
	}
	transition(t, clerk, s.ID, map[string]any{"action": "issue", "served_on": "2026-03-31", "service_method": "written"}, 200)
	ids, counts = todoOf(t, clerk)
	if hasID(ids[domain.NoticeToIssue], s.ID) || counts[domain.NoticeToIssue] != clerkBefore[domain.NoticeToIssue] {
		t.Errorf("issued, still to issue: %v %v", ids, counts)
	}
	if counts[domain.NoticeFilingDue] <= clerkBefore[domain.NoticeFilingDue] {
		t.Errorf("no filing task for the clerk: %v", counts)
	}

	// Served on 31 March, due 1 June: overdue. The scan tells the handler,
	// the clerks and the supervisors, once, with the real days late.
	ctx := context.Background()
	for _, d := range []int{0, 1, 2} {
		if _, err := ts.db.GenerateReminders(ctx, ts.today().AddDays(-d)); err != nil {
			t.Fatal(err)
		}
	}
	late := domain.NewDate(2026, 6, 1).DaysUntil(ts.today())
	for _, c := range []*client{prosecutor, clerk, supervisor} {
		var list notificationList
		mustDecode(t, c.do(t, "GET", "/api/v1/notifications?kind=reply_due&limit=200", nil), &list)
		var mine []notificationResponse
		for _, n := range list.Items {
			if n.SuggestionID != nil && *n.SuggestionID == s.ID {
				mine = append(mine, n)
			}
		}
		if len(mine) != 1 {
			t.Fatalf("%d reply reminders for one suggestion", len(mine))
		}
		want := fmt.Sprintf("检察建议逾期 %d 天未回复：%s", late, s.Title)
		if mine[0].TitleZh != want || mine[0].DaysLeft == nil || *mine[0].DaysLeft != -late || mine[0].Done {
			t.Errorf("reminder %+v, want %q", mine[0], want)
		}
	}

	// 跟踪督促 of the overdue, unanswered suggestion by the supervisor.
	rec := supervisor.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/followups", s.ID),
		map[string]any{"on": ts.today().String(), "method": "phone", "findings": "电话督促被建议单位尽快书面回复。"})
	if rec.Code != 201 {
		t.Fatalf("follow-up: %d %s", rec.Code, rec.Body)
	}
	got := getSuggestion(t, supervisor, s.ID)
	if got.Status != "issued" || !got.Overdue || len(got.Followups) != 1 || got.Followups[0].Method != "phone" {
		t.Errorf("after the follow-up: %s overdue %v %+v", got.Status, got.Overdue, got.Followups)
	}
	// …and in the analysis: the report's overdue list counts it.
	var report bimonthlyReport
	rec = supervisor.do(t, "GET", fmt.Sprintf("/api/v1/reports/bimonthly?unit_id=%d&year=%d&bimonth=%d", s.Unit.ID, ts.today().Year(),
		(int(ts.today().Month())+1)/2), nil)
	mustDecode(t, rec, &report)
	counted := false
	for _, o := range report.OverdueSuggestions {
		counted = counted || (o.ID == s.ID && o.Followups == 1 && o.LastFollowupOn != nil && *o.LastFollowupOn == ts.today().String())
	}
	if !counted {
		t.Errorf("the report's overdue list does not show the follow-up (%d): %s", rec.Code, rec.Body.String()[:min(400, rec.Body.Len())])
	}
	bad := supervisor.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/followups", s.ID), map[string]any{"on": ts.today().String(), "method": "fax"})
	named := false
	for _, f := range decodeErrorBody(t, bad).Fields {
		named = named || (f.Field == "method" && f.Message != "" && f.MessageZh != "")
	}
	if bad.Code != 422 || !named {
		t.Errorf("an unknown method: %d %s", bad.Code, bad.Body)
	}
	// A draft is not followed up.
	var d suggestionResponse
	mustDecode(t, prosecutor.do(t, "POST", "/api/v1/suggestions", suggestionBody()), &d)
	if rec := supervisor.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/followups", d.ID),
		map[string]any{"on": ts.today().String(), "method": "phone"}); rec.Code != 409 {
		t.Errorf("follow-up of a draft: %d", rec.Code)
	}

	// The reply → handler and supervisors; the reminder is done.
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/replies", s.ID), map[string]any{"received_on": ts.today().String(),
		"replier": "仙桃市人民政府", "outcome": "adopted"}); rec.Code != 201 {
		t.Fatalf("reply: %d %s", rec.Code, rec.Body)
	}
	ids, _ = todoOf(t, supervisor)
	if !hasID(ids[domain.NoticeReplyReceived], s.ID) || hasID(ids[domain.NoticeReplyDue], s.ID) {
		t.Errorf("the supervisor's to-do after the reply: %v", ids)
	}
}

// TestReplyReminderCountsFromToday: one item per suggestion and user
// through 7 days, 3 days and overdue, its text counted on the day shown.
func TestReplyReminderCountsFromToday(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	p := userID(t, ts, "prosecutor.xiantao")
	u, err := ts.db.GetUnitByCode(context.Background(), "429004")
	if err != nil {
		t.Fatal(err)
	}
	id := seedSuggestion(t, ts.db, u.ID, p, domain.StatusApproved)
	served := ts.today()
	s := transition(t, prosecutor, id, map[string]any{"action": "issue", "served_on": served.String(), "service_method": "written"}, 200)
	due, err := domain.ParseDate(*s.ReplyDueOn)
	if err != nil {
		t.Fatal(err)
	}
	reminder := func() []notificationResponse {
		var list notificationList
		mustDecode(t, prosecutor.do(t, "GET", "/api/v1/notifications?kind=reply_due&limit=200", nil), &list)
		var out []notificationResponse
		for _, n := range list.Items {
			if *n.SuggestionID == id {
				out = append(out, n)
			}
		}
		return out
	}
	// The scan runs on the days 7, 5 and 3 days before the due date; the
	// server's clock is on the day after each scan.
	for _, before := range []int{7, 5, 3} {
		day := due.AddDays(-before)
		if _, err := ts.db.GenerateReminders(context.Background(), day); err != nil {
			t.Fatal(err)
		}
		ts.clock.mu.Lock()
		ts.clock.now = time.Date(day.Year(), day.Month(), day.Day()+1, 9, 0, 0, 0, domain.Shanghai)
		ts.clock.mu.Unlock()
		prosecutor = ts.login(t, "prosecutor.xiantao") // the session would have expired
		got := reminder()
		if len(got) != 1 {
			t.Fatalf("%d days before: %d items", before, len(got))
		}
		left := before - 1
		want := fmt.Sprintf("检察建议回复期限还有 %d 天：", left)
		if left == 1 {
			want = "检察建议回复期限明日届满："
		}
		if !strings.HasPrefix(got[0].TitleZh, want) || *got[0].DaysLeft != left {
			t.Errorf("%d days before, shown a day later: %q (%d left), want %q", before, got[0].TitleZh, *got[0].DaysLeft, want)
		}
		if before == 3 && got[0].ReadAt != nil {
			t.Error("passing to 3 days did not bring the item back unread")
		}
		if before == 7 {
			if rec := prosecutor.do(t, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", got[0].ID), nil); rec.Code != 204 {
				t.Fatalf("read: %d", rec.Code)
			}
		}
	}
}

// TestDeleteDraft: a draft never issued is deleted by its author only,
// and the deletion is audited; nothing issued can be deleted.
func TestDeleteDraft(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	colleague := createAccount(t, ts, "prosecutor2.xiantao", "429004", "prosecutor")
	chief := ts.login(t, "chief.xiantao")
	var s suggestionResponse
	mustDecode(t, prosecutor.do(t, "POST", "/api/v1/suggestions", suggestionBody()), &s)
	path := fmt.Sprintf("/api/v1/suggestions/%d", s.ID)
	if !strings.Contains(strings.Join(s.AllowedActions, ","), "delete") {
		t.Errorf("the author is not offered delete: %v", s.AllowedActions)
	}
	if rec := colleague.do(t, "DELETE", path, nil); rec.Code != 403 {
		t.Errorf("another prosecutor deletes: %d", rec.Code)
	}
	if rec := chief.do(t, "DELETE", path, nil); rec.Code != 403 {
		t.Errorf("the chief deletes: %d", rec.Code)
	}
	// Submitted, it cannot be deleted; recalled, it can.
	transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
	if rec := prosecutor.do(t, "DELETE", path, nil); rec.Code != 409 {
		t.Errorf("deleting a submitted suggestion: %d", rec.Code)
	}
	transition(t, prosecutor, s.ID, map[string]any{"action": "recall"}, 200)
	if rec := prosecutor.do(t, "DELETE", path, nil); rec.Code != 204 {
		t.Fatalf("the author deletes: %d %s", rec.Code, rec.Body)
	}
	if rec := prosecutor.do(t, "GET", path, nil); rec.Code != 404 {
		t.Errorf("after delete: %d", rec.Code)
	}
	var n int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'delete' AND entity = 'suggestion' AND entity_id = $1
		AND before->>'title' = $2 AND after IS NULL`, fmt.Sprint(s.ID), s.Title).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit of the delete: %d (%v)", n, err)
	}
	// Issued: never deleted.
	p := userID(t, ts, "prosecutor.xiantao")
	u, err := ts.db.GetUnitByCode(context.Background(), "429004")
	if err != nil {
		t.Fatal(err)
	}
	issued := seedSuggestion(t, ts.db, u.ID, p, domain.StatusIssued)
	if rec := prosecutor.do(t, "DELETE", fmt.Sprintf("/api/v1/suggestions/%d", issued), nil); rec.Code != 409 {
		t.Errorf("deleting an issued suggestion: %d", rec.Code)
	}
}

func userID(t *testing.T, ts *testServer, username string) int64 {
	t.Helper()
	var id int64
	if err := ts.db.SQL().QueryRow(`SELECT id FROM users WHERE username = $1`, username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestMajorityAgainstTheProposalReachesTheChief: a held hearing whose
// officers mostly disagree with the proposed decision is the chief's to
// decide on (a departure from the majority needs the chief); once the
// chief has approved a departure it leaves the to-do.
func TestMajorityAgainstTheProposalReachesTheChief(t *testing.T) {
	ts := newTestServer(t, nil)
	chief := ts.login(t, "chief.hanjiang")
	var id int64
	if err := ts.db.SQL().QueryRow(`SELECT id FROM hearings WHERE title = '吴某刑事申诉公开听证' AND status = 'held'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if ids, _ := todoOf(t, chief); hasID(ids[domain.NoticeHearingMajorityAgainst], id) {
		t.Fatal("all five officers agree, yet the chief is asked")
	}
	if _, err := ts.db.SQL().Exec(`UPDATE hearing_participants SET position = 'disagree' WHERE hearing_id = $1 AND role = 'hearing_officer'
		AND id IN (SELECT id FROM hearing_participants WHERE hearing_id = $1 AND role = 'hearing_officer' ORDER BY id LIMIT 3)`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.db.GenerateReminders(context.Background(), ts.today()); err != nil {
		t.Fatal(err)
	}
	if ids, _ := todoOf(t, chief); !hasID(ids[domain.NoticeHearingMajorityAgainst], id) {
		t.Fatalf("3 of 5 against the proposal, the chief's to-do: %v", ids)
	}
	if _, err := ts.db.SQL().Exec(`UPDATE hearings SET departure_approved = true WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if ids, _ := todoOf(t, chief); hasID(ids[domain.NoticeHearingMajorityAgainst], id) {
		t.Error("still to do after the departure was approved")
	}
}
