package store_test

import (
	"context"
	"testing"

	"procura/app/store"
	"procura/app/testdb"
)

// TestMigrationsUpDownUp proves that every migration applies, rolls back
// completely and applies again on a real database.
func TestMigrationsUpDownUp(t *testing.T) {
	ctx := context.Background()
	db, m := emptyMigrator(t)
	n, err := m.Up(ctx)
	if err != nil {
		t.Fatalf("first up: %v", err)
	}
	if n == 0 {
		t.Fatal("no migration applied to an empty database")
	}
	tablesAfterUp := userTables(t, db)
	if err := m.DownTo(ctx, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	if left := userTables(t, db); len(left) != 1 || left[0] != "goose_db_version" {
		t.Fatalf("tables left after down: %v", left)
	}
	n2, err := m.Up(ctx)
	if err != nil {
		t.Fatalf("second up: %v", err)
	}
	if n2 != n {
		t.Fatalf("second up applied %d migrations, first %d", n2, n)
	}
	if got := userTables(t, db); len(got) != len(tablesAfterUp) {
		t.Fatalf("tables after second up %v, after first %v", got, tablesAfterUp)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if !s.Applied {
			t.Errorf("migration %d not applied", s.Version)
		}
	}
}

// emptyMigrator opens a database without any migration applied and its
// migrator; the store closes when the test ends.
func emptyMigrator(t *testing.T) (*store.DB, *store.Migrator) {
	t.Helper()
	db, err := store.Open(context.Background(), testdb.URL(t, false), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m, err := store.NewMigrator(db.SQL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, m
}

func userTables(t *testing.T, db *store.DB) []string {
	t.Helper()
	return textColumn(t, db, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
}

// textColumn runs q and returns its one text column.
func textColumn(t *testing.T, db *store.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.SQL().Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecordChangesDownAfterNewPartitions: migration 00042 rolls back
// after the partition job has made a year's partitions, which copy the
// statement triggers of case_events and audit_events (ensure_year_partition)
// and so also the ones 00042 adds.
func TestRecordChangesDownAfterNewPartitions(t *testing.T) {
	ctx := context.Background()
	db, m := emptyMigrator(t)
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	for _, table := range []string{"case_events", "audit_events"} {
		if made, err := db.EnsureYearPartition(ctx, table, 2090); err != nil || !made {
			t.Fatalf("partition of %s for 2090: %v, %v", table, made, err)
		}
	}
	if err := m.DownTo(ctx, 41); err != nil {
		t.Fatalf("down to 41: %v", err)
	}
	if left := textColumn(t, db, `SELECT tgrelid::regclass::text || ' ' || tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
		WHERE p.proname = 'procura_record_changed'`); len(left) != 0 {
		t.Fatalf("triggers left after down: %v", left)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
}
