// Package caseimport runs an import of the national case system's exports:
// it reads the uploaded file back from the database, counts its rows,
// then writes them in batches, each batch with its progress in one short
// transaction, and rebuilds the indicator roll-up at the end. Rows are
// written idempotently, so a run that is interrupted can simply be run
// again, and importing the same file twice changes nothing.
package caseimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"procura/app/importer"
	"procura/app/store"
	"procura/domain"
)

// DefaultBatchSize is how many rows go into one transaction.
const DefaultBatchSize = 5000

// Runner runs imports.
type Runner struct {
	DB        *store.DB
	Log       *slog.Logger
	Now       func() time.Time
	BatchSize int
}

// Run runs import id if it is queued (or was interrupted while running);
// an ended import is left alone. A file that cannot be read ends the
// import as failed, which is not an error of Run; a database error is,
// and leaves the import to be run again.
func (r *Runner) Run(ctx context.Context, id int64) error {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	rec, ok, err := r.DB.StartImport(ctx, id, now())
	if err != nil || !ok {
		return err
	}
	failure, err := r.run(ctx, rec)
	if err != nil {
		return err
	}
	if err := r.DB.RefreshRollups(ctx); err != nil {
		return err
	}
	if err := r.DB.EndImport(ctx, id, failure, now()); err != nil {
		return err
	}
	if r.Log != nil {
		done, _ := r.DB.GetImport(ctx, id)
		r.Log.Info("import ended", "import_id", id, "kind", rec.Kind, "rows_ok", done.RowsOK, "rows_failed", done.RowsFailed,
			"rows_changed", done.RowsChanged, "failure", failure, "seconds", now().Sub(*rec.StartedAt).Seconds())
	}
	return nil
}

// run reads and writes the file; failure says why the file could not be
// read, err is a database error.
func (r *Runner) run(ctx context.Context, rec store.ImportRecord) (failure string, err error) {
	kind := importer.KindCases
	if rec.Kind == "events" {
		kind = importer.KindEvents
	}
	format := importer.FormatCSV
	if rec.Format == importer.FormatXLSX.String() {
		format = importer.FormatXLSX
	}
	cats, err := r.DB.Categories(ctx)
	if err != nil {
		return "", err
	}
	opts := importer.Options{CategoryNames: map[string]string{}}
	for _, c := range cats {
		opts.Categories = append(opts.Categories, c.Code)
		opts.CategoryNames[c.NameZh] = c.Code
	}
	file := r.DB.OpenImportFile(ctx, rec.ID, rec.Size)

	// First pass: count the rows, so that progress means something.
	total, failure, err := countRows(kind, format, file, rec.Size, opts)
	if failure != "" || err != nil {
		return failure, err
	}
	if err := r.DB.SetImportTotal(ctx, rec.ID, total); err != nil {
		return "", err
	}

	rd, err := importer.Open(kind, format, file, rec.Size, opts)
	if err != nil {
		return fileFailure(err)
	}
	defer rd.Close()
	w, err := r.newWriter(ctx, rec)
	if err != nil {
		return "", err
	}
	size := r.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	for {
		row, err := rd.Next()
		var rowErr *importer.RowError
		switch {
		case errors.Is(err, io.EOF):
			return "", w.flush(ctx)
		case errors.As(err, &rowErr):
			w.refuse(rowErr.Line, rowErr.Problems()...)
		case err != nil:
			if f, ferr := fileFailure(err); ferr == nil {
				// Keep what was written: the rows so far are whole.
				return f, w.flush(ctx)
			}
			return "", err
		default:
			w.add(row)
		}
		if w.pending() >= size {
			if err := w.flush(ctx); err != nil {
				return "", err
			}
		}
	}
}

func countRows(kind importer.Kind, format importer.Format, file io.ReaderAt, size int64, opts importer.Options) (int, string, error) {
	rd, err := importer.Open(kind, format, file, size, opts)
	if err != nil {
		f, err := fileFailure(err)
		return 0, f, err
	}
	defer rd.Close()
	n := 0
	for {
		_, err := rd.Next()
		var rowErr *importer.RowError
		switch {
		case errors.Is(err, io.EOF):
			return n, "", nil
		case err == nil, errors.As(err, &rowErr):
			n++
		default:
			f, err := fileFailure(err)
			return n, f, err
		}
	}
}

// fileFailure turns a reader's fatal error into the import's failure
// text when it is about the file (a domain error), or returns it.
func fileFailure(err error) (string, error) {
	if de, ok := domain.AsError(err); ok {
		return de.MessageZh + " / " + de.Message, nil
	}
	return "", err
}

// writer collects the rows of one batch and writes them.
type writer struct {
	db     *store.DB
	rec    store.ImportRecord
	scope  domain.Scope // the importer's scope within the import's unit
	units  map[string]domain.Unit
	users  map[string]int64
	cases  []store.CaseInput
	events []store.EventInput
	errs   []store.ImportError
	failed int
}

func (r *Runner) newWriter(ctx context.Context, rec store.ImportRecord) (*writer, error) {
	w := &writer{db: r.DB, rec: rec, scope: rec.Scope.Within(rec.UnitPath)}
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

func (w *writer) pending() int { return len(w.cases) + len(w.events) + w.failed }

func (w *writer) refuse(line int, problems ...domain.FieldError) {
	w.failed++
	for _, p := range problems {
		w.errs = append(w.errs, store.ImportError{Line: line, Field: p.Field, Code: p.Code, Message: p.Message, MessageZh: p.MessageZh})
	}
}

func (w *writer) add(row importer.Row) {
	switch x := row.(type) {
	case importer.CaseRow:
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
	case importer.EventRow:
		w.events = append(w.events, store.EventInput{Line: x.Line, UnifiedNo: x.UnifiedNo, Event: domain.CaseEvent(x.Event),
			OccurredOn: x.OccurredOn, Persons: x.Persons})
	}
}

// flush writes the batch and its progress in one transaction.
func (w *writer) flush(ctx context.Context) error {
	if w.pending() == 0 {
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
			errs = appendProblems(errs, problems)
		case len(w.events) > 0:
			n, problems, err := w.db.ImportEvents(ctx, w.events, w.scope)
			if err != nil {
				return err
			}
			changed, ok = n, len(w.events)-len(problems)
			failed += len(problems)
			errs = appendProblems(errs, problems)
		}
		sortErrors(errs)
		return w.db.AddImportProgress(ctx, w.rec.ID, ok, failed, changed, errs)
	})
	if err != nil {
		return fmt.Errorf("import %d: %w", w.rec.ID, err)
	}
	w.cases, w.events, w.errs, w.failed = w.cases[:0], w.events[:0], nil, 0
	return nil
}

// sortErrors orders a batch's errors by line, keeping each row's problems
// in column order.
func sortErrors(errs []store.ImportError) {
	slices.SortStableFunc(errs, func(a, b store.ImportError) int { return a.Line - b.Line })
}

func appendProblems(errs []store.ImportError, problems []store.RowProblem) []store.ImportError {
	for _, p := range problems {
		errs = append(errs, store.ImportError{Line: p.Line, Field: p.Field, Code: p.Code, Message: p.Message, MessageZh: p.MessageZh})
	}
	return errs
}

// Fail ends an import that could not run (its job gave up), so that it
// does not stay "running" for ever.
func (r *Runner) Fail(ctx context.Context, id int64, cause error) error {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	if r.Log != nil {
		r.Log.Error("import failed", "import_id", id, "error", cause)
	}
	return r.DB.EndImport(ctx, id, "导入未能完成，请重新上传 / The import could not be completed; upload the file again.", now())
}
