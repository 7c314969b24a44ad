package store

import (
	"testing"
	"time"
)

func TestParseDetailTarget(t *testing.T) {
	for _, tc := range []struct {
		payload string
		want    detailTarget
		drop    bool
	}{
		{"suggestion:42", detailTarget{kind: kindSuggestion, id: 42}, true},
		{"hearing:7", detailTarget{kind: kindHearing, id: 7}, true},
		{"case:*", detailTarget{kind: kindCase}, true},
		{"suggestion:abc", detailTarget{kind: kindSuggestion}, true}, // not understood: the whole kind
		{"suggestion:-1", detailTarget{kind: kindSuggestion}, true},
		{"*", detailTarget{}, true},
		{"", detailTarget{}, true},
		{"garbage", detailTarget{}, true}, // not understood: everything
		{"user:3", detailTarget{}, false}, // a history event of a record without a cached page
	} {
		got, drop := parseDetailTarget(tc.payload)
		if got != tc.want || drop != tc.drop {
			t.Errorf("parseDetailTarget(%q) = %+v, %v; want %+v, %v", tc.payload, got, drop, tc.want, tc.drop)
		}
	}
}

// TestDetailCacheBounds: the cache keeps nothing unless listening, refuses
// a page read before an invalidation, drops a record's pages of every
// history length, and evicts the least recently used beyond its bytes.
func TestDetailCacheBounds(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	c := newDetailCache(time.Minute, 1000)
	k := func(kind recordKind, id int64, limit int) detailKey {
		return detailKey{kind: kind, id: id, limit: limit}
	}
	has := func(key detailKey) bool {
		_, ok := c.get(key, now)
		return ok
	}

	gen, ok := c.generation()
	if ok {
		t.Fatal("a cache without a listener may be filled")
	}
	c.put(k(kindSuggestion, 1, 100), "page", nil, 100, now, gen)
	if has(k(kindSuggestion, 1, 100)) {
		t.Fatal("a page was cached without a listener")
	}

	c.setListening(true)
	gen, _ = c.generation()
	c.drop(detailTarget{kind: kindHearing, id: 9}) // any invalidation meanwhile
	c.put(k(kindSuggestion, 1, 100), "stale", nil, 100, now, gen)
	if has(k(kindSuggestion, 1, 100)) {
		t.Fatal("a page read before an invalidation was cached after it")
	}

	gen, _ = c.generation()
	c.put(k(kindSuggestion, 1, 100), "page", nil, 100, now, gen)
	c.put(k(kindSuggestion, 1, 0), "document", nil, 100, now, gen)
	c.put(k(kindSuggestion, 2, 100), "other", nil, 100, now, gen)
	c.drop(detailTarget{kind: kindSuggestion, id: 1})
	if has(k(kindSuggestion, 1, 100)) || has(k(kindSuggestion, 1, 0)) || !has(k(kindSuggestion, 2, 100)) {
		t.Fatal("dropping a suggestion did not drop exactly its pages")
	}
	if _, ok := c.get(k(kindSuggestion, 2, 100), now.Add(time.Minute)); ok {
		t.Fatal("a page older than the TTL was answered")
	}

	gen, _ = c.generation()
	for id := int64(1); id <= 6; id++ {
		c.put(k(kindCase, id, 0), id, nil, 200, now, gen)
	}
	if has(k(kindCase, 1, 0)) || !has(k(kindCase, 2, 0)) || !has(k(kindCase, 6, 0)) || c.bytes > 1000 {
		t.Fatalf("beyond its bytes the cache kept the oldest page or too much: %d bytes", c.bytes)
	}
	c.put(k(kindCase, 7, 0), "huge", nil, 251, now, gen)
	if has(k(kindCase, 7, 0)) {
		t.Fatal("a page of more than a quarter of the cache was cached")
	}
	c.drop(detailTarget{kind: kindCase})
	if st := c.order.Len(); st != 0 || c.bytes != 0 {
		t.Fatalf("dropping every case left %d pages, %d bytes", st, c.bytes)
	}
	c.setListening(false)
	if _, ok := c.generation(); ok {
		t.Fatal("a deaf cache may be filled")
	}
}
