package store

import (
	"testing"
	"time"
)

type sized int

func (s sized) Size() int { return int(s) }

// TestPageMemoCountsAgainstTheCache: what a cached page's memo keeps
// counts in the page cache's bytes while the page is cached, and pushes
// out the least recently used pages when the whole no longer fits.
func TestPageMemoCountsAgainstTheCache(t *testing.T) {
	c := newDetailCache(time.Hour, 10_000)
	c.setListening(true)
	now := time.Now()
	put := func(id int64, size int) *PageMemo {
		t.Helper()
		memo := newPageMemo()
		gen, ok := c.generation()
		if !ok {
			t.Fatal("the cache takes nothing")
		}
		c.put(detailKey{kind: kindSuggestion, id: id}, id, memo, size, now, gen)
		return memo
	}
	want := func(bytes, entries int) {
		t.Helper()
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.bytes != bytes || len(c.entries) != entries {
			t.Fatalf("cache holds %d bytes in %d pages, want %d in %d", c.bytes, len(c.entries), bytes, entries)
		}
	}

	// A memo filled before the page was cached is counted when it is.
	early := newPageMemo()
	early.Store("x", sized(100))
	gen, _ := c.generation()
	c.put(detailKey{kind: kindHearing, id: 1}, 1, early, 1000, now, gen)
	want(1100, 1)

	a := put(2, 1000)
	want(2100, 2)
	a.Store("day 1", sized(500))
	want(2600, 2)
	a.Store("day 1", sized(300)) // the same variant again: replaced
	want(2400, 2)
	for _, v := range []string{"b", "c", "d"} {
		a.Store(v, sized(100))
	}
	want(2700, 2)
	a.Store("e", sized(50)) // a fifth variant: the four before go
	want(2150, 2)

	// Past the bound, the least recently used page goes: the early one.
	a.Store("f", sized(8000))
	want(1000+50+8000, 1)

	// A page dropped by a change no longer counts what its memo keeps.
	c.drop(detailTarget{kind: kindSuggestion, id: 2})
	want(0, 0)
	a.Store("g", sized(100))
	want(0, 0)
}

// page is a cached page with sections to shed.
type page struct {
	sections []string
	memo     *PageMemo
	shed     bool
}

func (p page) withoutSections() (any, int) { return page{memo: p.memo, shed: true}, 300 }
func (p page) partial() bool               { return p.shed }

// TestRenderedPagesShedTheirSections: a cached page whose memo holds a
// rendering is kept without its sections, and weighs what is kept.
func TestRenderedPagesShedTheirSections(t *testing.T) {
	c := newDetailCache(time.Hour, 10_000)
	c.setListening(true)
	now := time.Now()
	k := detailKey{kind: kindHearing, id: 7}
	memo := newPageMemo()
	gen, _ := c.generation()
	c.put(k, page{sections: []string{"a", "b"}, memo: memo}, memo, 1000, now, gen)
	sections := func() int {
		t.Helper()
		v, ok := c.get(k, now)
		if !ok {
			t.Fatal("the page is not cached")
		}
		return len(v.(page).sections)
	}
	if n := sections(); n != 2 {
		t.Fatalf("before rendering the page has %d sections, want 2", n)
	}
	memo.Store("masked", sized(500))
	if n := sections(); n != 0 {
		t.Fatalf("once rendered the page keeps %d sections, want none", n)
	}
	if st := (&DB{details: c}).DetailCacheStats(); st.Bytes != 300+500 {
		t.Fatalf("the page weighs %d bytes, want 300 kept and 500 rendered", st.Bytes)
	}
	memo.Store("admin", sized(200))
	if st := (&DB{details: c}).DetailCacheStats(); st.Bytes != 300+500+200 {
		t.Fatalf("with a second rendering the page weighs %d bytes, want 1000", st.Bytes)
	}
}
