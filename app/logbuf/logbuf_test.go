package logbuf_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"procura/app/logbuf"
)

// output records each write it is given.
type output struct {
	mu     sync.Mutex
	writes []string
	fail   error
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return 0, o.fail
	}
	o.writes = append(o.writes, string(p))
	return len(p), nil
}

func (o *output) text() (string, int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return strings.Join(o.writes, ""), len(o.writes)
}

func TestLinesArriveInOrderInFewWrites(t *testing.T) {
	out := &output{}
	w := logbuf.New(out, time.Hour)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				fmt.Fprintf(w, "g%d line %d\n", g, i)
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	text, writes := out.text()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 8*500 {
		t.Fatalf("%d lines written, want %d", len(lines), 8*500)
	}
	next := map[string]int{}
	for _, l := range lines {
		var g string
		var i int
		if _, err := fmt.Sscanf(l, "%s line %d", &g, &i); err != nil {
			t.Fatalf("line %q torn: %v", l, err)
		}
		if i != next[g] {
			t.Fatalf("%s: line %d came where %d was due", g, i, next[g])
		}
		next[g]++
	}
	// 4,000 lines of about 14 bytes are about 56 kB: one or two batches
	// over FlushSize, and the rest at Close.
	if writes > 4 {
		t.Errorf("%d writes for %d lines; want them batched", writes, len(lines))
	}
}

func TestTimerWritesWhatWaits(t *testing.T) {
	out := &output{}
	w := logbuf.New(out, 10*time.Millisecond)
	defer w.Close()
	fmt.Fprintln(w, "waiting")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if text, _ := out.text(); text == "waiting\n" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the timer never wrote the line")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestFullBufferIsWrittenByTheWriter(t *testing.T) {
	out := &output{}
	w := logbuf.New(out, time.Hour)
	defer w.Close()
	line := bytes.Repeat([]byte("x"), 1000)
	for range logbuf.FlushSize / len(line) {
		if _, err := w.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	if text, _ := out.text(); text != "" {
		t.Fatalf("%d bytes written before FlushSize was reached", len(text))
	}
	w.Write(line)
	if text, _ := out.text(); len(text) != (logbuf.FlushSize/len(line)+1)*len(line) {
		t.Fatalf("%d bytes written once FlushSize was passed, want all that waited", len(text))
	}
}

func TestWarningsAreWrittenAtOnce(t *testing.T) {
	out := &output{}
	w := logbuf.New(out, time.Hour)
	defer w.Close()
	log := slog.New(logbuf.Handler(slog.NewJSONHandler(w, nil), w, slog.LevelWarn)).With("server", "a")
	log.Info("request")
	if text, _ := out.text(); text != "" {
		t.Fatalf("an informational line was written at once: %s", text)
	}
	log.Warn("slow")
	text, _ := out.text()
	if !strings.Contains(text, `"msg":"request"`) || !strings.Contains(text, `"msg":"slow","server":"a"`) {
		t.Fatalf("after a warning, want both lines written in order, got %s", text)
	}
	if strings.Index(text, "request") > strings.Index(text, "slow") {
		t.Fatalf("lines out of order: %s", text)
	}
}

func TestOutputErrorIsReported(t *testing.T) {
	broken := errors.New("broken pipe")
	out := &output{fail: broken}
	w := logbuf.New(out, time.Hour)
	fmt.Fprintln(w, "lost")
	if err := w.Close(); !errors.Is(err, broken) {
		t.Fatalf("Close = %v, want the output's error", err)
	}
}
