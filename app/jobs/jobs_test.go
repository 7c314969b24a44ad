package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestRemindersRunOnStart: the runner generates the reminders through the
// queue as soon as it starts.
func TestRemindersRunOnStart(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	// Writing the demo handed tasks on already; the scan must find them anew.
	if _, err := db.SQL().Exec(`DELETE FROM notifications`); err != nil {
		t.Fatal(err)
	}
	startRunner(t, dsn, db)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM notifications`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no reminders 20 s after start")
		}
		time.Sleep(200 * time.Millisecond)
	}
	var done int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'reminders'`).Scan(&done); err != nil || done == 0 {
		t.Errorf("no reminders job in river_job: %d %v", done, err)
	}
}

// startRunner starts the runner, stopped when the test ends.
func startRunner(t *testing.T, dsn string, db *store.DB) *Runner {
	t.Helper()
	return startRunnerWith(t, dsn, db, Options{})
}

// startRunnerWith starts the runner with opts, stopped when the test ends.
func startRunnerWith(t *testing.T, dsn string, db *store.DB, opts Options) *Runner {
	t.Helper()
	r, err := Start(context.Background(), dsn, db, slog.New(slog.DiscardHandler), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(stopCtx); err != nil {
			t.Error(err)
		}
	})
	return r
}

// queueCases uploads a cases file into Xiantao as its supervisor.
func queueCases(t *testing.T, db *store.DB, csv string) int64 {
	t.Helper()
	ctx := context.Background()
	var unitID, userID int64
	if err := db.SQL().QueryRow(`SELECT u.id, a.id FROM units u, users a WHERE u.code = '429004' AND a.username = 'supervisor.xiantao'`).
		Scan(&unitID, &userID); err != nil {
		t.Fatal(err)
	}
	id, err := db.BeginImport(ctx, unitID, "cases", "cases.csv", domain.Scope{Patterns: []string{"/420000/429000/429004"}}, userID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.WriteImportFile(ctx, id, strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.QueueImport(ctx, id, "csv", int64(len(csv)), "test"); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestImportRunsOnRiver: an uploaded import queued twice runs once through
// River and ends done with its rows written and its file dropped.
func TestImportRunsOnRiver(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	ctx := context.Background()
	csv := "unified_no,dept_no,unit_code,case_type,category,prosecutor,received_on,persons\n" +
		"42900420269900001,,429004,审查起诉,drug,prosecutor.xiantao,2026-03-02,1\n" +
		"42900420269900002,,429004,审查起诉,fraud,胡晓东,2026-03-03,2\n" +
		"42900420269900003,,999999,审查起诉,fraud,胡晓东,2026-03-03,2\n"
	id := queueCases(t, db, csv)
	r := startRunner(t, dsn, db)
	for range 2 {
		tx, err := db.SQL().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.EnqueueImportTx(ctx, tx, id); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	var rec store.ImportRecord
	for {
		var err error
		if rec, err = db.GetImport(ctx, id); err != nil {
			t.Fatal(err)
		}
		if rec.Status == "done" || rec.Status == "failed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("import still %s after 20 s", rec.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if rec.Status != "done" || rec.RowsTotal != 3 || rec.RowsOK != 2 || rec.RowsFailed != 1 || len(rec.Errors) != 1 || rec.Errors[0].Line != 4 {
		t.Errorf("import ended %+v", rec)
	}
	var jobs, chunks int
	if err := db.SQL().QueryRow(`SELECT (SELECT count(*) FROM river_job WHERE kind = 'case_import'), (SELECT count(*) FROM import_chunks)`).
		Scan(&jobs, &chunks); err != nil {
		t.Fatal(err)
	}
	if jobs != 1 || chunks != 0 {
		t.Errorf("%d import jobs (want 1), %d chunks left (want 0)", jobs, chunks)
	}
}

// TestStalledImportsResume: at start the runner hands on an import left
// running by a server that died (its heartbeat long stopped) and one left
// queued without a job, and both run to the end.
func TestStalledImportsResume(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	ctx := context.Background()
	var ids []int64
	for i := range 2 {
		csv := "unified_no,dept_no,unit_code,case_type,category,prosecutor,received_on,persons\n" +
			fmt.Sprintf("4290042026990%04d,,429004,审查起诉,drug,,2026-03-02,1\n", i)
		ids = append(ids, queueCases(t, db, csv))
	}
	// The first was running when its server died; the second was never
	// enqueued. Both were uploaded a minute ago.
	if _, err := db.SQL().Exec(`UPDATE imports SET created_at = now() - interval '1 minute' WHERE id = ANY($1)`, ids); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE imports SET status = 'running', lease = 7, heartbeat_at = now() - interval '1 minute' WHERE id = $1`, ids[0]); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	startRunner(t, dsn, db)
	for _, id := range ids {
		for {
			rec, err := db.GetImport(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Status == "done" {
				if rec.RowsOK != 1 || (id == ids[0]) != (rec.Run == 1) {
					t.Errorf("import %d ended %+v", id, rec)
				}
				break
			}
			if time.Since(start) > 30*time.Second {
				t.Fatalf("import %d still %s 30 s after start", id, rec.Status)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	t.Logf("both imports done %.1f s after start", time.Since(start).Seconds())
}

// TestPartitionsAheadOnStart: the leader makes the partitions of its
// year and the years ahead as soon as it starts.
func TestPartitionsAheadOnStart(t *testing.T) {
	dsn := testdb.URL(t, true)
	db, err := store.Open(context.Background(), dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2040, 6, 1, 12, 0, 0, 0, time.UTC)
	startRunnerWith(t, dsn, db, Options{Now: func() time.Time { return now }})
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM pg_class WHERE relname IN
			('case_events_y2040', 'case_events_y2043', 'audit_events_y2040', 'audit_events_y2043')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 4 partitions 20 s after start", n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestLongJobsOutliveRiversDefaultTimeout: the jobs whose work grows with
// the data are given longer than River's default minute, after which
// River would cancel and retry them without end.
func TestLongJobsOutliveRiversDefaultTimeout(t *testing.T) {
	for name, d := range map[string]time.Duration{
		"reminders":        (&reminderWorker{}).Timeout(nil),
		"case_import":      (&importWorker{}).Timeout(nil),
		"rollup_refresh":   (&rollupWorker{}).Timeout(nil),
		"partitions_ahead": (&partitionWorker{}).Timeout(nil),
	} {
		if d <= river.JobTimeoutDefault {
			t.Errorf("%s: timeout %v, not above River's default %v", name, d, river.JobTimeoutDefault)
		}
	}
}
