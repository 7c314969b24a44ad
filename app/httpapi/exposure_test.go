package httpapi

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestMetricsAccess: /metrics answered anyone; now only allowed networks
// and the bearer token.
func TestMetricsAccess(t *testing.T) {
	ts := newTestServer(t, nil)
	get := func(remote, auth string) int {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = remote
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		ts.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, tt := range []struct {
		remote, auth string
		want         int
	}{
		{"192.0.2.1:4000", "", http.StatusForbidden},
		{"192.0.2.1:4000", "Bearer wrong", http.StatusForbidden},
		{"192.0.2.1:4000", "Bearer " + testMetricsToken, http.StatusOK},
		{"127.0.0.1:4000", "", http.StatusOK},
		{"[::ffff:127.0.0.1]:4000", "", http.StatusOK},
		{"10.1.2.3:4000", "", http.StatusForbidden},
	} {
		if got := get(tt.remote, tt.auth); got != tt.want {
			t.Errorf("GET /metrics from %s with %q = %d, want %d", tt.remote, tt.auth, got, tt.want)
		}
	}
}

// TestCachingAndTransportHeaders: API answers are never cached; HSTS is
// sent over HTTPS only.
func TestCachingAndTransportHeaders(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "clerk.xiantao")
	for _, path := range []string{"/api/v1/auth/me", "/api/v1/hearings", "/api/v1/nope"} {
		if got := c.do(t, http.MethodGet, path, nil).Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s Cache-Control %q, want no-store", path, got)
		}
	}
	if got := c.do(t, http.MethodGet, "/api/v1/auth/me", nil).Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS over plain HTTP: %q", got)
	}
	// A proxy on this host (a trusted, loopback peer) says it took HTTPS.
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.RemoteAddr = "127.0.0.1:5000"
	req.Header.Set("X-Forwarded-Proto", "https")
	rec := httptest.NewRecorder()
	ts.ServeHTTP(rec, req)
	if got := rec.Header().Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("HSTS behind an HTTPS proxy: %q", got)
	}
}

func TestFoldICSLine(t *testing.T) {
	long := "SUMMARY:【拟不起诉】" + strings.Repeat("仙桃市人民检察院张某某涉嫌危险驾驶案", 6)
	folded := foldICSLine(long)
	if !strings.HasSuffix(folded, "\r\n") {
		t.Fatalf("no CRLF: %q", folded)
	}
	lines := strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n")
	if len(lines) < 3 {
		t.Fatalf("not folded: %q", folded)
	}
	var joined strings.Builder
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i, len(l))
		}
		if i > 0 {
			if !strings.HasPrefix(l, " ") {
				t.Errorf("continuation %d does not start with a space", i)
			}
			l = l[1:]
		}
		joined.WriteString(l)
	}
	if joined.String() != long {
		t.Errorf("unfolded text differs")
	}
	if got := foldICSLine("BEGIN:VEVENT"); got != "BEGIN:VEVENT\r\n" {
		t.Errorf("short line: %q", got)
	}
}

func TestCleanFilename(t *testing.T) {
	for in, want := range map[string]string{
		"invoice\u202efdp.exe": "invoicefdp.exe",
		`C:\扫描件\复函.pdf`:        "复函.pdf",
		"\u200b\ufeff.pdf":     ".pdf",
		"a\x00b\x1b.png":       "ab.png",
		"\u2066\u2069":         "attachment",
		"整改报告（第二次）.docx":       "整改报告（第二次）.docx",
	} {
		if got := cleanFilename(in); got != want {
			t.Errorf("cleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRules: the client reads the rules from the server.
func TestRules(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "clerk.xiantao")
	var r rulesResponse
	mustDecode(t, c.do(t, http.MethodGet, "/api/v1/rules", nil), &r)
	public := map[string]bool{}
	for _, k := range r.HearingKinds {
		public[k.Kind] = k.DefaultPublic
	}
	if len(public) != 8 || public["arrest_review"] || !public["non_prosecution"] || r.MinOfficers != 3 || r.MaxOfficers != 7 || r.FilingPeriod.Days != 5 || r.MaxExtensionMonths != 3 {
		t.Errorf("rules %+v", r)
	}
	body := suggestionBody()
	body["type"], body["urgent"] = "public_interest", true
	var s suggestionResponse
	mustDecode(t, ts.login(t, "prosecutor.xiantao").do(t, http.MethodPost, "/api/v1/suggestions", body), &s)
	if s.ReplyPeriod != (periodDTO{Days: 15}) || s.FilingPeriod != (periodDTO{Days: 5}) {
		t.Errorf("periods of an urgent public-interest suggestion: %+v %+v", s.ReplyPeriod, s.FilingPeriod)
	}
}

// TestAttachmentZipDirectoryBounded: an attached archive declaring more
// parts than any document has is refused before its directory is read.
func TestAttachmentZipDirectoryBounded(t *testing.T) {
	var small, big bytes.Buffer
	for n, buf := range map[int]*bytes.Buffer{3: &small, maxAttachmentZipEntries + 1: &big} {
		zw := zip.NewWriter(buf)
		for i := 0; i < n; i++ {
			if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("word/p%d.xml", i), Method: zip.Store}); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if ct, ok := sniffAttachment(small.Bytes(), "复函.docx"); !ok || !strings.Contains(ct, "wordprocessingml") {
		t.Errorf("a small document: %q %v", ct, ok)
	}
	if _, ok := sniffAttachment(big.Bytes(), "bomb.docx"); ok {
		t.Errorf("an archive of %d parts was accepted", maxAttachmentZipEntries+1)
	}
}
