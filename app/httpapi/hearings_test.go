package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"procura/app/store"
	"procura/domain"
)

func hearingTransition(t *testing.T, c *client, id int64, body map[string]any, want int) hearingResponse {
	t.Helper()
	withVersion(t, c, fmt.Sprintf("/api/v1/hearings/%d", id), body)
	rec := c.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/transitions", id), body)
	if rec.Code != want {
		t.Fatalf("hearing %v: %d, want %d: %s", body, rec.Code, want, rec.Body)
	}
	var h hearingResponse
	if want == 200 {
		mustDecode(t, rec, &h)
	}
	return h
}

// poolOfficers enrols n officers (aged 40) in the Hanjiang pool.
func poolOfficers(t *testing.T, c *client, branchID int64, n int) []officerResponse {
	t.Helper()
	out := make([]officerResponse, n)
	for i := range out {
		rec := c.do(t, "POST", "/api/v1/hearing-officers", map[string]any{"unit_id": branchID, "category": "people_supervisor",
			"person": map[string]any{"name": fmt.Sprintf("听证员%02d", i), "gender": "female", "birth_date": "1986-01-01", "id_number": "42900419860101123X", "phone": "13800000000"}})
		if rec.Code != 201 {
			t.Fatalf("enrol officer: %d %s", rec.Code, rec.Body)
		}
		mustDecode(t, rec, &out[i])
	}
	return out
}

// TestHearingStory: propose, approve, schedule with notice, draw and seat
// officers, hold with enough of them, record opinions, decide with the
// majority rule.
func TestHearingStory(t *testing.T) {
	ts := newTestServer(t, nil)
	clerk := ts.login(t, "clerk.xiantao")
	chief := ts.login(t, "chief.xiantao")
	sup := ts.login(t, "supervisor.hanjiang")
	units := unitsByCode(t, sup)
	officers := poolOfficers(t, sup, units["429000"].ID, 6)
	if officers[0].Person.IDNumber != "429004********123X" {
		t.Errorf("ID number not masked for a supervisor: %s", officers[0].Person.IDNumber)
	}

	// A minor's hearing is never public.
	rec := clerk.do(t, "POST", "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "未成年人拟不起诉听证", "public": true, "involves_minor": true})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Field != "public" {
		t.Errorf("public minor hearing: %d %s", rec.Code, rec.Body)
	}
	rec = clerk.do(t, "POST", "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "张某某涉嫌危险驾驶拟不起诉听证",
		"case_number": "42900420260000321", "proposed_decision": "拟作相对不起诉决定", "location": "仙桃市人民检察院听证室", "in_hearing_room": true})
	if rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var h hearingResponse
	mustDecode(t, rec, &h)
	if h.Status != "proposed" || !h.Public {
		t.Fatalf("created %+v", h.hearingSummary)
	}
	hearingTransition(t, clerk, h.ID, map[string]any{"action": "approve"}, 403)
	h = hearingTransition(t, chief, h.ID, map[string]any{"action": "approve"}, 200)

	now := ts.clock.Now().In(domain.Shanghai)
	day := func(d int) string {
		return time.Date(now.Year(), now.Month(), now.Day()+d, 9, 30, 0, 0, domain.Shanghai).Format(time.RFC3339)
	}
	hearingTransition(t, clerk, h.ID, map[string]any{"action": "schedule", "starts_at": day(2), "location": "听证室"}, 422)
	h = hearingTransition(t, clerk, h.ID, map[string]any{"action": "schedule", "starts_at": day(4), "location": "听证室"}, 200)
	if h.Status != "scheduled" {
		t.Fatalf("after schedule: %s", h.Status)
	}

	// Draw three officers least-used and seat them; a party cannot sit.
	var draw drawResponse
	rec = clerk.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/officer-draw", h.ID), map[string]any{"count": 3, "mode": "least_used"})
	mustDecode(t, rec, &draw)
	if rec.Code != 200 || len(draw.Proposed) != 3 {
		t.Fatalf("draw: %d %s", rec.Code, rec.Body)
	}
	seat := func(officerID int64) participantResponse {
		rec := clerk.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/participants", h.ID), map[string]any{"officer_id": officerID, "role": "hearing_officer"})
		if rec.Code != 201 {
			t.Fatalf("seat %d: %d %s", officerID, rec.Code, rec.Body)
		}
		var p participantResponse
		mustDecode(t, rec, &p)
		return p
	}
	var seated []participantResponse
	for _, p := range draw.Proposed[:2] {
		seated = append(seated, seat(p.OfficerID))
	}
	rec = clerk.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/participants", h.ID), map[string]any{"person_id": seated[0].PersonID, "role": "victim"})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Code != "officer_is_party" {
		t.Errorf("officer as a party: %d %s", rec.Code, rec.Body)
	}
	suspect := clerk.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/participants", h.ID), map[string]any{"person": map[string]any{"name": "张某某", "gender": "male", "id_number": "429004199001011234"}, "role": "suspect"})
	if suspect.Code != 201 {
		t.Fatalf("suspect: %d %s", suspect.Code, suspect.Body)
	}

	// Two officers are not enough to hold the hearing.
	ts.clock.Advance(5 * 24 * time.Hour) // the hearing day; sessions have expired meanwhile
	clerk, chief, sup = ts.login(t, "clerk.xiantao"), ts.login(t, "chief.xiantao"), ts.login(t, "supervisor.hanjiang")
	heldAt := ts.clock.Now().In(domain.Shanghai).Add(-time.Hour).Format(time.RFC3339)
	hearingTransition(t, clerk, h.ID, map[string]any{"action": "hold", "held_at": heldAt, "minutes": "听证笔录"}, 422)
	seated = append(seated, seat(draw.Proposed[2].OfficerID))
	// The next draw proposes only officers not yet seated.
	mustDecode(t, clerk.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/officer-draw", h.ID), map[string]any{"count": 2, "mode": "random", "seed": 7}), &draw)
	var audited int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'officer_draw' AND entity_id = $1 AND after->>'seed' = '7'`,
		fmt.Sprint(h.ID)).Scan(&audited); err != nil || audited != 1 {
		t.Errorf("the seeded draw is audited %d times (%v)", audited, err)
	}
	for _, p := range draw.Proposed {
		for _, s := range seated {
			if s.OfficerID != nil && *s.OfficerID == p.OfficerID {
				t.Errorf("draw proposed seated officer %d", p.OfficerID)
			}
		}
	}
	for _, p := range draw.Proposed {
		seated = append(seated, seat(p.OfficerID))
	}
	h = hearingTransition(t, clerk, h.ID, map[string]any{"action": "hold", "held_at": heldAt, "minutes": "听证笔录", "attendance": "全部到场"}, 200)
	if h.Status != "held" {
		t.Fatalf("after hold: %s", h.Status)
	}
	// Opinions 3–2 for the proposal.
	for i, p := range seated {
		pos := "agree"
		if i >= 3 {
			pos = "disagree"
		}
		rec := clerk.do(t, "PUT", fmt.Sprintf("/api/v1/hearings/%d/participants/%d/opinion", h.ID, p.ID), map[string]any{"position": pos, "text": "意见"})
		if rec.Code != 200 {
			t.Fatalf("opinion: %d %s", rec.Code, rec.Body)
		}
	}
	h = getHearing(t, clerk, h.ID)
	if h.Majority.Position != "agree" || h.Majority.Agree != 3 || h.Majority.Disagree != 2 {
		t.Fatalf("majority %+v", h.Majority)
	}
	// Deciding against the majority needs the chief.
	decide := map[string]any{"action": "decide", "decision": "提起公诉", "reasons": "犯罪情节不属轻微", "follows_proposal": false, "version": h.Version}
	rec = clerk.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/transitions", h.ID), decide)
	if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Code != "departs_from_majority" {
		t.Fatalf("decide against the majority: %d %s", rec.Code, rec.Body)
	}
	hearingTransition(t, chief, h.ID, map[string]any{"action": "approve_departure"}, 200)
	delete(decide, "version") // the approval moved it on
	h = hearingTransition(t, clerk, h.ID, decide, 200)
	if h.Status != "decided" || !h.DepartsFromMajority {
		t.Fatalf("after decide: %s departs=%v", h.Status, h.DepartsFromMajority)
	}
	for _, p := range h.Participants {
		if p.Role == "hearing_officer" && !p.DecisionReported {
			t.Errorf("decision not reported back to %s", p.Name)
		}
	}
	if len(h.Transitions) < 5 {
		t.Errorf("timeline %+v", h.Transitions)
	}
	// The pool counts participation.
	var pool listResponse[officerResponse]
	mustDecode(t, sup.do(t, "GET", "/api/v1/hearing-officers?limit=200", nil), &pool)
	sum := 0
	for _, o := range pool.Items {
		for _, p := range seated {
			if p.OfficerID != nil && *p.OfficerID == o.ID {
				sum += o.HearingsLast12Months
			}
		}
	}
	if sum < 5 {
		t.Errorf("participation of the five seated officers counted %d, want at least 5", sum)
	}
	// Tianmen sees nothing of it.
	if rec := ts.login(t, "prosecutor.tianmen").do(t, "GET", fmt.Sprintf("/api/v1/hearings/%d", h.ID), nil); rec.Code != 404 {
		t.Errorf("Tianmen reads a Xiantao hearing: %d", rec.Code)
	}
}

func getHearing(t *testing.T, c *client, id int64) hearingResponse {
	t.Helper()
	rec := c.do(t, "GET", fmt.Sprintf("/api/v1/hearings/%d", id), nil)
	if rec.Code != 200 {
		t.Fatalf("get hearing: %d %s", rec.Code, rec.Body)
	}
	var h hearingResponse
	mustDecode(t, rec, &h)
	return h
}

// TestPublicHearings: the public board shows scheduled public hearings of
// the next 30 days without personal data, and nothing non-public.
func TestPublicHearings(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	xiantao, _ := ts.db.GetUnitByCode(ctx, "429004")
	u := listUsers(t, ts.login(t, "admin"), "q=prosecutor.xiantao")[0]
	actor := domain.HearingActor{UserID: u.ID, Roles: []domain.Role{domain.RoleChief, domain.RoleProsecutor}}
	public := seedHearing(t, ts.db, xiantao, actor, domain.HearingScheduled)
	private := seedHearing(t, ts.db, xiantao, actor, domain.HearingScheduled)
	if _, err := ts.db.ChangeHearing(store.WithActor(ctx, store.Actor{UserID: u.ID}), private, 0, domain.HearingActEdit, "",
		func(_ context.Context, cur domain.Hearing, _ []store.ParticipantRecord) (domain.Hearing, error) {
			cur.Public, cur.InvolvesMinor, cur.Title = false, true, "未成年人听证（不公开）"
			return cur, nil
		}); err != nil {
		t.Fatal(err)
	}
	clerk := ts.login(t, "clerk.xiantao")
	clerk.do(t, "POST", fmt.Sprintf("/api/v1/hearings/%d/participants", public), map[string]any{"person": map[string]any{"name": "王某某",
		"id_number": "429004199001011234", "phone": "13912345678"}, "role": "suspect"})
	rec := ts.anon().do(t, "GET", "/public/hearings?format=json", nil)
	if rec.Code != 200 {
		t.Fatalf("public: %d", rec.Code)
	}
	body := rec.Body.String()
	for _, leak := range []string{"王某某", "429004199001011234", "13912345678", "未成年人听证"} {
		if strings.Contains(body, leak) {
			t.Errorf("public board shows %q: %s", leak, body)
		}
	}
	if !strings.Contains(body, "测试听证") {
		t.Errorf("the public hearing is missing: %s", body)
	}
	// Nothing of any demo participant appears either.
	var all listResponse[hearingSummary]
	sup := ts.login(t, "supervisor.hanjiang")
	mustDecode(t, sup.do(t, "GET", "/api/v1/hearings?limit=200&status=scheduled", nil), &all)
	for _, x := range all.Items {
		if !x.Public && strings.Contains(body, x.Title) {
			t.Errorf("non-public hearing %q on the public board", x.Title)
		}
	}
	rows, err := ts.db.SQL().Query(`SELECT p.name, p.id_number, p.phone FROM hearing_participants hp JOIN persons p ON p.id = hp.person_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, id, phone string
		if err := rows.Scan(&name, &id, &phone); err != nil {
			t.Fatal(err)
		}
		n++
		for _, leak := range []string{id, phone} {
			if leak != "" && strings.Contains(body, leak) {
				t.Errorf("public board shows %q of %s", leak, name)
			}
		}
		if !strings.Contains(name, "某") && strings.Contains(body, name) {
			t.Errorf("public board shows the name %s", name)
		}
	}
	if n < 50 {
		t.Errorf("only %d demo participants checked", n)
	}
	page := ts.anon().do(t, "GET", "/public/hearings", nil)
	if page.Code != 200 || !strings.Contains(page.Body.String(), "检察听证公告") || strings.Contains(page.Body.String(), "王某某") {
		t.Errorf("public page: %d", page.Code)
	}
	ics := clerk.do(t, "GET", "/api/v1/hearings.ics", nil)
	if ics.Code != 200 || !strings.HasPrefix(ics.Body.String(), "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics.Body.String(), fmt.Sprintf("UID:hearing-%d@procura", public)) {
		t.Errorf("ics: %d %s", ics.Code, ics.Body)
	}
}
