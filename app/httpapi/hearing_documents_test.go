package httpapi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"procura/domain"
)

// docxText is the text of a DOCX file's document, a line per paragraph;
// it fails unless the part is well-formed XML.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(docxPart(t, data, "word/document.xml")))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("document.xml is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "t"
		case xml.EndElement:
			inText = false
			if tok.Name.Local == "p" {
				b.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				b.Write(tok)
			}
		}
	}
}

// getDocx fetches a hearing document, expecting a DOCX named name.
func getDocx(t *testing.T, c *client, path, name string) []byte {
	t.Helper()
	rec := c.do(t, "GET", path, nil)
	if rec.Code != 200 {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != docxType {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "filename*=utf-8''"+url.PathEscape(name)) {
		t.Errorf("GET %s: Content-Disposition %q, want the file name %q", path, cd, name)
	}
	return bytes.Clone(rec.Body.Bytes())
}

// wantConflict expects a 409 with code and both messages.
func wantConflict(t *testing.T, c *client, path, code string) {
	t.Helper()
	rec := c.do(t, "GET", path, nil)
	if rec.Code != 409 {
		t.Fatalf("GET %s: %d, want 409: %s", path, rec.Code, rec.Body)
	}
	if e := decodeErrorBody(t, rec); e.Code != code {
		t.Errorf("GET %s: code %s, want %s", path, e.Code, code)
	}
}

// TestHearingDocuments: the notice of a public hearing once scheduled,
// without the parties' data; an invitation to each seated officer; the
// minutes once held, with participants, roles and opinions; 409 where a
// document does not apply, and the hearing lists those that do.
func TestHearingDocuments(t *testing.T) {
	ts := newTestServer(t, nil)
	clerk := ts.login(t, "clerk.xiantao")
	chief := ts.login(t, "chief.xiantao")
	sup := ts.login(t, "supervisor.hanjiang")
	officers := poolOfficers(t, sup, unitsByCode(t, sup)["429000"].ID, 3)

	rec := clerk.do(t, "POST", "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "王小明涉嫌危险驾驶拟不起诉听证",
		"case_number": "42900420260000777", "proposed_decision": "拟作相对不起诉决定", "location": "仙桃市人民检察院听证室", "in_hearing_room": true})
	var h hearingResponse
	mustDecode(t, rec, &h)
	if rec.Code != 201 || !h.Public {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	base := fmt.Sprintf("/api/v1/hearings/%d/", h.ID)
	add := func(body map[string]any) participantResponse {
		t.Helper()
		rec := clerk.do(t, "POST", base+"participants", body)
		if rec.Code != 201 {
			t.Fatalf("participant %v: %d %s", body, rec.Code, rec.Body)
		}
		var p participantResponse
		mustDecode(t, rec, &p)
		return p
	}
	suspect := add(map[string]any{"role": "suspect", "person": map[string]any{"name": "王小明", "gender": "male",
		"birth_date": "1990-01-01", "id_number": "429004199001015678", "phone": "13912345678", "organisation": "仙桃市某物流公司"}})
	add(map[string]any{"role": "guardian", "person": map[string]any{"name": "王大山", "gender": "male", "phone": "13700001111"}})
	add(map[string]any{"role": "handling_prosecutor", "person": map[string]any{"name": "刘洋", "gender": "female", "phone": "0728-3312309"}})
	var seated []participantResponse
	for _, o := range officers {
		seated = append(seated, add(map[string]any{"officer_id": o.ID, "role": "hearing_officer"}))
	}
	invitation := func(pid int64) string { return fmt.Sprintf("%sparticipants/%d/invitation.docx", base, pid) }

	// Proposed: nothing applies yet.
	wantConflict(t, clerk, base+"notice.docx", "hearing_not_scheduled")
	wantConflict(t, clerk, invitation(seated[0].ID), "hearing_not_scheduled")
	wantConflict(t, clerk, base+"minutes.docx", "hearing_not_held")
	wantConflict(t, clerk, base+"notice.html", "hearing_not_scheduled")
	if len(getHearing(t, clerk, h.ID).Documents) != 0 {
		t.Error("a proposed hearing lists documents")
	}

	hearingTransition(t, chief, h.ID, map[string]any{"action": "approve"}, 200)
	now := ts.clock.Now().In(domain.Shanghai)
	start := time.Date(now.Year(), now.Month(), now.Day()+5, 9, 30, 0, 0, domain.Shanghai)
	h = hearingTransition(t, clerk, h.ID, map[string]any{"action": "schedule", "starts_at": start.Format(time.RFC3339), "location": "仙桃市人民检察院听证室"}, 200)
	kinds := map[string]int{}
	for _, d := range h.Documents {
		kinds[d.Kind]++
	}
	if kinds["notice"] != 1 || kinds["invitation"] != 3 || kinds["minutes"] != 0 {
		t.Errorf("documents of a scheduled hearing: %+v", h.Documents)
	}

	// The notice: unit, kind, time, place, how to attend; nothing of the people.
	notice := getDocx(t, sup, base+"notice.docx", "听证公告 仙桃市人民检察院 "+start.Format("2006-01-02")+".docx")
	text := docxText(t, notice)
	for _, want := range []string{"仙桃市人民检察院\n听证公告\n", "王某涉嫌危险驾驶拟不起诉听证（拟不起诉案件）", domain.ChineseDateTime(start),
		"仙桃市人民检察院听证室", "旁听办法", "12309检察服务中心"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"王小明", "王大山", "刘洋", "429004199001015678", "13912345678", "13700001111", "仙桃市某物流公司",
		"42900420260000777", "拟作相对不起诉决定", seated[0].Name} {
		if strings.Contains(string(notice), secret) || strings.Contains(text, secret) {
			t.Errorf("the notice shows %q", secret)
		}
	}

	// The print view says the same, and also nothing of the people.
	page := printView(t, sup, base+"notice.html")
	for _, want := range []string{"听证公告", "王某涉嫌危险驾驶拟不起诉听证（拟不起诉案件）", "旁听办法", "12309检察服务中心"} {
		if !strings.Contains(page, want) {
			t.Errorf("notice print view lacks %q", want)
		}
	}
	for _, secret := range []string{"王小明", "王大山", "429004199001015678", "拟作相对不起诉决定", seated[0].Name} {
		if strings.Contains(page, secret) {
			t.Errorf("the notice print view shows %q", secret)
		}
	}
	for _, d := range h.Documents {
		if d.PrintHref != strings.TrimSuffix(d.Href, ".docx")+".html" {
			t.Errorf("document %s: print view %q", d.Href, d.PrintHref)
		}
	}
	if page := printView(t, clerk, fmt.Sprintf("%sparticipants/%d/invitation.html", base, seated[1].ID)); !strings.Contains(page, seated[1].Name+"同志：") {
		t.Error("the invitation's print view lacks its addressee")
	}

	// An invitation to each seated officer; none to a party; none across hearings.
	inv := docxText(t, getDocx(t, clerk, invitation(seated[1].ID), "听证员邀请函 "+seated[1].Name+".docx"))
	for _, want := range []string{seated[1].Name + "同志：", "王某涉嫌危险驾驶", "联系人：刘洋，联系电话：0728-3312309。"} {
		if !strings.Contains(inv, want) {
			t.Errorf("invitation lacks %q:\n%s", want, inv)
		}
	}
	wantConflict(t, clerk, invitation(suspect.ID), "not_seated_officer")
	other := seedHearing(t, ts.db, domain.Unit{ID: h.Unit.ID, Path: "/420000/429000/429004"},
		domain.HearingActor{UserID: 1, Roles: []domain.Role{domain.RoleChief, domain.RoleClerk}}, domain.HearingScheduled)
	if rec := clerk.do(t, "GET", fmt.Sprintf("/api/v1/hearings/%d/participants/%d/invitation.docx", other, seated[0].ID), nil); rec.Code != 404 {
		t.Errorf("another hearing's officer: %d", rec.Code)
	}
	if rec := ts.login(t, "prosecutor.tianmen").do(t, "GET", base+"notice.docx", nil); rec.Code != 404 {
		t.Errorf("Tianmen reads Xiantao's notice: %d", rec.Code)
	}
	wantConflict(t, clerk, base+"minutes.docx", "hearing_not_held")

	// Held, with opinions: the minutes name everyone and their opinions.
	ts.clock.Advance(6 * 24 * time.Hour)
	clerk, chief = ts.login(t, "clerk.xiantao"), ts.login(t, "chief.xiantao")
	heldAt := start.Add(time.Hour)
	hearingTransition(t, clerk, h.ID, map[string]any{"action": "hold", "held_at": heldAt.Format(time.RFC3339), "attendance": "全部到场"}, 200)
	for i, p := range seated {
		pos := map[bool]string{true: "agree", false: "disagree"}[i < 2]
		if rec := clerk.do(t, "PUT", fmt.Sprintf("%sparticipants/%d/opinion", base, p.ID), map[string]any{"position": pos, "text": fmt.Sprintf("意见%d", i)}); rec.Code != 200 {
			t.Fatalf("opinion: %d %s", rec.Code, rec.Body)
		}
	}
	h = getHearing(t, clerk, h.ID)
	if len(h.Documents) != 5 || h.Documents[4].Kind != "minutes" {
		t.Errorf("documents of a held hearing: %+v", h.Documents)
	}
	minutes := docxText(t, getDocx(t, clerk, base+"minutes.docx", "听证笔录 王小明涉嫌危险驾驶拟不起诉听证.docx"))
	for _, want := range []string{"听证笔录\n", "时间：" + domain.ChineseDate(domain.DateOf(heldAt, domain.Shanghai)) + domain.ChineseClock(heldAt),
		"案号：42900420260000777", "承办检察官：刘洋\n", "犯罪嫌疑人/被告人：王小明（仙桃市某物流公司）\n", "法定代理人/监护人：王大山\n",
		"听证员：" + seated[0].Name + "（人民监督员）、", "到场情况：全部到场", "拟处理意见：拟作相对不起诉决定",
		"（一）" + seated[0].Name + "（人民监督员）：同意拟处理意见。意见0\n", "（三）" + seated[2].Name + "（人民监督员）：不同意拟处理意见。意见2\n",
		"评议结果：同意二人，不同意一人，弃权〇人；多数意见同意拟处理意见。", "记录员（签名）："} {
		if !strings.Contains(minutes, want) {
			t.Errorf("minutes lack %q:\n%s", want, minutes)
		}
	}

	if page := printView(t, clerk, base+"minutes.html"); !strings.Contains(page, "评议结果：同意二人，不同意一人，弃权〇人；多数意见同意拟处理意见。") {
		t.Error("the minutes' print view lacks the count")
	}

	// A private hearing has no notice, whatever its state.
	rec = clerk.do(t, "POST", "/api/v1/hearings", map[string]any{"kind": "arrest_review", "title": "审查逮捕听证"})
	mustDecode(t, rec, &h)
	if rec.Code != 201 || h.Public {
		t.Fatalf("private hearing: %d %s", rec.Code, rec.Body)
	}
	wantConflict(t, clerk, fmt.Sprintf("/api/v1/hearings/%d/notice.docx", h.ID), "hearing_not_public")
}

// printView gets a print view and checks it is one: HTML, not cached,
// allowed only its own print script.
func printView(t *testing.T, c *client, path string) string {
	t.Helper()
	rec := c.do(t, "GET", path, nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=UTF-8" || rec.Header().Get("Cache-Control") != "private, no-store" ||
		!strings.Contains(rec.Header().Get("Content-Security-Policy"), "script-src 'sha256-") {
		t.Fatalf("print view %s: %d %q", path, rec.Code, rec.Header())
	}
	page := rec.Body.String()
	if !strings.Contains(page, "@page{size:A4;margin:37mm 26mm 35mm 28mm") || !strings.Contains(page, `id="print"`) {
		t.Errorf("print view %s lacks the A4 page or the 打印 button", path)
	}
	return page
}
