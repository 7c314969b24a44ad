package httpapi

import (
	"fmt"
	"net/http"
	"testing"
)

// TestPoisonedDateRefused: a hearing time in year 9999 (year 10000 in
// Asia/Shanghai) was stored and then broke every list that held it. It is
// refused now, and so is every date outside 1900–2200.
func TestPoisonedDateRefused(t *testing.T) {
	ts := newTestServer(t, nil)
	clerk := ts.login(t, "clerk.xiantao")
	for _, at := range []string{"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1899-12-31T23:00:00+08:00", "2201-01-01T00:00:00+08:00"} {
		wantError(t, clerk, http.MethodPost, "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "日期测试听证",
			"public": true, "starts_at": at}, 422, "starts_at", "out_of_range")
	}
	rec := clerk.do(t, http.MethodPost, "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "日期测试听证", "public": true})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var h struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	mustDecode(t, rec, &h)
	wantError(t, clerk, http.MethodPatch, fmt.Sprintf("/api/v1/hearings/%d", h.ID),
		map[string]any{"starts_at": "9999-12-31T23:59:59Z", "version": h.Version}, 422, "starts_at", "out_of_range")
	for _, path := range []string{"/api/v1/hearings", fmt.Sprintf("/api/v1/hearings/%d", h.ID), "/api/v1/hearings.ics"} {
		if rec := clerk.do(t, http.MethodGet, path, nil); rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
	}
	prosecutor := ts.login(t, "prosecutor.xiantao")
	wantError(t, prosecutor, http.MethodGet, "/api/v1/suggestions?due_before=9999-12-31", nil, 422, "due_before", "out_of_range")
	wantError(t, prosecutor, http.MethodPost, "/api/v1/cases", map[string]any{"unified_no": "42900420269990002", "case_type": "审查起诉",
		"category": "drug", "received_on": "1899-12-31", "persons": 1}, 422, "received_on", "out_of_range")
}

// TestControlCharactersRefused: a NUL answered 500 (PostgreSQL 22021) on 17
// routes, one before sign-in. Every text a request carries is checked.
func TestControlCharactersRefused(t *testing.T) {
	ts := newTestServer(t, nil)
	wantError(t, ts.anon(), http.MethodPost, "/api/v1/auth/login", map[string]string{"username": "a\u0000b", "password": "x"}, 422, "username", "control_character")
	p := ts.login(t, "prosecutor.xiantao")
	body := suggestionBody()
	body["title"] = "关于\u0007加强"
	wantError(t, p, http.MethodPost, "/api/v1/suggestions", body, 422, "title", "control_character")
	body = suggestionBody()
	body["items"] = []map[string]any{{"text": "ok"}, {"text": "bad\u0000"}}
	wantError(t, p, http.MethodPost, "/api/v1/suggestions", body, 422, "items[1].text", "control_character")
	body = suggestionBody()
	body["recipient"].(map[string]any)["name"] = "仙桃\u001b[0m"
	wantError(t, p, http.MethodPost, "/api/v1/suggestions", body, 422, "recipient.name", "control_character")
	wantError(t, p, http.MethodGet, "/api/v1/persons?q=%00", nil, 422, "q", "control_character")
	wantError(t, p, http.MethodGet, "/api/v1/suggestions?q=%FF", nil, 422, "q", "encoding")
	wantError(t, p, http.MethodGet, "/api/v1/cases?prosecutor=a%00", nil, 422, "prosecutor", "control_character")
	if rec := p.do(t, http.MethodGet, "/api/v1/suggestions/1%00", nil); rec.Code != http.StatusNotFound {
		t.Errorf("NUL in a path id: %d %s", rec.Code, rec.Body)
	}
	// Tabs and line breaks are text.
	body = suggestionBody()
	body["facts"] = "第一段。\n\t第二段。\r\n"
	if rec := p.do(t, http.MethodPost, "/api/v1/suggestions", body); rec.Code != http.StatusCreated {
		t.Errorf("line breaks refused: %d %s", rec.Code, rec.Body)
	}
}

// TestIntegerOverflowRefused: numbers past an integer column answered 500.
func TestIntegerOverflowRefused(t *testing.T) {
	ts := newTestServer(t, nil)
	p := ts.login(t, "prosecutor.xiantao")
	for _, id := range []string{"2147483648", "9223372036854775807", "9223372036854775808"} {
		if rec := p.do(t, http.MethodPost, "/api/v1/notifications/"+id+"/read", nil); rec.Code != http.StatusNotFound {
			t.Errorf("notification %s: %d %s", id, rec.Code, rec.Body)
		}
	}
	admin := ts.login(t, "admin")
	wantError(t, admin, http.MethodPut, "/api/v1/categories/drug", map[string]any{"name_zh": "毒品犯罪", "name_en": "Drug crime",
		"sort": 2147483648, "active": true}, 422, "sort", "range")
	wantError(t, p, http.MethodPost, "/api/v1/cases", map[string]any{"unified_no": "42900420269990003", "case_type": "审查起诉",
		"category": "drug", "received_on": "2026-03-02", "persons": 4294967296}, 422, "persons", "range")
}

// TestPutRequiresWholeBody: a null or empty body wiped a year's calendar,
// a user's grants and the scoring settings.
func TestPutRequiresWholeBody(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	if rec := admin.do(t, http.MethodPut, "/api/v1/calendar/2035", map[string]any{"holidays": []string{"2035-01-01"}, "workdays": []string{}}); rec.Code != http.StatusOK {
		t.Fatalf("set calendar: %d %s", rec.Code, rec.Body)
	}
	var users listResponse[userResponse]
	mustDecode(t, admin.do(t, http.MethodGet, "/api/v1/users?q=prosecutor.tianmen", nil), &users)
	if len(users.Items) != 1 || len(users.Items[0].Grants) == 0 {
		t.Fatalf("users: %+v", users)
	}
	grantsPath := fmt.Sprintf("/api/v1/users/%d/grants", users.Items[0].ID)
	for _, body := range []string{"null", "{}", `{"grants": null}`} {
		wantError(t, admin, http.MethodPut, "/api/v1/calendar/2035", body, 422, "holidays", "required")
		wantError(t, admin, http.MethodPut, grantsPath, body, 422, "grants", "required")
		wantError(t, admin, http.MethodPut, "/api/v1/reports/scoring", body, 422, "weights", "required")
	}
	var year calendarYear
	mustDecode(t, admin.do(t, http.MethodGet, "/api/v1/calendar/2035", nil), &year)
	if len(year.Holidays) != 1 {
		t.Errorf("calendar after refused PUTs: %+v", year)
	}
	mustDecode(t, admin.do(t, http.MethodGet, "/api/v1/users?q=prosecutor.tianmen", nil), &users)
	if len(users.Items[0].Grants) == 0 {
		t.Errorf("grants wiped by a refused PUT")
	}
	// Clearing is an explicit empty list.
	if rec := admin.do(t, http.MethodPut, "/api/v1/calendar/2035", map[string]any{"holidays": []string{}, "workdays": []string{}}); rec.Code != http.StatusOK {
		t.Errorf("clear calendar: %d %s", rec.Code, rec.Body)
	}
}
