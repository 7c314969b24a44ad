package caseimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"procura/app/gendata"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

func TestMain(m *testing.M) { testdb.Main(m) }

const batch = 150

// world is a database with the demo units and accounts and two generated
// files for the Hanjiang branch: cases (with one bad row) and their events
// (with one row for an unknown case).
type world struct {
	db            *store.DB
	branch        domain.Unit
	userID        int64
	cases, events []byte
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	_, db := testdb.WithDemo(t)
	w := &world{db: db}
	var err error
	if w.branch, err = db.GetUnitByCode(ctx, "429000"); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT id FROM users WHERE username = 'supervisor.hanjiang'`).Scan(&w.userID); err != nil {
		t.Fatal(err)
	}
	w.cases, w.events = generated(t, db)
	return w
}

func generated(t *testing.T, db *store.DB) (cases, events []byte) {
	t.Helper()
	reserved, err := db.UnifiedNumbers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var cb, eb bytes.Buffer
	cw, _ := gendata.NewCaseWriter(&cb)
	ew, _ := gendata.NewEventWriter(&eb)
	err = gendata.Generate(gendata.Config{Units: []gendata.Unit{{Code: "429004", Short: "仙检", Weight: 2}, {Code: "429005", Short: "潜检", Weight: 1}},
		Categories: gendata.DefaultCategories, From: domain.NewDate(2025, 1, 1), To: domain.NewDate(2026, 6, 30), Cases: 700, Seed: 11,
		Reserved: reserved}, func(c gendata.Case) error {
		if err := cw.Write(c); err != nil {
			return err
		}
		return ew.Write(c)
	})
	if err != nil || cw.Flush() != nil || ew.Flush() != nil {
		t.Fatal(err)
	}
	cb.WriteString("42999920250000001,,999999,审查起诉,drug,,2025-03-01,1\n")
	eb.WriteString("42999920250000001,appeal,2025-03-01,1\n")
	return cb.Bytes(), eb.Bytes()
}

// upload stores a file as a queued import into the branch.
func (w *world) upload(t *testing.T, kind string, data []byte) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := w.db.BeginImport(ctx, w.branch.ID, kind, kind+".csv", domain.Scope{Patterns: []string{domain.SubtreePattern(w.branch.Path)}}, w.userID)
	if err != nil {
		t.Fatal(err)
	}
	size, sha, err := w.db.WriteImportFile(ctx, id, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.QueueImport(ctx, id, "csv", size, sha); err != nil {
		t.Fatal(err)
	}
	return id
}

// state describes what the imports left: their counts and errors, and a
// digest of the cases, the events and the roll-ups.
func (w *world) state(t *testing.T, ids ...int64) string {
	t.Helper()
	var b strings.Builder
	for _, id := range ids {
		rec, err := w.db.GetImport(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s total %d read %d ok %d failed %d changed %d errors %v failure %q\n", rec.Kind, rec.Status,
			rec.RowsTotal, rec.RowsRead, rec.RowsOK, rec.RowsFailed, rec.RowsChanged, rec.Errors, rec.Failure)
	}
	b.WriteString(testdb.CaseData(t, w.db.SQL()))
	return b.String()
}

// uninterrupted imports both files of a fresh world in one run each.
func uninterrupted(t *testing.T) string {
	t.Helper()
	w := newWorld(t)
	r := &Runner{DB: w.db, BatchSize: batch}
	c, e := w.upload(t, "cases", w.cases), w.upload(t, "events", w.events)
	for _, id := range []int64{c, e} {
		if err := r.Run(context.Background(), id, 0); err != nil {
			t.Fatal(err)
		}
	}
	return w.state(t, c, e)
}

// crashAfter runs import id until n batches are committed, then stops it
// as a crash would: the run's context ends mid-batch, that batch (and
// any after it under way) rolls back, and the import is left running
// with a heartbeat that no longer moves. Batches of events written
// several at once end with the end of a case, so they may be longer than
// batch rows.
func (w *world) crashAfter(t *testing.T, id int64, n int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches, read := 0, 0
	r := &Runner{DB: w.db, BatchSize: batch, afterBatch: func() {
		if batches++; batches == n {
			rec, err := w.db.GetImport(context.Background(), id)
			if err != nil {
				t.Error(err)
			}
			read = rec.RowsRead
			cancel()
		}
	}}
	if err := r.Run(ctx, id, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("crashed run: %v", err)
	}
	rec, err := w.db.GetImport(context.Background(), id)
	if err != nil || rec.Status != "running" || rec.RowsRead != read || read < n*batch || (rec.Kind == "cases" && read != n*batch) {
		t.Fatalf("after the crash: %+v (%v), want running with the %d rows of %d batches read", rec, err, read, n)
	}
}

// TestResumeAfterCrash: imports interrupted after some batches are handed
// on to a new run, which goes on from the last committed batch and ends
// with exactly what uninterrupted imports give: the same counts (a batch
// applied twice would count its rows twice), rows and roll-ups. The
// stuck run's own job, tried again, finds the import handed on and
// leaves it alone.
func TestResumeAfterCrash(t *testing.T) {
	want := uninterrupted(t)
	w := newWorld(t)
	ctx := context.Background()
	c, e := w.upload(t, "cases", w.cases), w.upload(t, "events", w.events)
	for i, id := range []int64{c, e} {
		w.crashAfter(t, id, 2+i)
		if runs, err := w.db.RequeueStalledImports(ctx, 0); err != nil || len(runs) != 1 || runs[0] != (store.ImportRun{ID: id, Run: 1}) {
			t.Fatalf("requeued %v (%v)", runs, err)
		}
		r := &Runner{DB: w.db, BatchSize: batch}
		if err := r.Run(ctx, id, 0); err != nil { // the old job again: nothing to do
			t.Fatal(err)
		}
		if err := r.Run(ctx, id, 1); err != nil {
			t.Fatal(err)
		}
	}
	if got := w.state(t, c, e); got != want {
		t.Errorf("resumed imports left\n%s\nuninterrupted ones\n%s", got, want)
	}
}

// TestHandedOnRunStops: a run whose import is handed on while it works
// (its heartbeat was taken for dead) writes nothing more; the run that
// took over finishes, and the outcome is that of one run.
func TestHandedOnRunStops(t *testing.T) {
	want := uninterrupted(t)
	w := newWorld(t)
	ctx := context.Background()
	c := w.upload(t, "cases", w.cases)
	if err := (&Runner{DB: w.db, BatchSize: batch}).Run(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
	e := w.upload(t, "events", w.events)
	batches := 0
	takeover := make(chan error, 1)
	old := &Runner{DB: w.db, BatchSize: batch, afterBatch: func() {
		if batches++; batches == 3 {
			if _, err := w.db.RequeueStalledImports(ctx, 0); err != nil {
				takeover <- err
				return
			}
			// The new run starts at once, beside the old one: the old
			// run's next batch, already under way, holds its cases until
			// its progress write finds the import handed on.
			go func() { takeover <- (&Runner{DB: w.db, BatchSize: batch}).Run(ctx, e, 1) }()
		}
	}}
	err := old.Run(ctx, e, 0)
	if terr := <-takeover; err != nil || terr != nil {
		t.Fatalf("old run: %v; new run: %v", err, terr)
	}
	if batches != 3 {
		t.Errorf("the old run committed %d batches, want it to stop after 3", batches)
	}
	if got := w.state(t, c, e); got != want {
		t.Errorf("imports left\n%s\nuninterrupted ones\n%s", got, want)
	}
}

// TestCancel: cancelling a running import stops its run at the next
// batch, which rolls back; what was committed stays, the file goes, the
// cancel is audited, and an ended import cannot be cancelled.
func TestCancel(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.upload(t, "cases", w.cases)
	batches := 0
	r := &Runner{DB: w.db, BatchSize: batch, afterBatch: func() {
		if batches++; batches == 2 {
			if _, running, err := w.db.CancelImport(ctx, c, time.Now()); err != nil || !running {
				t.Errorf("cancel: running %v, %v", running, err)
			}
		}
	}}
	if err := r.Run(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
	rec, err := w.db.GetImport(ctx, c)
	if err != nil || rec.Status != "cancelled" || rec.RowsRead != 2*batch || rec.RowsOK != 2*batch || batches != 2 {
		t.Fatalf("cancelled import %+v after %d batches (%v)", rec, batches, err)
	}
	var chunks, audits int
	if err := w.db.SQL().QueryRow(`SELECT (SELECT count(*) FROM import_chunks WHERE import_id = $1),
		(SELECT count(*) FROM audit_events WHERE action = 'cancel' AND entity = 'import' AND entity_id = $1::text)`, c).
		Scan(&chunks, &audits); err != nil {
		t.Fatal(err)
	}
	if chunks != 0 || audits != 1 {
		t.Errorf("after cancelling: %d chunks, %d audit events", chunks, audits)
	}
	if _, _, err := w.db.CancelImport(ctx, c, time.Now()); !errors.Is(err, store.ErrImportEnded) {
		t.Errorf("cancelling again: %v", err)
	}
	// A queued import cancelled never runs.
	e := w.upload(t, "events", w.events)
	if _, running, err := w.db.CancelImport(ctx, e, time.Now()); err != nil || running {
		t.Fatalf("cancel queued: running %v, %v", running, err)
	}
	if err := (&Runner{DB: w.db}).Run(ctx, e, 0); err != nil {
		t.Fatal(err)
	}
	if rec, _ := w.db.GetImport(ctx, e); rec.Status != "cancelled" || rec.RowsRead != 0 || rec.StartedAt != nil {
		t.Errorf("the queued import ran after its cancel: %+v", rec)
	}
}

// TestWritersAgree: batches written several at once, from the events file
// as generated (each case's events together, so that cases straddle
// batches) and from its rows shuffled (so that most cases are in many
// batches), leave exactly what batches written one by one leave.
func TestWritersAgree(t *testing.T) {
	run := func(writers int, shuffle bool) string {
		t.Helper()
		w := newWorld(t)
		events := w.events
		if shuffle {
			lines := strings.SplitAfter(string(events), "\n")
			head, rows := lines[0], lines[1:len(lines)-1] // the last is empty
			rand.New(rand.NewPCG(3, 4)).Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
			events = []byte(head + strings.Join(rows, ""))
		}
		r := &Runner{DB: w.db, BatchSize: 40, Writers: writers}
		c, e := w.upload(t, "cases", w.cases), w.upload(t, "events", events)
		for _, id := range []int64{c, e} {
			if err := r.Run(context.Background(), id, 0); err != nil {
				t.Fatal(err)
			}
		}
		return w.state(t, c, e)
	}
	for _, shuffle := range []bool{false, true} {
		want := run(1, shuffle)
		if got := run(3, shuffle); got != want {
			t.Errorf("shuffled %v: three writers left\n%s\none left\n%s", shuffle, got, want)
		}
	}
}
