package caseimport

import (
	"context"
	"fmt"
	"slices"

	"procura/app/caseimport/exportfile"
	"procura/app/store"
	"procura/domain"
)

// writer checks rows against the units and accounts and writes them a
// batch at a time.
type writer struct {
	db    *store.DB
	rec   store.ImportRecord
	lease int64
	scope domain.Scope // the importer's scope within the import's unit
	units map[string]domain.Unit
	users map[string]int64
	// column names a field by the file's header (exportfile.Reader.ColumnName).
	column func(key string) string

	afterFlush func()
}

// rowBatch is the rows of one transaction.
type rowBatch struct {
	read    int // rows read from the file, good and bad
	cases   []store.CaseInput
	events  []store.EventInput
	numbers map[string]bool // the unified numbers of events
	last    string          // that of the last event
	errs    []store.ImportError
	failed  int
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

func (b *rowBatch) refuse(line int, problems ...domain.FieldError) {
	b.failed++
	for _, p := range problems {
		b.errs = append(b.errs, store.ImportError{Line: line, Field: p.Field, Code: p.Code, Message: p.Message, MessageZh: p.MessageZh})
	}
}

// check adds a row to the batch, or refuses it when its unit is unknown,
// deactivated or outside scope.
func (w *writer) check(b *rowBatch, row exportfile.Row) {
	switch x := row.(type) {
	case exportfile.CaseRow:
		u, ok := w.units[x.UnitCode]
		switch {
		case !ok:
			b.refuse(x.Line, domain.Field("unit_code", "unknown_unit", "No unit has this code.", "没有该编码的单位。"))
			return
		case !u.Active:
			b.refuse(x.Line, domain.Field("unit_code", "inactive_unit", "The unit is deactivated.", "该单位已停用。"))
			return
		case !w.scope.Contains(u.Path):
			b.refuse(x.Line, domain.Field("unit_code", "out_of_scope", "The unit is outside this import's scope.", "该单位不在本次导入的权限范围内。"))
			return
		}
		in := store.CaseInput{Line: x.Line, UnifiedNo: x.UnifiedNo, DeptNo: x.DeptNo, UnitID: u.ID, CaseType: x.CaseType,
			Category: x.Category, ReceivedOn: x.ReceivedOn, Persons: x.Persons}
		if id, ok := w.users[x.Prosecutor]; ok {
			in.ProsecutorID = &id
		} else {
			in.ProsecutorName = x.Prosecutor
		}
		b.cases = append(b.cases, in)
	case exportfile.EventRow:
		if b.numbers == nil {
			b.numbers = map[string]bool{}
		}
		b.numbers[x.UnifiedNo] = true
		b.last = x.UnifiedNo
		b.events = append(b.events, store.EventInput{Line: x.Line, UnifiedNo: x.UnifiedNo, Event: domain.CaseEvent(x.Event),
			OccurredOn: x.OccurredOn, Persons: x.Persons})
	}
}

// flush writes the batch and its progress in one transaction: committed
// together, or (a crash, a lost lease) not at all. It records its
// progress and commits once the batch before (prev, nil for the first)
// has committed; if that one failed, so does this one. A batch that has
// a case in common with one of the batches before it still under way
// (before) waits for them to commit before it starts: it locks all its
// cases at once, in id order, and must not hold some while waiting for
// the others.
func (w *writer) flush(ctx context.Context, b *rowBatch, prev *slot, before []*slot) error {
	if slices.ContainsFunc(before, func(s *slot) bool { return shareCase(s.numbers, b.numbers) }) {
		if err := prev.wait(ctx); err != nil {
			return err
		}
	}
	// The partitions of the batch's years are made before its
	// transaction, which cannot make them (store.EnsureEventYears).
	if err := w.db.EnsureEventYears(ctx, store.EventYears(b.events)); err != nil {
		return fmt.Errorf("import %d: %w", w.rec.ID, err)
	}
	err := w.db.WithTx(ctx, func(ctx context.Context) error {
		var changed, ok int
		errs, failed := b.errs, b.failed
		var problems []store.RowProblem
		switch {
		case len(b.cases) > 0:
			n, p, err := w.db.UpsertCases(ctx, b.cases, w.scope)
			if err != nil {
				return err
			}
			changed, ok, problems = n, len(b.cases)-len(p), p
		case len(b.events) > 0:
			n, p, err := w.db.ImportEvents(ctx, b.events, w.scope)
			if err != nil {
				return err
			}
			changed, ok, problems = n, len(b.events)-len(p), p
		}
		failed += len(problems)
		errs = appendProblems(errs, problems)
		if err := prev.wait(ctx); err != nil {
			return err
		}
		for i := range errs {
			errs[i].Column = w.column(errs[i].Field)
		}
		sortErrors(errs)
		return w.db.AddImportProgress(ctx, w.rec.ID, w.lease, b.read, ok, failed, changed, errs)
	})
	if err != nil {
		return fmt.Errorf("import %d: %w", w.rec.ID, err)
	}
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

func appendProblems(errs []store.ImportError, problems []store.RowProblem) []store.ImportError {
	for _, p := range problems {
		errs = append(errs, store.ImportError{Line: p.Line, Field: p.Field, Code: p.Code, Message: p.Message, MessageZh: p.MessageZh})
	}
	return errs
}
