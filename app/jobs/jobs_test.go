package jobs

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestRemindersRunOnStart: the runner generates the reminders through the
// queue as soon as it starts.
func TestRemindersRunOnStart(t *testing.T) {
	dsn := testdb.URL(t, true)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := password.New(password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, h); err != nil {
		t.Fatal(err)
	}
	r, err := Start(ctx, dsn, db, slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := r.Stop(stopCtx); err != nil {
			t.Error(err)
		}
	}()
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

// TestImportRunsOnRiver: an uploaded import queued twice runs once through
// River and ends done with its rows written and its file dropped.
func TestImportRunsOnRiver(t *testing.T) {
	dsn := testdb.URL(t, true)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := password.New(password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, h); err != nil {
		t.Fatal(err)
	}
	var unitID, userID int64
	if err := db.SQL().QueryRow(`SELECT u.id, a.id FROM units u, users a WHERE u.code = '429004' AND a.username = 'supervisor.xiantao'`).
		Scan(&unitID, &userID); err != nil {
		t.Fatal(err)
	}
	csv := "unified_no,dept_no,unit_code,case_type,category,prosecutor,received_on,persons\n" +
		"42900420269900001,,429004,审查起诉,drug,prosecutor.xiantao,2026-03-02,1\n" +
		"42900420269900002,,429004,审查起诉,fraud,胡晓东,2026-03-03,2\n" +
		"42900420269900003,,999999,审查起诉,fraud,胡晓东,2026-03-03,2\n"
	id, err := db.BeginImport(ctx, unitID, "cases", "cases.csv", domain.Scope{Patterns: []string{"/420000/429000/429004"}}, userID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.WriteImportChunk(ctx, id, 0, []byte(csv)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.QueueImport(ctx, id, "csv", int64(len(csv)), "test"); err != nil {
		t.Fatal(err)
	}
	r, err := Start(ctx, dsn, db, slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := r.Stop(stopCtx); err != nil {
			t.Error(err)
		}
	}()
	for range 2 {
		if err := r.EnqueueImport(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	var rec store.ImportRecord
	for {
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
