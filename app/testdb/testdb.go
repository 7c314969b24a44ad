// Package testdb gives every Go test that needs PostgreSQL a database of its
// own. A test binary calls Main from TestMain: it starts one throwaway
// cluster (or attaches to PROCURA_TEST_DATABASE_URL), migrates a template
// database, runs the tests, then drops everything and removes the cluster.
// New clones the template into a fresh database per test, dropped in
// t.Cleanup. Tests never skip for lack of a database: Main fails instead.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"procura/app/pgserver"
	"procura/app/store"
)

// harness is the per-binary state; a test binary is one process, and Main
// is its only writer, before any test runs.
type harness struct {
	adminURL string // a database on the server that tests do not use
	template string
	server   *pgserver.Server // the cluster started for the tests; nil on PROCURA_TEST_DATABASE_URL

	demoOnce     sync.Once
	demoTemplate string // the migrated template with the demo loaded, made on first use
	demoErr      error
}

var current *harness

// Main runs m against a throwaway PostgreSQL and exits with its code.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx := context.Background()
	h := &harness{template: "procura_tmpl_" + randomHex(6)}
	adminURL := os.Getenv("PROCURA_TEST_DATABASE_URL")
	if adminURL == "" {
		dir, err := os.MkdirTemp("", "procura-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "testdb:", err)
			return 2
		}
		defer os.RemoveAll(dir)
		pg, err := pgserver.Start(ctx, pgserver.Options{Dir: dir, Ephemeral: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, "testdb: start PostgreSQL:", err)
			return 2
		}
		defer func() {
			if err := pg.Stop(); err != nil {
				fmt.Fprintln(os.Stderr, "testdb:", err)
			}
		}()
		adminURL = pg.URL("postgres")
		h.server = pg
	}
	h.adminURL = adminURL
	if err := h.prepareTemplate(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "testdb: template:", err)
		return 2
	}
	defer func() {
		for _, name := range []string{h.demoTemplate, h.template} {
			if name == "" {
				continue
			}
			if err := store.DropDatabase(ctx, h.adminURL, name); err != nil {
				fmt.Fprintln(os.Stderr, "testdb:", err)
			}
		}
	}()
	current = h
	return m.Run()
}

func (h *harness) prepareTemplate(ctx context.Context) error {
	if err := store.CreateDatabase(ctx, h.adminURL, h.template); err != nil {
		return err
	}
	db, err := store.Open(ctx, withDatabase(h.adminURL, h.template), quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	mig, err := store.NewMigrator(db.SQL(), nil)
	if err != nil {
		return err
	}
	_, err = mig.Up(ctx)
	return err
}

// URL creates a fresh database for t — migrated when migrated is true,
// empty otherwise — and returns its connection string. It is dropped when
// the test ends.
func URL(t testing.TB, migrated bool) string {
	t.Helper()
	if current == nil {
		t.Fatal("testdb: call testdb.Main(m) from TestMain in this package")
	}
	if migrated {
		return clone(t, current.template)
	}
	return clone(t, "")
}

// clone creates a database for t from template ("" for an empty one),
// dropped when t ends, and returns its connection string.
func clone(t testing.TB, template string) string {
	t.Helper()
	name := "t_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var err error
	if template != "" {
		err = store.CreateDatabase(ctx, current.adminURL, name, template)
	} else {
		err = store.CreateDatabase(ctx, current.adminURL, name)
	}
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() {
		if err := store.DropDatabase(context.Background(), current.adminURL, name); err != nil {
			t.Errorf("testdb: %v", err)
		}
	})
	return withDatabase(current.adminURL, name)
}

// New returns an open, migrated database of t's own.
func New(t testing.TB) *store.DB {
	t.Helper()
	return open(t, URL(t, true))
}

// open opens dsn, closed when t ends.
func open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, quietLogger())
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(fmt.Sprintf("testdb: bad database URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}

// CaseData digests the cases, their events, both roll-ups and the roll-up
// keys still to rebuild, so that a test can compare what two databases
// hold (say, after an interrupted import and an uninterrupted one).
func CaseData(t testing.TB, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT 'cases ' || count(*) || ' ' || coalesce(md5(string_agg(concat_ws('|', unified_no, dept_no, unit_id, case_type, category,
			prosecutor_id, prosecutor_name, received_on, persons, has_arrest_review), ',' ORDER BY unified_no)), '') FROM cases`,
		`SELECT 'events ' || count(*) || ' ' || coalesce(md5(string_agg(concat_ws('|', c.unified_no, e.event, e.occurred_on, e.persons), ','
			ORDER BY c.unified_no, e.event, e.occurred_on)), '') FROM case_events e JOIN cases c ON c.id = e.case_id`,
		`SELECT 'months ' || count(*) || ' ' || coalesce(md5(string_agg(concat_ws('|', unit_id, category, month, event, events, persons, cases_received), ','
			ORDER BY unit_id, category, month, event)), '') FROM case_event_months`,
		`SELECT 'days ' || count(*) || ' ' || coalesce(md5(string_agg(concat_ws('|', unit_id, category, day, event, events, persons, cases_received), ','
			ORDER BY unit_id, category, day, event)), '') FROM case_event_days`,
		`SELECT 'dirty keys ' || count(*) FROM case_rollup_dirty`,
	} {
		var s string
		if err := db.QueryRow(q).Scan(&s); err != nil {
			t.Fatalf("testdb: %v", err)
		}
		b.WriteString(s + "\n")
	}
	return b.String()
}
