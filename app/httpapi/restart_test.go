package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"procura/app/pgserver"
	"procura/app/store"
)

// privateCluster starts a PostgreSQL cluster of the test's own (so that
// restarting or stopping it disturbs no other test) with a migrated
// database, and returns both.
func privateCluster(t *testing.T) (*pgserver.Server, *store.DB) {
	t.Helper()
	ctx := context.Background()
	// Not t.TempDir: its parent is private to root, and the cluster
	// belongs to the postgres user.
	dir, err := os.MkdirTemp("", "procura-fault-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg, err := pgserver.Start(ctx, pgserver.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			t.Error(err)
		}
	})
	if err := store.CreateDatabase(ctx, pg.URL("postgres"), "procura"); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, pg.URL("procura"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m, err := store.NewMigrator(db.SQL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	return pg, db
}

// loadClient is a signed-in client speaking real HTTP to the server.
type loadClient struct {
	base, cookie, csrf string
	writer             bool // creates suggestions besides reading
	http               *http.Client
}

// outcome is one answer: its status and, for errors, what an unavailable
// answer must carry.
type outcome struct {
	status     int
	retryAfter string
	code       string
	complete   bool // message and message_zh present
}

func (lc *loadClient) send(ctx context.Context, method, path string, body any) (outcome, error) {
	var r io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			return outcome{}, err
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, lc.base+path, r)
	if err != nil {
		return outcome{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", sessionCookie+"="+lc.cookie)
	req.Header.Set(csrfHeader, lc.csrf)
	resp, err := lc.http.Do(req)
	if err != nil {
		return outcome{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return outcome{}, err
	}
	o := outcome{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	if resp.StatusCode >= 400 {
		var eb errorBody
		if json.Unmarshal(data, &eb) == nil {
			o.code = eb.Error.Code
			o.complete = eb.Error.Message != "" && eb.Error.MessageZh != ""
		}
	}
	return o, nil
}

var loadReads = []string{"/api/v1/auth/me", "/api/v1/notifications", "/api/v1/suggestions?limit=20", "/api/v1/hearings", "/api/v1/units"}

// step sends the client's i-th request: a write every fourth request for
// writers, a read otherwise.
func (lc *loadClient) step(ctx context.Context, i int) (outcome, error) {
	if lc.isWrite(i) {
		return lc.send(ctx, http.MethodPost, "/api/v1/suggestions", suggestionBody())
	}
	return lc.send(ctx, http.MethodGet, loadReads[i%len(loadReads)], nil)
}

func (lc *loadClient) isWrite(i int) bool { return lc.writer && i%4 == 3 }

func (lc *loadClient) ok(o outcome) bool {
	return o.status == http.StatusOK || o.status == http.StatusCreated
}

// loadClients signs in n clients over the demo accounts (not the
// administrator, who reads no case records).
func loadClients(t *testing.T, ts *testServer, base string, n int) []*loadClient {
	t.Helper()
	accounts := []string{"prosecutor.xiantao", "chief.xiantao", "supervisor.xiantao", "clerk.xiantao", "prosecutor.tianmen",
		"clerk.tianmen", "prosecutor.wuhan", "prosecutor.qianjiang", "chief.hanjiang", "supervisor.hanjiang"}
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	t.Cleanup(hc.CloseIdleConnections)
	out := make([]*loadClient, n)
	for i := range out {
		name := accounts[i%len(accounts)]
		c := ts.login(t, name)
		out[i] = &loadClient{base: base, cookie: c.cookie, csrf: c.csrf, writer: strings.HasPrefix(name, "prosecutor."), http: hc}
	}
	return out
}

// TestDatabaseRestartUnderLoad restarts PostgreSQL in fast mode while 16
// signed-in clients read and write through the real HTTP server. No
// answer may be a 5xx other than 503; every 503 is the `unavailable` error
// with Retry-After; once the database is back every client succeeds again.
// Then, with the database stopped, every request (and /readyz) answers 503.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	pg, db := privateCluster(t)
	ts := newTestServerOn(t, db, nil)
	hs := httptest.NewServer(ts)
	t.Cleanup(hs.Close)
	clients := loadClients(t, ts, hs.URL, 16)
	ctx := context.Background()
	for _, lc := range clients { // every request of the mix works before the restart
		for i := 0; i < 4; i++ {
			if o, err := lc.step(ctx, i); err != nil || !lc.ok(o) {
				t.Fatalf("warm-up request %d: %+v %v", i, o, err)
			}
		}
	}

	var (
		mu        sync.Mutex
		statuses  = map[int]int{}
		bad       []string
		total     int
		restarted time.Time        // when pg_ctl restart returned
		after503  = map[bool]int{} // 503s of requests sent after it, by write
		wg        sync.WaitGroup
	)
	stop := make(chan struct{})
	for _, lc := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				sentAfter := !restarted.IsZero()
				mu.Unlock()
				o, err := lc.step(ctx, i)
				mu.Lock()
				total++
				if sentAfter && o.status == http.StatusServiceUnavailable {
					after503[lc.isWrite(i)]++
				}
				switch {
				case err != nil:
					bad = append(bad, "transport: "+err.Error())
				case o.status == http.StatusServiceUnavailable:
					if o.code != "unavailable" || !o.complete || o.retryAfter == "" {
						bad = append(bad, fmt.Sprintf("503 without the unavailable shape: %+v", o))
					}
				case !lc.ok(o):
					bad = append(bad, fmt.Sprintf("answer %+v", o))
				}
				statuses[o.status]++
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	restartStart := time.Now()
	if err := pg.Restart(ctx); err != nil {
		close(stop)
		wg.Wait()
		t.Fatal(err)
	}
	mu.Lock()
	restarted = time.Now()
	mu.Unlock()
	restartTook := restarted.Sub(restartStart)
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	wg.Wait()

	codes := make([]string, 0, len(statuses))
	for code, n := range statuses {
		codes = append(codes, fmt.Sprintf("%d×%d", code, n))
	}
	sort.Strings(codes)
	t.Logf("restart took %v; %d requests: %s; %d unexpected; sent after the restart: %d reads and %d writes answered 503",
		restartTook.Round(time.Millisecond), total, strings.Join(codes, " "), len(bad), after503[false], after503[true])
	if len(bad) > 0 {
		t.Errorf("%d unexpected answers, the first: %s", len(bad), strings.Join(bad[:min(len(bad), 5)], "; "))
	}
	// A read on a connection that died with the old server runs again on
	// a fresh one; only writes (never retried) may fail once the server is back.
	if after503[false] > 0 {
		t.Errorf("%d reads sent after the restart answered 503", after503[false])
	}

	// Back to normal: every client's reads and writes succeed.
	for _, lc := range clients {
		for i := 0; i < 4; i++ {
			if o, err := lc.step(ctx, i); err != nil || !lc.ok(o) {
				t.Errorf("after the restart, request %d: %+v %v", i, o, err)
			}
		}
	}
	if o, err := clients[0].send(ctx, http.MethodGet, "/readyz", nil); err != nil || o.status != http.StatusOK {
		t.Errorf("/readyz after the restart: %+v %v", o, err)
	}

	// Database down: 503 with Retry-After for reads, writes and /readyz.
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	for i, lc := range clients[:5] {
		o, err := lc.step(ctx, i+3)
		if err != nil || o.status != http.StatusServiceUnavailable || o.code != "unavailable" || !o.complete || o.retryAfter == "" {
			t.Errorf("request %d with the database stopped: %+v %v", i+3, o, err)
		}
	}
	if o, err := clients[0].send(ctx, http.MethodGet, "/readyz", nil); err != nil || o.status != http.StatusServiceUnavailable || o.retryAfter == "" {
		t.Errorf("/readyz with the database stopped: %+v %v", o, err)
	}
}
