package httpapi

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"procura/domain"
)

// bodyTypes are the request body types of the route table, built once
// from a server with no database (registration touches none).
var bodyTypes = sync.OnceValue(func() []reflect.Type {
	s := New(Deps{Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry(), BodyLimit: 1 << 20, Imports: &inlineImports{}})
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	for _, r := range s.Routes() {
		if r.Body == nil {
			continue
		}
		t := reflect.TypeOf(r.Body)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
})

// FuzzDecodeBodies: any bytes sent as any route's body, by POST or PUT,
// are decoded or refused with a 4xx domain error; never a panic.
func FuzzDecodeBodies(f *testing.F) {
	for _, s := range []string{`{"title":"关于加强禁毒工作的检察建议","items":[{"text":"一"}]}`, `null`, `{}`, `[]`, `{"version":2147483648}`,
		`{"starts_at":"9999-12-31T23:59:59Z"}`, `{"name":"a\u0000b"}`, `{"grants":null}`, `{"weights":{"\u0000":1}}`, "\xff", `{"a":1}{"b":2}`} {
		f.Add(s, uint8(0), false)
	}
	e := echo.New()
	f.Fuzz(func(t *testing.T, body string, which uint8, put bool) {
		types := bodyTypes()
		typ := types[int(which)%len(types)]
		method := http.MethodPost
		if put {
			method = http.MethodPut
		}
		req := httptest.NewRequest(method, "/", strings.NewReader(body))
		c := e.NewContext(req, httptest.NewRecorder())
		v := reflect.New(typ).Interface()
		err := decodeJSON(c, v)
		if err == nil {
			if err := checkDecoded(v); err != nil {
				t.Fatalf("%s: accepted, then refused by the walker: %v", typ, err)
			}
			return
		}
		de, ok := domain.AsError(err)
		if !ok {
			t.Fatalf("%s %q: %v is not a domain error", typ, body, err)
		}
		if status := statusOfKind[de.Kind]; status < 400 || status > 499 {
			t.Fatalf("%s %q: status %d for %v", typ, body, status, err)
		}
		for _, fe := range de.Fields {
			if fe.Field == "" || fe.Message == "" || fe.MessageZh == "" {
				t.Fatalf("%s %q: incomplete field error %+v", typ, body, fe)
			}
		}
	})
}

// FuzzListQueries: any query string on any list route, through the whole
// server against the database, answers 2xx or a 4xx in the error shape.
func FuzzListQueries(f *testing.F) {
	f.Add(uint8(0), "status=issued&category=drug&limit=20")
	f.Add(uint8(1), "from=2026-01-01&to=2026-02-28&unit_id=3&q=%E6%AF%92")
	f.Add(uint8(2), "limit=2147483648&cursor=aWQ6OTk5OTk5OTk5OTk5OTk5OTk5OTk5")
	f.Add(uint8(3), "due_before=9999-12-31&overdue=yes&q=%00")
	f.Add(uint8(4), "group_by=prosecutor&indicator=case_ratio&from=1900-01-01&to=2200-12-31")
	ts := newTestServer(f, nil)
	c := ts.login(f, "supervisor.hanjiang")
	var lists []string
	for _, r := range ts.Routes() {
		if r.Method == http.MethodGet && !strings.Contains(r.Path, ":") && len(r.Query) > 0 {
			lists = append(lists, r.Path)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, query string) {
		if strings.ContainsFunc(query, func(r rune) bool { return r <= ' ' || r == '#' || r == 0x7f }) {
			return // a browser percent-encodes these; they never reach the request line raw
		}
		path := lists[int(which)%len(lists)] + "?" + query
		if _, err := url.ParseRequestURI(path); err != nil {
			return
		}
		rec := c.doRaw(http.MethodGet, path, "", "")
		if msg := checkFuzzAnswer(rec); msg != "" {
			t.Fatalf("GET %s: %s: %.300s", path, msg, rec.Body)
		}
	})
}
