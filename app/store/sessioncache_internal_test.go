package store

import (
	"fmt"
	"testing"
	"time"

	"procura/domain"
)

func cacheSession(c *sessionCache, key string, id, userID int64, now time.Time) {
	c.put(key, Session{ID: id, UserID: userID}, domain.User{ID: userID}, now, c.generation())
}

func TestSessionCacheBoundAndTTL(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := newSessionCache(30*time.Second, 3)
	for i := int64(1); i <= 3; i++ {
		cacheSession(c, fmt.Sprint(i), i, 100+i, t0)
	}
	if _, _, ok := c.get("1", t0); !ok { // 1 is now the most recently used
		t.Fatal("miss on a fresh entry")
	}
	cacheSession(c, "4", 4, 104, t0)
	if _, _, ok := c.get("2", t0); ok {
		t.Error("the least recently used entry survived a put beyond the bound")
	}
	for _, key := range []string{"1", "3", "4"} {
		if _, _, ok := c.get(key, t0.Add(29*time.Second)); !ok {
			t.Errorf("entry %s missing", key)
		}
	}
	if _, _, ok := c.get("1", t0.Add(30*time.Second)); ok {
		t.Error("an entry outlived its TTL")
	}
	if _, _, ok := c.get("3", t0.Add(-time.Second)); ok {
		t.Error("an entry was trusted with the clock set back")
	}
	if st := (&DB{sessionCache: c}).SessionCacheStats(); st.Entries != 1 {
		t.Errorf("entries %d, want 1", st.Entries)
	}
}

func TestSessionCacheInvalidation(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := newSessionCache(time.Minute, 100)
	fill := func() {
		c.drop(allSessions)
		cacheSession(c, "a1", 1, 10, t0)
		cacheSession(c, "a2", 2, 10, t0)
		cacheSession(c, "b3", 3, 20, t0)
	}
	for _, tc := range []struct {
		payload string
		gone    []string
	}{
		{"user:10", []string{"a1", "a2"}},
		{"session:3", []string{"b3"}},
		{"all", []string{"a1", "a2", "b3"}},
		{"user:x", []string{"a1", "a2", "b3"}}, // not understood: everything
		{"", []string{"a1", "a2", "b3"}},
	} {
		fill()
		target := parseSessionTarget(tc.payload)
		if tc.payload != "" && tc.payload != "user:x" && target.String() != tc.payload {
			t.Errorf("payload %q reads back as %q", tc.payload, target)
		}
		c.drop(target)
		gone := map[string]bool{}
		for _, key := range tc.gone {
			gone[key] = true
		}
		for _, key := range []string{"a1", "a2", "b3"} {
			if _, _, ok := c.get(key, t0); ok == gone[key] {
				t.Errorf("%q: entry %s cached %v", tc.payload, key, ok)
			}
		}
	}

	// A row read before an invalidation is not cached after it.
	gen := c.generation()
	c.drop(userSessions(99))
	c.put("late", Session{ID: 5, UserID: 10}, domain.User{ID: 10}, t0, gen)
	if _, _, ok := c.get("late", t0); ok {
		t.Error("a fill that predates an invalidation was cached")
	}

	// Nothing is cached while the listener is deaf.
	c.setListening(false)
	cacheSession(c, "deaf", 6, 10, t0)
	if _, _, ok := c.get("deaf", t0); ok {
		t.Error("cached while deaf")
	}
	c.setListening(true)
	cacheSession(c, "heard", 7, 10, t0)
	if _, _, ok := c.get("heard", t0); !ok {
		t.Error("not cached while listening")
	}
}

func TestSessionCachePendingLastSeen(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := newSessionCache(time.Minute, 100)
	cacheSession(c, "k", 1, 10, t0)
	c.touch("k", 1, t0.Add(5*time.Second))
	c.touch("k", 1, t0.Add(3*time.Second)) // an older request finishing late
	if s, _, _ := c.get("k", t0); !s.LastSeenAt.Equal(t0.Add(5 * time.Second)) {
		t.Errorf("cached last seen %v", s.LastSeenAt)
	}
	ids, times := c.pendingWrites()
	if len(ids) != 1 || !times[0].Equal(t0.Add(5*time.Second)) {
		t.Fatalf("pending %v %v", ids, times)
	}
	c.touch("k", 1, t0.Add(8*time.Second)) // used while the write ran
	c.written(ids, times)
	if at, ok := c.lastSeen(1); !ok || !at.Equal(t0.Add(8*time.Second)) {
		t.Errorf("a newer time was forgotten with the write of an older one: %v %v", at, ok)
	}
	ids, times = c.pendingWrites()
	c.written(ids, times)
	if _, ok := c.lastSeen(1); ok {
		t.Error("a written time is still pending")
	}
}
