package httpapi

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"
)

// docxPart returns a part of a DOCX file.
func docxPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a DOCX: %v", err)
	}
	f, err := z.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSuggestionLetter: a draft's letter is generated, watermarked and
// without a 文号; on issue the letter is frozen as an attachment, and that
// exact file is served ever after, whatever happens to the record.
func TestSuggestionLetter(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	chief := ts.login(t, "chief.xiantao")
	clerk := ts.login(t, "clerk.xiantao")

	rec := prosecutor.do(t, "POST", "/api/v1/suggestions", suggestionBody())
	var s suggestionResponse
	mustDecode(t, rec, &s)
	letter := fmt.Sprintf("/api/v1/suggestions/%d/letter.docx", s.ID)

	rec = prosecutor.do(t, "GET", letter, nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != docxType ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "filename*=utf-8''%E6%A3%80%E5%AF%9F%E5%BB%BA%E8%AE%AE%E4%B9%A6") {
		t.Fatalf("draft letter: %d %q", rec.Code, rec.Header())
	}
	draft := rec.Body.Bytes()
	if h := docxPart(t, draft, "word/header1.xml"); !strings.Contains(h, `string="草稿"`) {
		t.Error("the draft letter has no 草稿 watermark")
	}
	if d := docxPart(t, draft, "word/document.xml"); !strings.Contains(d, "仙桃市人民政府：") || strings.Contains(d, "建〔") {
		t.Error("the draft letter lacks its recipient or shows a 文号")
	}
	if rec := ts.login(t, "prosecutor.tianmen").do(t, "GET", letter, nil); rec.Code != 404 {
		t.Errorf("Tianmen reads Xiantao's letter: %d", rec.Code)
	}
	printed := strings.TrimSuffix(letter, ".docx") + ".html"
	if page := printView(t, prosecutor, printed); !strings.Contains(page, `class="watermark"`) || !strings.Contains(page, "仙桃市人民政府：") {
		t.Error("the draft's print view lacks its watermark or recipient")
	}
	if rec := ts.login(t, "prosecutor.tianmen").do(t, "GET", printed, nil); rec.Code != 404 {
		t.Errorf("Tianmen prints Xiantao's letter: %d", rec.Code)
	}

	transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
	transition(t, chief, s.ID, map[string]any{"action": "approve", "opinion": "同意。"}, 200)
	s = transition(t, clerk, s.ID, map[string]any{"action": "issue", "served_on": "2026-03-31", "service_method": "written"}, 200)

	rec = clerk.do(t, "GET", letter, nil)
	if rec.Code != 200 {
		t.Fatalf("issued letter: %d %s", rec.Code, rec.Body)
	}
	issued := append([]byte(nil), rec.Body.Bytes()...)
	doc := docxPart(t, issued, "word/document.xml")
	for _, want := range []string{*s.DocNo, "（回复期限至二〇二六年六月一日）", "仙桃市人民检察院"} {
		if !strings.Contains(doc, want) {
			t.Errorf("issued letter lacks %q", want)
		}
	}
	if strings.Contains(docxPart(t, issued, "word/header1.xml"), "草稿") {
		t.Error("the issued letter is watermarked 草稿")
	}
	page := printView(t, clerk, printed)
	for _, want := range []string{*s.DocNo, "（回复期限至二〇二六年六月一日）", "color:#FF0000"} {
		if !strings.Contains(page, want) {
			t.Errorf("issued letter's print view lacks %q", want)
		}
	}
	if strings.Contains(page, `class="watermark"`) {
		t.Error("the issued letter's print view is watermarked")
	}
	// Frozen as an attachment, with its hash.
	sum := sha256.Sum256(issued)
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), nil), &s)
	found := false
	for _, a := range s.Attachments {
		found = found || (a.SHA256 == hex.EncodeToString(sum[:]) && a.Filename == "检察建议书 "+*s.DocNo+".docx" && a.ContentType == docxType)
	}
	if !found {
		t.Errorf("the issued letter is not among the attachments: %+v", s.Attachments)
	}
	var audited int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM audit_events WHERE entity = 'suggestion' AND entity_id = $1 AND action = 'attach'
		AND after->>'letter' = 'true' AND after->>'sha256' = $2`, fmt.Sprint(s.ID), hex.EncodeToString(sum[:])).Scan(&audited); err != nil || audited != 1 {
		t.Errorf("letter audit rows: %d %v", audited, err)
	}
	// Whatever happens to the record later, the letter served is the one issued.
	if _, err := ts.db.SQL().Exec(`UPDATE suggestions SET facts = '事后改写的事实', recipient_name = '别的单位' WHERE id = $1`, s.ID); err != nil {
		t.Fatal(err)
	}
	if rec := ts.login(t, "supervisor.hanjiang").do(t, "GET", letter, nil); rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), issued) {
		t.Errorf("the letter served later is not the letter issued (%d)", rec.Code)
	}
}
