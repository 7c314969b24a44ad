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
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
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
	}
	h.adminURL = adminURL
	if err := h.prepareTemplate(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "testdb: template:", err)
		return 2
	}
	defer func() {
		if err := store.DropDatabase(ctx, h.adminURL, h.template); err != nil {
			fmt.Fprintln(os.Stderr, "testdb:", err)
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
	name := "t_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var err error
	if migrated {
		err = store.CreateDatabase(ctx, current.adminURL, name, current.template)
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
	dsn := URL(t, true)
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
