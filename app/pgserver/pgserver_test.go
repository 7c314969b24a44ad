package pgserver

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// TestStartStopReuse initialises a cluster, writes to it, stops it, starts
// it again from the same directory and finds the data still there.
func TestStartStopReuse(t *testing.T) {
	ctx := context.Background()
	dir, pg := startTemp(t)
	mustExec(t, pg.URL("postgres"), `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')`)
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pgdata", "postmaster.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("postmaster.pid after stop: %v", err)
	}

	pg2, err := Start(ctx, Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg2.Stop() })
	var v string
	db := open(t, pg2.URL("postgres"))
	if err := db.QueryRow(`SELECT v FROM kept`).Scan(&v); err != nil || v != "still here" {
		t.Fatalf("after restart: %q, %v", v, err)
	}

	// A third Start while the cluster runs reuses it and does not own it.
	pg3, err := Start(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if pg3.Port() != pg2.Port() {
		t.Fatalf("reuse: port %d, running cluster on %d", pg3.Port(), pg2.Port())
	}
	if err := pg3.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := open(t, pg2.URL("postgres")).Ping(); err != nil {
		t.Fatalf("Stop of a reused cluster stopped it: %v", err)
	}
}

// TestRestart restarts a running cluster: the same port answers again,
// with the data kept, and a session open across the restart is ended.
func TestRestart(t *testing.T) {
	ctx := context.Background()
	dir, pg := startTemp(t)
	db := open(t, pg.URL("postgres"))
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE kept (v text); INSERT INTO kept VALUES ('kept')`); err != nil {
		t.Fatal(err)
	}
	var pidBefore, pidAfter int
	err := db.QueryRow(`SELECT pg_backend_pid()`).Scan(&pidBefore)
	if err != nil {
		t.Fatal(err)
	}
	port := pg.Port()
	if err := pg.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	if pg.Port() != port {
		t.Fatalf("port %d after restart, was %d", pg.Port(), port)
	}
	var v string
	if err := open(t, pg.URL("postgres")).QueryRow(`SELECT v FROM kept`).Scan(&v); err != nil || v != "kept" {
		t.Fatalf("after restart: %q, %v", v, err)
	}
	// The pooled connection died with the old server; database/sql
	// notices on use and the next query runs on a new backend.
	for i := 0; i < 3; i++ {
		if err = db.QueryRow(`SELECT pg_backend_pid()`).Scan(&pidAfter); err == nil {
			break
		}
	}
	if err != nil || pidAfter == pidBefore {
		t.Fatalf("backend after restart: pid %d (was %d), %v", pidAfter, pidBefore, err)
	}

	reused, err := Start(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := reused.Restart(ctx); err == nil {
		t.Fatal("a reused cluster restarted; only its owner may")
	}
}

func TestFindBinDir(t *testing.T) {
	dir, err := FindBinDir()
	if err != nil {
		t.Fatal(err)
	}
	if !hasBinaries(dir) {
		t.Fatalf("%s lacks the binaries", dir)
	}
}

// startTemp starts a throwaway cluster in a new directory, both removed
// when the test ends.
func startTemp(t *testing.T) (string, *Server) {
	t.Helper()
	// Not t.TempDir: its parent is private to root, and the cluster may
	// belong to the postgres user.
	dir, err := os.MkdirTemp("", "procura-pgserver-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg, err := Start(context.Background(), Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Stop() })
	return dir, pg
}

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, dsn, stmt string) {
	t.Helper()
	if _, err := open(t, dsn).Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// TestCommand finds the client programs and runs them; an unknown one is
// an error that says what to install.
func TestCommand(t *testing.T) {
	for _, name := range []string{"pg_dump", "pg_restore", "psql"} {
		cmd, err := Command(context.Background(), name, "--version")
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), "(PostgreSQL)") {
			t.Errorf("%s --version: %q %v", name, out, err)
		}
	}
	if _, err := Command(context.Background(), "pg_nonesuch"); err == nil || !strings.Contains(err.Error(), "postgresql-client") {
		t.Errorf("unknown program: %v", err)
	}
}
