package store_test

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// openInZone opens dsn with the session time zone set to zone.
func openInZone(t *testing.T, dsn, zone string) *store.DB {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("timezone", zone)
	u.RawQuery = q.Encode()
	db, err := store.Open(context.Background(), u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func ids(t *testing.T, db *store.DB, q string) []int64 {
	t.Helper()
	return column[int64](t, db, q)
}

// TestDetailsMatchTheirParts: each detail statement returns what the
// store's other reads return for the same record (the hearing's
// participants, the case's events, the account and its unit), whatever the
// session's time zone — even for a time PostgreSQL writes with a
// local-mean-time offset (+08:05:43 in Asia/Shanghai before 1901).
func TestDetailsMatchTheirParts(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	ctx := context.Background()
	province := domain.Scope{Patterns: []string{"/420000/*"}}
	kase := ids(t, db, `SELECT id FROM cases ORDER BY id LIMIT 1`)[0]
	if _, err := db.SQL().Exec(`UPDATE hearings SET starts_at = '1900-01-02 00:00+00', held_at = NULL,
		case_number = (SELECT unified_no FROM cases WHERE id = $1) WHERE id = (SELECT min(id) FROM hearings)`, kase); err != nil {
		t.Fatal(err)
	}
	utc, shanghai := openInZone(t, dsn, "UTC"), openInZone(t, dsn, "Asia/Shanghai")

	c, err := shanghai.GetCaseDetail(ctx, kase, province, province)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Hearings) != 1 || c.Hearings[0].StartsAt == nil || !c.Hearings[0].StartsAt.Equal(time.Date(1900, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("linked hearing: %+v", c.Hearings)
	}

	for _, id := range ids(t, db, `SELECT id FROM suggestions ORDER BY id`) {
		a, err := utc.GetSuggestionDetail(ctx, id, 200)
		if err != nil {
			t.Fatal(err)
		}
		b, err := shanghai.GetSuggestionDetail(ctx, id, 200)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(a, b, ignoreMemo); d != "" {
			t.Errorf("suggestion %d, UTC vs Asia/Shanghai (-+):\n%s", id, d)
		}
	}
	for _, id := range ids(t, db, `SELECT id FROM hearings ORDER BY id`) {
		a, err := utc.GetHearingDetail(ctx, id, 200)
		if err != nil {
			t.Fatal(err)
		}
		b, err := shanghai.GetHearingDetail(ctx, id, 200)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(a, b, ignoreMemo); d != "" {
			t.Errorf("hearing %d, UTC vs Asia/Shanghai (-+):\n%s", id, d)
		}
		parts, err := db.HearingParticipants(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(parts, a.Participants, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("hearing %d participants (-HearingParticipants +detail):\n%s", id, d)
		}
	}
	for _, id := range ids(t, db, `SELECT id FROM cases ORDER BY id LIMIT 300`) {
		a, err := utc.GetCaseDetail(ctx, id, province, province)
		if err != nil {
			t.Fatal(err)
		}
		b, err := shanghai.GetCaseDetail(ctx, id, province, province)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(a, b, ignoreMemo); d != "" {
			t.Errorf("case %d, UTC vs Asia/Shanghai (-+):\n%s", id, d)
		}
		rec, err := db.GetCase(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := db.CaseEvents(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(store.CaseDetail{CaseRecord: rec, Events: evs}, store.CaseDetail{CaseRecord: a.CaseRecord, Events: a.Events},
			cmpopts.EquateEmpty()); d != "" {
			t.Errorf("case %d (-GetCase, CaseEvents +detail):\n%s", id, d)
		}
	}
	for _, id := range ids(t, db, `SELECT id FROM users ORDER BY id`) {
		u, unit, err := shanghai.GetAccount(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wantUser, err := db.GetUser(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wantUnit, err := db.GetUnit(ctx, wantUser.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(wantUser, u); d != "" {
			t.Errorf("account %d (-GetUser +GetAccount):\n%s", id, d)
		}
		if d := cmp.Diff(wantUnit, unit); d != "" {
			t.Errorf("account %d unit (-GetUnit +GetAccount):\n%s", id, d)
		}
	}
}

// TestDetailScope: a page's history holds the events of that record in
// its own unit only, newest first, at most the limit; the linked records
// of a case are those of the scopes given; a missing record is not found.
func TestDetailScope(t *testing.T) {
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	sugg := ids(t, db, `SELECT id FROM suggestions ORDER BY id LIMIT 1`)[0]
	other := ids(t, db, `SELECT u.id FROM units u WHERE u.id <> (SELECT unit_id FROM suggestions WHERE id = `+strconv.FormatInt(sugg, 10)+`) LIMIT 1`)[0]
	// An event naming the suggestion's id, logged in another unit, is not
	// part of the suggestion's history (as the unit-scoped audit list had it).
	if _, err := db.SQL().Exec(`INSERT INTO audit_events (actor, unit_id, action, entity, entity_id) VALUES ('x', $1, 'edit', 'suggestion', $2)`,
		other, strconv.FormatInt(sugg, 10)); err != nil {
		t.Fatal(err)
	}
	all, err := db.GetSuggestionDetail(ctx, sugg, 200)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.History) < 3 {
		t.Fatalf("want a suggestion with some history, got %d events", len(all.History))
	}
	for i, e := range all.History {
		if e.UnitID != all.UnitID || e.Entity != "suggestion" || e.EntityID != strconv.FormatInt(sugg, 10) {
			t.Errorf("history holds %+v", e)
		}
		if i > 0 && e.ID >= all.History[i-1].ID {
			t.Errorf("history not newest first: %d after %d", e.ID, all.History[i-1].ID)
		}
	}
	two, err := db.GetSuggestionDetail(ctx, sugg, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(all.History[:2], two.History); d != "" {
		t.Errorf("history limited to 2 (-want +got):\n%s", d)
	}

	kase := ids(t, db, `SELECT c.id FROM cases c WHERE EXISTS (SELECT 1 FROM suggestion_cases sc WHERE sc.case_number = c.unified_no) ORDER BY c.id LIMIT 1`)
	if len(kase) == 0 {
		t.Fatal("the demo has no case named by a suggestion")
	}
	wide := domain.Scope{Patterns: []string{"/420000/*"}}
	got, err := db.GetCaseDetail(ctx, kase[0], wide, wide)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Suggestions) == 0 {
		t.Errorf("case %d: no linked suggestion in the province's scope", kase[0])
	}
	got, err = db.GetCaseDetail(ctx, kase[0], domain.Scope{}, domain.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Suggestions)+len(got.Hearings) != 0 {
		t.Errorf("case %d: links outside every scope: %+v %+v", kase[0], got.Suggestions, got.Hearings)
	}

	for name, read := range map[string]func() error{
		"suggestion": func() error { _, err := db.GetSuggestionDetail(ctx, 1<<40, 200); return err },
		"hearing":    func() error { _, err := db.GetHearingDetail(ctx, 1<<40, 200); return err },
		"case":       func() error { _, err := db.GetCaseDetail(ctx, 1<<40, wide, wide); return err },
		"account":    func() error { _, _, err := db.GetAccount(ctx, 1<<40); return err },
	} {
		if err := read(); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s: missing record gave %v, want not found", name, err)
		}
	}
}

// ignoreMemo leaves out what the API rendered from a page.
var ignoreMemo = cmp.Options{cmpopts.IgnoreTypes((*store.PageMemo)(nil)),
	cmpopts.IgnoreUnexported(store.PageState{})}
