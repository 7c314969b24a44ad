package httpapi

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"procura/domain"
)

type sortedPage struct {
	Items []struct {
		ID             int64    `json:"id"`
		Status         string   `json:"status"`
		ServedOn       *string  `json:"served_on"`
		ReplyDueOn     *string  `json:"reply_due_on"`
		AllowedActions []string `json:"allowed_actions"`
	} `json:"items"`
	NextCursor *string `json:"next_cursor"`
	Total      *int64  `json:"total"`
	TotalExact bool    `json:"total_exact"`
}

// xiantaoAccount is the unit and id of a demo account.
func xiantaoAccount(t *testing.T, ts *testServer, username string) (unitID, userID int64) {
	t.Helper()
	if err := ts.db.SQL().QueryRow(`SELECT unit_id, id FROM users WHERE username = $1`, username).Scan(&unitID, &userID); err != nil {
		t.Fatal(err)
	}
	return unitID, userID
}

// TestListSortKeyset: for every sort key both ways, walking the pages by
// cursor and jumping to them by offset give the rows of one big page in
// the same order; the first page has the exact total, a cursor page none;
// a cursor is refused under another order, an unknown key and a deep
// offset are field errors.
func TestListSortKeyset(t *testing.T) {
	ts := newTestServer(t, nil)
	unitID, userID := xiantaoAccount(t, ts, "prosecutor.xiantao")
	for i := range 13 {
		seedSuggestion(t, ts.db, unitID, userID, []domain.SuggestionStatus{domain.StatusDraft, domain.StatusPendingApproval,
			domain.StatusIssued, domain.StatusReplied}[i%4])
	}
	chief := ts.login(t, "chief.xiantao")
	get := func(t *testing.T, q url.Values) sortedPage {
		t.Helper()
		rec := chief.do(t, "GET", "/api/v1/suggestions?"+q.Encode(), nil)
		var p sortedPage
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", q.Encode(), rec.Code, rec.Body)
		}
		mustDecode(t, rec, &p)
		return p
	}
	for _, sort := range []string{"", "served_on", "-served_on", "reply_due_on", "-reply_due_on", "status", "-status", "updated_at", "-updated_at"} {
		t.Run("sort="+sort, func(t *testing.T) {
			all := get(t, url.Values{"sort": {sort}, "limit": {"200"}})
			if all.Total == nil || !all.TotalExact || *all.Total != int64(len(all.Items)) || len(all.Items) < 13 {
				t.Fatalf("one page: %d rows, total %v exact %v", len(all.Items), all.Total, all.TotalExact)
			}
			var want, walked, jumped []int64
			for _, it := range all.Items {
				want = append(want, it.ID)
			}
			q := url.Values{"sort": {sort}, "limit": {"4"}}
			for n := 0; ; n++ {
				p := get(t, q)
				if n == 0 && (p.Total == nil || *p.Total != int64(len(want))) {
					t.Errorf("first page total %v, want %d", p.Total, len(want))
				}
				if n > 0 && p.Total != nil {
					t.Errorf("page after a cursor has a total %d", *p.Total)
				}
				for _, it := range p.Items {
					walked = append(walked, it.ID)
				}
				o := get(t, url.Values{"sort": {sort}, "limit": {"4"}, "offset": {fmt.Sprint(4 * n)}})
				for _, it := range o.Items {
					jumped = append(jumped, it.ID)
				}
				if p.NextCursor == nil {
					break
				}
				q.Set("cursor", *p.NextCursor)
			}
			if diff := cmp.Diff(want, walked); diff != "" {
				t.Errorf("pages by cursor differ from one page (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, jumped); diff != "" {
				t.Errorf("pages by offset differ from one page (-want +got):\n%s", diff)
			}
			if sort == "reply_due_on" {
				var dues []string
				for _, it := range all.Items {
					if it.ReplyDueOn == nil {
						dues = append(dues, "~") // no date: last ascending
					} else {
						dues = append(dues, *it.ReplyDueOn)
					}
				}
				if !slices.IsSorted(dues) {
					t.Errorf("not in reply-due order: %v", dues)
				}
			}
		})
	}
	first := get(t, url.Values{"sort": {"served_on"}, "limit": {"2"}})
	for _, tc := range []struct{ name, query, field string }{
		{"unknown key", "sort=title", "sort"},
		{"cursor of another order", "sort=-served_on&cursor=" + url.QueryEscape(*first.NextCursor), "cursor"},
		{"offset beyond page numbers", "offset=2001", "offset"},
		{"offset and cursor", "sort=served_on&offset=4&cursor=" + url.QueryEscape(*first.NextCursor), "offset"},
	} {
		rec := chief.do(t, "GET", "/api/v1/suggestions?"+tc.query, nil)
		body := decodeErrorBody(t, rec)
		if rec.Code != 422 || len(body.Fields) == 0 || body.Fields[0].Field != tc.field {
			t.Errorf("%s: %d %s, want 422 on %s", tc.name, rec.Code, rec.Body, tc.field)
		}
	}
	// The chief may approve what awaits approval, and nothing else, from the list.
	all := get(t, url.Values{"status": {"pending_approval"}})
	for _, it := range all.Items {
		if !slices.Contains(it.AllowedActions, "approve") {
			t.Errorf("suggestion %d awaiting approval: chief's actions %v", it.ID, it.AllowedActions)
		}
	}
}

// TestListTotals: a total is exact up to 1,000 matches and an estimate
// above, marked total_exact false (not counted at all when the planner
// expects far more); a page that shows the list's end has its exact total
// whatever the count.
func TestListTotals(t *testing.T) {
	ts := newTestServer(t, nil)
	unitID, userID := xiantaoAccount(t, ts, "prosecutor.xiantao")
	if _, err := ts.db.SQL().Exec(`INSERT INTO suggestions (unit_id, type, category, title, recipient_name, recipient_kind, status,
		handling_prosecutor_id, created_by) SELECT $1, 'other', 'drug', '批量建议' || g, '某局', 'agency', 'closed', $2, $2
		FROM generate_series(1, 10050) g`, unitID, userID); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.db.SQL().Exec(`ANALYZE suggestions`); err != nil {
		t.Fatal(err)
	}
	chief := ts.login(t, "chief.xiantao")
	for _, tc := range []struct {
		query string
		exact bool
		min   int64
		max   int64
	}{
		{"limit=20", false, 10000, 20000},
		{"limit=20&status=draft", true, 0, 100},
		{"limit=20&q=" + url.QueryEscape("批量建议1000"), true, 11, 11},
		// 1,162 matches: counted to 1,001, then estimated.
		{"limit=20&q=" + url.QueryEscape("批量建议1"), false, 1001, 20000},
		{"limit=20&sort=-updated_at&status=closed", false, 10000, 20000},
	} {
		rec := chief.do(t, "GET", "/api/v1/suggestions?"+tc.query, nil)
		var p sortedPage
		mustDecode(t, rec, &p)
		if p.Total == nil || p.TotalExact != tc.exact || *p.Total < tc.min || *p.Total > tc.max {
			t.Errorf("%s: total %d exact %v, want %d..%d exact %v", tc.query, deref(p.Total), p.TotalExact, tc.min, tc.max, tc.exact)
		}
	}
}

// TestBatchApproval: a chief approves several suggestions with one
// opinion; one changed since it was chosen fails the batch, which then
// approves none.
func TestBatchApproval(t *testing.T) {
	ts := newTestServer(t, nil)
	unitID, userID := xiantaoAccount(t, ts, "prosecutor.xiantao")
	a := seedSuggestion(t, ts.db, unitID, userID, domain.StatusPendingApproval)
	b := seedSuggestion(t, ts.db, unitID, userID, domain.StatusPendingApproval)
	draft := seedSuggestion(t, ts.db, unitID, userID, domain.StatusDraft)
	chief := ts.login(t, "chief.xiantao")
	status := func(id int64) string {
		var s suggestionResponse
		mustDecode(t, chief.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", id), nil), &s)
		return s.Status
	}
	rec := chief.do(t, "POST", "/api/v1/suggestions/approvals", map[string]any{"opinion": "同意制发",
		"items": []map[string]any{{"id": a, "version": 2}, {"id": b, "version": 1}}})
	if rec.Code != 409 || status(a) != "pending_approval" || status(b) != "pending_approval" {
		t.Fatalf("stale version in a batch: %d %s; statuses %s %s", rec.Code, rec.Body, status(a), status(b))
	}
	if body := decodeErrorBody(t, rec); fmt.Sprint(body.Details["suggestion_id"]) != fmt.Sprint(b) || fmt.Sprint(body.Details["item"]) != "1" {
		t.Errorf("the failing item is not named: %+v", body.Details)
	}
	rec = chief.do(t, "POST", "/api/v1/suggestions/approvals", map[string]any{"opinion": "同意制发",
		"items": []map[string]any{{"id": a, "version": 2}, {"id": draft, "version": 1}}})
	if rec.Code == 200 || status(a) != "pending_approval" {
		t.Fatalf("a draft in a batch: %d %s; %s", rec.Code, rec.Body, status(a))
	}
	if rec := ts.login(t, "prosecutor.xiantao").do(t, "POST", "/api/v1/suggestions/approvals",
		map[string]any{"items": []map[string]any{{"id": a, "version": 2}}}); rec.Code != 403 {
		t.Errorf("prosecutor approving: %d", rec.Code)
	}
	rec = chief.do(t, "POST", "/api/v1/suggestions/approvals", map[string]any{"opinion": "同意制发",
		"items": []map[string]any{{"id": a, "version": 2}, {"id": b, "version": 2}}})
	var out batchApprovalResponse
	mustDecode(t, rec, &out)
	if rec.Code != 200 || len(out.Items) != 2 || status(a) != "approved" || status(b) != "approved" {
		t.Fatalf("batch: %d %s", rec.Code, rec.Body)
	}
	var d suggestionResponse
	mustDecode(t, chief.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", b), nil), &d)
	if len(d.Approvals) != 1 || d.Approvals[0].Opinion != "同意制发" {
		t.Errorf("approvals of %d: %+v", b, d.Approvals)
	}
}

func deref(n *int64) int64 {
	if n == nil {
		return -1
	}
	return *n
}

// TestListValuesThatLookLikeSQL: filter values that the store writes into
// its statements (quotes, its own unit markers) answer 200 with nothing,
// and a period bound beyond the years a date may have is a field error,
// never a 500.
func TestListValuesThatLookLikeSQL(t *testing.T) {
	ts := newTestServer(t, nil)
	chief := ts.login(t, "chief.xiantao")
	for _, path := range []string{
		"/api/v1/suggestions?q=%24units0",
		"/api/v1/suggestions?category=%24units0",
		"/api/v1/suggestions?category=" + url.QueryEscape("drug' OR true --"),
		"/api/v1/cases?prosecutor=%24units0",
		"/api/v1/hearings?q=%24units0",
	} {
		rec := chief.do(t, "GET", path, nil)
		var p sortedPage
		mustDecode(t, rec, &p)
		if len(p.Items) != 0 {
			t.Errorf("GET %s: %d items, want none", path, len(p.Items))
		}
	}
	for _, path := range []string{"/api/v1/hearings?from=0001-01-01T00:00:00%2B08:00", "/api/v1/hearings?to=9999-12-31T23:00:00Z"} {
		rec := chief.do(t, "GET", path, nil)
		body := decodeErrorBody(t, rec)
		if rec.Code != 422 || len(body.Fields) == 0 || body.Fields[0].Code != "out_of_range" {
			t.Errorf("GET %s: %d %s, want 422 out_of_range", path, rec.Code, rec.Body)
		}
	}
}
