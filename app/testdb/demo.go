package testdb

import (
	"context"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/store"
)

// WithDemo creates a migrated database for t with the demo data loaded
// (passwords hashed with the fast test parameters, which verify all the
// same) and returns its connection string and an open handle, closed when
// the test ends. The demo is loaded once per test binary, into a second
// template that each test clones (about 50 ms instead of 2 s).
func WithDemo(t testing.TB) (string, *store.DB) {
	t.Helper()
	if current == nil {
		t.Fatal("testdb: call testdb.Main(m) from TestMain in this package")
	}
	current.demoOnce.Do(func() { current.demoErr = current.prepareDemo() })
	if current.demoErr != nil {
		t.Fatalf("testdb: demo: %v", current.demoErr)
	}
	dsn := clone(t, current.demoTemplate)
	return dsn, open(t, dsn)
}

// prepareDemo loads the demo into its own template, cloned from the
// migrated one.
func (h *harness) prepareDemo() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	name := "procura_demo_" + randomHex(6)
	if err := store.CreateDatabase(ctx, h.adminURL, name, h.template); err != nil {
		return err
	}
	h.demoTemplate = name
	db, err := store.Open(ctx, withDatabase(h.adminURL, name), quietLogger())
	if err != nil {
		return err
	}
	defer db.Close() // a template must have no sessions when it is cloned
	hasher, err := password.New(password.Fast)
	if err != nil {
		return err
	}
	_, err = demo.Load(ctx, db, hasher)
	return err
}
