package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"procura/app/store"
	"procura/app/testdb"
)

// statementTracer records every statement the server's pool sends, with
// whether it ran while the guard was still resolving the session (the
// request's actor has no user yet), so that a test can count the
// statements of a handler apart from the session lookup.
type statementTracer struct {
	mu    sync.Mutex
	stmts []tracedStatement
}

type tracedStatement struct {
	sql     string
	session bool
}

func (tr *statementTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	a := store.ActorFrom(ctx)
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.stmts = append(tr.stmts, tracedStatement{sql: d.SQL, session: a.UserID == 0 && a.RequestID != ""})
	return ctx
}

func (tr *statementTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (tr *statementTracer) reset() {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.stmts = nil
}

// handlerStatements are the statements since reset other than the
// session lookup's.
func (tr *statementTracer) handlerStatements() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var out []string
	for _, s := range tr.stmts {
		if !s.session {
			out = append(out, s.sql)
		}
	}
	return out
}

// newTracedServer is newTestServer on a pool whose statements tr sees.
func newTracedServer(t *testing.T) (*testServer, *statementTracer) {
	t.Helper()
	dsn, _ := testdb.WithDemo(t)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	tr := &statementTracer{}
	cfg.Tracer = tr
	db, err := store.OpenConfig(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newTestServerOn(t, db, nil), tr
}

// TestDetailReadsAreOneStatement: an authorised read of a record's page
// (and of the caller's account) costs the session lookup plus exactly one
// SQL statement, however many sections the page has.
func TestDetailReadsAreOneStatement(t *testing.T) {
	ts, tr := newTracedServer(t)
	ctx := context.Background()
	firstID := func(q string) int64 {
		t.Helper()
		var id int64
		if err := ts.db.SQL().QueryRowContext(ctx, q).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	// The demo records of the Hanjiang branch with the most in each section.
	branch := `(SELECT u.id FROM units u WHERE u.path LIKE '/420000/429000%')`
	suggestion := firstID(`SELECT s.id FROM suggestions s WHERE s.unit_id IN ` + branch + ` ORDER BY
		(SELECT count(*) FROM suggestion_replies r WHERE r.suggestion_id = s.id) +
		(SELECT count(*) FROM suggestion_followups f WHERE f.suggestion_id = s.id) +
		(SELECT count(*) FROM suggestion_verifications v WHERE v.suggestion_id = s.id) DESC, s.id LIMIT 1`)
	hearing := firstID(`SELECT h.id FROM hearings h WHERE h.unit_id IN ` + branch + ` ORDER BY (SELECT count(*) FROM hearing_participants p WHERE p.hearing_id = h.id) DESC, h.id LIMIT 1`)
	kase := firstID(`SELECT c.id FROM cases c WHERE c.unit_id IN ` + branch + ` ORDER BY (SELECT count(*) FROM case_events e WHERE e.case_id = c.id) DESC, c.id LIMIT 1`)
	c := ts.login(t, "chief.hanjiang")
	for _, tc := range []struct{ name, path string }{
		{"suggestion", "/api/v1/suggestions/" + strconv.FormatInt(suggestion, 10)},
		{"hearing", "/api/v1/hearings/" + strconv.FormatInt(hearing, 10)},
		{"case", "/api/v1/cases/" + strconv.FormatInt(kase, 10)},
		{"me", "/api/v1/auth/me"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr.reset()
			rec := c.do(t, http.MethodGet, tc.path, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d %s", tc.path, rec.Code, rec.Body)
			}
			if got := tr.handlerStatements(); len(got) != 1 {
				t.Errorf("GET %s sent %d statements besides the session lookup, want 1:\n%s", tc.path, len(got), strings.Join(got, "\n---\n"))
			}
		})
	}
}

// TestListResolvesUnitsOnce: a list page that needs its total (a full
// first page) resolves the caller's and the filter's units in one
// statement, shared by the page and the count (store.WithListMemo).
func TestListResolvesUnitsOnce(t *testing.T) {
	ts, tr := newTracedServer(t)
	c := ts.login(t, "supervisor.hanjiang")
	for _, path := range []string{"/api/v1/suggestions?limit=1", "/api/v1/hearings?limit=1", "/api/v1/cases?limit=1&unit_id=2"} {
		tr.reset()
		rec := c.do(t, http.MethodGet, path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		if !strings.Contains(rec.Body.String(), `"total":`) || strings.Contains(rec.Body.String(), `"total":null`) {
			t.Fatalf("GET %s: no total: %s", path, rec.Body)
		}
		n := 0
		for _, s := range tr.handlerStatements() {
			if strings.Contains(s, "procura_unit_ids") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("GET %s resolved units %d times, want once:\n%s", path, n, strings.Join(tr.handlerStatements(), "\n---\n"))
		}
	}
}
