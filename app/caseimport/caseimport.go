// Package caseimport runs an import of the national case system's exports:
// it reads the uploaded file back from the database, counts its rows,
// then writes them in batches, each batch with its progress in one short
// transaction, and rebuilds the indicator roll-up at the end. Each batch
// commits with the number of rows read so far, so a run that is
// interrupted (a crash, a lost database) is resumed by the next from the
// batch after the last committed, never writing a batch twice; and rows
// are written idempotently, so importing the same file twice changes
// nothing.
package caseimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"procura/app/caseimport/exportfile"
	"procura/app/store"
	"procura/domain"
)

// DefaultBatchSize is how many rows go into one transaction.
const DefaultBatchSize = 5000

// DefaultHeartbeat is how often a run records that it is alive.
const DefaultHeartbeat = 5 * time.Second

// Runner runs imports.
type Runner struct {
	DB        *store.DB
	Log       *slog.Logger
	Now       func() time.Time
	BatchSize int
	// Heartbeat is how often a run records that it is alive (default
	// DefaultHeartbeat); a run whose heartbeat stops is handed on (see
	// store.RequeueStalledImports).
	Heartbeat time.Duration

	afterBatch func() // for tests: called after each committed batch
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Run runs run number run of import id: it claims the import, counts
// its rows unless a previous run did, skips the rows earlier runs
// committed, writes the rest in batches, rebuilds the roll-up and ends
// the import. An import that has ended, was cancelled or was handed to a
// later run is left alone, and a run that loses its import meanwhile
// stops at its next write; neither is an error. A file that cannot be
// read ends the import as failed, which is not an error of Run either; a
// database error is, and leaves the import to be resumed.
func (r *Runner) Run(ctx context.Context, id int64, run int) error {
	lease := rand.Int64N(math.MaxInt64-1) + 1
	rec, ok, err := r.DB.ClaimImport(ctx, id, run, lease, r.now())
	if err != nil || !ok {
		return err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	beat := make(chan struct{})
	defer func() { <-beat }()
	defer cancel(nil) // stops the heartbeat, before the wait above
	go r.heartbeat(ctx, cancel, id, lease, beat)

	failure, err := r.run(ctx, rec, lease)
	if err == nil {
		err = r.DB.RefreshRollups(ctx)
	}
	if err == nil {
		err = r.DB.EndImport(ctx, id, lease, failure, r.now())
	}
	if err != nil {
		if r.lost(id, lease, err) {
			r.logInfo("import run stopped: the import was cancelled or handed on", "import_id", id, "run", run)
			return nil
		}
		return err
	}
	if r.Log != nil {
		done, _ := r.DB.GetImport(ctx, id)
		r.Log.Info("import ended", "import_id", id, "kind", rec.Kind, "run", run, "rows_ok", done.RowsOK, "rows_failed", done.RowsFailed,
			"rows_changed", done.RowsChanged, "failure", failure, "seconds", r.now().Sub(*rec.StartedAt).Seconds())
	}
	return nil
}

// heartbeat records every r.Heartbeat that the run is alive, and cancels
// it when it finds the import no longer held. It ends with ctx.
func (r *Runner) heartbeat(ctx context.Context, cancel context.CancelCauseFunc, id, lease int64, done chan<- struct{}) {
	defer close(done)
	every := r.Heartbeat
	if every <= 0 {
		every = DefaultHeartbeat
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		held, err := r.DB.ImportHeartbeat(ctx, id, lease)
		switch {
		case err != nil && ctx.Err() == nil:
			r.logInfo("import heartbeat failed", "import_id", id, "error", err) // tried again at the next tick
		case err == nil && !held:
			cancel(store.ErrImportLost)
			return
		}
	}
}

// lost reports whether err came of the run no longer holding its import,
// asking the database when err does not say so itself (reading a file
// that a cancel dropped fails otherwise).
func (r *Runner) lost(id, lease int64, err error) bool {
	if errors.Is(err, store.ErrImportLost) {
		return true
	}
	held, herr := r.DB.ImportHeartbeat(context.Background(), id, lease)
	return herr == nil && !held
}

func (r *Runner) logInfo(msg string, args ...any) {
	if r.Log != nil {
		r.Log.Info(msg, args...)
	}
}

// run reads and writes the file from where earlier runs stopped; failure
// says why the file could not be read, err is a database error.
func (r *Runner) run(ctx context.Context, rec store.ImportRecord, lease int64) (failure string, err error) {
	kind := exportfile.KindCases
	if rec.Kind == "events" {
		kind = exportfile.KindEvents
	}
	format := exportfile.FormatCSV
	if rec.Format == exportfile.FormatXLSX.String() {
		format = exportfile.FormatXLSX
	}
	cats, err := r.DB.Categories(ctx)
	if err != nil {
		return "", err
	}
	opts := exportfile.Options{CategoryNames: map[string]string{}}
	for _, c := range cats {
		opts.Categories = append(opts.Categories, c.Code)
		opts.CategoryNames[c.NameZh] = c.Code
	}
	file := r.DB.OpenImportFile(ctx, rec.ID, rec.Size)

	// First pass: count the rows, so that progress means something.
	if !rec.Counted {
		total, failure, err := countRows(ctx, kind, format, file, rec.Size, opts)
		if failure != "" || err != nil {
			return failure, err
		}
		if err := r.DB.SetImportTotal(ctx, rec.ID, lease, total); err != nil {
			return "", err
		}
	}

	rd, err := exportfile.Open(kind, format, file, rec.Size, opts)
	if err != nil {
		return fileFailure(err)
	}
	defer rd.Close()
	// Skip what earlier runs committed: the rows the reader yields (good
	// and bad) are the same, in the same order, each time.
	for range rec.RowsRead {
		if _, err := rd.Next(); err != nil && !isRowError(err) {
			if errors.Is(err, io.EOF) {
				break
			}
			return fileFailure(err)
		}
	}
	w, err := r.newWriter(ctx, rec, lease, rd.ColumnName)
	if err != nil {
		return "", err
	}
	size := r.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	for {
		row, err := rd.Next()
		var rowErr *exportfile.RowError
		switch {
		case errors.Is(err, io.EOF):
			return "", w.flush(ctx)
		case errors.As(err, &rowErr):
			w.refuse(rowErr.Line, rowErr.Problems()...)
			w.read++
		case err != nil:
			if f, ferr := fileFailure(err); ferr == nil {
				// Keep what was written: the rows so far are whole.
				return f, w.flush(ctx)
			}
			return "", err
		default:
			w.add(row)
			w.read++
		}
		if w.read >= size {
			if err := w.flush(ctx); err != nil {
				return "", err
			}
		}
	}
}

func isRowError(err error) bool {
	_, ok := errors.AsType[*exportfile.RowError](err)
	return ok
}

func countRows(ctx context.Context, kind exportfile.Kind, format exportfile.Format, file io.ReaderAt, size int64, opts exportfile.Options) (int, string, error) {
	rd, err := exportfile.Open(kind, format, file, size, opts)
	if err != nil {
		f, err := fileFailure(err)
		return 0, f, err
	}
	defer rd.Close()
	n := 0
	for {
		if n%1000 == 0 && ctx.Err() != nil {
			return n, "", context.Cause(ctx)
		}
		_, err := rd.Next()
		switch {
		case errors.Is(err, io.EOF):
			return n, "", nil
		case err == nil, isRowError(err):
			n++
		default:
			f, err := fileFailure(err)
			return n, f, err
		}
	}
}

// fileFailure turns a reader's fatal error into the import's failure
// text when it is about the file (a domain error), or returns it. The
// text is made safe to store: a message may quote the file.
func fileFailure(err error) (string, error) {
	if de, ok := domain.AsError(err); ok {
		return printable(de.MessageZh + " / " + de.Message), nil
	}
	return "", err
}

// printable drops control characters and invalid UTF-8, which PostgreSQL
// would refuse in text.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// writer collects the rows of one batch and writes them.
type writer struct {
	db     *store.DB
	rec    store.ImportRecord
	lease  int64
	read   int          // rows of the batch read from the file, good and bad
	scope  domain.Scope // the importer's scope within the import's unit
	units  map[string]domain.Unit
	users  map[string]int64
	cases  []store.CaseInput
	events []store.EventInput
	errs   []store.ImportError
	failed int
	// column names a field by the file's header (exportfile.Reader.ColumnName).
	column func(key string) string

	afterFlush func()
}

func (r *Runner) newWriter(ctx context.Context, rec store.ImportRecord, lease int64, column func(string) string) (*writer, error) {
	w := &writer{db: r.DB, rec: rec, lease: lease, scope: rec.Scope.Within(rec.UnitPath), afterFlush: r.afterBatch, column: column}
	var err error
	if rec.Kind == "cases" {
		if w.units, err = r.DB.UnitsByCode(ctx); err != nil {
			return nil, err
		}
		if w.users, err = r.DB.AccountsByUsername(ctx); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func (w *writer) refuse(line int, problems ...domain.FieldError) {
	w.failed++
	for _, p := range problems {
		w.errs = append(w.errs, store.ImportError{Line: line, Field: p.Field, Column: w.column(p.Field), Code: p.Code, Message: p.Message, MessageZh: p.MessageZh})
	}
}

func (w *writer) add(row exportfile.Row) {
	switch x := row.(type) {
	case exportfile.CaseRow:
		u, ok := w.units[x.UnitCode]
		switch {
		case !ok:
			w.refuse(x.Line, domain.Field("unit_code", "unknown_unit", "No unit has this code.", "没有该编码的单位。"))
			return
		case !u.Active:
			w.refuse(x.Line, domain.Field("unit_code", "inactive_unit", "The unit is deactivated.", "该单位已停用。"))
			return
		case !w.scope.Contains(u.Path):
			w.refuse(x.Line, domain.Field("unit_code", "out_of_scope", "The unit is outside this import's scope.", "该单位不在本次导入的权限范围内。"))
			return
		}
		in := store.CaseInput{Line: x.Line, UnifiedNo: x.UnifiedNo, DeptNo: x.DeptNo, UnitID: u.ID, CaseType: x.CaseType,
			Category: x.Category, ReceivedOn: x.ReceivedOn, Persons: x.Persons}
		if id, ok := w.users[x.Prosecutor]; ok {
			in.ProsecutorID = &id
		} else {
			in.ProsecutorName = x.Prosecutor
		}
		w.cases = append(w.cases, in)
	case exportfile.EventRow:
		w.events = append(w.events, store.EventInput{Line: x.Line, UnifiedNo: x.UnifiedNo, Event: domain.CaseEvent(x.Event),
			OccurredOn: x.OccurredOn, Persons: x.Persons})
	}
}

// flush writes the batch and its progress in one transaction: committed
// together, or (a crash, a lost lease) not at all.
func (w *writer) flush(ctx context.Context) error {
	if w.read == 0 {
		return nil
	}
	err := w.db.WithTx(ctx, func(ctx context.Context) error {
		var changed, ok int
		errs, failed := w.errs, w.failed
		switch {
		case len(w.cases) > 0:
			n, problems, err := w.db.UpsertCases(ctx, w.cases, w.scope)
			if err != nil {
				return err
			}
			changed, ok = n, len(w.cases)-len(problems)
			failed += len(problems)
			errs = w.appendProblems(errs, problems)
		case len(w.events) > 0:
			n, problems, err := w.db.ImportEvents(ctx, w.events, w.scope)
			if err != nil {
				return err
			}
			changed, ok = n, len(w.events)-len(problems)
			failed += len(problems)
			errs = w.appendProblems(errs, problems)
		}
		sortErrors(errs)
		return w.db.AddImportProgress(ctx, w.rec.ID, w.lease, w.read, ok, failed, changed, errs)
	})
	if err != nil {
		return fmt.Errorf("import %d: %w", w.rec.ID, err)
	}
	w.cases, w.events, w.errs, w.failed, w.read = w.cases[:0], w.events[:0], nil, 0, 0
	if w.afterFlush != nil {
		w.afterFlush()
	}
	return nil
}

// sortErrors orders a batch's errors by line, keeping each row's problems
// in column order.
func sortErrors(errs []store.ImportError) {
	slices.SortStableFunc(errs, func(a, b store.ImportError) int { return a.Line - b.Line })
}

func (w *writer) appendProblems(errs []store.ImportError, problems []store.RowProblem) []store.ImportError {
	for _, p := range problems {
		errs = append(errs, store.ImportError{Line: p.Line, Field: p.Field, Column: w.column(p.Field), Code: p.Code, Message: p.Message, MessageZh: p.MessageZh})
	}
	return errs
}

// Fail ends an import that could not run (its job gave up), so that it
// does not stay "running" for ever.
func (r *Runner) Fail(ctx context.Context, id int64, cause error) error {
	if r.Log != nil {
		r.Log.Error("import failed", "import_id", id, "error", cause)
	}
	return r.DB.EndImport(ctx, id, 0, "导入未能完成，请重新上传 / The import could not be completed; upload the file again.", r.now())
}
