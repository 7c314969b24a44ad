package password

import (
	"strings"
	"testing"
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
