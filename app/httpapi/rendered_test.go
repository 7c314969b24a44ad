package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestCachedPagesRenderForTheirReader: a record page answered from the
// page cache reuses the page's rendering, yet each reader gets exactly the
// bytes a fresh rendering gives them (?pretty renders afresh; compacted,
// it must be the same bytes): their own allowed actions, ID numbers shown
// to administrators only, the links to the records they may read, and the
// days left as of today, not as of the day the page was first rendered.
func TestCachedPagesRenderForTheirReader(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.listen(t)
	ctx := context.Background()
	db := ts.db.SQL()
	// Records of the Hanjiang branch, which its chief and supervisor read.
	branch := `(SELECT u.id FROM units u WHERE u.path LIKE '/420000/429000%')`
	var suggestion, hearing int64
	var handler string
	if err := db.QueryRowContext(ctx, `SELECT s.id, u.username FROM suggestions s JOIN users u ON u.id = s.handling_prosecutor_id
		WHERE s.status = 'issued' AND s.reply_due_on IS NOT NULL AND s.unit_id IN `+branch+`
		AND NOT EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = s.id) ORDER BY s.id LIMIT 1`).Scan(&suggestion, &handler); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT p.hearing_id FROM hearing_participants p JOIN persons ps ON ps.id = p.person_id
		JOIN hearings h ON h.id = p.hearing_id WHERE ps.id_number <> '' AND h.unit_id IN `+branch+` ORDER BY p.id LIMIT 1`).Scan(&hearing); err != nil {
		t.Fatal(err)
	}
	sPath, hPath := fmt.Sprintf("/api/v1/suggestions/%d", suggestion), fmt.Sprintf("/api/v1/hearings/%d", hearing)

	// sameAsFresh reads path from the cache twice (the second read uses
	// the memo the first made) and compares both with a fresh rendering.
	sameAsFresh := func(t *testing.T, who, path string) map[string]any {
		c := ts.login(t, who)
		t.Helper()
		var body string
		for range 2 {
			body = pageFromCache(t, c, path)
		}
		fresh := c.do(t, http.MethodGet, path+"?pretty", nil)
		if fresh.Code != http.StatusOK {
			t.Fatalf("GET %s?pretty: %d %s", path, fresh.Code, fresh.Body)
		}
		var want bytes.Buffer
		if err := json.Compact(&want, fresh.Body.Bytes()); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if body != want.String() {
			t.Fatalf("%s as %s from the cache:\n%s\nrendered afresh:\n%s", path, who, body, want.String())
		}
		var out map[string]any
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}

	t.Run("suggestion", func(t *testing.T) {
		readers := map[string]map[string]any{}
		for _, u := range []string{"supervisor.hanjiang", handler, "chief.hanjiang"} {
			readers[u] = sameAsFresh(t, u, sPath)
		}
		actions := map[string]bool{}
		for _, page := range readers {
			actions[fmt.Sprint(page["allowed_actions"])] = true
		}
		if len(actions) < 2 {
			t.Fatalf("every reader may do the same (%v); the test needs readers whose actions differ", actions)
		}
		before, ok := readers[handler]["days_left"].(float64)
		if !ok {
			t.Fatalf("no days_left on an issued suggestion awaiting its reply: %v", readers[handler])
		}
		ts.clock.Advance(24 * time.Hour)
		after := sameAsFresh(t, handler, sPath)
		if after["days_left"] != before-1 {
			t.Fatalf("a day later, days_left = %v, want %v", after["days_left"], before-1)
		}
		// The cached page kept only its record once rendered: the day's
		// new rendering read its sections again.
		for _, section := range []string{"transitions", "history"} {
			was, now := readers[handler][section].([]any), after[section].([]any)
			if len(was) == 0 || fmt.Sprint(now) != fmt.Sprint(was) {
				t.Fatalf("%s a day later: %v, the day before: %v", section, now, was)
			}
		}
	})

	t.Run("hearing", func(t *testing.T) {
		// The branch's supervisor is made an administrator as well: only
		// administrators see ID numbers in full.
		var supervisorID, unitID int64
		if err := db.QueryRowContext(ctx, `SELECT id, unit_id FROM users WHERE username = 'supervisor.hanjiang'`).Scan(&supervisorID, &unitID); err != nil {
			t.Fatal(err)
		}
		if rec := ts.login(t, "admin").do(t, http.MethodPut, fmt.Sprintf("/api/v1/users/%d/grants", supervisorID), map[string]any{"grants": []map[string]any{
			{"role": "supervisor", "unit_id": unitID}, {"role": "admin", "unit_id": unitID}}}); rec.Code != http.StatusOK {
			t.Fatalf("grant: %d %s", rec.Code, rec.Body)
		}
		admin := sameAsFresh(t, "supervisor.hanjiang", hPath)
		other := sameAsFresh(t, "chief.hanjiang", hPath)
		idOf := func(page map[string]any) string {
			parts := page["participants"].([]any)
			for _, p := range parts {
				if id := p.(map[string]any)["person"].(map[string]any)["id_number"].(string); id != "" {
					return id
				}
			}
			t.Fatal("no participant with an ID number")
			return ""
		}
		if a, o := idOf(admin), idOf(other); a == o || !bytes.Contains([]byte(o), []byte("*")) {
			t.Fatalf("ID number shown to the administrator %q, to a supervisor %q: want it masked for the supervisor only", a, o)
		}
	})
	t.Run("case", func(t *testing.T) {
		// A Xiantao case named by a Tianmen suggestion: the branch's
		// supervisor sees the link, Xiantao's prosecutor does not.
		var kase, tianmen int64
		if err := db.QueryRowContext(ctx, `SELECT c.id FROM cases c JOIN units u ON u.id = c.unit_id WHERE u.code = '429004' ORDER BY c.id LIMIT 1`).Scan(&kase); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT s.id FROM suggestions s JOIN units u ON u.id = s.unit_id WHERE u.code = '429006' ORDER BY s.id LIMIT 1`).Scan(&tianmen); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO suggestion_cases (suggestion_id, case_number) SELECT $1, unified_no FROM cases WHERE id = $2`, tianmen, kase); err != nil {
			t.Fatal(err)
		}
		cPath := fmt.Sprintf("/api/v1/cases/%d", kase)
		linked := func(page map[string]any) bool {
			for _, x := range page["suggestions"].([]any) {
				if x.(map[string]any)["id"] == float64(tianmen) {
					return true
				}
			}
			return false
		}
		if !linked(sameAsFresh(t, "supervisor.hanjiang", cPath)) {
			t.Fatal("the branch's supervisor does not see the Tianmen suggestion on the case")
		}
		if linked(sameAsFresh(t, "prosecutor.xiantao", cPath)) {
			t.Fatal("Xiantao's prosecutor sees a Tianmen suggestion on the case")
		}
	})
}
