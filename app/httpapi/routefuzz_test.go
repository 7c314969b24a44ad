package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRouteFuzz walks every route of the route table (the source of the
// OpenAPI document) with generated malformed requests as signed-in users
// and fails on any 5xx, and on any 4xx whose body is not the error shape.
// PROCURA_ROUTE_FUZZ sets the number of requests (make fuzz runs many).
func TestRouteFuzz(t *testing.T) {
	n := 6000
	if s := os.Getenv("PROCURA_ROUTE_FUZZ"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			t.Fatalf("PROCURA_ROUTE_FUZZ=%q: want a positive number", s)
		}
		n = v
	}
	ts := newTestServer(t, nil)
	ids := fuzzIDs(t, ts)
	users := []string{"admin", "supervisor.hanjiang", "chief.xiantao", "prosecutor.xiantao", "clerk.xiantao"}
	clients := map[string]*client{}
	for _, u := range users {
		clients[u] = ts.login(t, u)
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	routes := ts.Routes()
	var failures int
	statuses := map[int]int{}
	for i := 0; i < n && failures < 20; i++ {
		r := routes[i%len(routes)]
		if r.Path == apiPrefix+"/auth/logout" {
			continue // would end the sessions the walk signs in with
		}
		user := users[rng.IntN(len(users))]
		c := clients[user]
		req := fuzzRequest(rng, r, ids)
		rec := c.doRaw(req.method, req.target, req.body, req.contentType)
		statuses[rec.Code]++
		if rec.Code == http.StatusUnauthorized {
			// A password-change attempt may end the session: sign in again.
			clients[user] = ts.login(t, user)
		}
		if msg := checkFuzzAnswer(rec); msg != "" {
			failures++
			t.Errorf("%s %s as %s (route %s): %s\nbody sent: %.300s\nanswer: %.500s", req.method, req.target, user, r.Path, msg, req.body, rec.Body)
		}
	}
	t.Logf("%d requests over %d routes; answers by status: %v", n, len(routes), statuses)
}

func checkFuzzAnswer(rec *httptest.ResponseRecorder) string {
	switch {
	case rec.Code >= 500:
		return fmt.Sprintf("status %d", rec.Code)
	case rec.Code >= 400:
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			return fmt.Sprintf("status %d with Content-Type %q", rec.Code, ct)
		}
		var body errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			return fmt.Sprintf("status %d with a body that is not JSON: %v", rec.Code, err)
		}
		if e := body.Error; e.Code == "" || e.Message == "" || e.MessageZh == "" {
			return fmt.Sprintf("status %d with an incomplete error body", rec.Code)
		}
		for _, f := range body.Error.Fields {
			if f.Field == "" || f.Code == "" || f.Message == "" || f.MessageZh == "" {
				return fmt.Sprintf("status %d with an incomplete field error %+v", rec.Code, f)
			}
		}
	}
	return ""
}

// doRaw sends a request body as given.
func (c *client) doRaw(method, target, body, contentType string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.cookie != "" {
		req.Header.Set("Cookie", sessionCookie+"="+c.cookie)
	}
	if c.csrf != "" {
		req.Header.Set(csrfHeader, c.csrf)
	}
	rec := httptest.NewRecorder()
	c.ts.ServeHTTP(rec, req)
	return rec
}

// fuzzUsersQuery leaves out the accounts the walk signs in with: a
// deactivation or a password reset would lock it out.
const fuzzUsersQuery = `SELECT id::text FROM users WHERE username NOT IN ('admin', 'supervisor.hanjiang', 'chief.xiantao',
	'prosecutor.xiantao', 'clerk.xiantao') ORDER BY id DESC LIMIT 3`

// fuzzIDs finds a real record for each path parameter, so that requests
// reach past the lookup into the handlers.
func fuzzIDs(t *testing.T, ts *testServer) map[string][]string {
	t.Helper()
	ids := map[string][]string{}
	queries := map[string]string{
		"suggestions":       `SELECT id::text FROM suggestions ORDER BY id LIMIT 3`,
		"hearings":          `SELECT id::text FROM hearings ORDER BY id LIMIT 3`,
		"cases":             `SELECT id::text FROM cases ORDER BY id LIMIT 3`,
		"participants":      `SELECT id::text FROM hearing_participants ORDER BY id LIMIT 3`,
		"units":             `SELECT id::text FROM units ORDER BY id DESC LIMIT 3`,
		"users":             fuzzUsersQuery,
		"hearing-officers":  `SELECT id::text FROM hearing_officers ORDER BY id LIMIT 3`,
		"notifications":     `SELECT id::text FROM notifications ORDER BY id LIMIT 3`,
		"attachments":       `SELECT id::text FROM attachments ORDER BY id LIMIT 3`,
		"imports":           `SELECT id::text FROM imports ORDER BY id LIMIT 3`,
		"snapshots":         `SELECT id::text FROM report_snapshots ORDER BY id LIMIT 3`,
		"categories":        `SELECT code FROM categories ORDER BY code LIMIT 3`,
		"indicators":        `SELECT DISTINCT code FROM indicators ORDER BY code LIMIT 3`,
		"class-cases":       `SELECT code FROM categories ORDER BY code LIMIT 3`,
		"doc-prefixes":      `SELECT DISTINCT type FROM doc_prefixes ORDER BY type LIMIT 3`,
		"calendar":          `SELECT '2026' UNION ALL SELECT '2035'`,
		"delivery-links":    `SELECT '1'`,
		"pending-replies":   `SELECT '1'`,
		"followups":         `SELECT '1'`,
		"replies":           `SELECT '1'`,
		"events":            `SELECT '1'`,
		"opinion":           `SELECT '1'`,
		"recusal":           `SELECT '1'`,
		"officer-draw":      `SELECT '1'`,
		"transitions":       `SELECT '1'`,
		"verification":      `SELECT '1'`,
		"grants":            `SELECT '1'`,
		"work":              `SELECT '1'`,
		"read":              `SELECT '1'`,
		"read-all":          `SELECT '1'`,
		"export.xlsx":       `SELECT '1'`,
		"participants-self": `SELECT '1'`,
	}
	for key, q := range queries {
		rows, err := ts.db.SQL().QueryContext(context.Background(), q)
		if err != nil {
			continue // a table a later issue adds; the bad values still apply
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			ids[key] = append(ids[key], v)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

type fuzzReq struct {
	method, target, body, contentType string
}

var badPathValues = []string{"0", "-1", "2147483648", "9223372036854775807", "9223372036854775808", "1e3", "abc", "%00", "%E2%80%AE",
	"99999999999999999999999", "1.5", "%20", "0x10", "１"}

// fuzzRequest builds one malformed (or, now and then, plausible) request
// for r.
func fuzzRequest(rng *rand.Rand, r Route, ids map[string][]string) fuzzReq {
	segs := strings.Split(r.Path, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, ":") {
			continue
		}
		owner := segs[i-1]
		if s == ":pid" {
			owner = "participants"
		}
		if s == ":year" {
			owner = "calendar"
		}
		if vals := ids[owner]; len(vals) > 0 && rng.IntN(3) > 0 {
			segs[i] = vals[rng.IntN(len(vals))]
		} else {
			segs[i] = badPathValues[rng.IntN(len(badPathValues))]
		}
	}
	target := strings.Join(segs, "/")
	if len(r.Query) > 0 {
		q := make([]string, 0, len(r.Query))
		for _, p := range r.Query {
			name, typ, _ := strings.Cut(p, ":")
			if rng.IntN(2) == 0 {
				q = append(q, name+"="+url.QueryEscape(fuzzScalar(rng, name, typ)))
			}
		}
		if len(q) > 0 {
			target += "?" + strings.Join(q, "&")
		}
	}
	out := fuzzReq{method: r.Method, target: target, contentType: "application/json"}
	if r.Body == nil || r.Method == http.MethodGet {
		return out
	}
	switch rng.IntN(12) {
	case 0:
		out.body = []string{"null", "{}", "[]", `""`, "0", "{", `{"a":1}`, "\x00", `{"version":1}{}`}[rng.IntN(9)]
	case 1:
		out.contentType = "multipart/form-data; boundary=x"
		out.body = "--x\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ncases\x00\r\n--x--\r\n"
	default:
		v := plausible(reflect.TypeOf(r.Body), "", rng, 0)
		mutate(rng, v, max(1, rng.IntN(4)-1))
		b, _ := json.Marshal(v)
		out.body = string(b)
	}
	return out
}

// plausible builds a JSON value of Go type t that a handler would mostly
// accept, so that mutations of one field reach deep into the handler.
func plausible(t reflect.Type, name string, rng *rand.Rand, depth int) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(time.Time{}) {
		return "2026-06-01T09:30:00+08:00"
	}
	switch t.Kind() {
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == "-" || !f.IsExported() {
				continue
			}
			if tag == "" {
				tag = f.Name
			}
			if depth < 4 {
				m[tag] = plausible(f.Type, tag, rng, depth+1)
			}
		}
		return m
	case reflect.Map:
		return map[string]any{"drug": plausible(t.Elem(), name, rng, depth+1)}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "aGVsbG8="
		}
		return []any{plausible(t.Elem(), name, rng, depth+1)}
	case reflect.String:
		return fuzzScalar(rng, name, "plausible")
	case reflect.Bool:
		return rng.IntN(2) == 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if name == "version" {
			return 1
		}
		return 1 + rng.IntN(5)
	case reflect.Float32, reflect.Float64:
		return 1.5
	}
	return nil
}

// fuzzScalar is a value for a named field or parameter: plausible when typ
// is "plausible", else usually hostile.
func fuzzScalar(rng *rand.Rand, name, typ string) string {
	dateLike := strings.HasSuffix(name, "_on") || strings.HasSuffix(name, "date") || name == "from" || name == "to" || strings.HasSuffix(name, "_before")
	timeLike := strings.HasSuffix(name, "_at")
	if typ == "plausible" {
		switch {
		case dateLike:
			return "2026-06-01"
		case timeLike:
			return "2026-06-01T09:30:00+08:00"
		}
		return []string{"测试", "drug", "issued", "government", "approve", "hearing_officer", "arrest_review", "2026-01", "adopted"}[rng.IntN(9)]
	}
	if rng.IntN(4) == 0 {
		return []string{"a\x00b", "\x00", "仙桃\x1b[0m", "x\ry\x7f", "bad\xffutf8"}[rng.IntN(5)]
	}
	if dateLike || timeLike || rng.IntN(4) == 0 {
		return []string{"9999-12-31", "0001-01-01", "0000-00-00", "2026-02-30", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
			"1900-01-01T00:00:00-23:59", "2026-06-01T25:00:00Z", "1899-12-31", "2201-01-01", "2026-06-01T09:30:00+08:00", "2026-06-01"}[rng.IntN(12)]
	}
	hostile := []string{"a\x00b", "\x07", "x\u202eexe", "\ufeff", strings.Repeat("长", 5000), "", " ", "-1", "0", "2147483648",
		"9223372036854775808", "1e308", "NaN", "9999-12-31", "0001-01-01", "0000-00-00", "2026-02-30", "9999-12-31T23:59:59Z",
		"1900-01-01T00:00:00-23:59", "2026-06-01T25:00:00Z", "'; DROP TABLE units; --", "%", "_", `\`, "<script>", "null", "true", "[]"}
	return hostile[rng.IntN(len(hostile))]
}

// mutate replaces k members of v (at any depth) with hostile values.
func mutate(rng *rand.Rand, v any, k int) {
	for ; k > 0; k-- {
		m, ok := v.(map[string]any)
		if !ok || len(m) == 0 {
			return
		}
		keys := make([]string, 0, len(m))
		for key := range m {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		key := keys[rng.IntN(len(keys))]
		if sub, ok := m[key].(map[string]any); ok && rng.IntN(2) == 0 {
			mutate(rng, sub, 1)
			continue
		}
		if arr, ok := m[key].([]any); ok && len(arr) > 0 && rng.IntN(2) == 0 {
			if sub, ok := arr[0].(map[string]any); ok {
				mutate(rng, sub, 1)
				continue
			}
		}
		m[key] = hostileJSON(rng, key)
	}
}

func hostileJSON(rng *rand.Rand, name string) any {
	switch rng.IntN(7) {
	case 0:
		return nil
	case 1:
		return []any{2147483648, -1, "x"}[rng.IntN(3)]
	case 2:
		return json.Number([]string{"2147483648", "9223372036854775807", "-9223372036854775809", "1e308", "-0", "4294967296"}[rng.IntN(6)])
	case 3:
		return map[string]any{"x": 1}
	case 4:
		return []any{"a\x00", nil, 1e30}
	default:
		return fuzzScalar(rng, name, "hostile")
	}
}
