package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"procura/domain"
)

func TestAuditIsAppendOnly(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	// The log is partitioned by year: each partition refuses the same
	// writes when addressed directly.
	part := fmt.Sprintf("audit_events_y%d", time.Now().In(domain.Shanghai).Year())
	for _, stmt := range []string{
		`UPDATE audit_events SET actor = 'someone else'`,
		`DELETE FROM audit_events`,
		`TRUNCATE audit_events`,
		`UPDATE ` + part + ` SET actor = 'someone else'`,
		`DELETE FROM ` + part,
		`TRUNCATE ` + part,
	} {
		_, err := ts.db.SQL().ExecContext(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", stmt, err)
		}
	}
	var n, inPart int
	if err := ts.db.SQL().QueryRowContext(ctx, `SELECT count(*), (SELECT count(*) FROM `+part+`) FROM audit_events`).Scan(&n, &inPart); err != nil ||
		n == 0 || inPart == 0 {
		t.Errorf("audit events after the attempts: %d, %d in %s: %v", n, inPart, part, err)
	}
}

func TestAuditRecordsChangesAndDenials(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	xiantao := units["429004"]
	rec := admin.do(t, "PATCH", fmt.Sprintf("/api/v1/units/%d", xiantao.ID), map[string]any{"name": "仙桃市人民检察院（新）", "version": xiantao.Version})
	if rec.Code != 200 {
		t.Fatal(rec.Body)
	}
	requestID := rec.Header().Get(echo.HeaderXRequestID)
	// A Tianmen prosecutor probing a Xiantao record is refused and recorded.
	p := ts.login(t, "prosecutor.tianmen")
	if rec := p.do(t, "GET", fmt.Sprintf("/api/v1/units/%d", xiantao.ID), nil); rec.Code != 404 {
		t.Fatalf("probe: %d", rec.Code)
	}
	ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "supervisor.xiantao", "password": "wrong-password"})

	sup := ts.login(t, "supervisor.xiantao")
	events := auditEvents(t, sup, fmt.Sprintf("entity=unit&entity_id=%d&action=update", xiantao.ID))
	if len(events) != 1 || events[0].Action != "update" || events[0].Actor != "admin" || events[0].RequestID != requestID || requestID == "" {
		t.Fatalf("unit events %+v", events)
	}
	var before, after map[string]any
	if err := json.Unmarshal(events[0].Before, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(events[0].After, &after); err != nil {
		t.Fatal(err)
	}
	if before["name"] != "仙桃市人民检察院" || after["name"] != "仙桃市人民检察院（新）" {
		t.Errorf("before %v after %v", before, after)
	}
	if got := auditEvents(t, sup, "action=access_denied"); len(got) != 1 || got[0].Actor != "prosecutor.tianmen" {
		t.Errorf("denials %+v", got)
	}
	if got := auditEvents(t, sup, "action=login_failed"); len(got) != 1 {
		t.Errorf("login failures %+v", got)
	}
	// Xiantao's supervisor sees nothing of Tianmen's sign-ins.
	for _, e := range auditEvents(t, sup, "action=login") {
		if e.Actor != "supervisor.xiantao" && e.Actor != "admin" {
			if e.UnitID == nil || *e.UnitID != xiantao.ID {
				t.Errorf("out-of-scope event %+v", e)
			}
		}
	}
	// Keyset pagination walks everything once.
	var total int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM audit_events`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		q := "limit=97"
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		rec := admin.do(t, "GET", "/api/v1/audit-events?"+q, nil)
		var body listResponse[auditEventResponse]
		mustDecode(t, rec, &body)
		for _, e := range body.Items {
			if seen[e.ID] {
				t.Fatalf("event %d twice", e.ID)
			}
			seen[e.ID] = true
		}
		if body.NextCursor == nil {
			break
		}
		cursor = *body.NextCursor
	}
	// The admin's own listing calls add no events, so the counts agree.
	if len(seen) != total {
		t.Errorf("paged %d events of %d", len(seen), total)
	}
	if rec := admin.do(t, "GET", "/api/v1/audit-events?cursor=garbage", nil); rec.Code != 422 {
		t.Errorf("bad cursor: %d", rec.Code)
	}
}

func auditEvents(t *testing.T, c *client, query string) []auditEventResponse {
	t.Helper()
	rec := c.do(t, "GET", "/api/v1/audit-events?"+query, nil)
	if rec.Code != 200 {
		t.Fatalf("audit events: %d %s", rec.Code, rec.Body)
	}
	var body listResponse[auditEventResponse]
	mustDecode(t, rec, &body)
	return body.Items
}

// TestAuditInWords: audit events name the actor and the record in words,
// in the log and in a record's history.
func TestAuditInWords(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	target := userByName(t, admin, "prosecutor.xiantao")
	if rec := admin.do(t, "POST", fmt.Sprintf("/api/v1/users/%d/unlock", target.ID), nil); rec.Code != 200 {
		t.Fatalf("unlock: %d %s", rec.Code, rec.Body)
	}
	rec := admin.do(t, "GET", fmt.Sprintf("/api/v1/audit-events?entity=user&entity_id=%d&action=unlock", target.ID), nil)
	var events listResponse[auditEventResponse]
	mustDecode(t, rec, &events)
	if rec.Code != 200 || len(events.Items) != 1 {
		t.Fatalf("audit: %d %s", rec.Code, rec.Body)
	}
	e := events.Items[0]
	if e.Actor != "admin" || e.ActorName != "系统管理员" || e.EntityLabel != "张明 (prosecutor.xiantao)" {
		t.Errorf("event in words: actor %q %q, entity %q", e.Actor, e.ActorName, e.EntityLabel)
	}

	// A session is named by its account, not its id.
	rec = admin.do(t, "GET", "/api/v1/audit-events?entity=session&action=login&actor=admin", nil)
	mustDecode(t, rec, &events)
	if rec.Code != 200 || len(events.Items) == 0 || events.Items[0].EntityLabel != "系统管理员 (admin)" {
		t.Errorf("sign-in in words: %d %s", rec.Code, rec.Body)
	}

	// A suggestion is named by its title before issue and its 文号 after.
	units := unitsByCode(t, admin)
	id := seedSuggestion(t, ts.db, units["429004"].ID, target.ID, domain.StatusIssued)
	supervisor := ts.login(t, "supervisor.hanjiang")
	rec = supervisor.do(t, "GET", fmt.Sprintf("/api/v1/audit-events?entity=suggestion&entity_id=%d", id), nil)
	mustDecode(t, rec, &events)
	if rec.Code != 200 || len(events.Items) == 0 {
		t.Fatalf("suggestion audit: %d %s", rec.Code, rec.Body)
	}
	for _, e := range events.Items {
		if !strings.HasPrefix(e.EntityLabel, "仙检") || !strings.HasSuffix(e.EntityLabel, "号") {
			t.Errorf("%s: entity label %q, want the 文号", e.Action, e.EntityLabel)
		}
	}
	// A record's history names the actors too.
	p := ts.login(t, "prosecutor.xiantao")
	rec = p.do(t, "GET", fmt.Sprintf("/api/v1/suggestions/%d", id), nil)
	var s suggestionResponse
	mustDecode(t, rec, &s)
	if len(s.History) == 0 || s.History[0].ActorName != "张明" {
		t.Errorf("history actor names: %+v", s.History)
	}
}
