package httpapi

import (
	"strings"
	"testing"
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
