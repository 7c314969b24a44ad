package store

import (
	"container/list"
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// recordsChannel carries the changes to record pages that migration 00042's
// triggers announce: "suggestion:ID", "hearing:ID", "case:ID", "KIND:*" or
// "*".
const recordsChannel = "procura_records"

// Detail cache bounds: an entry is trusted for at most detailCacheTTL (the
// triggers' notifications drop it sooner on any change; the TTL bounds
// what a change they miss could cost), and the entries together weigh at
// most what SetPageCache sets (by default DefaultDetailCacheBytes), the
// least recently used going first.
const (
	detailCacheTTL          = 10 * time.Minute
	DefaultDetailCacheBytes = 64 << 20
)

// SetPageCache bounds the record page cache to maxBytes (0: off). Call it
// before serving.
func (db *DB) SetPageCache(maxBytes int) {
	c := db.details
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maxBytes = max(maxBytes, 0)
	c.evict()
}

// recordKind names the records whose pages are cached.
type recordKind uint8

const (
	kindSuggestion recordKind = iota + 1
	kindHearing
	kindCase
)

var kindNames = map[string]recordKind{"suggestion": kindSuggestion, "hearing": kindHearing, "case": kindCase}

// detailKey names one cached page: a record and the length of history read
// with it.
type detailKey struct {
	kind  recordKind
	id    int64
	limit int
}

// detailTarget names what a change drops: one record (id > 0), every
// record of a kind (id 0), or everything (kind 0).
type detailTarget struct {
	kind recordKind
	id   int64
}

// parseDetailTarget reads a NOTIFY payload; anything it does not
// understand drops everything, which is always safe. A history event of
// another kind of record drops nothing.
func parseDetailTarget(payload string) (detailTarget, bool) {
	name, num, ok := strings.Cut(payload, ":")
	if !ok {
		return detailTarget{}, true
	}
	kind, known := kindNames[name]
	if !known {
		return detailTarget{}, name == "*" || name == ""
	}
	id, err := strconv.ParseInt(num, 10, 64)
	if err != nil || id <= 0 {
		return detailTarget{kind: kind}, true
	}
	return detailTarget{kind: kind, id: id}, true
}

// detailCache keeps the record pages (SuggestionDetail, HearingDetail,
// CaseDetail) read outside a transaction, so that reading a page again
// costs no database round trip. Its entries are shared: a caller never
// modifies what it returns.
//
// It is correct only while it hears every change: it caches only while the
// listener (ListenChanges) is connected, and starts empty each time the
// listener connects, since notifications may have been missed. A change
// made through this server also drops its pages when its transaction ends
// (see auditKey), before the request that made it answers.
type detailCache struct {
	ttl      time.Duration
	maxBytes int

	mu      sync.Mutex
	entries map[detailKey]*list.Element // → *cachedDetail
	order   *list.List                  // most recently used first
	bytes   int
	// gen counts invalidations: a page read from the database before an
	// invalidation must not land after it.
	gen       uint64
	listening bool
	// limits are the history lengths pages were cached with, to find a
	// record's entries.
	limits map[int]struct{}

	hits, misses atomic.Uint64
}

type cachedDetail struct {
	key   detailKey
	value any
	// size is base, what value weighs, plus what its memo keeps.
	size, base int
	loadedAt   time.Time
}

// sectioned is a page that, once its memo holds a rendering, the cache
// keeps without its sections: the rendering answers the requests that
// share it, and a request for another variant reads the sections again
// (CompleteSuggestionDetail). A page and its rendering would otherwise be
// kept twice, as structs and as bytes.
type sectioned interface {
	// withoutSections returns the page with only its record and memo, and
	// what that weighs.
	withoutSections() (any, int)
	// partial reports whether the page has shed its sections already.
	partial() bool
}

func newDetailCache(ttl time.Duration, maxBytes int) *detailCache {
	return &detailCache{ttl: ttl, maxBytes: maxBytes, entries: map[detailKey]*list.Element{}, order: list.New(),
		limits: map[int]struct{}{}}
}

// get returns the page cached for k when it is younger than the TTL at now.
func (c *detailCache) get(k detailKey, now time.Time) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[k]
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	e := el.Value.(*cachedDetail)
	if now.Before(e.loadedAt) || now.Sub(e.loadedAt) >= c.ttl {
		c.remove(el)
		c.misses.Add(1)
		return nil, false
	}
	c.order.MoveToFront(el)
	c.hits.Add(1)
	return e.value, true
}

// generation is read before a database read and handed to put; ok is
// false when nothing may be cached (no listener, or the cache is off).
func (c *detailCache) generation() (gen uint64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, c.listening && c.maxBytes > 0
}

// put caches v for k, unless something was invalidated since gen was read
// (v may predate that change) or the listener is not connected. What memo
// (v's, or nil) keeps later is added to the entry's size.
func (c *detailCache) put(k detailKey, v any, memo *PageMemo, size int, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || !c.listening || size > c.maxBytes/4 || size <= 0 {
		return
	}
	if el, ok := c.entries[k]; ok {
		c.remove(el)
	}
	c.limits[k.limit] = struct{}{}
	e := &cachedDetail{key: k, value: v, size: size, base: size, loadedAt: now}
	el := c.order.PushFront(e)
	c.entries[k] = el
	c.bytes += e.size
	// c.grow locks c.mu, so it runs only for what the memo keeps later.
	c.growLocked(e, memo.charge(func(n int) { c.grow(el, n) }))
}

// grow adds n bytes to the entry of el, if it is still cached.
func (c *detailCache) grow(el *list.Element, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := el.Value.(*cachedDetail)
	if c.entries[e.key] != el {
		return
	}
	c.growLocked(e, n)
}

// growLocked adds n bytes of renderings to e, which then sheds its
// sections (sectioned), and evicts what no longer fits.
func (c *detailCache) growLocked(e *cachedDetail, n int) {
	e.size += n
	c.bytes += n
	if s, ok := e.value.(sectioned); ok && !s.partial() && e.size > e.base {
		var base int
		e.value, base = s.withoutSections()
		e.size += base - e.base
		c.bytes += base - e.base
		e.base = base
	}
	c.evict()
}

// evict drops the least recently used entries until the rest fit.
func (c *detailCache) evict() {
	for c.bytes > c.maxBytes && c.order.Len() > 0 {
		c.remove(c.order.Back())
	}
}

// drop removes the entries of t. Dropping a kind scans the entries: such
// changes (an import, a renamed unit) are rare and the cache is bounded.
func (c *detailCache) drop(t detailTarget) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(t)
}

func (c *detailCache) dropLocked(t detailTarget) {
	c.gen++
	switch {
	case t.kind == 0:
		c.entries = map[detailKey]*list.Element{}
		c.order.Init()
		c.bytes = 0
	case t.id == 0:
		for el := c.order.Front(); el != nil; {
			next := el.Next()
			if el.Value.(*cachedDetail).key.kind == t.kind {
				c.remove(el)
			}
			el = next
		}
	default:
		for limit := range c.limits {
			if el, ok := c.entries[detailKey{kind: t.kind, id: t.id, limit: limit}]; ok {
				c.remove(el)
			}
		}
	}
}

// setListening records whether the listener is connected. Either way the
// cache starts empty: a lost connection may have missed changes, and until
// it is back nothing is cached.
func (c *detailCache) setListening(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(detailTarget{})
	c.listening = on
}

func (c *detailCache) remove(el *list.Element) {
	e := el.Value.(*cachedDetail)
	delete(c.entries, e.key)
	c.bytes -= e.size
	c.order.Remove(el)
}

// maxCachedLimit bounds the history lengths cached: the API's page limit
// and 0 (a document) are the ones used.
const maxCachedLimit = 1000

// cachedDetailRead answers read(ctx) for the page k from the cache, or
// reads it and caches it. Inside a transaction it always reads: the
// transaction may see what others do not, or not yet. So does a read
// routed to a replica, which may not have replayed a change announced.
func cachedDetailRead[D any](ctx context.Context, db *DB, k detailKey, read func(context.Context) (D, int, error)) (D, error) {
	c := db.details
	if ctx.Value(txKey{}) != nil || ctx.Value(readKey{}) != nil || k.limit < 0 || k.limit > maxCachedLimit {
		d, _, err := read(ctx)
		return d, err
	}
	now := time.Now()
	if v, ok := c.get(k, now); ok {
		return v.(D), nil
	}
	gen, ok := c.generation()
	d, text, err := read(ctx)
	if err != nil || !ok {
		return d, err
	}
	// What a page holds in memory: its text twice over (the row's JSON
	// sections decoded into strings and structs) and a fixed part; the
	// renderings its memo keeps are added as they are made.
	var memo *PageMemo
	if m, ok := any(d).(interface{ pageMemo() *PageMemo }); ok {
		memo = m.pageMemo()
	}
	c.put(k, d, memo, 2*text+1024, now, gen)
	return d, nil
}

// dropCachedDetails drops, once the transaction of ctx has ended, the
// pages that an audited action on entity id concerns, so that the request
// that made a change reads it back; the triggers' notification does the
// same on every server, a moment later.
func (db *DB) dropCachedDetails(ctx context.Context, action, entity, id string) {
	var targets []detailTarget
	switch entity {
	case "suggestion", "hearing":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return // an access refused before a record was named
		}
		targets = []detailTarget{{kind: kindNames[entity], id: n}, {kind: kindCase}}
	case "case", "import":
		targets = []detailTarget{{kind: kindCase}}
	case "unit", "user", "person", "hearing_officer", "calendar":
		// Names and calendar days that pages show.
		if action != "update" && action != "delete" {
			return
		}
		targets = []detailTarget{{}}
	default:
		return
	}
	afterTx(ctx, func() {
		for _, t := range targets {
			db.details.drop(t)
		}
	})
}

// DetailCacheStats describes the record page cache, for metrics and tests.
type DetailCacheStats struct {
	Entries, Bytes int
	Hits, Misses   uint64
	Listening      bool
}

// DetailCacheStats returns the record page cache's figures.
func (db *DB) DetailCacheStats() DetailCacheStats {
	c := db.details
	c.mu.Lock()
	defer c.mu.Unlock()
	return DetailCacheStats{Entries: c.order.Len(), Bytes: c.bytes, Hits: c.hits.Load(), Misses: c.misses.Load(), Listening: c.listening}
}
