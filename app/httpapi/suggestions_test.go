package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"procura/domain"
)

func getSuggestion(t *testing.T, c *client, id int64) suggestionResponse {
	t.Helper()
	rec := c.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", id), nil)
	if rec.Code != 200 {
		t.Fatalf("get suggestion %d: %d %s", id, rec.Code, rec.Body)
	}
	var s suggestionResponse
	mustDecode(t, rec, &s)
	return s
}

// withVersion adds the record's current version to a transition body
// that does not name one, as the UI does.
func withVersion(t *testing.T, c *client, path string, body map[string]any) {
	t.Helper()
	if _, ok := body["version"]; ok {
		return
	}
	var cur struct {
		Version int `json:"version"`
	}
	cur.Version = 1
	if rec := c.do(t, "GET", path, nil); rec.Code == 200 {
		mustDecode(t, rec, &cur)
	}
	body["version"] = cur.Version
}

func transition(t *testing.T, c *client, id int64, body map[string]any, want int) suggestionResponse {
	t.Helper()
	withVersion(t, c, fmt.Sprintf("/api/v1/suggestions/%d", id), body)
	rec := c.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/transitions", id), body)
	if rec.Code != want {
		t.Fatalf("transition %v: %d, want %d: %s", body, rec.Code, want, rec.Body)
	}
	var s suggestionResponse
	if want == 200 {
		mustDecode(t, rec, &s)
	}
	return s
}

// TestSuggestionStory walks the lifecycle as the demo accounts would.
func TestSuggestionStory(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	chief := ts.login(t, "chief.xiantao")
	clerk := ts.login(t, "clerk.xiantao")
	supervisor := ts.login(t, "supervisor.xiantao")

	rec := prosecutor.do(t, "POST", "/api/v1/suggestions", suggestionBody())
	if rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var s suggestionResponse
	mustDecode(t, rec, &s)
	if s.Status != "draft" || s.Unit.Code != "429004" || s.DocNo != nil || len(s.Items) != 2 || s.Items[1].No != 2 ||
		s.Recipient.Name != "仙桃市人民政府" || s.CaseNumbers[0] != "42900420260000123" || s.HandlingProsecutor.Name != "张明" {
		t.Fatalf("created %+v", s)
	}
	if strings.Join(s.AllowedActions, ",") != "submit,withdraw,edit,attach,delete" {
		t.Errorf("prosecutor's actions on a draft: %v", s.AllowedActions)
	}

	// The chief cannot approve a draft: 409 naming the state and allowed actions.
	rec = chief.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/transitions", s.ID), map[string]any{"action": "approve", "version": s.Version})
	if e := decodeErrorBody(t, rec); rec.Code != 409 || e.Code != "illegal_transition" || e.Details["status"] != "draft" {
		t.Fatalf("approve a draft: %d %s", rec.Code, rec.Body)
	}
	s = transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
	if s.Status != "pending_approval" {
		t.Fatalf("after submit: %s", s.Status)
	}
	// The chief hears of it at once.
	var notes notificationList
	mustDecode(t, chief.do(t, "GET", "/api/v1/notifications?unread=true&limit=200", nil), &notes)
	told := false
	for _, n := range notes.Items {
		told = told || (n.Kind == "awaiting_approval" && n.SuggestionID != nil && *n.SuggestionID == s.ID)
	}
	if !told {
		t.Error("the chief was not notified of the submitted suggestion")
	}
	// A clerk cannot approve.
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/transitions", s.ID), map[string]any{"action": "approve", "version": s.Version}); rec.Code != 403 {
		t.Fatalf("clerk approves: %d %s", rec.Code, rec.Body)
	}
	s = transition(t, chief, s.ID, map[string]any{"action": "approve", "opinion": "同意制发。"}, 200)
	if s.Status != "approved" || len(s.Approvals) != 1 || s.Approvals[0].Opinion != "同意制发。" || s.Approvals[0].Actor.Name != "陈建国" {
		t.Fatalf("after approve: %+v", s)
	}
	s = transition(t, clerk, s.ID, map[string]any{"action": "issue", "served_on": "2026-03-31", "service_method": "written"}, 200)
	if s.Status != "issued" || s.DocNo == nil || !regexp.MustCompile(`^仙检社建〔2026〕\d+号$`).MatchString(*s.DocNo) {
		t.Fatalf("after issue: %+v", s)
	}
	// 2026-03-31 + 2 months = 2026-05-31, a Sunday → Monday 1 June.
	// Filing: + 5 days = 5 April, inside the Qingming holiday → 7 April.
	if *s.ReplyDueOn != "2026-06-01" || *s.FilingDueOn != "2026-04-07" || !s.Overdue {
		t.Errorf("due %v filing %v overdue %v", *s.ReplyDueOn, *s.FilingDueOn, s.Overdue)
	}

	rec = clerk.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/replies", s.ID), map[string]any{"received_on": "2026-05-20",
		"doc_no": "仙政函〔2026〕12号", "replier": "仙桃市人民政府", "outcome": "adopted",
		"item_outcomes": []map[string]any{{"item": 1, "outcome": "adopted"}, {"item": 2, "outcome": "adopted"}},
		"measures":      "投入资金", "funds_yuan": 43000000, "personnel": 10})
	if rec.Code != 201 {
		t.Fatalf("reply: %d %s", rec.Code, rec.Body)
	}
	rec = prosecutor.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/followups", s.ID), map[string]any{"on": "2026-06-10", "method": "site_visit", "findings": "已落实"})
	if rec.Code != 201 {
		t.Fatalf("follow-up: %d %s", rec.Code, rec.Body)
	}
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/verification", s.ID), map[string]any{"on": "2026-08-01", "result": "rectified"}); rec.Code != 403 {
		t.Fatalf("clerk verifies: %d", rec.Code)
	}
	rec = supervisor.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/verification", s.ID), map[string]any{"on": "2026-08-01", "result": "rectified", "notes": "整改到位"})
	if rec.Code != 201 {
		t.Fatalf("verify: %d %s", rec.Code, rec.Body)
	}
	s = getSuggestion(t, supervisor, s.ID)
	if s.Status != "verified" || s.Overdue || len(s.Replies) != 1 || s.Replies[0].FundsYuan != 43000000 || s.Replies[0].Late ||
		len(s.Followups) != 1 || s.Verification == nil || s.Verification.Result != "rectified" {
		t.Fatalf("after verification: %+v", s)
	}
	steps := []string{}
	for _, tr := range s.Transitions {
		steps = append(steps, tr.To)
	}
	if got := strings.Join(steps, ","); got != "pending_approval,approved,issued,replied,rectifying,verified" {
		t.Errorf("timeline %s", got)
	}
	if len(s.History) < 7 {
		t.Errorf("history has %d events", len(s.History))
	}
	s = transition(t, supervisor, s.ID, map[string]any{"action": "close", "reason": "整改到位，办结。"}, 200)
	if s.Status != "closed" || s.ClosedReason != "整改到位，办结。" {
		t.Errorf("after close: %s %q", s.Status, s.ClosedReason)
	}

	// Scope: Tianmen sees nothing of it.
	tianmen := ts.login(t, "prosecutor.tianmen")
	if rec := tianmen.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), nil); rec.Code != 404 {
		t.Errorf("Tianmen reads a Xiantao suggestion: %d", rec.Code)
	}
	for _, x := range listSuggestions(t, tianmen, "") {
		if x.Unit.Code != "429006" {
			t.Errorf("Tianmen lists %s of %s", x.Title, x.Unit.Code)
		}
	}
}

func listSuggestions(t *testing.T, c *client, query string) []suggestionSummary {
	t.Helper()
	rec := c.do(t, "GET", "/api/v1/suggestions?limit=200&"+query, nil)
	if rec.Code != 200 {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
	var body listResponse[suggestionSummary]
	mustDecode(t, rec, &body)
	return body.Items
}

func TestSuggestionValidationAndConflicts(t *testing.T) {
	ts := newTestServer(t, nil)
	p := ts.login(t, "prosecutor.xiantao")
	rec := p.do(t, "POST", "/api/v1/suggestions", map[string]any{"type": "advice", "category": "weather", "title": "",
		"recipient": map[string]any{"name": "", "kind": "ministry"}, "case_numbers": []string{"123"}, "urgent": true})
	e := decodeErrorBody(t, rec)
	got := map[string]bool{}
	for _, f := range e.Fields {
		got[f.Field] = true
	}
	for _, f := range []string{"type", "title", "recipient.name", "recipient.kind", "case_numbers[0]", "urgent"} {
		if !got[f] {
			t.Errorf("no error for %s: %s", f, rec.Body)
		}
	}
	if rec.Code != 422 || e.Fields[0].MessageZh == "" {
		t.Errorf("status %d", rec.Code)
	}
	body := suggestionBody()
	body["category"] = "weather"
	if rec := p.do(t, "POST", "/api/v1/suggestions", body); rec.Code != 422 || decodeErrorBody(t, rec).Fields[0].Field != "category" {
		t.Errorf("unknown category: %d %s", rec.Code, rec.Body)
	}

	rec = p.do(t, "POST", "/api/v1/suggestions", suggestionBody())
	var s suggestionResponse
	mustDecode(t, rec, &s)
	edit := suggestionBody()
	edit["title"] = "关于加强毒品犯罪源头治理的检察建议"
	edit["version"] = s.Version
	if rec := p.do(t, "PATCH", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), edit); rec.Code != 200 {
		t.Fatalf("edit: %d %s", rec.Code, rec.Body)
	}
	if rec := p.do(t, "PATCH", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), edit); rec.Code != 409 || decodeErrorBody(t, rec).Code != "version_conflict" {
		t.Errorf("stale edit: %d %s", rec.Code, rec.Body)
	}
	// Another prosecutor of the unit may read but not edit it.
	other := createAccount(t, ts, "prosecutor.xiantao2", "429004", "prosecutor")
	edit["version"] = s.Version + 1
	if rec := other.do(t, "PATCH", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), edit); rec.Code != 403 {
		t.Errorf("someone else's draft: %d %s", rec.Code, rec.Body)
	}
	// Submitting an incomplete draft names what is missing.
	incomplete := suggestionBody()
	delete(incomplete, "facts")
	incomplete["items"] = []any{}
	rec = p.do(t, "POST", "/api/v1/suggestions", incomplete)
	mustDecode(t, rec, &s)
	rec = p.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/transitions", s.ID), map[string]any{"action": "submit", "version": s.Version})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || len(e.Fields) != 2 {
		t.Errorf("submit incomplete: %d %s", rec.Code, rec.Body)
	}
	if rec := p.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/transitions", s.ID), map[string]any{"action": "teleport"}); rec.Code != 422 {
		t.Errorf("unknown action: %d", rec.Code)
	}
}

func createAccount(t *testing.T, ts *testServer, username, unitCode, role string) *client {
	t.Helper()
	u, err := ts.db.GetUnitByCode(context.Background(), unitCode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.db.CreateUser(context.Background(), domain.User{Username: username, Name: "测试", UnitID: u.ID,
		Grants: []domain.Grant{{Role: domain.Role(role), UnitID: u.ID}}}, mustHash(t, ts, "test-pass-2026")); err != nil {
		t.Fatal(err)
	}
	return ts.loginWith(t, username, "test-pass-2026")
}

// TestConcurrentDocNumbers: fifty suggestions issued at once in one unit
// get 文号 1 to 50, each exactly once.
func TestConcurrentDocNumbers(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	rec := admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "429098", "name": "测试市人民检察院", "short_name": "测检",
		"level": "basic", "parent_id": units["429000"].ID})
	var unit unitResponse
	mustDecode(t, rec, &unit)
	clerk := createAccount(t, ts, "clerk.test", "429098", "clerk")
	handler, err := ts.db.CreateUser(context.Background(), domain.User{Username: "prosecutor.test", Name: "测试", UnitID: unit.ID}, "x")
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 50)
	for i := range ids {
		ids[i] = seedSuggestion(t, ts.db, unit.ID, handler.ID, domain.StatusApproved)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		nums []string
	)
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/transitions", id),
				map[string]any{"action": "issue", "served_on": "2026-04-01", "service_method": "announced", "version": 3})
			if rec.Code != 200 {
				t.Errorf("issue %d: %d %s", id, rec.Code, rec.Body)
				return
			}
			var s suggestionResponse
			mustDecode(t, rec, &s)
			mu.Lock()
			nums = append(nums, *s.DocNo)
			mu.Unlock()
		}()
	}
	wg.Wait()
	want := make([]string, 50)
	for i := range want {
		want[i] = fmt.Sprintf("测检社建〔2026〕%d号", i+1)
	}
	sort.Strings(nums)
	sort.Strings(want)
	if strings.Join(nums, ",") != strings.Join(want, ",") {
		t.Errorf("文号 %v", nums)
	}
}

// TestObjectionPausesTheClock: the days under objection review are added
// to the reply deadline.
func TestObjectionPausesTheClock(t *testing.T) {
	ts := newTestServer(t, nil)
	clerk := ts.login(t, "clerk.xiantao")
	chief := ts.login(t, "chief.xiantao")
	u, _ := ts.db.GetUnitByCode(context.Background(), "429004")
	handler := listUsers(t, ts.login(t, "admin"), "q=prosecutor.xiantao")[0]
	id := seedSuggestion(t, ts.db, u.ID, handler.ID, domain.StatusIssued) // served 2026-03-31, due 2026-06-01
	s := transition(t, clerk, id, map[string]any{"action": "object", "on": "2026-04-10"}, 200)
	if s.Status != "objection_review" || s.Overdue {
		t.Fatalf("under objection: %s overdue=%v", s.Status, s.Overdue)
	}
	transition(t, clerk, id, map[string]any{"action": "uphold", "on": "2026-04-20"}, 403) // chiefs decide
	s = transition(t, chief, id, map[string]any{"action": "uphold", "on": "2026-04-20", "opinion": "维持原建议。"}, 200)
	// 10 paused days: 2026-06-01 + 10 = 2026-06-11 (a Thursday).
	if s.Status != "issued" || *s.ReplyDueOn != "2026-06-11" || s.PausedDays != 10 || s.ObjectedOn != nil {
		t.Errorf("after uphold: %s due %s paused %d", s.Status, *s.ReplyDueOn, s.PausedDays)
	}
}

func TestSuggestionListFilters(t *testing.T) {
	ts := newTestServer(t, nil)
	sup := ts.login(t, "supervisor.hanjiang")
	all := listSuggestions(t, sup, "")
	if len(all) < 30 {
		t.Fatalf("demo has %d suggestions in Hanjiang", len(all))
	}
	for _, x := range listSuggestions(t, sup, "overdue=true") {
		if !x.Overdue || x.Status != "issued" {
			t.Errorf("overdue filter returned %+v", x)
		}
	}
	found := false
	for _, x := range listSuggestions(t, sup, "overdue=true") {
		found = found || x.Title == "关于督促整治东荆河沿岸非法排污的检察建议"
	}
	if !found {
		t.Error("Qianjiang's overdue suggestion is not listed as overdue")
	}
	drug := listSuggestions(t, sup, "q=毒品")
	if len(drug) == 0 {
		t.Fatal("search 毒品 found nothing")
	}
	for _, x := range drug {
		full := getSuggestion(t, sup, x.ID)
		if !strings.Contains(full.Title+full.Facts+full.Problems+full.RecipientName+strings.Join(itemTexts(full.Items), ""), "毒品") {
			t.Errorf("search hit without 毒品: %s", x.Title)
		}
	}
	xiantao := unitsByCode(t, sup)["429004"]
	for _, x := range listSuggestions(t, sup, fmt.Sprintf("unit_id=%d&status=issued,replied&type=social_governance", xiantao.ID)) {
		if x.Unit.Code != "429004" || (x.Status != "issued" && x.Status != "replied") || x.Type != "social_governance" {
			t.Errorf("filtered %+v", x)
		}
	}
	if rec := sup.do(t, "GET", "/api/v1/suggestions?status=lost", nil); rec.Code != 422 {
		t.Errorf("bad status filter: %d", rec.Code)
	}
	// Keyset pages cover the list exactly once.
	seen := map[int64]bool{}
	cursor := ""
	for {
		rec := sup.do(t, "GET", "/api/v1/suggestions?limit=7&cursor="+cursor, nil)
		var page listResponse[suggestionSummary]
		mustDecode(t, rec, &page)
		for _, x := range page.Items {
			if seen[x.ID] {
				t.Fatalf("%d twice", x.ID)
			}
			seen[x.ID] = true
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if len(seen) != len(all) {
		t.Errorf("paged %d, listed %d", len(seen), len(all))
	}

	// The export holds the same rows.
	rec := sup.do(t, "GET", "/api/v1/suggestions/export.xlsx?overdue=true", nil)
	if rec.Code != 200 {
		t.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	book, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("检察建议")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(listSuggestions(t, sup, "overdue=true")) + 1; len(rows) != want || rows[0][0] != "文号" {
		t.Errorf("export has %d rows, want %d", len(rows), want)
	}

	var work workResponse
	mustDecode(t, ts.login(t, "chief.hanjiang").do(t, "GET", "/api/v1/suggestions/work", nil), &work)
	if len(work.AwaitingMyApproval) == 0 || len(work.Overdue) == 0 {
		t.Errorf("chief's work: %d awaiting, %d overdue", len(work.AwaitingMyApproval), len(work.Overdue))
	}
}

func itemTexts(items []itemDTO) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Text
	}
	return out
}

func TestAttachments(t *testing.T) {
	ts := newTestServer(t, nil)
	clerk := ts.login(t, "clerk.xiantao")
	sup := ts.login(t, "supervisor.hanjiang")
	s := listSuggestions(t, clerk, "status=issued")[0]
	path := fmt.Sprintf("/api/v1/suggestions/%d/attachments", s.ID)
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
	rec := clerk.do(t, "POST", path, multipartFile(t, "复函扫描件.pdf", pdf))
	if rec.Code != 201 {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	var a attachmentResponse
	mustDecode(t, rec, &a)
	if a.ContentType != "application/pdf" || a.Filename != "复函扫描件.pdf" || a.Size != int64(len(pdf)) {
		t.Errorf("attachment %+v", a)
	}
	// The same content again is stored once.
	clerk.do(t, "POST", path, multipartFile(t, "副本.pdf", pdf))
	var n int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM attachments WHERE sha256 = $1`, a.SHA256).Scan(&n); err != nil || n != 1 {
		t.Errorf("stored %d copies: %v", n, err)
	}
	rec = sup.do(t, "GET", a.URL, nil)
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), pdf) || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("download: %d %q", rec.Code, rec.Header())
	}
	if rec := ts.login(t, "prosecutor.tianmen").do(t, "GET", a.URL, nil); rec.Code != 404 {
		t.Errorf("Tianmen downloads: %d", rec.Code)
	}
	// The name does not decide the type.
	rec = clerk.do(t, "POST", path, multipartFile(t, "伪装.pdf", []byte("#!/bin/sh\necho hi\n")))
	if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Code != "type_not_allowed" {
		t.Errorf("script named .pdf: %d %s", rec.Code, rec.Body)
	}
	if rec := clerk.do(t, "POST", path, multipartFile(t, "big.pdf", append([]byte("%PDF-1.4"), make([]byte, 20<<20)...))); rec.Code != 413 {
		t.Errorf("oversized: %d %s", rec.Code, rec.Body)
	}
}
