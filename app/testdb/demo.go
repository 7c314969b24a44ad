package testdb

import (
	"context"
	"testing"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/store"
)

// WithDemo creates a migrated database for t with the demo data loaded
// (passwords hashed with the fast test parameters, which verify all the
// same) and returns its connection string and an open handle, closed when
// the test ends.
func WithDemo(t testing.TB) (string, *store.DB) {
	t.Helper()
	dsn := URL(t, true)
	db := open(t, dsn)
	h, err := password.New(password.Fast)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	if _, err := demo.Load(context.Background(), db, h); err != nil {
		t.Fatalf("testdb: demo: %v", err)
	}
	return dsn, db
}
