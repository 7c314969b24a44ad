package httpapi

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"procura/app/store"
	"procura/app/testdb"
)

// serverWithKiller is a test server on a database of its own, and a
// separate connection to that database that can end the server's sessions.
func serverWithKiller(t *testing.T) (*testServer, *sql.DB) {
	t.Helper()
	dsn := testdb.URL(t, true)
	db, err := store.Open(context.Background(), dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	killer, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	killer.SetMaxOpenConns(1)
	t.Cleanup(func() { killer.Close() })
	return newTestServerOn(t, db, nil), killer
}

// terminateOthers ends every other session on the database (as a restart
// does: each gets FATAL 57P01) and waits until they are gone.
func terminateOthers(t *testing.T, killer *sql.DB) {
	t.Helper()
	const others = `FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
	if _, err := killer.Exec(`SELECT pg_terminate_backend(pid) ` + others); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		var n int
		if err := killer.QueryRow(`SELECT count(*) ` + others).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("sessions still there 5 s after pg_terminate_backend")
}

// TestReadRetriedOnClosedConnection: a read whose pooled connection the
// server closed (SQLSTATE 57P01) runs again on a fresh connection and
// succeeds, instead of failing.
func TestReadRetriedOnClosedConnection(t *testing.T) {
	ts, killer := serverWithKiller(t)
	c := ts.login(t, "prosecutor.xiantao")
	for i := 0; i < 5; i++ {
		if rec := c.do(t, http.MethodGet, "/api/v1/suggestions", nil); rec.Code != http.StatusOK {
			t.Fatalf("round %d, before: %d %s", i, rec.Code, rec.Body)
		}
		terminateOthers(t, killer)
		if rec := c.do(t, http.MethodGet, "/api/v1/suggestions", nil); rec.Code != http.StatusOK {
			t.Fatalf("round %d, read on a closed connection: %d %s", i, rec.Code, rec.Body)
		}
	}
}

// TestDeniedAccessUnauditableIs503: when the database goes away while a
// refusal is written to the audit log, the answer is 503 unavailable (try
// again), not a refusal that left no trace, and never 500.
func TestDeniedAccessUnauditableIs503(t *testing.T) {
	ts, killer := serverWithKiller(t)
	admin := ts.login(t, "admin")
	// The session that records a refusal is ended by the server under it.
	if _, err := killer.Exec(`
		CREATE FUNCTION test_end_own_session() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); RETURN NEW; END $$;
		CREATE TRIGGER test_end_own_session BEFORE INSERT ON audit_events FOR EACH ROW
			WHEN (NEW.action = 'access_denied') EXECUTE FUNCTION test_end_own_session()`); err != nil {
		t.Fatal(err)
	}
	badCSRF := &client{ts: ts, cookie: admin.cookie, csrf: "wrong"}
	for _, tc := range []struct {
		name         string
		c            *client
		method, path string
	}{
		{"forbidden list (a read, retried once)", admin, http.MethodGet, "/api/v1/suggestions"},
		{"bad CSRF token", badCSRF, http.MethodPost, "/api/v1/auth/logout"},
	} {
		rec := tc.c.do(t, tc.method, tc.path, nil)
		if e := decodeErrorBody(t, rec); rec.Code != http.StatusServiceUnavailable || e.Code != "unavailable" ||
			rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s: %d %s, Retry-After %q", tc.name, rec.Code, rec.Body, rec.Header().Get("Retry-After"))
		}
	}
}
