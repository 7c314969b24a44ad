// Package caseimport runs an import of the national case system's exports:
// it reads the uploaded file back from the database, counts its rows,
// then writes them in batches, each batch with its progress in one short
// transaction, and brings the indicator roll-up up to date at the end.
// The file is read and checked a batch ahead of the database; the store
// loads each batch with COPY into a staging table and checks and merges
// it set-based; batches of events are written two at a time and commit
// in file order. Each batch commits with the number of rows read so far,
// so a run that is interrupted (a crash, a lost database) is resumed by
// the next from the batch after the last committed, never writing a
// batch twice; and rows are written idempotently, so importing the same
// file twice changes nothing.
package caseimport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
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

// DefaultWriters is how many batches are written at once.
const DefaultWriters = 2

// DefaultHeartbeat is how often a run records that it is alive.
const DefaultHeartbeat = 5 * time.Second

// Runner runs imports.
type Runner struct {
	DB        *store.DB
	Log       *slog.Logger
	Now       func() time.Time
	BatchSize int
	// Writers is how many batches are written at once, each in its own
	// transaction (default DefaultWriters); they commit in file order.
	Writers int
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
// committed, writes the rest in batches, brings the roll-up up to date
// and ends the import. An import that has ended, was cancelled or was handed to a
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
	writers := r.Writers
	if writers <= 0 {
		writers = DefaultWriters
	}
	if kind == exportfile.KindCases {
		// A case added by one batch may be named again by the next,
		// which must see it: batches of cases are written one by one.
		writers = 1
	}
	// The file is read and checked a batch ahead of the database, and
	// up to writers batches are written at once, each in its own
	// transaction; a batch records its progress and commits only after
	// the batch before it committed, so that the batches committed are
	// always a whole beginning of the file. Batches in parallel must not
	// share a case (see flush); with more than one writer a batch of
	// events therefore ends with the end of a case.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *rowBatch, 1)
	var readErr error
	go func() {
		defer close(batches)
		failure, readErr = w.readBatches(ctx, rd, size, writers > 1, batches)
	}()
	var (
		prev    *slot
		slots   []*slot
		running = make(chan struct{}, writers)
	)
	for b := range batches {
		if prev != nil && prev.failed() {
			cancel()
			continue // let the reader end
		}
		running <- struct{}{}
		// The batches that may still be under way: the last writers-1.
		var before []*slot
		if n := len(slots); n > 0 {
			before = slots[max(0, n-(writers-1)):]
		}
		me := &slot{numbers: b.numbers, done: make(chan struct{})}
		slots = append(slots, me)
		go func(b *rowBatch, prev, me *slot) {
			defer func() { <-running }()
			err := w.flush(ctx, b, prev, before)
			if err != nil {
				cancel() // the batches after it cannot commit
			}
			me.end(err)
		}(b, prev, me)
		prev = me
	}
	for _, s := range slots {
		<-s.done
		if s.err != nil {
			return "", s.err // the first batch that failed; those after it fail for it
		}
	}
	return failure, readErr
}

// slot is the state of one batch, for the batch after it.
type slot struct {
	numbers map[string]bool // the unified numbers of its rows
	done    chan struct{}   // closed when the batch committed or failed
	err     error           // why it failed, once done is closed
}

func (s *slot) end(err error) {
	s.err = err
	close(s.done)
}

// wait returns once the batch of s (none when s is nil) has committed,
// or the error that it failed or ctx ended.
func (s *slot) wait(ctx context.Context) error {
	if s == nil {
		return nil
	}
	select {
	case <-s.done:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	if s.err != nil {
		return errBatchBefore
	}
	return nil
}

// shareCase reports whether two sets of unified numbers meet.
func shareCase(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for n := range a {
		if b[n] {
			return true
		}
	}
	return false
}

// failed reports whether the batch is known to have failed.
func (s *slot) failed() bool {
	select {
	case <-s.done:
		return s.err != nil
	default:
		return false
	}
}

// errBatchBefore ends a batch whose predecessor failed.
var errBatchBefore = errors.New("the batch before failed")

// maxCaseTail is how many rows past its size a batch may take to end
// with the last rows of a case.
const maxCaseTail = 1000

// readBatches reads the rest of the file into batches of size rows
// (good and bad), checked as far as Go can, and sends them on out. With
// whole, a batch of events goes on past size to the end of its last
// case (up to maxCaseTail rows), so that in a file that keeps each
// case's events together no case is in two batches. A file that turns
// out unreadable sends the rows before the fault, which are whole, and
// returns the failure.
func (w *writer) readBatches(ctx context.Context, rd *exportfile.Reader, size int, whole bool, out chan<- *rowBatch) (failure string, err error) {
	b := &rowBatch{}
	send := func() error {
		select {
		case out <- b:
			b = &rowBatch{}
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	full := false // b has size rows and waits for its last case to end
	for {
		row, err := rd.Next()
		if full {
			if e, ok := row.(exportfile.EventRow); !ok || err != nil || e.UnifiedNo != b.last || b.read >= size+maxCaseTail {
				if err := send(); err != nil {
					return "", err
				}
				full = false
			}
		}
		var rowErr *exportfile.RowError
		switch {
		case errors.Is(err, io.EOF):
			if b.read == 0 {
				return "", nil
			}
			return "", send()
		case errors.As(err, &rowErr):
			b.refuse(rowErr.Line, rowErr.Problems()...)
			b.read++
		case err != nil:
			f, ferr := fileFailure(err)
			if ferr != nil {
				return "", ferr
			}
			if b.read > 0 {
				if err := send(); err != nil {
					return "", err
				}
			}
			return f, nil
		default:
			w.check(b, row)
			b.read++
		}
		if b.read >= size && !full {
			if whole && len(b.events) > 0 {
				full = true
				continue
			}
			if err := send(); err != nil {
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

// Fail ends an import that could not run (its job gave up), so that it
// does not stay "running" for ever.
func (r *Runner) Fail(ctx context.Context, id int64, cause error) error {
	if r.Log != nil {
		r.Log.Error("import failed", "import_id", id, "error", cause)
	}
	return r.DB.EndImport(ctx, id, 0, "导入未能完成，请重新上传 / The import could not be completed; upload the file again.", r.now())
}
