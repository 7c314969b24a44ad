package httpapi

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"procura/domain"
)

// TestPublicHearingsLanguage: the public board is in one language at a
// time — Chinese by default, English by ?lang=en or an Accept-Language
// that prefers it — with a link to the other; unit and kind names follow
// the language.
func TestPublicHearingsLanguage(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	xiantao, err := ts.db.GetUnitByCode(ctx, "429004")
	if err != nil {
		t.Fatal(err)
	}
	u := listUsers(t, ts.login(t, "admin"), "q=prosecutor.xiantao")[0]
	seedHearing(t, ts.db, xiantao, domain.HearingActor{UserID: u.ID, Roles: []domain.Role{domain.RoleChief, domain.RoleProsecutor}}, domain.HearingScheduled)

	get := func(path, accept string) (string, string) {
		t.Helper()
		h := map[string]string{}
		if accept != "" {
			h["Accept-Language"] = accept
		}
		rec := ts.do(t, "GET", path, nil, h)
		if rec.Code != 200 {
			t.Fatalf("%s (%s): %d", path, accept, rec.Code)
		}
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Language") {
			t.Errorf("%s: Vary %q", path, rec.Header().Get("Vary"))
		}
		return rec.Body.String(), rec.Header().Get("Content-Language")
	}
	htmlLang := regexp.MustCompile(`<html lang="([^"]+)"`)
	row := regexp.MustCompile(`<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>`)
	han := regexp.MustCompile(`\p{Han}`)
	thead := regexp.MustCompile(`(?s)<thead>.*</thead>`)
	tests := []struct {
		name, path, accept string
		en                 bool
	}{
		{"default", "/public/hearings", "", false},
		{"lang=en", "/public/hearings?lang=en", "", true},
		{"English browser", "/public/hearings", "en-GB,en;q=0.9", true},
		{"English preferred over Chinese", "/public/hearings", "fr;q=1.0, en;q=0.8, zh-CN;q=0.5", true},
		{"Chinese browser", "/public/hearings", "zh-CN,zh;q=0.9,en;q=0.8", false},
		{"lang=zh wins over the browser", "/public/hearings?lang=zh", "en-US", false},
		{"unknown language", "/public/hearings", "de-DE", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, contentLang := get(tt.path, tt.accept)
			m := htmlLang.FindStringSubmatch(body)
			lang, switchTo := "zh-CN", `href="?lang=en"`
			if tt.en {
				lang, switchTo = "en", `href="?lang=zh"`
			}
			if m == nil || m[1] != lang || contentLang != lang || !strings.Contains(body, switchTo) {
				t.Errorf("language %v / %q, want %s with a link %s", m, contentLang, lang, switchTo)
			}
			// Unit and kind cells (titles and places stay as written).
			rows := row.FindAllStringSubmatch(body, -1)
			found := false
			for _, r := range rows {
				unit, kind := html.UnescapeString(r[1]), html.UnescapeString(r[2])
				if han.MatchString(unit) == tt.en || han.MatchString(kind) == tt.en {
					t.Errorf("row in the other language: %s | %s", unit, kind)
				}
				found = found || unit == map[bool]string{false: "仙桃市人民检察院", true: "Xiantao Municipal People's Procuratorate"}[tt.en]
			}
			if len(rows) < 2 || !found {
				t.Errorf("%d rows, Xiantao found: %v\n%s", len(rows), found, body)
			}
			// The table's headings are in the page's language only.
			head := thead.FindString(body)
			if head == "" || han.MatchString(head) == tt.en {
				t.Errorf("headings %q", head)
			}
		})
	}

	// The JSON form names kinds and units in the language asked for too.
	body, _ := get("/public/hearings?format=json&lang=en", "")
	if !strings.Contains(body, `"kind_name":"Intended non-prosecution"`) || !strings.Contains(body, `"unit":"Xiantao Municipal People's Procuratorate"`) {
		t.Errorf("English JSON %s", body)
	}
	body, _ = get("/public/hearings?format=json", "")
	if !strings.Contains(body, `"kind_name":"拟不起诉"`) || !strings.Contains(body, `"unit":"仙桃市人民检察院"`) {
		t.Errorf("Chinese JSON %s", body)
	}

	// A unit without an English name keeps its Chinese one.
	if err := ts.db.SQL().QueryRowContext(ctx, `UPDATE units SET name_en = NULL WHERE id = $1 RETURNING id`, xiantao.ID).Scan(new(int64)); err != nil {
		t.Fatal(err)
	}
	if body, _ := get("/public/hearings?lang=en", ""); !strings.Contains(body, "<td>仙桃市人民检察院</td>") || !strings.Contains(body, "Public hearings") {
		t.Errorf("fallback to the Chinese unit name:\n%s", body)
	}
}
