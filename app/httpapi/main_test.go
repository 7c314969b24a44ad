package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"procura/app/store"
	"procura/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// testServer is the real server on a database of the test's own.
type testServer struct {
	*Server
	db  *store.DB
	log *bytes.Buffer
}

func newTestServer(t *testing.T, ui fs.FS) *testServer {
	t.Helper()
	db := testdb.New(t)
	var logs bytes.Buffer
	s := New(Deps{
		Log:       slog.New(slog.NewJSONHandler(&logs, nil)),
		DB:        db,
		Metrics:   prometheus.NewRegistry(),
		BodyLimit: 1 << 20,
		UI:        ui,
		Version:   "test",
	})
	return &testServer{Server: s, db: db, log: &logs}
}

// do sends a request through the full middleware stack.
func (ts *testServer) do(t *testing.T, method, path string, body io.Reader, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
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

// decodeError reads an error answer and checks its shape.
func decodeErrorBody(t *testing.T, rec *httptest.ResponseRecorder) errorPayload {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=UTF-8" {
		t.Fatalf("error Content-Type %q, body %s", ct, rec.Body)
	}
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error body %q: %v", rec.Body, err)
	}
	e := body.Error
	if e.Code == "" || e.Message == "" || e.MessageZh == "" {
		t.Fatalf("incomplete error body %s", rec.Body)
	}
	return e
}
