package main

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"procura/app/testdb"
)

// TestAuditArchiveCommand: `procura audit-archive YEAR` moves every event
// of that year out of the log into the archive table, losing none.
func TestAuditArchiveCommand(t *testing.T) {
	ctx := context.Background()
	dsn := testdb.URL(t, true)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`SELECT ensure_year_partition('audit_events', 2018);
		INSERT INTO audit_events (at, actor, action, entity) VALUES
			('2018-01-01 00:00+08', 'x', 'edit', 'unit'), ('2018-12-31 23:59+08', 'x', 'edit', 'unit'), ('2019-01-01 00:00+08', 'x', 'edit', 'unit')`); err != nil {
		t.Fatal(err)
	}
	counts := func() (log, archived int) {
		t.Helper()
		if err := db.QueryRow(`SELECT (SELECT count(*) FROM audit_events),
			(SELECT count(*) FROM pg_class WHERE relname = 'audit_archive_y2018')`).Scan(&log, &archived); err != nil {
			t.Fatal(err)
		}
		if archived == 1 {
			if err := db.QueryRow(`SELECT count(*) FROM audit_archive_y2018`).Scan(&archived); err != nil {
				t.Fatal(err)
			}
		}
		return log, archived
	}
	before, _ := counts()
	var out, logs bytes.Buffer
	if err := run(ctx, []string{"audit-archive", "2018"}, env(map[string]string{"DATABASE_URL": dsn}), &out, &logs); err != nil {
		t.Fatalf("audit-archive: %v\n%s", err, logs.String())
	}
	if !strings.Contains(out.String(), "archived 2 audit event(s) of 2018 to audit_archive_y2018") {
		t.Errorf("output %q", out.String())
	}
	after, archived := counts()
	if archived != 2 || after+archived != before {
		t.Errorf("log %d before, %d after, %d archived", before, after, archived)
	}
	if err := run(ctx, []string{"audit-archive", "2018"}, env(map[string]string{"DATABASE_URL": dsn}), &out, &logs); err == nil {
		t.Error("a second archive of 2018 succeeded")
	}
}
