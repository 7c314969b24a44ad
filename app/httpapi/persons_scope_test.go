package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"procura/app/store"
	"procura/domain"
)

// TestPersonsScope: the master name index is scoped like every record. As
// prosecutor.wuhan, a search for 杨某 listed Xiantao suspects with their
// phone numbers, and any person could be attached to one's own hearing by
// person_id, which returned their details.
func TestPersonsScope(t *testing.T) {
	ts := newTestServer(t, nil)
	var suspectID int64
	var phone string
	if err := ts.db.SQL().QueryRowContext(context.Background(), `SELECT p.id, p.phone FROM persons p
		JOIN hearing_participants hp ON hp.person_id = p.id JOIN hearings h ON h.id = hp.hearing_id JOIN units u ON u.id = h.unit_id
		WHERE u.code = '429004' AND hp.role IN ('suspect', 'petitioner') AND p.phone <> '' ORDER BY p.id LIMIT 1`).Scan(&suspectID, &phone); err != nil {
		t.Fatal(err)
	}
	type personList struct {
		Items []personResponse `json:"items"`
	}
	search := func(c *client, q string) map[int64]personResponse {
		t.Helper()
		var l personList
		rec := c.do(t, http.MethodGet, "/api/v1/persons?limit=200&q="+q, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("search: %d %s", rec.Code, rec.Body)
		}
		mustDecode(t, rec, &l)
		out := map[int64]personResponse{}
		for _, p := range l.Items {
			out[p.ID] = p
		}
		return out
	}

	// Outside the branch: the suspect is invisible, and cannot be attached.
	wuhan := ts.login(t, "prosecutor.wuhan")
	if _, ok := search(wuhan, "某")[suspectID]; ok {
		t.Errorf("prosecutor.wuhan finds a Xiantao suspect")
	}
	for id, p := range search(wuhan, "") {
		if strings.Contains(p.Phone, "1390728") || strings.Contains(p.Phone, "1380000") {
			t.Errorf("prosecutor.wuhan sees phone %s of person %d", p.Phone, id)
		}
	}
	rec := wuhan.do(t, http.MethodPost, "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "武汉听证", "public": true})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create hearing: %d %s", rec.Code, rec.Body)
	}
	var h struct {
		ID int64 `json:"id"`
	}
	mustDecode(t, rec, &h)
	wantError(t, wuhan, http.MethodPost, fmt.Sprintf("/api/v1/hearings/%d/participants", h.ID),
		map[string]any{"person_id": suspectID, "role": "witness"}, 422, "person_id", "unknown")
	if rec := wuhan.do(t, http.MethodPost, "/api/v1/hearing-officers", map[string]any{"person_id": suspectID, "category": "public", "unit_id": 1}); rec.Code < 400 {
		t.Errorf("enrolling an unseen person: %d %s", rec.Code, rec.Body)
	}

	// In the unit that holds the hearing: visible with the phone in full,
	// the ID number masked.
	clerk := ts.login(t, "clerk.xiantao")
	got, ok := search(clerk, "某")[suspectID]
	if !ok {
		t.Fatalf("clerk.xiantao does not find the suspect of a Xiantao hearing")
	}
	if got.Phone != phone || !strings.Contains(got.IDNumber, "*") {
		t.Errorf("clerk.xiantao sees phone %q (want %q) and ID %q (want masked)", got.Phone, phone, got.IDNumber)
	}
	// A sibling unit of the same branch does not see it either.
	if _, ok := search(ts.login(t, "prosecutor.tianmen"), "某")[suspectID]; ok {
		t.Errorf("prosecutor.tianmen finds a Xiantao suspect")
	}
	// The branch's officer pool serves Tianmen: its officers are found,
	// with contact details masked; the branch supervisor sees them whole.
	var officerPerson int64
	if err := ts.db.SQL().QueryRowContext(context.Background(), `SELECT o.person_id FROM hearing_officers o JOIN units u ON u.id = o.unit_id
		WHERE u.code = '429000' AND o.status = 'active' AND NOT EXISTS (SELECT 1 FROM hearing_participants hp JOIN hearings h ON h.id = hp.hearing_id
		JOIN units hu ON hu.id = h.unit_id WHERE hp.person_id = o.person_id AND hu.code = '429006') ORDER BY o.id LIMIT 1`).Scan(&officerPerson); err != nil {
		t.Fatal(err)
	}
	o, ok := search(ts.login(t, "prosecutor.tianmen"), "")[officerPerson]
	if !ok || !strings.Contains(o.Phone, "****") {
		t.Errorf("prosecutor.tianmen: pool officer found %v with phone %q, want found and masked", ok, o.Phone)
	}
	o, ok = search(ts.login(t, "supervisor.hanjiang"), "")[officerPerson]
	if !ok || strings.Contains(o.Phone, "*") {
		t.Errorf("supervisor.hanjiang: pool officer found %v with phone %q, want found and whole", ok, o.Phone)
	}
	// A person entered by a unit is that unit's.
	rec = wuhan.do(t, http.MethodPost, "/api/v1/persons", map[string]any{"name": "周某某", "phone": "13900001111"})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create person: %d %s", rec.Code, rec.Body)
	}
	var created personCreated
	mustDecode(t, rec, &created)
	if _, ok := search(wuhan, "周某某")[created.Person.ID]; !ok {
		t.Errorf("prosecutor.wuhan does not find the person it entered")
	}
	if _, ok := search(clerk, "周某某")[created.Person.ID]; ok {
		t.Errorf("clerk.xiantao finds a person Wuhan entered")
	}
	if rec := wuhan.do(t, http.MethodPost, fmt.Sprintf("/api/v1/hearings/%d/participants", h.ID),
		map[string]any{"person_id": created.Person.ID, "role": "witness"}); rec.Code != http.StatusCreated {
		t.Errorf("attach own person: %d %s", rec.Code, rec.Body)
	}
}

// TestPersonsContentMatrix: for every role held in the Hanjiang branch and
// every target unit of the authorisation matrix, a party seated in a
// hearing of that unit is found by a name search exactly when the role
// sees the unit's records.
func TestPersonsContentMatrix(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	units := matrixUnits(t, ts)
	branch := units["429000"]
	actor := domain.HearingActor{UserID: 1, Roles: []domain.Role{domain.RoleProsecutor}}
	names := map[string]string{}
	for _, sc := range matrixScopes {
		target := units[sc.code]
		id := seedHearing(t, ts.db, target, actor, domain.HearingProposed)
		name := "矩阵当事人" + sc.name
		names[sc.name] = name
		if _, err := ts.db.AddParticipant(store.WithActor(ctx, store.Actor{UserID: 1}), id, domain.Participant{Role: domain.ParticipantWitness, Attended: true},
			&store.Person{Name: name, Phone: "13900000000"}, domain.DateOf(time.Now(), time.UTC),
			func(context.Context, domain.Hearing, domain.Participant, []domain.Participant) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	for _, role := range domain.Roles {
		if _, err := ts.db.CreateUser(ctx, domain.User{Username: "pm." + string(role), Name: "人员矩阵", UnitID: branch.ID,
			Grants: []domain.Grant{{Role: role, UnitID: branch.ID}}}, mustHash(t, ts, "matrix-pass-2026")); err != nil {
			t.Fatal(err)
		}
		c := ts.loginWith(t, "pm."+string(role), "matrix-pass-2026")
		for _, sc := range matrixScopes {
			var l struct {
				Items []personResponse `json:"items"`
			}
			mustDecode(t, c.do(t, http.MethodGet, "/api/v1/persons?q="+url.QueryEscape(names[sc.name]), nil), &l)
			if found := len(l.Items) > 0; found != visible(role, sc.name) {
				t.Errorf("%s in the branch, person of the %s unit: found %v, want %v", role, sc.name, found, visible(role, sc.name))
			}
		}
	}
}
