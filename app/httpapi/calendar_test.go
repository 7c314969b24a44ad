package httpapi

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"procura/domain"
)

func TestCalendarAPI(t *testing.T) {
	ts := newTestServer(t, nil)
	clerk := ts.login(t, "clerk.xiantao")
	var y calendarYear
	mustDecode(t, clerk.do(t, "GET", "/api/v1/calendar/2026", nil), &y)
	if len(y.Holidays) < 25 || !strings.Contains(strings.Join(y.Workdays, ","), "2026-02-28") {
		t.Fatalf("2026: %+v", y)
	}
	tests := []struct {
		query, want string
	}{
		{"from=2026-03-31&months=2", "2026-06-01"},
		{"from=2026-01-31&months=1", "2026-02-28"}, // a make-up working Saturday
		{"from=2025-12-31&months=2", "2026-02-28"},
		{"from=2026-09-16&days=15", "2026-10-08"}, // past National Day
	}
	for _, tt := range tests {
		var d deadlineResponse
		rec := clerk.do(t, "GET", "/api/v1/calendar/deadline?"+tt.query, nil)
		mustDecode(t, rec, &d)
		if rec.Code != 200 || d.DueOn != tt.want {
			t.Errorf("%s: %d %s, want %s", tt.query, rec.Code, d.DueOn, tt.want)
		}
	}
	for _, q := range []string{"from=2026-02-30&months=1", "from=2026-03-01", "from=2026-03-01&months=1&days=3", "months=2", "from=2026-03-01&days=-4"} {
		if rec := clerk.do(t, "GET", "/api/v1/calendar/deadline?"+q, nil); rec.Code != 422 {
			t.Errorf("%s: %d", q, rec.Code)
		}
	}

	admin := ts.login(t, "admin")
	if rec := clerk.do(t, "PUT", "/api/v1/calendar/2027", calendarYear{Holidays: []string{"2027-01-01"}, Workdays: []string{}}); rec.Code != 403 {
		t.Errorf("clerk edits the calendar: %d", rec.Code)
	}
	rec := admin.do(t, "PUT", "/api/v1/calendar/2027", calendarYear{Holidays: []string{"2027-01-01", "2026-12-31"}, Workdays: []string{"2027-01-04"}})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || len(e.Fields) != 2 {
		t.Errorf("bad year: %d %s", rec.Code, rec.Body)
	}
	rec = admin.do(t, "PUT", "/api/v1/calendar/2027", calendarYear{Holidays: []string{"2027-01-01"}, Workdays: []string{"2027-01-02"}})
	mustDecode(t, rec, &y)
	if rec.Code != 200 || y.Year != 2027 || len(y.Holidays) != 1 || y.Workdays[0] != "2027-01-02" {
		t.Errorf("put 2027: %d %+v", rec.Code, y)
	}
	var d deadlineResponse
	mustDecode(t, clerk.do(t, "GET", "/api/v1/calendar/deadline?from=2026-12-01&months=1", nil), &d)
	// 2027-01-01 is now a holiday (a Friday); 2 January a make-up working Saturday.
	if d.DueOn != "2027-01-02" {
		t.Errorf("deadline over the new holiday: %s", d.DueOn)
	}
}

// TestProvisionalDeadlines: a deadline falling in a year whose holidays
// are not loaded is provisional in the deadline preview, on the
// suggestion and in the list, the admin's calendar status names that year
// with its open deadlines, and loading the year settles them all.
func TestProvisionalDeadlines(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.clock.Advance(time.Date(2026, 12, 7, 10, 0, 0, 0, domain.Shanghai).Sub(ts.clock.Now()))
	admin := ts.login(t, "admin")
	clerk := ts.login(t, "clerk.xiantao")
	prosecutor := ts.login(t, "prosecutor.xiantao")

	preview := func(query string) deadlineResponse {
		t.Helper()
		rec := clerk.do(t, "GET", "/api/v1/calendar/deadline?"+query, nil)
		var d deadlineResponse
		mustDecode(t, rec, &d)
		if rec.Code != 200 {
			t.Fatalf("deadline %s: %d %s", query, rec.Code, rec.Body)
		}
		return d
	}
	// The demo loads 2024–2026; 2027 is not on record.
	if d := preview("from=2026-03-31&months=2"); d.DueOn != "2026-06-01" || d.Provisional {
		t.Errorf("in 2026: %+v", d)
	}
	if d := preview("from=2026-12-03&days=30"); d.DueOn != "2027-01-04" || !d.Provisional {
		t.Errorf("into 2027: %+v", d)
	}

	// A suggestion served on 20 November 2026 is due to reply in January 2027.
	units := unitsByCode(t, admin)
	handler := userByName(t, admin, "prosecutor.xiantao")
	id := seedSuggestion(t, ts.db, units["429004"].ID, handler.ID, domain.StatusApproved)
	s := transition(t, clerk, id, map[string]any{"action": "issue", "served_on": "2026-11-20", "service_method": "written"}, 200)
	if s.ReplyDueOn == nil || *s.ReplyDueOn != "2027-01-20" || !s.ReplyDueProvisional || s.FilingDueProvisional {
		t.Fatalf("issued: reply due %v provisional %v, filing provisional %v", s.ReplyDueOn, s.ReplyDueProvisional, s.FilingDueProvisional)
	}
	inList := func() bool {
		t.Helper()
		rec := prosecutor.do(t, "GET", "/api/v1/suggestions?status=issued", nil)
		var list listResponse[suggestionSummary]
		mustDecode(t, rec, &list)
		for _, x := range list.Items {
			if x.ID == id {
				return x.ReplyDueProvisional
			}
		}
		t.Fatalf("suggestion %d not listed: %s", id, rec.Body)
		return false
	}
	if !inList() {
		t.Error("the list does not mark the deadline provisional")
	}
	// So do the notifications and the to-do that carry the deadline.
	notices := func(who *client) (provisional, settled int) {
		t.Helper()
		var list notificationList
		mustDecode(t, who.do(t, "GET", "/api/v1/notifications?limit=100", nil), &list)
		var todo todoResponse
		mustDecode(t, who.do(t, "GET", "/api/v1/todo", nil), &todo)
		items := list.Items
		for _, g := range todo.Groups {
			items = append(items, g.Items...)
		}
		for _, n := range items {
			if n.SuggestionID == nil || *n.SuggestionID != id || n.DueOn == nil {
				continue
			}
			if strings.HasPrefix(*n.DueOn, "2027") != n.Provisional {
				t.Errorf("notification %s due %s provisional %v", n.Kind, *n.DueOn, n.Provisional)
			}
			if n.Provisional {
				provisional++
			} else {
				settled++
			}
		}
		return provisional, settled
	}
	// The reply reminder, made a week before the due date.
	if _, err := ts.db.GenerateReminders(context.Background(), domain.NewDate(2027, 1, 14)); err != nil {
		t.Fatal(err)
	}
	if p, _ := notices(prosecutor); p == 0 {
		t.Error("no notification of the suggestion marks its 2027 deadline provisional")
	}
	notices(clerk)

	// The admin is told to load 2027, with the deadline that waits for it.
	status := func() calendarStatus {
		t.Helper()
		rec := admin.do(t, "GET", "/api/v1/calendar/status", nil)
		var st calendarStatus
		mustDecode(t, rec, &st)
		if rec.Code != 200 {
			t.Fatalf("status: %d %s", rec.Code, rec.Body)
		}
		return st
	}
	st := status()
	if diff := cmp.Diff(calendarStatus{LoadedYears: []int{2024, 2025, 2026}, MissingYears: []missingYear{{Year: 2027, Deadlines: 1}}}, st); diff != "" {
		t.Errorf("status before loading 2027 (-want +got):\n%s", diff)
	}
	if rec := prosecutor.do(t, "GET", "/api/v1/calendar/status", nil); rec.Code != 403 {
		t.Errorf("status as a prosecutor: %d", rec.Code)
	}

	// Loading 2027 settles the deadlines.
	if rec := admin.do(t, "PUT", "/api/v1/calendar/2027", map[string]any{"year": 2027, "holidays": []string{"2027-01-01"}, "workdays": []string{}}); rec.Code != 200 {
		t.Fatalf("load 2027: %d %s", rec.Code, rec.Body)
	}
	if d := preview("from=2026-12-03&days=30"); d.Provisional {
		t.Errorf("into 2027 once loaded: %+v", d)
	}
	rec := prosecutor.do(t, "GET", "/api/v1/suggestions/"+strconv.FormatInt(id, 10), nil)
	mustDecode(t, rec, &s)
	if s.ReplyDueProvisional {
		t.Error("the suggestion's deadline is still provisional once 2027 is loaded")
	}
	if inList() {
		t.Error("the list still marks the deadline provisional once 2027 is loaded")
	}
	if st := status(); len(st.MissingYears) != 0 || len(st.LoadedYears) != 4 {
		t.Errorf("status after loading 2027: %+v", st)
	}
}
