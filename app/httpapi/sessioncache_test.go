package httpapi

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// replicaTimeout is how soon a change made through one server must reach
// another.
const replicaTimeout = time.Second

// on is the same browser (cookie and CSRF token) talking to another server.
func (c *client) on(ts *testServer) *client {
	return &client{ts: ts, cookie: c.cookie, csrf: c.csrf, addr: c.addr}
}

// openStore opens dsn for t, closed when t ends.
func openStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// listen runs the server's change listener, as serve does, until t ends,
// and waits until it listens.
func (ts *testServer) listen(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ts.db.ListenChanges(ctx, slog.New(slog.DiscardHandler), func() {
			if err := ts.authz.Reload(); err != nil {
				t.Errorf("reload: %v", err)
			}
		})
	}()
	t.Cleanup(func() { cancel(); <-done }) // before the database is closed and dropped
	ts.waitListening(t, true)
}

func (ts *testServer) waitListening(t *testing.T, want bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ts.db.SessionCacheStats().Listening == want {
			return
		}
	}
	t.Fatalf("listening never became %v", want)
}

// twoServers are two replicas, each with its own pool and listener, on one
// database, sharing a clock.
func twoServers(t *testing.T) (a, b *testServer, dsn string) {
	t.Helper()
	dsn, dbA := testdb.WithDemo(t)
	a = newTestServerOn(t, dbA, nil)
	b = newTestServerOn(t, openStore(t, dsn), nil)
	b.clock = a.clock
	b.Server.now = a.clock.Now
	a.listen(t)
	b.listen(t)
	return a, b, dsn
}

// cached sends a request that must be answered from the server's session
// cache, and checks that it was.
func cached(t *testing.T, c *client, path string, want int) {
	t.Helper()
	before := c.ts.db.SessionCacheStats()
	if rec := c.do(t, http.MethodGet, path, nil); rec.Code != want {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	if after := c.ts.db.SessionCacheStats(); after.Hits != before.Hits+1 {
		t.Fatalf("GET %s was not answered from the session cache: %+v, then %+v", path, before, after)
	}
}

// warm reads path until the answer came from the session cache: a read
// that loads a session does not cache it when an invalidation (of any
// session) arrived during the load, and on a busy machine the NOTIFY of
// an earlier change can arrive that late.
func warm(t *testing.T, c *client, path string) {
	t.Helper()
	start := time.Now()
	for {
		before := c.ts.db.SessionCacheStats()
		if rec := c.do(t, http.MethodGet, path, nil); rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		if c.ts.db.SessionCacheStats().Hits > before.Hits {
			return
		}
		if time.Since(start) > replicaTimeout {
			t.Fatalf("GET %s never answered from the session cache", path)
		}
	}
}

// refusedWithin polls until path answers want, failing after
// replicaTimeout, and returns how long it took.
func refusedWithin(t *testing.T, c *client, path string, want int) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		rec := c.do(t, http.MethodGet, path, nil)
		if rec.Code == want {
			return time.Since(start)
		}
		if time.Since(start) > replicaTimeout {
			t.Fatalf("GET %s still %d %s after %v", path, rec.Code, rec.Body, replicaTimeout)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestSessionChangesReachOtherServer: a change to an account or session
// made through server A refuses the session on server B within a second,
// although B had it cached (the done-when test of issue 10).
func TestSessionChangesReachOtherServer(t *testing.T) {
	a, b, _ := twoServers(t)
	admin := a.login(t, "admin")
	units := unitsByCode(t, admin)
	user := func(name string) userResponse {
		t.Helper()
		return listUsers(t, admin, "q="+name)[0]
	}
	for _, tc := range []struct {
		name     string
		username string
		path     string // read on B, before and after
		prepare  func(t *testing.T, c *client)
		change   func(t *testing.T, c *client)
		want     int
	}{
		{name: "deactivation", username: "clerk.xiantao", path: "/api/v1/rules", want: http.StatusUnauthorized,
			change: func(t *testing.T, c *client) {
				u := user("clerk.xiantao")
				if rec := admin.do(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", u.ID),
					map[string]any{"active": false, "version": u.Version}); rec.Code != http.StatusOK {
					t.Fatalf("deactivate: %d %s", rec.Code, rec.Body)
				}
			}},
		{name: "logout", username: "prosecutor.xiantao", path: "/api/v1/rules", want: http.StatusUnauthorized,
			change: func(t *testing.T, c *client) {
				if rec := c.do(t, http.MethodPost, "/api/v1/auth/logout", nil); rec.Code != http.StatusNoContent {
					t.Fatalf("logout: %d %s", rec.Code, rec.Body)
				}
			}},
		{name: "password change ends the other sessions", username: "chief.xiantao", path: "/api/v1/rules", want: http.StatusUnauthorized,
			change: func(t *testing.T, c *client) {
				other := a.login(t, "chief.xiantao")
				if rec := other.do(t, http.MethodPost, "/api/v1/auth/password", map[string]string{
					"current_password": demo.Password, "new_password": "xiantao-chief-2026!"}); rec.Code != http.StatusNoContent {
					t.Fatalf("change password: %d %s", rec.Code, rec.Body)
				}
			}},
		{name: "grant revoked", username: "prosecutor.tianmen", path: "/api/v1/audit-events", want: http.StatusForbidden,
			prepare: func(t *testing.T, c *client) {
				u := user("prosecutor.tianmen")
				if rec := admin.do(t, http.MethodPut, fmt.Sprintf("/api/v1/users/%d/grants", u.ID), map[string]any{"grants": []map[string]any{
					{"role": "prosecutor", "unit_id": units["429006"].ID}, {"role": "supervisor", "unit_id": units["429006"].ID}}}); rec.Code != http.StatusOK {
					t.Fatalf("grant: %d %s", rec.Code, rec.Body)
				}
				refusedWithin(t, c.on(b), "/api/v1/audit-events", http.StatusOK) // B has reloaded its policies
			},
			change: func(t *testing.T, c *client) {
				u := user("prosecutor.tianmen")
				if rec := admin.do(t, http.MethodPut, fmt.Sprintf("/api/v1/users/%d/grants", u.ID), map[string]any{"grants": []map[string]any{
					{"role": "prosecutor", "unit_id": units["429006"].ID}}}); rec.Code != http.StatusOK {
					t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := a.login(t, tc.username)
			if tc.prepare != nil {
				tc.prepare(t, c)
			}
			onB := c.on(b)
			if rec := onB.do(t, http.MethodGet, tc.path, nil); rec.Code != http.StatusOK {
				t.Fatalf("first read on B: %d %s", rec.Code, rec.Body)
			}
			cached(t, onB, tc.path, http.StatusOK)
			tc.change(t, c)
			took := refusedWithin(t, onB, tc.path, tc.want)
			t.Logf("B answered %d %v after the change on A", tc.want, took)
		})
	}
}

// TestSessionCacheEmptiesWhenListenerDrops: while the listener has lost
// its connection, other servers' changes could be missed, so nothing is
// cached; once it listens again the cache fills again.
func TestSessionCacheEmptiesWhenListenerDrops(t *testing.T) {
	a, b, dsn := twoServers(t)
	c := a.login(t, "clerk.xiantao").on(b)
	c.do(t, http.MethodGet, "/api/v1/rules", nil)
	cached(t, c, "/api/v1/rules", http.StatusOK)

	killListeners(t, dsn)
	b.waitListening(t, false)
	if st := b.db.SessionCacheStats(); st.Entries != 0 {
		t.Fatalf("the cache kept %d entries after the listener lost its connection", st.Entries)
	}
	if rec := c.do(t, http.MethodGet, "/api/v1/rules", nil); rec.Code != http.StatusOK {
		t.Fatalf("while deaf: %d %s", rec.Code, rec.Body)
	}
	if st := b.db.SessionCacheStats(); st.Entries != 0 {
		t.Fatalf("a session was cached while the listener was deaf: %+v", st)
	}
	b.waitListening(t, true)
	c.do(t, http.MethodGet, "/api/v1/rules", nil)
	cached(t, c, "/api/v1/rules", http.StatusOK)
}

// killListeners ends the listeners' connections to dsn's database, as a
// restarted PostgreSQL or a dropped network would.
func killListeners(t *testing.T, dsn string) {
	t.Helper()
	killer, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close()
	if _, err := killer.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %'`); err != nil {
		t.Fatal(err)
	}
}

// countingProxy forwards TCP connections to upstream and counts the bytes
// clients send, i.e. whether any statement reached PostgreSQL.
type countingProxy struct {
	ln   net.Listener
	sent atomic.Int64
	wg   sync.WaitGroup
}

func startCountingProxy(t *testing.T, upstream string) *countingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &countingProxy{ln: ln}
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", upstream)
			if err != nil {
				client.Close()
				continue
			}
			p.wg.Add(2)
			go func() {
				defer p.wg.Done()
				io.Copy(server, countingReader{client, &p.sent})
				server.Close()
			}()
			go func() {
				defer p.wg.Done()
				io.Copy(client, server)
				client.Close()
			}()
		}
	}()
	return p
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// TestCachedSessionCostsNoRoundTrip: once its session is cached, a
// signed-in request that needs nothing else from the database sends not
// one byte to PostgreSQL. The server's pool connects through a proxy that
// counts what it forwards.
func TestCachedSessionCostsNoRoundTrip(t *testing.T) {
	dsn, _ := testdb.WithDemo(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startCountingProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	ts := newTestServerOn(t, openStore(t, u.String()), nil)
	ts.listen(t)
	c := ts.login(t, "clerk.xiantao")

	proxy.sent.Store(0)
	if rec := c.do(t, http.MethodGet, "/api/v1/rules", nil); rec.Code != http.StatusOK {
		t.Fatalf("first read: %d %s", rec.Code, rec.Body)
	}
	if n := proxy.sent.Load(); n == 0 {
		t.Fatal("the proxy saw nothing of the first read, which looks the session up")
	}
	proxy.sent.Store(0)
	for i := 0; i < 20; i++ {
		cached(t, c, "/api/v1/rules", http.StatusOK)
	}
	if n := proxy.sent.Load(); n != 0 {
		t.Errorf("20 cached requests sent %d bytes to PostgreSQL", n)
	}
}

// TestLastSeenReachesDatabase: a request's time of use is written within
// the flush interval, idle expiry still ends an unused session, and a
// server whose cached copy looks idle asks the database, which knows of
// the use another server wrote.
func TestLastSeenReachesDatabase(t *testing.T) {
	a, b, dsn := twoServers(t)
	const flush = 100 * time.Millisecond
	for _, ts := range []*testServer{a, b} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); ts.db.FlushLastSeen(ctx, flush, slog.New(slog.DiscardHandler)) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	raw := openStore(t, dsn).SQL()
	lastSeen := func(c *client) time.Time {
		t.Helper()
		var at time.Time
		if err := raw.QueryRow(`SELECT last_seen_at FROM sessions WHERE token_hash = $1`, tokenHash(c.cookie)).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	reaches := func(c *client, want time.Time) {
		t.Helper()
		start := time.Now()
		for !lastSeen(c).Equal(want.Truncate(time.Microsecond)) {
			if time.Since(start) > flush+replicaTimeout {
				t.Fatalf("last_seen_at %v, want %v", lastSeen(c), want)
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Logf("last_seen_at written %v after the request", time.Since(start))
	}

	c := a.login(t, "clerk.xiantao")
	a.clock.Advance(30 * time.Minute)
	if rec := c.do(t, http.MethodGet, "/api/v1/rules", nil); rec.Code != http.StatusOK {
		t.Fatalf("read: %d", rec.Code)
	}
	reaches(c, a.clock.Now())

	a.clock.Advance(domain.DefaultSessionPolicy.Idle + time.Second)
	if rec := c.do(t, http.MethodGet, "/api/v1/rules", nil); rec.Code != http.StatusUnauthorized {
		t.Fatalf("after the idle limit: %d", rec.Code)
	}
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM sessions WHERE token_hash = $1`, tokenHash(c.cookie)).Scan(&n); err != nil || n != 0 {
		t.Fatalf("expired session rows: %d, %v", n, err)
	}

	// An idle limit shorter than the cache's life: B's cached copy says
	// idle, the database (written by A) says used.
	short := domain.SessionPolicy{Idle: 10 * time.Second, Absolute: time.Hour}
	a.sessions, b.sessions = short, short
	c = a.login(t, "clerk.xiantao")
	onB := c.on(b)
	for _, c := range []*client{c, onB} {
		warm(t, c, "/api/v1/rules")
	}
	a.clock.Advance(8 * time.Second)
	cached(t, c, "/api/v1/rules", http.StatusOK)
	reaches(c, a.clock.Now())
	a.clock.Advance(4 * time.Second) // 12 s after B's last sight, 4 s after A's
	if rec := onB.do(t, http.MethodGet, "/api/v1/rules", nil); rec.Code != http.StatusOK {
		t.Fatalf("B signed out a session used on A 4 s ago: %d", rec.Code)
	}
	a.clock.Advance(11 * time.Second)
	if rec := onB.do(t, http.MethodGet, "/api/v1/rules", nil); rec.Code != http.StatusUnauthorized {
		t.Fatalf("B kept a session idle for 11 s: %d", rec.Code)
	}
}
