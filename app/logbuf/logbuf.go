// Package logbuf batches log lines into few write system calls.
//
// A server that logs every request would otherwise make one write per
// request, each under the log handler's lock: on a 2-core machine that was
// a quarter of what an empty request cost. Lines are gathered and written
// together every Interval, or at once when FlushSize bytes are waiting;
// a record at warning level or above is written before its Handle returns
// (see Handler), so that what explains a failure is never the part lost.
// What is lost when the process dies without Close is at most the last
// Interval of lines below warning level.
package logbuf

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

const (
	// Interval is how long an informational line may wait.
	Interval = 100 * time.Millisecond
	// FlushSize is how many bytes may wait before a writer flushes them
	// itself (and so waits for the output, which bounds the memory a
	// stalled output can take).
	FlushSize = 64 << 10
	// keepCap bounds the buffer kept for reuse after a burst.
	keepCap = 1 << 20
)

// Writer gathers what is written to it and writes it to its output in
// order, in batches. It is safe for concurrent use.
type Writer struct {
	out io.Writer

	mu  sync.Mutex // guards buf
	buf []byte

	wmu   sync.Mutex // held while writing to out; guards spare
	spare []byte

	stop      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
}

// New returns a Writer that writes to out every interval (Interval when
// interval ≤ 0) until Close.
func New(out io.Writer, interval time.Duration) *Writer {
	if interval <= 0 {
		interval = Interval
	}
	w := &Writer{out: out, stop: make(chan struct{}), stopped: make(chan struct{})}
	go w.loop(interval)
	return w
}

func (w *Writer) loop(interval time.Duration) {
	defer close(w.stopped)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = w.Flush()
		case <-w.stop:
			return
		}
	}
}

// Write keeps a copy of p to be written with the next batch. When it
// writes the batch itself (FlushSize reached), it reports that write's
// error.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.buf = append(w.buf, p...)
	full := len(w.buf) >= FlushSize
	w.mu.Unlock()
	if full {
		if err := w.Flush(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes what is waiting and returns the output's error. What the
// output refused is not written again.
func (w *Writer) Flush() error {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	w.mu.Lock()
	b := w.buf
	w.buf = w.spare[:0]
	w.mu.Unlock()
	var err error
	if len(b) > 0 {
		_, err = w.out.Write(b)
	}
	w.spare = nil
	if cap(b) <= keepCap {
		w.spare = b[:0]
	}
	return err
}

// Close stops the timer and writes what is waiting. Writes after Close
// are kept until the next Flush.
func (w *Writer) Close() error {
	w.closeOnce.Do(func() {
		close(w.stop)
		<-w.stopped
	})
	return w.Flush()
}

// Handler passes records to next, which writes into w, and flushes w after
// each record at flushLevel or above.
func Handler(next slog.Handler, w *Writer, flushLevel slog.Level) slog.Handler {
	return &handler{next: next, w: w, level: flushLevel}
}

type handler struct {
	next  slog.Handler
	w     *Writer
	level slog.Level
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	err := h.next.Handle(ctx, r)
	if r.Level >= h.level {
		if ferr := h.w.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	return &handler{next: h.next.WithAttrs(as), w: h.w, level: h.level}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{next: h.next.WithGroup(name), w: h.w, level: h.level}
}
