package password

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestHashVerify(t *testing.T) {
	h, err := New(Fast)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := h.Hash("procura-demo-2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") {
		t.Errorf("hash %q is not argon2id", hash)
	}
	if !h.Verify("procura-demo-2026", hash) || h.Verify("procura-demo-2025", hash) || h.Verify("x", "not a hash") {
		t.Error("Verify gives wrong answers")
	}
	// Hashes made with other parameters still verify.
	prod, err := New(Production)
	if err != nil {
		t.Fatal(err)
	}
	if !prod.Verify("procura-demo-2026", hash) {
		t.Error("a hash with other parameters does not verify")
	}
	// Check tells a hash due for the hasher's parameters.
	if ok, stale := prod.Check("procura-demo-2026", hash); !ok || !stale {
		t.Errorf("a Fast hash checked by the Production hasher: ok %v, stale %v; want both", ok, stale)
	}
	if ok, stale := h.Check("procura-demo-2026", hash); !ok || stale {
		t.Errorf("a hash checked with its own parameters: ok %v, stale %v; want ok only", ok, stale)
	}
	if ok, stale := prod.Check("procura-demo-2025", hash); ok || stale {
		t.Errorf("a wrong password: ok %v, stale %v; want neither", ok, stale)
	}
}

// TestHashesTakeTurns: no more hashes run at once than there are
// processors, each holding its parameters' memory.
func TestHashesTakeTurns(t *testing.T) {
	h, err := New(Fast)
	if err != nil {
		t.Fatal(err)
	}
	if n := cap(h.slots); n != runtime.GOMAXPROCS(0) {
		t.Fatalf("%d hashes may run at once, want GOMAXPROCS (%d)", n, runtime.GOMAXPROCS(0))
	}
	var held []func()
	for range cap(h.slots) {
		held = append(held, h.slot())
	}
	done := make(chan bool)
	go func() {
		hash, err := h.Hash("procura-demo-2026")
		done <- err == nil && h.Verify("procura-demo-2026", hash)
	}()
	select {
	case <-done:
		t.Fatal("a hash ran while every slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	for _, release := range held {
		release()
	}
	if !<-done {
		t.Fatal("the hash made once a slot was free does not verify")
	}
}

func TestTemporary(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		p, err := Temporary()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != 14 || strings.ContainsAny(p, "0O1lI") || seen[p] {
			t.Fatalf("bad temporary password %q", p)
		}
		seen[p] = true
	}
}

func BenchmarkHashProduction(b *testing.B) {
	h, err := New(Production)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := h.Hash("procura-demo-2026"); err != nil {
			b.Fatal(err)
		}
	}
}
