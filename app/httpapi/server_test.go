package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"procura/domain"
)

func TestHealthReadyMetrics(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, path := range []string{"/healthz", "/readyz", "/readyz"} {
		if rec := ts.do(t, http.MethodGet, path, nil, nil); rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d %s", path, rec.Code, rec.Body)
		}
	}
	// Made-up methods share one series: a client cannot grow the metrics.
	for _, m := range []string{"BREW", "PROPFIND", "X-1"} {
		ts.do(t, m, "/api/v1/meta", nil, nil)
	}
	rec := ts.do(t, http.MethodGet, "/metrics", nil, map[string]string{"Authorization": "Bearer " + testMetricsToken})
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		`procura_http_requests_total{method="GET",route="/readyz",status="200"} 2`,
		`procura_http_request_duration_seconds_count{method="GET",route="/readyz",status="200"} 2`,
		`procura_http_requests_total{method="other",`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s:\n%s", want, rec.Body)
		}
	}
	for _, m := range []string{"BREW", "PROPFIND", "X-1"} {
		if strings.Contains(rec.Body.String(), `method="`+m+`"`) {
			t.Errorf("a series of its own for the method %s", m)
		}
	}

	ts.db.Close()
	rec = ts.do(t, http.MethodGet, "/readyz", nil, nil)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with a closed database = %d", rec.Code)
	}
	if e := decodeErrorBody(t, rec); e.Code != "not_ready" {
		t.Errorf("code %q", e.Code)
	}
}

func TestErrorShapes(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.echo.GET("/api/v1/test-panic", func(echo.Context) error { panic("kaboom") })
	ts.echo.POST("/api/v1/test-echo", func(c echo.Context) error {
		var v struct {
			Name  string `json:"name"`
			Count int    `json:"count"`
		}
		if err := decodeJSON(c, &v); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, v)
	})
	big := strings.Repeat("x", 2<<20)
	tests := []struct {
		name, method, path, body string
		status                   int
		code, field              string
	}{
		{"unknown api path", "GET", "/api/v1/nope", "", 404, "not_found", ""},
		{"unknown api path post", "POST", "/api/v1/nope/deeper", "{}", 404, "not_found", ""},
		{"oversized body", "POST", "/api/v1/test-echo", `{"name":"` + big + `"}`, 413, "too_large", ""},
		{"panic", "GET", "/api/v1/test-panic", "", 500, "internal", ""},
		{"empty body", "POST", "/api/v1/test-echo", "", 400, "malformed", ""},
		{"syntax", "POST", "/api/v1/test-echo", `{"name":`, 400, "malformed", ""},
		{"wrong type", "POST", "/api/v1/test-echo", `{"count":"three"}`, 400, "malformed", "count"},
		{"unknown field", "POST", "/api/v1/test-echo", `{"colour":"red"}`, 400, "malformed", "colour"},
		{"trailing data", "POST", "/api/v1/test-echo", `{} {}`, 400, "malformed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, tt.method, tt.path, strings.NewReader(tt.body), nil)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			e := decodeErrorBody(t, rec)
			if e.Code != tt.code {
				t.Errorf("code %q, want %q", e.Code, tt.code)
			}
			if tt.field != "" && (len(e.Fields) != 1 || e.Fields[0].Field != tt.field) {
				t.Errorf("fields %+v, want %s", e.Fields, tt.field)
			}
			if tt.status == 500 && strings.Contains(rec.Body.String(), "kaboom") {
				t.Error("a 500 leaks the panic value")
			}
		})
	}
	if !strings.Contains(ts.log.String(), "kaboom") {
		t.Error("the panic was not logged")
	}
	if rec := ts.do(t, "POST", "/api/v1/test-echo", strings.NewReader(`{"name":"仙检","count":2}`), nil); rec.Code != 200 {
		t.Errorf("valid body: %d %s", rec.Code, rec.Body)
	}
}

func TestSecurityHeadersAndRequestID(t *testing.T) {
	ts := newTestServer(t, nil)
	page := ts.do(t, "GET", "/healthz", nil, nil)
	api := ts.do(t, "GET", "/api/v1/meta", nil, nil)
	for _, tt := range []struct {
		name string
		rec  *httptest.ResponseRecorder
		want map[string]string
	}{
		{"a page", page, map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
			"X-Xss-Protection": "0", "Content-Security-Policy": pageHeaders.ContentSecurityPolicy, "Cache-Control": ""}},
		// An answer of the API is data: a policy allowing nothing, no
		// legacy XSS filter, and never cached.
		{"an API answer", api, map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
			"X-Xss-Protection": "", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Cache-Control": "no-store"}},
	} {
		if tt.rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.name, tt.rec.Code, tt.rec.Body)
		}
		for h, want := range tt.want {
			if got := tt.rec.Header().Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", tt.name, h, got, want)
			}
		}
		if tt.rec.Header().Get(echo.HeaderXRequestID) == "" {
			t.Errorf("%s: no request id: %v", tt.name, tt.rec.Header())
		}
	}
	if a, b := page.Header().Get(echo.HeaderXRequestID), api.Header().Get(echo.HeaderXRequestID); len(a) != 32 || strings.Trim(a, "0123456789abcdef") != "" || a == b {
		t.Errorf("request ids %q and %q: want two different 128-bit hex ids", a, b)
	}
	for _, tt := range []struct{ sent, want string }{
		{"4bf92f3577b34da6a3ce929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4736"}, // a proxy's id is kept
		{"req-2026.12:8_a", "req-2026.12:8_a"},
		{strings.Repeat("a", 65), ""}, // too long: replaced
		{"a b", ""},
		{"<script>", ""},
		{"仙桃", ""},
	} {
		rec := ts.do(t, "GET", "/api/v1/meta", nil, map[string]string{echo.HeaderXRequestID: tt.sent})
		got := rec.Header().Get(echo.HeaderXRequestID)
		if tt.want != "" && got != tt.want || tt.want == "" && (got == tt.sent || len(got) != 32) {
			t.Errorf("X-Request-Id %q sent: %q answered", tt.sent, got)
		}
	}
	if strict := ts.doFrom(t, "127.0.0.1", "GET", "/api/v1/meta", nil, map[string]string{"X-Forwarded-Proto": "https"}); strict.Header().Get("Strict-Transport-Security") == "" {
		t.Errorf("an API answer over HTTPS has no HSTS: %v", strict.Header())
	}
}

// TestOpenAPIDocumentsEveryRoute fails when an /api/v1 route registered on
// echo is missing from the OpenAPI document, or the document is invalid.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	ts := newTestServer(t, nil)
	rec := ts.do(t, "GET", "/api/openapi.json", nil, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json = %d", rec.Code)
	}
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	n := 0
	for _, r := range ts.EchoRoutes() {
		if !strings.HasPrefix(r.Path, apiPrefix+"/") || r.Path == apiPrefix+"/*" {
			continue
		}
		n++
		path := pathParam.ReplaceAllString(r.Path, "{$1}")
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("%s %s is registered but not in the OpenAPI document", r.Method, r.Path)
		}
	}
	if n == 0 {
		t.Fatal("no /api/v1 route found")
	}
	// Every success answers a documented body: a JSON schema, or the
	// media type of a download; only 204 has none.
	for _, r := range ts.Routes() {
		op := doc.Paths.Value(pathParam.ReplaceAllString(r.Path, "{$1}")).GetOperation(r.Method)
		resp := op.Responses.Status(r.Status)
		switch {
		case r.Status == http.StatusNoContent:
		case resp == nil || resp.Value == nil || len(resp.Value.Content) == 0:
			t.Errorf("%s %s has no response schema", r.Method, r.Path)
		case resp.Value.Content.Get("application/json") != nil && resp.Value.Content.Get("application/json").Schema == nil:
			t.Errorf("%s %s has a JSON response without a schema", r.Method, r.Path)
		}
	}
	// The closed value sets come from the domain.
	status := doc.Components.Schemas["suggestionSummary"].Value.Properties["status"].Value
	if len(status.Enum) != len(domain.SuggestionStatuses) {
		t.Errorf("suggestion status enum %v", status.Enum)
	}
	// A value not set yet is "" where the server may send it, and only there.
	resp := doc.Components.Schemas["suggestionResponse"].Value
	if m := resp.Properties["service_method"].Value.Enum; len(m) != len(domain.ServiceMethods)+1 || m[0] != "" {
		t.Errorf("service_method enum %v", m)
	}
	if slices.Contains(doc.Components.Schemas["transitionRequest"].Value.Properties["service_method"].Value.Enum, any("")) {
		t.Error("a transition request may not send an empty service method")
	}
	// A pointer to a struct may be null.
	if v := resp.Properties["verification"].Value; !v.Nullable || len(v.AllOf) != 1 || v.AllOf[0].Ref != "#/components/schemas/verificationDTO" {
		t.Errorf("verification schema %+v", v)
	}
	var raw struct {
		OpenAPI string              `json:"openapi"`
		Enums   map[string][]string `json:"x-enums"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil || raw.OpenAPI != "3.0.3" {
		t.Errorf("openapi version: %v %v", raw.OpenAPI, err)
	}
	if len(raw.Enums["suggestion_status"]) != len(domain.SuggestionStatuses) || len(raw.Enums) != len(enums) {
		t.Errorf("x-enums %v", raw.Enums)
	}
}

func TestSPA(t *testing.T) {
	ui := fstest.MapFS{
		"index.html":      {Data: []byte("<html>app</html>")},
		"assets/app-1.js": {Data: []byte("console.log(1)")},
		"favicon.svg":     {Data: []byte("<svg/>")},
	}
	ts := newTestServer(t, ui)
	tests := []struct {
		path     string
		status   int
		contains string
		cache    string
	}{
		{"/", 200, "app", "no-cache"},
		{"/suggestions/12", 200, "app", "no-cache"},
		{"/assets/app-1.js", 200, "console.log", "public, max-age=31536000, immutable"},
		{"/favicon.svg", 200, "<svg/>", ""},
		{"/assets/missing.js", 404, "not_found", ""},
		{"/api/v1/missing", 404, "not_found", ""},
	}
	for _, tt := range tests {
		rec := ts.do(t, "GET", tt.path, nil, nil)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
			t.Errorf("GET %s = %d %q", tt.path, rec.Code, rec.Body)
		}
		if tt.cache != "" && rec.Header().Get("Cache-Control") != tt.cache {
			t.Errorf("GET %s Cache-Control %q, want %q", tt.path, rec.Header().Get("Cache-Control"), tt.cache)
		}
	}

	bare := newTestServer(t, nil)
	if rec := bare.do(t, "GET", "/cases", nil, nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), "make run") {
		t.Errorf("without a built UI: %d %q", rec.Code, rec.Body)
	}
}
