package store

import (
	"container/list"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"procura/domain"
)

// Session cache bounds: an entry is trusted for sessionCacheTTL after it
// was read from the database, and at most sessionCacheMax entries are kept,
// the least recently used going first.
const (
	sessionCacheTTL = 30 * time.Second
	sessionCacheMax = 10_000
)

// DefaultLastSeenFlush is how often serve writes the last-seen times that
// requests answered from the session cache have collected.
const DefaultLastSeenFlush = 10 * time.Second

// sessionCache keeps what SessionUser read for a token hash, so that a
// signed-in request costs no database round trip. Every change that ends
// a session or alters its user drops the entries it concerns, here once
// its transaction is over and on the other replicas through the sessions
// NOTIFY channel (see dropCachedSessions and ListenChanges).
//
// It also holds the last-seen times of sessions that have not reached the
// database yet (pending), written in one statement by flushLastSeen.
type sessionCache struct {
	ttl time.Duration
	max int

	mu      sync.Mutex
	entries map[string]*list.Element // token hash → element holding *cachedSession
	order   *list.List               // most recently used first
	// gen counts invalidations: a fill read from the database before an
	// invalidation must not land after it.
	gen uint64
	// deaf is set while a started listener has no connection: other
	// replicas' invalidations would be missed, so nothing is cached.
	deaf      bool
	listening bool
	pending   map[int64]time.Time // session id → last seen, not yet written

	hits, misses atomic.Uint64
}

type cachedSession struct {
	tokenHash string
	session   Session
	user      domain.User
	loadedAt  time.Time
}

func newSessionCache(ttl time.Duration, max int) *sessionCache {
	return &sessionCache{ttl: ttl, max: max, entries: map[string]*list.Element{}, order: list.New(),
		pending: map[int64]time.Time{}}
}

// get returns the session and user cached for tokenHash when the entry is
// younger than the TTL at now.
func (c *sessionCache) get(tokenHash string, now time.Time) (Session, domain.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[tokenHash]
	if !ok {
		c.misses.Add(1)
		return Session{}, domain.User{}, false
	}
	e := el.Value.(*cachedSession)
	if now.Before(e.loadedAt) || now.Sub(e.loadedAt) >= c.ttl {
		c.remove(el)
		c.misses.Add(1)
		return Session{}, domain.User{}, false
	}
	c.order.MoveToFront(el)
	c.hits.Add(1)
	return e.session, e.user, true
}

// generation is read before a database lookup and handed to put.
func (c *sessionCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put caches what the database returned for tokenHash, unless something
// was invalidated since gen was read (the row may predate that change) or
// the listener is deaf.
func (c *sessionCache) put(tokenHash string, s Session, u domain.User, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.deaf {
		return
	}
	if el, ok := c.entries[tokenHash]; ok {
		c.remove(el)
	}
	c.entries[tokenHash] = c.order.PushFront(&cachedSession{tokenHash: tokenHash, session: s, user: u, loadedAt: now})
	for c.order.Len() > c.max {
		c.remove(c.order.Back())
	}
}

// touch records that session id (cached under tokenHash, if at all) was
// used at now: the cached copy and the pending write both move forward.
func (c *sessionCache) touch(tokenHash string, id int64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[tokenHash]; ok {
		if e := el.Value.(*cachedSession); e.session.ID == id && now.After(e.session.LastSeenAt) {
			e.session.LastSeenAt = now
		}
	}
	if now.After(c.pending[id]) {
		c.pending[id] = now
	}
}

// lastSeen returns the last-seen time of session id not yet written.
func (c *sessionCache) lastSeen(id int64) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.pending[id]
	return t, ok
}

// pendingWrites returns the last-seen times to write.
func (c *sessionCache) pendingWrites() ([]int64, []time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]int64, 0, len(c.pending))
	times := make([]time.Time, 0, len(c.pending))
	for id, t := range c.pending {
		ids = append(ids, id)
		times = append(times, t)
	}
	return ids, times
}

// written forgets the pending times that were written, unless a request
// moved them on meanwhile. Until then a lookup still finds them, so that
// idle expiry never reads an older time than a request has seen.
func (c *sessionCache) written(ids []int64, times []time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, id := range ids {
		if c.pending[id].Equal(times[i]) {
			delete(c.pending, id)
		}
	}
}

// sessionTarget names what an invalidation drops: the sessions of one
// user, one session, or everything. It travels as the NOTIFY payload
// "user:ID", "session:ID" or "all".
type sessionTarget struct {
	userID, sessionID int64
}

var allSessions = sessionTarget{}

func userSessions(id int64) sessionTarget { return sessionTarget{userID: id} }
func oneSession(id int64) sessionTarget   { return sessionTarget{sessionID: id} }

func (t sessionTarget) String() string {
	switch {
	case t.userID != 0:
		return "user:" + strconv.FormatInt(t.userID, 10)
	case t.sessionID != 0:
		return "session:" + strconv.FormatInt(t.sessionID, 10)
	}
	return "all"
}

// parseSessionTarget reads a NOTIFY payload; anything it does not
// understand drops everything, which is always safe.
func parseSessionTarget(payload string) sessionTarget {
	kind, num, _ := strings.Cut(payload, ":")
	id, err := strconv.ParseInt(num, 10, 64)
	if err != nil || id <= 0 {
		return allSessions
	}
	switch kind {
	case "user":
		return userSessions(id)
	case "session":
		return oneSession(id)
	}
	return allSessions
}

// drop removes the entries of target. It scans the entries: invalidations
// are rare and the cache is bounded.
func (c *sessionCache) drop(t sessionTarget) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(t)
}

func (c *sessionCache) dropLocked(t sessionTarget) {
	c.gen++
	if t == allSessions {
		c.entries = map[string]*list.Element{}
		c.order.Init()
		return
	}
	for el := c.order.Front(); el != nil; {
		next := el.Next()
		e := el.Value.(*cachedSession)
		if (t.userID != 0 && e.session.UserID == t.userID) || (t.sessionID != 0 && e.session.ID == t.sessionID) {
			c.remove(el)
		}
		el = next
	}
}

// setListening records whether the listener is connected. Either way the
// cache starts empty: a connection lost may have missed invalidations, and
// until it is back nothing is cached.
func (c *sessionCache) setListening(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(allSessions)
	c.deaf, c.listening = !on, on
}

func (c *sessionCache) remove(el *list.Element) {
	delete(c.entries, el.Value.(*cachedSession).tokenHash)
	c.order.Remove(el)
}

// SessionCacheStats describes the session cache, for metrics and tests.
type SessionCacheStats struct {
	Entries      int
	Hits, Misses uint64
	// Listening: a listener is connected and follows other replicas'
	// invalidations.
	Listening bool
	// PendingLastSeen counts sessions whose last-seen time awaits writing.
	PendingLastSeen int
}

// SessionCacheStats returns the cache's figures.
func (db *DB) SessionCacheStats() SessionCacheStats {
	c := db.sessionCache
	c.mu.Lock()
	defer c.mu.Unlock()
	return SessionCacheStats{Entries: c.order.Len(), Hits: c.hits.Load(), Misses: c.misses.Load(),
		Listening: c.listening, PendingLastSeen: len(c.pending)}
}
