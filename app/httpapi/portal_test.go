package httpapi

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"procura/domain"
)

// portalForm is a reply form as the portal page sends it, with files.
func portalForm(t *testing.T, fields map[string]string, files map[string][]byte) (*bytes.Buffer, map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		fw, err := w.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, map[string]string{"Content-Type": w.FormDataContentType()}
}

// TestRecipientPortal walks the recipient's side: a clerk makes the link of
// a suggestion issued for electronic service; the recipient opens it,
// confirms receipt (which serves the suggestion and starts its reply
// period), and submits a reply with a scan; the clerk sees it pending,
// returns one and accepts another into the record; a revoked link answers
// a page that says so and nothing else.
func TestRecipientPortal(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	chief := ts.login(t, "chief.xiantao")
	clerk := ts.login(t, "clerk.xiantao")

	var s suggestionResponse
	mustDecode(t, prosecutor.do(t, "POST", "/api/v1/suggestions", suggestionBody()), &s)
	links := fmt.Sprintf("/api/v1/suggestions/%d/delivery-links", s.ID)
	if rec := clerk.do(t, "POST", links, nil); rec.Code != 409 || decodeErrorBody(t, rec).Code != "not_deliverable" {
		t.Fatalf("link of a draft: %d %s", rec.Code, rec.Body)
	}
	transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
	transition(t, chief, s.ID, map[string]any{"action": "approve", "opinion": "同意。"}, 200)
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/transitions", s.ID), map[string]any{"action": "issue",
		"service_method": "electronic", "served_on": "2026-03-31", "version": 3}); rec.Code != 422 {
		t.Fatalf("electronic service with a day: %d %s", rec.Code, rec.Body)
	}
	s = transition(t, clerk, s.ID, map[string]any{"action": "issue", "service_method": "electronic"}, 200)
	if s.ServedOn != nil || s.ReplyDueOn != nil || s.Status != "issued" {
		t.Fatalf("issued for electronic service: served %v due %v %s", s.ServedOn, s.ReplyDueOn, s.Status)
	}
	if rec := ts.login(t, "clerk.tianmen").do(t, "POST", links, nil); rec.Code != 404 {
		t.Errorf("Tianmen makes Xiantao's link: %d", rec.Code)
	}

	var link deliveryLinkResponse
	rec := clerk.do(t, "POST", links, nil)
	mustDecode(t, rec, &link)
	if rec.Code != 201 || !strings.Contains(link.URL, "/r/") || link.Revoked {
		t.Fatalf("link: %d %+v", rec.Code, link)
	}
	page := link.URL[strings.Index(link.URL, "/r/"):]
	var stored int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM delivery_links WHERE token_hash = $1`, page[3:]).Scan(&stored); err != nil || stored != 0 {
		t.Errorf("the token itself is stored (%d, %v)", stored, err)
	}

	// The 送达回证 carries the link and its QR code, only for this suggestion's live link.
	receipt := fmt.Sprintf("/api/v1/suggestions/%d/service-receipt", s.ID)
	rec = clerk.do(t, "POST", receipt, map[string]any{"url": link.URL})
	if rec.Code != 200 || rec.Header().Get("Content-Type") != docxType || !strings.Contains(docxPart(t, rec.Body.Bytes(), "word/document.xml"), link.URL) {
		t.Fatalf("receipt: %d %q", rec.Code, rec.Header())
	}
	docxPart(t, rec.Body.Bytes(), "word/media/image1.png")
	if rec := clerk.do(t, "POST", receipt, map[string]any{"url": "http://x/r/" + strings.Repeat("B", 43)}); rec.Code != 422 || decodeErrorBody(t, rec).Fields[0].Code != "unknown_link" {
		t.Errorf("receipt with a foreign link: %d %s", rec.Code, rec.Body)
	}

	rec = ts.do(t, "GET", page, nil, nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), s.Title) || !strings.Contains(rec.Body.String(), "确认收到") {
		t.Fatalf("portal page: %d %s", rec.Code, rec.Body)
	}
	if rec := ts.do(t, "GET", page+"/letter.docx", nil, nil); rec.Code != 200 || rec.Header().Get("Content-Type") != docxType {
		t.Errorf("letter from the portal: %d", rec.Code)
	}
	if rec := ts.do(t, "POST", page+"/ack", nil, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("ack: %d %s", rec.Code, rec.Body)
	}
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), nil), &s)
	today := domain.DateOf(ts.clock.Now(), domain.Shanghai).String()
	if s.ServedOn == nil || *s.ServedOn != today || s.ReplyDueOn == nil {
		t.Fatalf("after the confirmation: served %v due %v, want served %s", s.ServedOn, s.ReplyDueOn, today)
	}
	due := *s.ReplyDueOn
	ts.do(t, "POST", page+"/ack", nil, nil) // a second confirmation changes nothing
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), nil), &s)
	if *s.ReplyDueOn != due {
		t.Error("a second confirmation moved the deadline")
	}

	// A bad reply is refused on the page with the reasons, nothing stored.
	body, hdr := portalForm(t, map[string]string{"replier": "仙桃市人民政府", "outcome": "maybe", "funds_yuan": "-3"}, nil)
	rec = ts.do(t, "POST", page+"/reply", body, hdr)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "投入资金应为不小于 0 的整数") {
		t.Fatalf("bad reply: %d %s", rec.Code, rec.Body)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
	body, hdr = portalForm(t, map[string]string{"replier": "仙桃市人民政府", "doc_no": "仙政函〔2026〕3号", "outcome": "adopted",
		"item_1": "adopted", "item_2": "partially_adopted", "measures": "已开展专项整治。", "funds_yuan": "500000", "personnel": "12"},
		map[string][]byte{"复函扫描件.pdf": pdf})
	if rec := ts.do(t, "POST", page+"/reply", body, hdr); rec.Code != http.StatusSeeOther {
		t.Fatalf("reply: %d %s\n%s", rec.Code, rec.Body, ts.log.String())
	}
	var told int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.kind = 'reply_pending' AND n.suggestion_id = $1 AND u.username = 'clerk.xiantao'`, s.ID).Scan(&told); err != nil || told != 1 {
		t.Errorf("the clerk was told %d times (%v)", told, err)
	}
	var portal portalResponse
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d/portal", s.ID), nil), &portal)
	if len(portal.Links) != 1 || portal.Links[0].AcknowledgedAt == nil || len(portal.PendingReplies) != 1 {
		t.Fatalf("portal: %+v", portal)
	}
	p := portal.PendingReplies[0]
	if p.State != "pending" || p.FundsYuan != 500000 || len(p.ItemOutcomes) != 2 || len(p.Files) != 1 || p.Files[0].Filename != "复函扫描件.pdf" {
		t.Fatalf("pending reply: %+v", p)
	}

	// Returned with a note the recipient reads; accepting it then is a conflict.
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/pending-replies/%d/return", p.ID), map[string]any{"note": ""}); rec.Code != 422 {
		t.Errorf("return without a note: %d", rec.Code)
	}
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/pending-replies/%d/return", p.ID), map[string]any{"note": "请补充整改照片。"}); rec.Code != 204 {
		t.Fatalf("return: %d %s", rec.Code, rec.Body)
	}
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/pending-replies/%d/accept", p.ID), nil); rec.Code != 409 {
		t.Errorf("accept a returned reply: %d %s", rec.Code, rec.Body)
	}
	if rec := ts.do(t, "GET", page, nil, nil); !strings.Contains(rec.Body.String(), "请补充整改照片。") {
		t.Error("the recipient does not see the note")
	}

	body, hdr = portalForm(t, map[string]string{"replier": "仙桃市人民政府", "outcome": "adopted", "measures": "已补充。"},
		map[string][]byte{"整改照片.pdf": append(pdf, '%')})
	ts.do(t, "POST", page+"/reply", body, hdr)
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d/portal", s.ID), nil), &portal)
	if rec := ts.login(t, "clerk.tianmen").do(t, "POST", fmt.Sprintf("/api/v1/pending-replies/%d/accept", portal.PendingReplies[0].ID), nil); rec.Code != 404 {
		t.Errorf("Tianmen's clerk accepts: %d", rec.Code)
	}
	// Before accepting, the clerk opens the scan; Tianmen's clerk cannot,
	// nor can a file be reached through another submission.
	scan := portal.PendingReplies[0].Files[0]
	if rec := clerk.do(t, "GET", scan.URL, nil); rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" ||
		!bytes.Equal(rec.Body.Bytes(), append(pdf, '%')) || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "inline") ||
		rec.Header().Get("Content-Security-Policy") != pageHeaders.ContentSecurityPolicy { // Chrome's PDF viewer runs under it
		t.Errorf("the scan: %d %q", rec.Code, rec.Header())
	}
	if rec := ts.login(t, "clerk.tianmen").do(t, "GET", scan.URL, nil); rec.Code != 404 {
		t.Errorf("Tianmen's clerk opens the scan: %d", rec.Code)
	}
	if rec := clerk.do(t, "GET", fmt.Sprintf("/api/v1/pending-replies/%d/files/%d", p.ID, scan.ID), nil); rec.Code != 404 {
		t.Errorf("a file through another submission: %d", rec.Code)
	}
	if rec := ts.do(t, "GET", scan.URL, nil, nil); rec.Code != 401 {
		t.Errorf("the scan without a session: %d", rec.Code)
	}
	if rec := ts.do(t, "GET", page, nil, nil); strings.Contains(rec.Body.String(), "提交整改材料") {
		t.Error("evidence is offered before a reply is accepted")
	}

	var accepted pendingReplyResponse
	rec = clerk.do(t, "POST", fmt.Sprintf("/api/v1/pending-replies/%d/accept", portal.PendingReplies[0].ID), nil)
	mustDecode(t, rec, &accepted)
	if rec.Code != 200 || accepted.State != "accepted" || accepted.ReplyID == 0 || accepted.Kind != "reply" {
		t.Fatalf("accept: %d %+v", rec.Code, accepted)
	}
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), nil), &s)
	if len(s.Replies) != 1 || s.Replies[0].ReceivedOn != today || s.Replies[0].Late || s.Replies[0].Outcome != "adopted" {
		t.Fatalf("the reply on record: %+v", s.Replies)
	}
	files := map[string]bool{}
	for _, a := range s.Attachments {
		files[a.Filename] = true
	}
	if s.Status != "replied" || len(s.Replies) != 1 || !files["整改照片.pdf"] {
		t.Fatalf("after accepting: %s, %d replies, files %v", s.Status, len(s.Replies), files)
	}

	// Later evidence of rectification, at the same link: checked like a
	// reply, pending like a reply, recorded as a follow-up once accepted.
	if rec := ts.do(t, "GET", page, nil, nil); !strings.Contains(rec.Body.String(), "提交整改材料") {
		t.Fatal("no evidence form after the reply was accepted")
	}
	body, hdr = portalForm(t, map[string]string{"description": " "}, map[string][]byte{"a.exe": []byte("MZ\x90\x00")})
	if rec := ts.do(t, "POST", page+"/evidence", body, hdr); rec.Code != 422 || !strings.Contains(rec.Body.String(), "请填写整改情况说明") ||
		!strings.Contains(rec.Body.String(), "仅接受 PDF、图片或 Word/Excel 文件") {
		t.Errorf("bad evidence: %d %s", rec.Code, rec.Body)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	body, hdr = portalForm(t, map[string]string{"description": "已完成林地复绿 86 亩，附验收照片。"}, map[string][]byte{"验收照片.png": png})
	if rec := ts.do(t, "POST", page+"/evidence", body, hdr); rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "?done=evidence") {
		t.Fatalf("evidence: %d %s", rec.Code, rec.Body)
	}
	if rec := ts.do(t, "GET", page+"?done=evidence", nil, nil); !strings.Contains(rec.Body.String(), "整改材料已提交") ||
		!strings.Contains(rec.Body.String(), "待检察机关核收") {
		t.Errorf("the page after evidence: %s", rec.Body)
	}
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d/portal", s.ID), nil), &portal)
	ev := portal.PendingReplies[0]
	if ev.Kind != "evidence" || ev.State != "pending" || ev.Measures != "已完成林地复绿 86 亩，附验收照片。" || ev.Outcome != "" || len(ev.Files) != 1 {
		t.Fatalf("pending evidence: %+v", ev)
	}
	if rec := clerk.do(t, "GET", ev.Files[0].URL, nil); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" ||
		!strings.Contains(rec.Header().Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("the evidence photo: %d %q", rec.Code, rec.Header())
	}
	rec = clerk.do(t, "POST", fmt.Sprintf("/api/v1/pending-replies/%d/accept", ev.ID), nil)
	mustDecode(t, rec, &accepted)
	if rec.Code != 200 || accepted.State != "accepted" || accepted.FollowUpID == 0 || accepted.ReplyID != 0 {
		t.Fatalf("accept evidence: %d %+v", rec.Code, accepted)
	}
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", s.ID), nil), &s)
	files = map[string]bool{}
	for _, a := range s.Attachments {
		files[a.Filename] = true
	}
	if n := len(s.Followups); n != 1 || s.Followups[0].Method != "evidence" || s.Followups[0].On != today ||
		s.Followups[0].Findings != ev.Measures || s.Status != "rectifying" || !files["验收照片.png"] {
		t.Fatalf("after accepting evidence: %s, follow-ups %+v, files %v", s.Status, s.Followups, files)
	}
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/pending-replies/%d/accept", ev.ID), nil); rec.Code != 409 {
		t.Errorf("accepting evidence twice: %d", rec.Code)
	}

	// An upload over the limit is answered with the portal's page, not JSON.
	big := bytes.Repeat([]byte("%PDF"), (1<<20)/4+10)
	body, hdr = portalForm(t, map[string]string{"description": "大文件"}, map[string][]byte{"big.pdf": big})
	if rec := ts.do(t, "POST", page+"/evidence", body, hdr); rec.Code != http.StatusRequestEntityTooLarge ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), "提交的内容过大") ||
		!strings.Contains(rec.Body.String(), `href="`+page+`"`) {
		t.Errorf("over the limit: %d %q %s", rec.Code, rec.Header(), rec.Body)
	}

	var audited int
	if err := ts.db.SQL().QueryRow(`SELECT count(DISTINCT action) FROM audit_events WHERE entity = 'suggestion' AND entity_id = $1
		AND action IN ('create_delivery_link', 'portal_view', 'portal_download', 'acknowledge_service', 'submit_reply', 'return_reply', 'accept_reply',
		'submit_evidence', 'accept_evidence')`,
		fmt.Sprint(s.ID)).Scan(&audited); err != nil || audited != 9 {
		t.Errorf("audited %d of the 9 portal actions (%v)", audited, err)
	}

	// Revoked: the page says so and nothing else.
	if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/delivery-links/%d/revoke", link.ID), nil); rec.Code != 204 {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
	}
	rec = ts.do(t, "GET", page, nil, nil)
	if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "该链接已失效") || strings.Contains(rec.Body.String(), s.Title) {
		t.Errorf("revoked link: %d %s", rec.Code, rec.Body)
	}
	if rec := ts.do(t, "POST", page+"/ack", nil, nil); rec.Code != http.StatusGone {
		t.Errorf("ack on a revoked link: %d", rec.Code)
	}
	if rec := ts.do(t, "GET", "/r/"+strings.Repeat("A", 43), nil, nil); rec.Code != 404 || strings.Contains(rec.Body.String(), "检察建议") && strings.Contains(rec.Body.String(), s.Title) {
		t.Errorf("unknown token: %d", rec.Code)
	}
}

// TestPortalTokenReachesOnlyItsSuggestion: a link's token is bound to one
// suggestion. Every /r/ route given suggestion A's token, whatever else the
// request names (B's id in the query or the form), shows, serves and
// changes A alone; B stays unserved, without a pending reply, and its title
// and 文号 never appear.
func TestPortalTokenReachesOnlyItsSuggestion(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	chief := ts.login(t, "chief.xiantao")
	clerk := ts.login(t, "clerk.xiantao")
	issue := func(title string) (suggestionResponse, string) {
		body := suggestionBody()
		body["title"] = title
		var s suggestionResponse
		mustDecode(t, prosecutor.do(t, "POST", "/api/v1/suggestions", body), &s)
		transition(t, prosecutor, s.ID, map[string]any{"action": "submit"}, 200)
		transition(t, chief, s.ID, map[string]any{"action": "approve", "opinion": "同意。"}, 200)
		s = transition(t, clerk, s.ID, map[string]any{"action": "issue", "service_method": "electronic"}, 200)
		var link deliveryLinkResponse
		if rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/delivery-links", s.ID), nil); rec.Code != 201 {
			t.Fatalf("link: %d %s", rec.Code, rec.Body)
		} else {
			mustDecode(t, rec, &link)
		}
		// Issued for electronic service, not yet served: the 文号 takes the year of issue.
		year := fmt.Sprintf("〔%d〕", domain.DateOf(time.Now(), domain.Shanghai).Year())
		if s.DocNo == nil {
			t.Fatal("issued without a 文号")
		}
		if !strings.Contains(*s.DocNo, year) {
			t.Fatalf("issued for electronic service with 文号 %s, want the year %s", *s.DocNo, year)
		}
		return s, link.URL[strings.Index(link.URL, "/r/"):]
	}
	a, pageA := issue("关于甲事项的检察建议")
	b, _ := issue("关于乙事项的检察建议")
	foreign := func(what, text string) {
		t.Helper()
		if strings.Contains(text, b.Title) || strings.Contains(text, *b.DocNo) {
			t.Errorf("%s with A's token shows B", what)
		}
	}
	named := fmt.Sprintf("?id=%d&suggestion_id=%d", b.ID, b.ID)

	rec := ts.do(t, "GET", pageA+named, nil, nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), a.Title) {
		t.Fatalf("page A: %d", rec.Code)
	}
	foreign("the page", rec.Body.String())
	rec = ts.do(t, "GET", pageA+"/letter.docx"+named, nil, nil)
	if doc := docxPart(t, rec.Body.Bytes(), "word/document.xml"); rec.Code != 200 || !strings.Contains(doc, *a.DocNo) {
		t.Fatalf("letter A: %d", rec.Code)
	} else {
		foreign("the letter", doc)
	}

	ackBody, ackHdr := portalForm(t, map[string]string{"id": fmt.Sprint(b.ID), "suggestion_id": fmt.Sprint(b.ID)}, nil)
	if rec := ts.do(t, "POST", pageA+"/ack"+named, ackBody, ackHdr); rec.Code != http.StatusSeeOther {
		t.Fatalf("ack A: %d %s", rec.Code, rec.Body)
	}
	fields := map[string]string{"id": fmt.Sprint(b.ID), "suggestion_id": fmt.Sprint(b.ID), "replier": "仙桃市人民政府",
		"doc_no": "仙政函〔2026〕9号", "outcome": "adopted", "item_1": "adopted", "item_2": "adopted", "funds_yuan": "1", "personnel": "1"}
	body, hdr := portalForm(t, fields, nil)
	if rec := ts.do(t, "POST", pageA+"/reply"+named, body, hdr); rec.Code != http.StatusSeeOther {
		t.Fatalf("reply A: %d %s", rec.Code, rec.Body)
	}
	evBody, evHdr := portalForm(t, map[string]string{"suggestion_id": fmt.Sprint(b.ID), "description": "整改材料。"}, nil)
	if rec := ts.do(t, "POST", pageA+"/evidence"+named, evBody, evHdr); rec.Code < 400 || rec.Code >= 500 {
		t.Errorf("evidence before A's reply is accepted: %d", rec.Code)
	} else {
		foreign("the evidence page", rec.Body.String())
	}

	var sa, sb suggestionResponse
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", a.ID), nil), &sa)
	mustDecode(t, clerk.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", b.ID), nil), &sb)
	if sa.ServedOn == nil || sb.ServedOn != nil {
		t.Errorf("served: A %v, B %v; want A only", sa.ServedOn, sb.ServedOn)
	}
	var pendingA, pendingB, auditB int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FILTER (WHERE suggestion_id = $1), count(*) FILTER (WHERE suggestion_id = $2) FROM pending_replies`,
		a.ID, b.ID).Scan(&pendingA, &pendingB); err != nil || pendingA != 1 || pendingB != 0 {
		t.Errorf("pending replies: A %d, B %d (%v); want 1 and 0", pendingA, pendingB, err)
	}
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM audit_events WHERE entity = 'suggestion' AND entity_id = $1 AND actor LIKE 'recipient%'`,
		fmt.Sprint(b.ID)).Scan(&auditB); err != nil || auditB != 0 {
		t.Errorf("B has %d portal audit events (%v)", auditB, err)
	}
}
