package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"procura/app/demo"
)

// attemptFrom signs in from addr and returns the answer.
func attemptFrom(t *testing.T, ts *testServer, addr, username, pw string) *httptest.ResponseRecorder {
	t.Helper()
	c := &client{ts: ts, addr: addr}
	return c.do(t, "POST", "/api/v1/auth/login", map[string]string{"username": username, "password": pw})
}

// wantLocked checks a 429 locked answer and its wait in seconds.
func wantLocked(t *testing.T, rec *httptest.ResponseRecorder, secs int, what string) {
	t.Helper()
	if rec.Code != 429 || rec.Header().Get("Retry-After") != fmt.Sprint(secs) {
		t.Fatalf("%s: %d Retry-After %q, want 429 after %d s: %s", what, rec.Code, rec.Header().Get("Retry-After"), secs, rec.Body)
	}
	e := decodeErrorBody(t, rec)
	if e.Code != "locked" || e.Details["retry_after_seconds"] != float64(secs) {
		t.Fatalf("%s: %+v", what, e)
	}
}

// TestLoginDelayPerPair: wrong passwords delay the name at the address
// they come from, with a wait that doubles; the same name signs in from
// another address meanwhile; a success clears the pair.
func TestLoginDelayPerPair(t *testing.T) {
	ts := newTestServer(t, nil)
	const attacker, office = "198.51.100.7", "203.0.113.20"
	for i := 1; i <= 4; i++ {
		if rec := attemptFrom(t, ts, attacker, "admin", "wrong-password"); rec.Code != 401 {
			t.Fatalf("failure %d: %d", i, rec.Code)
		}
	}
	wantLocked(t, attemptFrom(t, ts, attacker, "admin", "wrong-password"), 30, "fifth failure")
	wantLocked(t, attemptFrom(t, ts, attacker, "Admin", demo.Password), 30, "right password at the delayed address")
	if e := decodeErrorBody(t, attemptFrom(t, ts, attacker, "admin", demo.Password)); !strings.Contains(e.MessageZh, "30 秒") {
		t.Errorf("delay message %q", e.MessageZh)
	}
	// Another address is not held back by the attacker's failures.
	ts.loginFrom(t, office, "admin", demo.Password)

	ts.clock.Advance(31 * time.Second)
	wantLocked(t, attemptFrom(t, ts, attacker, "admin", "wrong-password"), 60, "sixth failure")
	ts.clock.Advance(61 * time.Second)
	wantLocked(t, attemptFrom(t, ts, attacker, "admin", "wrong-password"), 120, "seventh failure")
	ts.clock.Advance(121 * time.Second)
	ts.loginFrom(t, attacker, "admin", demo.Password)
	// The success cleared the pair: four more failures are not delayed.
	for i := 1; i <= 4; i++ {
		if rec := attemptFrom(t, ts, attacker, "admin", "wrong-password"); rec.Code != 401 {
			t.Fatalf("failure %d after a success: %d", i, rec.Code)
		}
	}
	ts.loginFrom(t, attacker, "admin", demo.Password)

	// The wait is capped at 15 minutes.
	for i := 1; i <= 12; i++ {
		rec := attemptFrom(t, ts, attacker, "nobody.here", "wrong-password")
		if secs := rec.Header().Get("Retry-After"); i >= 10 && secs != "900" {
			t.Errorf("failure %d: Retry-After %q, want 900", i, secs)
		}
		ts.clock.Advance(15*time.Minute + time.Second)
	}
}

// TestLoginNameLockFromManyAddresses: failures of one name from many
// addresses lock it everywhere, whether or not the account exists.
func TestLoginNameLockFromManyAddresses(t *testing.T) {
	ts := newTestServer(t, nil)
	answers := map[string]string{}
	for _, name := range []string{"clerk.xiantao", "nobody.here"} {
		for i := 0; i < 19; i++ {
			addr := fmt.Sprintf("198.51.100.%d", 10+i%5)
			if rec := attemptFrom(t, ts, addr, name, "wrong-password"); rec.Code != 401 {
				t.Fatalf("%s failure %d: %d %s", name, i+1, rec.Code, rec.Body)
			}
		}
		rec := attemptFrom(t, ts, "198.51.100.14", name, "wrong-password")
		wantLocked(t, rec, 900, name+": twentieth failure from five addresses")
		answers[name] = rec.Body.String()
		wantLocked(t, attemptFrom(t, ts, "203.0.113.99", name, demo.Password), 900, name+": right password from a fresh address")
	}
	if answers["clerk.xiantao"] != answers["nobody.here"] {
		t.Errorf("a lock tells accounts apart: %s vs %s", answers["clerk.xiantao"], answers["nobody.here"])
	}
	// Four addresses are not enough: the pairs are delayed, the name is not locked.
	for i := 0; i < 20; i++ {
		attemptFrom(t, ts, fmt.Sprintf("198.51.100.%d", 30+i/5), "clerk.tianmen", "wrong-password")
	}
	ts.loginFrom(t, "203.0.113.99", "clerk.tianmen", demo.Password)

	ts.clock.Advance(16 * time.Minute)
	ts.loginFrom(t, "203.0.113.99", "clerk.xiantao", demo.Password)
}

// TestLoginAddressLimit: one address with very many failures over many
// names is refused, except for the names that sign in from it in daily
// use; other addresses are untouched.
func TestLoginAddressLimit(t *testing.T) {
	ts := newTestServer(t, nil)
	const nat = "198.51.100.1"
	ts.loginFrom(t, nat, "prosecutor.xiantao", demo.Password)
	for i := 0; i < 100; i++ {
		rec := attemptFrom(t, ts, nat, fmt.Sprintf("guess%d", i/4), "wrong-password")
		if rec.Code != 401 {
			t.Fatalf("failure %d: %d", i+1, rec.Code)
		}
	}
	if rec := attemptFrom(t, ts, nat, "chief.xiantao", demo.Password); rec.Code != 429 {
		t.Fatalf("a name new to the address after 100 failures from it: %d, want 429", rec.Code)
	}
	ts.loginFrom(t, nat, "prosecutor.xiantao", demo.Password)
	ts.loginFrom(t, "203.0.113.5", "chief.xiantao", demo.Password)
	ts.clock.Advance(16 * time.Minute)
	ts.loginFrom(t, nat, "chief.xiantao", demo.Password)
}

// TestAdminUnlock: the user list shows a locked account; an administrator
// unlocks it, audited, and it signs in at once.
func TestAdminUnlock(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	for i := 0; i < 20; i++ {
		attemptFrom(t, ts, fmt.Sprintf("198.51.100.%d", 10+i%5), "clerk.xiantao", "wrong-password")
	}
	if rec := attemptFrom(t, ts, "203.0.113.7", "clerk.xiantao", demo.Password); rec.Code != 429 {
		t.Fatalf("not locked: %d", rec.Code)
	}
	users := listUsers(t, admin, "q=clerk.xiantao")
	if len(users) != 1 || !users[0].Locked || users[0].LockedUntil == nil || users[0].LockedUntil.Sub(ts.clock.Now()).Round(time.Second) != 15*time.Minute {
		t.Fatalf("locked user in the list: %+v", users)
	}
	if other := listUsers(t, admin, "q=clerk.tianmen"); other[0].Locked || other[0].LockedUntil != nil || other[0].DelayedUntil != nil {
		t.Errorf("unlocked user in the list: %+v", other[0])
	}
	path := fmt.Sprintf("/api/v1/users/%d/unlock", users[0].ID)
	if rec := ts.login(t, "chief.xiantao").do(t, "POST", path, nil); rec.Code != 403 {
		t.Errorf("unlock by a chief: %d", rec.Code)
	}
	rec := admin.do(t, "POST", path, nil)
	if rec.Code != 200 {
		t.Fatalf("unlock: %d %s", rec.Code, rec.Body)
	}
	var unlocked userResponse
	mustDecode(t, rec, &unlocked)
	if unlocked.Locked || unlocked.LockedUntil != nil || unlocked.Username != "clerk.xiantao" {
		t.Errorf("after unlock: %+v", unlocked)
	}
	ts.loginFrom(t, "203.0.113.7", "clerk.xiantao", demo.Password)

	events := auditEvents(t, admin, fmt.Sprintf("entity=user&entity_id=%d&action=unlock", users[0].ID))
	if len(events) != 1 || events[0].Actor != "admin" {
		t.Fatalf("unlock events %+v", events)
	}
	var before map[string]any
	if err := json.Unmarshal(events[0].Before, &before); err != nil || before["locked_until"] == nil {
		t.Errorf("audit before %s", events[0].Before)
	}

	// A delay at one address shows too, and unlocking lifts it.
	for i := 0; i < 5; i++ {
		attemptFrom(t, ts, "198.51.100.50", "clerk.xiantao", "wrong-password")
	}
	if u := listUsers(t, admin, "q=clerk.xiantao")[0]; !u.Locked || u.LockedUntil != nil || u.DelayedUntil == nil {
		t.Errorf("delayed user: %+v", u)
	}
	if rec := admin.do(t, "POST", path, nil); rec.Code != 200 {
		t.Fatal(rec.Body)
	}
	ts.loginFrom(t, "198.51.100.50", "clerk.xiantao", demo.Password)
}

// TestPasswordChangeThrottle: wrong current passwords make the user wait
// and, repeated, end the session, audited.
func TestPasswordChangeThrottle(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "clerk.xiantao")
	other := ts.login(t, "clerk.xiantao")
	change := func(current string) *httptest.ResponseRecorder {
		return c.do(t, "POST", "/api/v1/auth/password", map[string]string{"current_password": current, "new_password": "xiantao-clerk-2026!"})
	}
	for i := 1; i <= 4; i++ {
		if rec := change("wrong-password"); rec.Code != 422 {
			t.Fatalf("wrong current password %d: %d", i, rec.Code)
		}
	}
	for _, pw := range []string{"wrong-password", demo.Password} {
		rec := change(pw)
		if e := decodeErrorBody(t, rec); rec.Code != 429 || rec.Header().Get("Retry-After") != "900" || e.Code != "too_many_attempts" {
			t.Fatalf("after five wrong passwords (%s): %d %v %s", pw, rec.Code, rec.Header(), rec.Body)
		}
	}
	ts.clock.Advance(15*time.Minute + time.Second)
	for i := 6; i <= 9; i++ {
		if rec := change("wrong-password"); rec.Code != 422 {
			t.Fatalf("wrong current password %d: %d", i, rec.Code)
		}
	}
	rec := change("wrong-password")
	if e := decodeErrorBody(t, rec); rec.Code != 401 || e.Code != "session_ended" {
		t.Fatalf("tenth wrong password: %d %s", rec.Code, rec.Body)
	}
	if rec := c.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 401 {
		t.Fatalf("the ended session: %d", rec.Code)
	}
	if rec := other.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 200 {
		t.Fatalf("another session of the user: %d", rec.Code)
	}
	sup := ts.login(t, "supervisor.xiantao")
	if got := auditEvents(t, sup, "action=end_session"); len(got) != 1 || got[0].Actor != "clerk.xiantao" {
		t.Errorf("end_session events %+v", got)
	}
	if got := auditEvents(t, sup, "action=change_password_failed"); len(got) != 10 {
		t.Errorf("%d change_password_failed events, want 10", len(got))
	}
	// The user waits for the window to pass, then changes the password.
	ts.clock.Advance(15*time.Minute + time.Second)
	c = ts.login(t, "clerk.xiantao")
	if rec := change(demo.Password); rec.Code != 204 {
		t.Fatalf("change: %d %s", rec.Code, rec.Body)
	}
}

// TestPasswordRules: over-long passwords and invisible characters are
// refused naming the field; at sign-in, before any hashing.
func TestPasswordRules(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "clerk.xiantao")
	for _, tt := range []struct{ pw, code string }{
		{strings.Repeat("密", 129), "too_long"},
		{strings.Repeat("a", 100000), "too_long"},
		{"xiantao\u202eclerk-2026", "invalid_character"},
		{"xiantao\u200bclerk-2026", "invalid_character"},
		{"xiantao\u2066clerk-2026", "invalid_character"},
		{"xiantao\ufeffclerk-2026", "invalid_character"},
		{"xiantao\u0000clerk-2026", "control_character"}, // refused for every text field
	} {
		rec := c.do(t, "POST", "/api/v1/auth/password", map[string]string{"current_password": demo.Password, "new_password": tt.pw})
		e := decodeErrorBody(t, rec)
		if rec.Code != 422 || len(e.Fields) != 1 || e.Fields[0].Field != "new_password" || e.Fields[0].Code != tt.code || e.Fields[0].MessageZh == "" {
			t.Errorf("new password %.20q: %d %s", tt.pw, rec.Code, rec.Body)
		}
	}
	rec := c.do(t, "POST", "/api/v1/auth/password", map[string]string{"current_password": strings.Repeat("a", 100000), "new_password": "xiantao-clerk-2026!"})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Field != "current_password" || e.Fields[0].Code != "too_long" {
		t.Errorf("100 kB current password: %d %s", rec.Code, rec.Body)
	}
	for _, tt := range []struct{ username, pw, field, code string }{
		{"admin", strings.Repeat("a", 100000), "password", "too_long"},
		{"a\u0000b", "wrong-password", "username", "control_character"},
		{"admin\u202e", "wrong-password", "username", "invalid_character"},
	} {
		rec := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": tt.username, "password": tt.pw})
		e := decodeErrorBody(t, rec)
		if rec.Code != 422 || len(e.Fields) != 1 || e.Fields[0].Field != tt.field || e.Fields[0].Code != tt.code {
			t.Errorf("login %q: %d %s", tt.username, rec.Code, rec.Body)
		}
	}
	// None of them counted as a failure: five real ones are needed for a delay.
	for i := 1; i <= 4; i++ {
		if rec := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": "wrong-password"}); rec.Code != 401 {
			t.Fatalf("failure %d: %d", i, rec.Code)
		}
	}
}
