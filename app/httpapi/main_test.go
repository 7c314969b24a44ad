package httpapi

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"procura/app/authz"
	"procura/app/caseimport"
	"procura/app/demo"
	"procura/app/password"
	"procura/app/store"
	"procura/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// testServer is the real server on a database of the test's own, loaded
// with the demo units and accounts, with a clock the test can move.
type testServer struct {
	*Server
	db      *store.DB
	log     *syncBuffer
	clock   *clock
	imports *inlineImports
}

// ServeHTTP serves one request, then runs the imports it queued, so that
// a test reads their outcome with its next request.
func (ts *testServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ts.Server.ServeHTTP(w, r)
	ts.imports.runQueued(r.Context())
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// inlineImports runs an import as soon as the upload request is done,
// before the test's next request, so that a test reads its outcome
// straight after; the server answers 202 all the same. The small batch
// size makes tests cross batch boundaries.
type inlineImports struct {
	runner *caseimport.Runner
	mu     sync.Mutex
	queued []int64
	fail   error // when set, enqueuing fails with it
}

// EnqueueImportTx remembers the import: it exists once tx commits.
func (q *inlineImports) EnqueueImportTx(_ context.Context, _ *sql.Tx, id int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail != nil {
		return q.fail
	}
	q.queued = append(q.queued, id)
	return nil
}

func (q *inlineImports) runQueued(ctx context.Context) {
	q.mu.Lock()
	ids := q.queued
	q.queued = nil
	q.mu.Unlock()
	for _, id := range ids {
		// An upload that rolled back left nothing to run.
		if _, err := q.runner.DB.GetImport(ctx, id); err != nil {
			continue
		}
		if err := q.runner.Run(context.WithoutCancel(ctx), id, 0); err != nil {
			q.runner.Log.Error("inline import", "import_id", id, "error", err)
		}
	}
}

const testMetricsToken = "scrape-secret"

func newTestServer(t testing.TB, ui fs.FS) *testServer {
	t.Helper()
	_, db := testdb.WithDemo(t)
	return newTestServerOn(t, db, ui)
}

// newTestServerOn is newTestServer on a migrated database the test opened.
func newTestServerOn(t testing.TB, db *store.DB, ui fs.FS) *testServer {
	t.Helper()
	hasher, err := password.New(password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), db, hasher); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	az, err := authz.New(db, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	db.OnPolicyChange(func() {
		if err := az.Reload(); err != nil {
			t.Errorf("reload: %v", err)
		}
	})
	clk := &clock{now: time.Now()}
	imports := &inlineImports{runner: &caseimport.Runner{DB: db, Now: clk.Now, BatchSize: 3,
		Log: slog.New(slog.NewJSONHandler(logs, nil))}}
	s := New(Deps{
		Log:       slog.New(slog.NewJSONHandler(logs, nil)),
		DB:        db,
		Authz:     az,
		Hasher:    hasher,
		Metrics:   prometheus.NewRegistry(),
		BodyLimit: 1 << 20,
		UI:        ui,
		Version:   "test",
		Now:       clk.Now,
		Imports:   imports,
		// httptest's client address is 192.0.2.1, outside this network.
		MetricsAllow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
		MetricsToken: testMetricsToken,
	})
	return &testServer{Server: s, db: db, log: logs, clock: clk, imports: imports}
}

// client is a signed-in (or anonymous) browser.
type client struct {
	ts     *testServer
	cookie string
	csrf   string
	addr   string // the client's IP address; "" is httptest's 192.0.2.1
}

func (ts *testServer) anon() *client { return &client{ts: ts} }

// login signs in as username with the demo password and fails the test
// unless it works.
func (ts *testServer) login(t testing.TB, username string) *client {
	t.Helper()
	return ts.loginWith(t, username, demo.Password)
}

func (ts *testServer) loginWith(t testing.TB, username, pw string) *client {
	t.Helper()
	return ts.loginFrom(t, "", username, pw)
}

// loginFrom signs in from the IP address addr.
func (ts *testServer) loginFrom(t testing.TB, addr, username, pw string) *client {
	t.Helper()
	c := &client{ts: ts, addr: addr}
	rec := c.do(t, "POST", "/api/v1/auth/login", map[string]string{"username": username, "password": pw})
	if rec.Code != http.StatusOK {
		t.Fatalf("login %s: %d %s", username, rec.Code, rec.Body)
	}
	var body loginResponse
	mustDecode(t, rec, &body)
	c.csrf = body.CSRFToken
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == sessionCookie {
			c.cookie = ck.Value
		}
	}
	if c.cookie == "" || c.csrf == "" {
		t.Fatalf("login %s: no cookie or CSRF token", username)
	}
	return c
}

// do sends a request with the client's cookie and CSRF token; body is
// marshalled to JSON unless it is a string or nil.
func (c *client) do(t testing.TB, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case multipartBody:
		r, contentType = bytes.NewReader(b.data), b.contentType
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	h := map[string]string{"Content-Type": contentType}
	if c.cookie != "" {
		h["Cookie"] = sessionCookie + "=" + c.cookie
	}
	if c.csrf != "" {
		h[csrfHeader] = c.csrf
	}
	return c.ts.doFrom(t, c.addr, method, path, r, h)
}

// do sends a request through the full middleware stack.
func (ts *testServer) do(t testing.TB, method, path string, body io.Reader, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	return ts.doFrom(t, "", method, path, body, header)
}

// doFrom sends a request from the IP address addr ("" for httptest's).
func (ts *testServer) doFrom(t testing.TB, addr, method, path string, body io.Reader, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	if addr != "" {
		req.RemoteAddr = net.JoinHostPort(addr, "40000")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ts.ServeHTTP(rec, req)
	return rec
}

func mustDecode(t testing.TB, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %q: %v", rec.Body, err)
	}
}

// decodeErrorBody reads an error answer and checks its shape.
func decodeErrorBody(t *testing.T, rec *httptest.ResponseRecorder) errorPayload {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error Content-Type %q, body %s", ct, rec.Body)
	}
	var body errorBody
	mustDecode(t, rec, &body)
	e := body.Error
	if e.Code == "" || e.Message == "" || e.MessageZh == "" {
		t.Fatalf("incomplete error body %s", rec.Body)
	}
	return e
}
