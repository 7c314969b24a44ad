package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/store"
	"procura/app/testdb"
)

// Several `procura serve` processes on one database behave as one
// (issue 14, point 3). These tests start two real servers as child
// processes, as the crash test does.

// TestTwoServersStartTogether: two servers started at the same moment on
// an empty database, as a compose file starts them, both get ready: one
// migrates and loads the demo while the other waits (advisory locks),
// and the demo is loaded once.
func TestTwoServersStartTogether(t *testing.T) {
	dsn := testdb.URL(t, false)
	a, b := launchServer(t, dsn, "PROCURA_DEMO=1"), launchServer(t, dsn, "PROCURA_DEMO=1")
	a.waitReady(t)
	b.waitReady(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var admins, seeds int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM users WHERE username = 'admin'),
		(SELECT count(*) FROM audit_events WHERE action = 'create' AND entity = 'unit' AND entity_id =
			(SELECT id::text FROM units WHERE code = '420000'))`).Scan(&admins, &seeds); err != nil {
		t.Fatal(err)
	}
	if admins != 1 || seeds != 1 {
		t.Errorf("admins %d, province created %d times", admins, seeds)
	}
	for _, s := range []*server{a, b} {
		signIn(t, s, "admin")
	}
}

// sendTo sends a request to server s with the client's cookie and CSRF
// token and returns the status and body.
func (c *client) sendTo(t *testing.T, s *server, method, path string, body any) (int, string) {
	t.Helper()
	var r io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// must sends a request and fails the test unless it answers want.
func (c *client) must(t *testing.T, s *server, method, path string, body any, want int) {
	t.Helper()
	if code, b := c.sendTo(t, s, method, path, body); code != want {
		t.Fatalf("%s %s on %s: %d %s, want %d", method, path, s.base, code, b, want)
	}
}

// answersWithin polls path on s until it answers want, and fails the test
// if that takes more than a second.
func (c *client) answersWithin(t *testing.T, s *server, path string, want int) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		code, b := c.sendTo(t, s, http.MethodGet, path, nil)
		if code == want {
			return time.Since(start)
		}
		if time.Since(start) > time.Second {
			t.Fatalf("GET %s on the other server still %d %s a second after the change", path, code, b)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// cacheHits reads s's count of requests answered from its session cache
// from /metrics (open to loopback).
func cacheHits(t *testing.T, s *server) float64 {
	t.Helper()
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "procura_session_cache_hits_total "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no session cache hits in /metrics: %d %.200s", resp.StatusCode, b)
	return 0
}

// TestPoolsInMetrics: /metrics describes both connection pools of a
// server, the main one and the list pages' (store.openListPool), by size.
func TestPoolsInMetrics(t *testing.T) {
	s := startServer(t, testdb.URL(t, true))
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, want := range []string{`go_sql_max_open_connections{db_name="procura"} 40`, `go_sql_max_open_connections{db_name="procura_lists"} 16`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestTwoServersActAsOne: a session made on server A is valid on B; a
// deactivation, a logout, a password change and a grant change made
// through A refuse on B, within a second, a session that B had just used
// (and cached); the periodic jobs were enqueued once between them.
func TestTwoServersActAsOne(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	a, b := startServer(t, dsn), startServer(t, dsn)
	ctx := context.Background()
	admin := signIn(t, a, "admin")
	account := func(username string) (id int64, version int) {
		t.Helper()
		if err := db.SQL().QueryRow(`SELECT id, version FROM users WHERE username = $1`, username).Scan(&id, &version); err != nil {
			t.Fatal(err)
		}
		return id, version
	}
	unit, err := db.GetUnitByCode(ctx, "429006")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, username, path string
		prepare, change      func(t *testing.T, c *client)
		want                 int
	}{
		{name: "deactivation", username: "clerk.xiantao", path: "/api/v1/rules", want: http.StatusUnauthorized,
			change: func(t *testing.T, _ *client) {
				id, v := account("clerk.xiantao")
				admin.must(t, a, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"active": false, "version": v}, http.StatusOK)
			}},
		{name: "logout", username: "prosecutor.xiantao", path: "/api/v1/rules", want: http.StatusUnauthorized,
			change: func(t *testing.T, c *client) {
				c.must(t, a, http.MethodPost, "/api/v1/auth/logout", nil, http.StatusNoContent)
			}},
		{name: "password change", username: "chief.xiantao", path: "/api/v1/rules", want: http.StatusUnauthorized,
			change: func(t *testing.T, _ *client) {
				signIn(t, a, "chief.xiantao").must(t, a, http.MethodPost, "/api/v1/auth/password",
					map[string]string{"current_password": demo.Password, "new_password": "xiantao-chief-2026!"}, http.StatusNoContent)
			}},
		{name: "grant revoked", username: "prosecutor.tianmen", path: "/api/v1/audit-events", want: http.StatusForbidden,
			prepare: func(t *testing.T, c *client) {
				id, _ := account("prosecutor.tianmen")
				admin.must(t, a, http.MethodPut, fmt.Sprintf("/api/v1/users/%d/grants", id), map[string]any{"grants": []map[string]any{
					{"role": "prosecutor", "unit_id": unit.ID}, {"role": "supervisor", "unit_id": unit.ID}}}, http.StatusOK)
				c.answersWithin(t, b, "/api/v1/audit-events", http.StatusOK) // B has the grant
			},
			change: func(t *testing.T, _ *client) {
				id, _ := account("prosecutor.tianmen")
				admin.must(t, a, http.MethodPut, fmt.Sprintf("/api/v1/users/%d/grants", id), map[string]any{"grants": []map[string]any{
					{"role": "prosecutor", "unit_id": unit.ID}}}, http.StatusOK)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := signIn(t, a, tc.username) // the cookie jar sends A's cookie to B too: same host
			if tc.prepare != nil {
				tc.prepare(t, c)
			}
			// Read on B until B answers from its session cache (a read
			// that overlaps the notice of an earlier change caches nothing).
			for start := time.Now(); ; {
				hits := cacheHits(t, b)
				c.must(t, b, http.MethodGet, tc.path, nil, http.StatusOK)
				if cacheHits(t, b) > hits {
					break
				}
				if time.Since(start) > time.Second {
					t.Fatal("B never answered from its session cache")
				}
			}
			tc.change(t, c)
			t.Logf("B answered %d %v after the change on A", tc.want, c.answersWithin(t, b, tc.path, tc.want))
		})
	}

	// The periodic jobs that run on start exist once: only the leader
	// enqueues them. A second is allowed only when the leadership changed
	// hands after the first (a busy machine can make a leader miss its
	// reelection), since a new leader runs them on start again.
	for _, kind := range []string{"reminders", "rollup_refresh"} {
		var n int
		var first, elected time.Time
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if err := db.SQL().QueryRow(`SELECT count(*), coalesce(min(created_at), now()) FROM river_job WHERE kind = $1`, kind).Scan(&n, &first); err != nil {
				t.Fatal(err)
			}
			if n > 0 || time.Now().After(deadline) {
				break
			}
		}
		if err := db.SQL().QueryRow(`SELECT elected_at FROM river_leader`).Scan(&elected); err != nil {
			t.Fatal(err)
		}
		if n == 0 || n > 2 || (n == 2 && !elected.After(first)) {
			t.Errorf("%d %s jobs with two servers started (the first at %v, the leader elected at %v), want one", n, kind, first, elected)
		}
	}
	if t.Failed() {
		t.Logf("server A:\n%s\nserver B:\n%s", a.out, b.out)
	}
}

// freeze stops s (SIGSTOP) at a moment when no transaction is left open
// on the database, so that the frozen server holds no lock.
func freeze(t *testing.T, s *server, db *store.DB) {
	t.Helper()
	for range 50 {
		if err := s.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
		var open int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND state LIKE 'idle in transaction%'`).Scan(&open); err != nil {
			t.Fatal(err)
		}
		if open == 0 {
			return
		}
		thaw(t, s)
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("never found the database without an open transaction")
}

func thaw(t *testing.T, s *server) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
}

// TestImportFinishesOnOtherServer: an events import uploaded to server A
// and running there is finished by server B, already serving beside it,
// after A is killed (SIGKILL) in the middle of it. B is frozen while A
// takes the import, so that A, not B, runs it.
func TestImportFinishesOnOtherServer(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	cases, events := generatedFiles(t, db, 2500)
	a, b := startServer(t, dsn), startServer(t, dsn)
	freeze(t, b, db)
	c, _, eventsID, crashed := importUntilKilled(t, db, a, cases, events)
	killed := time.Now()
	thaw(t, b)

	resumed := waitImport(t, db, eventsID, 60*time.Second, func(r store.ImportRecord) bool { return r.RowsRead > crashed.RowsRead }, b.out)
	t.Logf("B resumed it %.1f s after A died (run %d)", time.Since(killed).Seconds(), resumed.Run)
	done := waitImport(t, db, eventsID, 2*time.Minute, func(r store.ImportRecord) bool { return r.Status != "running" && r.Status != "queued" }, b.out)
	if done.Status != "done" || done.Run != 1 || done.RowsRead != done.RowsTotal || done.RowsOK+done.RowsFailed != done.RowsTotal {
		t.Errorf("import ended %s, run %d", counts(done), done.Run)
	}
	// B still serves: the session made on A is valid there.
	c.must(t, b, http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", eventsID), nil, http.StatusOK)
	if t.Failed() {
		t.Logf("server B:\n%s", b.out)
	}
}
