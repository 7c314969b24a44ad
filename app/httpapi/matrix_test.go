package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"procura/domain"
)

// expectedPermissions is the authorisation rule book, written out by hand
// from DESIGN.md §2 and the issues, independently of the policy rows that
// the migrations install.
var expectedPermissions = map[domain.Role][]string{
	domain.RoleAdmin: {"unit:read", "unit:create", "unit:update", "user:read", "user:create", "user:update", "user:grant", "audit:read",
		"calendar:update", "category:update", "officer:read", "officer:manage", "person:read", "person:create",
		"indicator:read", "indicator:manage", "report:configure"},
	domain.RoleChief: {"unit:read", "suggestion:read", "suggestion:return", "suggestion:approve", "suggestion:issue", "suggestion:uphold",
		"suggestion:amend", "suggestion:withdraw", "suggestion:extend", "suggestion:escalate", "suggestion:litigate", "suggestion:close",
		"suggestion:attach", "hearing:read", "hearing:approve", "hearing:reject", "hearing:decide", "hearing:cancel",
		"hearing:approve_livestream", "hearing:approve_departure", "hearing:announce", "officer:read", "person:read",
		"case:read", "case:create", "case:import", "indicator:read", "metric:read", "report:read", "report:snapshot"},
	domain.RoleSupervisor: {"unit:read", "audit:read", "suggestion:read", "suggestion:object", "suggestion:file_upward", "suggestion:close",
		"suggestion:reply", "suggestion:followup", "suggestion:verify", "suggestion:attach", "hearing:read", "officer:read", "officer:manage",
		"person:read", "person:create", "case:read", "case:create", "case:import", "indicator:read", "metric:read", "report:read", "report:snapshot"},
	domain.RoleProsecutor: {"unit:read", "suggestion:read", "suggestion:create", "suggestion:edit", "suggestion:submit", "suggestion:recall",
		"suggestion:delete", "suggestion:issue",
		"suggestion:object", "suggestion:withdraw", "suggestion:file_upward", "suggestion:reply", "suggestion:followup", "suggestion:attach",
		"hearing:read", "hearing:create", "hearing:edit", "hearing:schedule", "hearing:postpone", "hearing:hold", "hearing:decide",
		"hearing:cancel", "hearing:announce", "hearing:participants", "hearing:draw", "hearing:opinion", "hearing:minutes",
		"hearing:report_back", "officer:read", "person:read", "person:create", "case:read", "case:create", "indicator:read", "metric:read",
		"report:read"},
	domain.RoleClerk: {"unit:read", "suggestion:read", "suggestion:issue", "suggestion:object", "suggestion:file_upward", "suggestion:reply",
		"suggestion:followup", "suggestion:attach", "hearing:read", "hearing:create", "hearing:edit", "hearing:schedule", "hearing:postpone",
		"hearing:hold", "hearing:decide", "hearing:announce", "hearing:participants", "hearing:draw", "hearing:opinion", "hearing:minutes",
		"hearing:report_back", "officer:read", "person:read", "person:create", "case:read", "case:create", "indicator:read", "metric:read",
		"report:read"},
}

func permitted(role domain.Role, perm string) bool {
	for _, p := range expectedPermissions[role] {
		if p == perm {
			return true
		}
	}
	return false
}

// Every caller of the matrix holds one role in the Hanjiang branch; the
// targets are that unit, its parent, a child, a sibling and a basic unit
// outside the branch (below the sibling, added by matrixUnits).
var matrixScopes = []struct {
	name, code string
}{
	{"own", "429000"},
	{"parent", "420000"},
	{"child", "429004"},
	{"sibling", "420100"},
	{"outside", "420102"},
}

// matrixUnits loads the matrix's target units, adding the one outside the
// branch that the demo lacks.
func matrixUnits(t *testing.T, ts *testServer) map[string]domain.Unit {
	t.Helper()
	ctx := context.Background()
	wuhan, err := ts.db.GetUnitByCode(ctx, "420100")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.db.CreateUnit(ctx, domain.Unit{Code: "420102", Name: "武汉市江岸区人民检察院", ShortName: "江检", Level: domain.LevelBasic,
		ParentID: wuhan.ID}); err != nil {
		t.Fatal(err)
	}
	units := map[string]domain.Unit{}
	for _, sc := range matrixScopes {
		u, err := ts.db.GetUnitByCode(ctx, sc.code)
		if err != nil {
			t.Fatal(err)
		}
		units[sc.code] = u
	}
	return units
}

func visible(role domain.Role, scope string) bool {
	return scope == "own" || (scope == "child" && role.ReachesSubtree())
}

// matrixFixture holds what the request builders need.
type matrixFixture struct {
	ts              *testServer
	prosecutorID    int64                  // handles every fixture suggestion
	provinceOfficer int64                  // an officer of the province pool
	units           map[string]domain.Unit // by code
	users           map[string]int64       // a disposable account per unit code
	sequence        int
}

func (f *matrixFixture) next() int { f.sequence++; return f.sequence }

func (f *matrixFixture) unitVersion(t *testing.T, id int64) int {
	u, err := f.ts.db.GetUnit(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u.Version
}

func (f *matrixFixture) userVersion(t *testing.T, id int64) int {
	u, err := f.ts.db.GetUser(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u.Version
}

// request is one matrix request and the status it answers when the caller
// is allowed (a 4xx here means the rules let the call through and the
// record itself refuses it, e.g. a unit below a basic procuratorate).
type request struct {
	path    string
	body    any
	success int
	// perm overrides the route's permission, for routes whose action is in
	// the body (transitions).
	perm string
}

type builder func(t *testing.T, f *matrixFixture, target domain.Unit) request

// builders has one entry per API route: a route without one fails the test.
var builders = map[string]builder{
	"GET /api/v1/meta":        nil, // public
	"POST /api/v1/auth/login": nil, // public
	"GET /api/v1/rules": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/rules", success: 200}
	},
	"GET /api/v1/auth/me": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/auth/me", success: 200}
	},
	"POST /api/v1/auth/logout": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/auth/logout", success: 204}
	},
	"POST /api/v1/auth/password": func(_ *testing.T, f *matrixFixture, _ domain.Unit) request {
		// A wrong current password: the rules let the call through, the
		// check of the password refuses it, and the session stays usable.
		return request{path: "/api/v1/auth/password", body: map[string]string{"current_password": "wrong-password-1", "new_password": "matrix-pass-2026"}, success: 422}
	},
	"GET /api/v1/units": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/units", success: 200}
	},
	"POST /api/v1/units": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		n := f.next()
		level, success := domain.LevelBasic, 201
		if target.Level == domain.LevelBasic {
			success = 422 // nothing sits below a basic procuratorate
		}
		return request{path: "/api/v1/units", success: success, body: map[string]any{
			"code": fmt.Sprintf("43%04d", n), "name": "矩阵测试院" + strconv.Itoa(n), "short_name": "矩检", "level": level, "parent_id": target.ID}}
	},
	"GET /api/v1/units/:id": func(_ *testing.T, _ *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/units/" + strconv.FormatInt(target.ID, 10), success: 200}
	},
	"PATCH /api/v1/units/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/units/" + strconv.FormatInt(target.ID, 10), success: 200,
			body: map[string]any{"name": target.Name, "version": f.unitVersion(t, target.ID)}}
	},
	"DELETE /api/v1/units/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		// Every target has accounts or sub-units, so an allowed delete is refused.
		return request{path: fmt.Sprintf("/api/v1/units/%d?version=%d", target.ID, f.unitVersion(t, target.ID)), success: 409}
	},
	"GET /api/v1/users": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/users", success: 200}
	},
	"POST /api/v1/users": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/users", success: 201, body: map[string]any{
			"username": fmt.Sprintf("matrix.%d", f.next()), "name": "矩阵用户", "unit_id": target.ID,
			"grants": []map[string]any{{"role": "clerk", "unit_id": target.ID}}}}
	},
	"PATCH /api/v1/users/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		id := f.users[target.Code]
		return request{path: "/api/v1/users/" + strconv.FormatInt(id, 10), success: 200,
			body: map[string]any{"name": "改名用户", "version": f.userVersion(t, id)}}
	},
	"PUT /api/v1/users/:id/grants": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		id := f.users[target.Code]
		return request{path: "/api/v1/users/" + strconv.FormatInt(id, 10) + "/grants", success: 200,
			body: map[string]any{"grants": []map[string]any{{"role": "prosecutor", "unit_id": target.ID}}}}
	},
	"POST /api/v1/users/:id/unlock": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/users/" + strconv.FormatInt(f.users[target.Code], 10) + "/unlock", success: 200}
	},
	"POST /api/v1/users/:id/reset-password": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/users/" + strconv.FormatInt(f.users[target.Code], 10) + "/reset-password", success: 200}
	},
	"GET /api/v1/audit-events": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/audit-events", success: 200}
	},
	"GET /api/v1/calendar/deadline": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/calendar/deadline?from=2026-03-31&months=2", success: 200}
	},
	"GET /api/v1/calendar/status": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/calendar/status", success: 200}
	},
	"GET /api/v1/calendar/:year": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/calendar/2026", success: 200}
	},
	"PUT /api/v1/calendar/:year": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/calendar/2031", success: 200, body: map[string]any{"holidays": []string{"2031-01-01"}, "workdays": []string{}}}
	},
	"GET /api/v1/doc-prefixes": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/doc-prefixes", success: 200}
	},
	"PUT /api/v1/doc-prefixes/:type": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/doc-prefixes/other", success: 200, body: map[string]any{"prefix": "综"}}
	},
	"GET /api/v1/categories": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/categories", success: 200}
	},
	"PUT /api/v1/categories/:code": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/categories/food_safety", success: 200, body: map[string]any{"name_zh": "食品药品安全", "name_en": "Food and drug safety", "sort": 95, "active": true}}
	},
	"GET /api/v1/suggestions": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/suggestions", success: 200}
	},
	"GET /api/v1/suggestions/export.xlsx": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/suggestions/export.xlsx", success: 200}
	},
	"GET /api/v1/suggestions/work": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/suggestions/work", success: 200}
	},
	"POST /api/v1/suggestions": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		body := suggestionBody()
		body["unit_id"] = target.ID
		return request{path: "/api/v1/suggestions", success: 201, body: body}
	},
	"GET /api/v1/suggestions/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d", f.suggestion(t, target, "draft")), success: 200}
	},
	"GET /api/v1/suggestions/:id/letter.docx": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/letter.docx", f.suggestion(t, target, "draft")), success: 200}
	},
	"PATCH /api/v1/suggestions/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		body := suggestionBody()
		body["version"] = 1
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d", f.suggestion(t, target, "draft")), success: 200, body: body}
	},
	"DELETE /api/v1/suggestions/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		// The fixture drafts are the prosecutor's own: the author deletes.
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d", f.suggestion(t, target, "draft")), success: 204}
	},
	"POST /api/v1/suggestions/:id/transitions": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/transitions", f.suggestion(t, target, "draft")), success: 200,
			body: map[string]any{"action": "submit", "version": 1}, perm: "suggestion:submit"}
	},
	"GET /api/v1/suggestions/:id/portal": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/portal", f.suggestion(t, target, "issued")), success: 200}
	},
	"POST /api/v1/suggestions/:id/delivery-links": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/delivery-links", f.suggestion(t, target, "issued")), success: 201}
	},
	"POST /api/v1/suggestions/:id/service-receipt": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/service-receipt", f.suggestion(t, target, "issued")), success: 200,
			body: map[string]any{"url": ""}}
	},
	"POST /api/v1/delivery-links/:id/revoke": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		link, _ := f.pendingReply(t, target)
		return request{path: fmt.Sprintf("/api/v1/delivery-links/%d/revoke", link), success: 204}
	},
	"POST /api/v1/pending-replies/:id/accept": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		_, id := f.pendingReply(t, target)
		return request{path: fmt.Sprintf("/api/v1/pending-replies/%d/accept", id), success: 200}
	},
	"GET /api/v1/pending-replies/:id/files/:fid": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		id, fid := f.pendingFile(t, target)
		return request{path: fmt.Sprintf("/api/v1/pending-replies/%d/files/%d", id, fid), success: 200}
	},
	"GET /api/v1/suggestions/:id/letter.html": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/letter.html", f.suggestion(t, target, "draft")), success: 200}
	},
	"GET /api/v1/hearings/:id/notice.html": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/notice.html", f.hearing(t, target, domain.HearingScheduled)), success: 200}
	},
	"GET /api/v1/hearings/:id/participants/:pid/invitation.html": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		h, pid := f.seatedOfficer(t, target)
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/participants/%d/invitation.html", h, pid), success: 200}
	},
	"GET /api/v1/hearings/:id/minutes.html": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/minutes.html", f.heldHearing(t, target)), success: 200}
	},
	"POST /api/v1/pending-replies/:id/return": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		_, id := f.pendingReply(t, target)
		return request{path: fmt.Sprintf("/api/v1/pending-replies/%d/return", id), success: 204, body: map[string]any{"note": "请补充。"}}
	},
	"POST /api/v1/suggestions/approvals": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		id := f.suggestion(t, target, domain.StatusPendingApproval)
		return request{path: "/api/v1/suggestions/approvals", success: 200,
			body: map[string]any{"items": []map[string]any{{"id": id, "version": 2}}, "opinion": "同意"}}
	},
	"POST /api/v1/suggestions/:id/replies": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/replies", f.suggestion(t, target, "issued")), success: 201,
			body: map[string]any{"received_on": "2026-05-20", "replier": "仙桃市人民政府", "outcome": "adopted"}}
	},
	"POST /api/v1/suggestions/:id/followups": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/followups", f.suggestion(t, target, "replied")), success: 201,
			body: map[string]any{"on": "2026-06-10", "method": "site_visit", "findings": "已整改"}}
	},
	"POST /api/v1/suggestions/:id/verification": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/verification", f.suggestion(t, target, "replied")), success: 201,
			body: map[string]any{"on": "2026-08-01", "result": "rectified"}}
	},
	"POST /api/v1/suggestions/:id/attachments": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/suggestions/%d/attachments", f.suggestion(t, target, "issued")), success: 201,
			body: multipartFile(t, "复函.pdf", []byte("%PDF-1.4\n%matrix\n"))}
	},
	"GET /api/v1/notifications": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/notifications", success: 200}
	},
	"GET /api/v1/todo": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/todo", success: 200}
	},
	"POST /api/v1/notifications/:id/read": func(t *testing.T, f *matrixFixture, _ domain.Unit) request {
		// Another user's notification does not exist for the caller.
		return request{path: fmt.Sprintf("/api/v1/notifications/%d/read", f.notification(t)), success: 404}
	},
	"POST /api/v1/notifications/read": func(t *testing.T, f *matrixFixture, _ domain.Unit) request {
		// Another user's notification is passed over: nothing read, no error.
		return request{path: "/api/v1/notifications/read", success: 200, body: map[string]any{"ids": []int64{f.notification(t)}}}
	},
	"POST /api/v1/notifications/read-all": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/notifications/read-all", success: 204}
	},
	"GET /api/v1/hearings": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/hearings", success: 200}
	},
	"GET /api/v1/hearings.ics": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/hearings.ics", success: 200}
	},
	"GET /api/v1/hearings/stats": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/hearings/stats", success: 200}
	},
	"POST /api/v1/hearings": func(_ *testing.T, _ *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/hearings", success: 201, body: map[string]any{"unit_id": target.ID, "kind": "non_prosecution",
			"title": "拟不起诉公开听证", "proposed_decision": "拟作不起诉决定", "location": "听证室"}}
	},
	"GET /api/v1/hearings/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d", f.hearing(t, target, domain.HearingProposed)), success: 200}
	},
	"PATCH /api/v1/hearings/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d", f.hearing(t, target, domain.HearingProposed)), success: 200,
			body: map[string]any{"title": "改后的听证事项", "version": 1}}
	},
	"POST /api/v1/hearings/:id/transitions": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/transitions", f.hearing(t, target, domain.HearingProposed)), success: 200,
			body: map[string]any{"action": "approve", "version": 1}, perm: "hearing:approve"}
	},
	"POST /api/v1/hearings/:id/participants": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/participants", f.hearing(t, target, domain.HearingProposed)), success: 201,
			body: map[string]any{"person": map[string]any{"name": "证人甲", "gender": "male"}, "role": "witness"}}
	},
	"DELETE /api/v1/hearings/:id/participants/:pid": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		h, pid := f.participant(t, target)
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/participants/%d", h, pid), success: 204}
	},
	"POST /api/v1/hearings/:id/participants/:pid/recusal": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		h, pid := f.participant(t, target)
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/participants/%d/recusal", h, pid), success: 200,
			body: map[string]any{"reason": "与案件有利害关系", "outcome": "pending"}}
	},
	"PUT /api/v1/hearings/:id/participants/:pid/opinion": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		h, pid := f.seatedOfficer(t, target)
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/participants/%d/opinion", h, pid), success: 200,
			body: map[string]any{"position": "agree", "text": "同意拟不起诉意见。"}}
	},
	"GET /api/v1/hearings/:id/notice.docx": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/notice.docx", f.hearing(t, target, domain.HearingScheduled)), success: 200}
	},
	"GET /api/v1/hearings/:id/participants/:pid/invitation.docx": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		h, pid := f.seatedOfficer(t, target)
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/participants/%d/invitation.docx", h, pid), success: 200}
	},
	"GET /api/v1/hearings/:id/minutes.docx": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/minutes.docx", f.heldHearing(t, target)), success: 200}
	},
	"POST /api/v1/hearings/:id/officer-draw": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		f.poolOfficer(t)
		return request{path: fmt.Sprintf("/api/v1/hearings/%d/officer-draw", f.hearing(t, target, domain.HearingProposed)), success: 200,
			body: map[string]any{"count": 1, "mode": "least_used"}}
	},
	"GET /api/v1/hearing-officers": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/hearing-officers", success: 200}
	},
	"POST /api/v1/hearing-officers": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		success := 201
		if target.Level == domain.LevelBasic {
			success = 422 // pools are kept at branch level and above
		}
		return request{path: "/api/v1/hearing-officers", success: success, body: map[string]any{"unit_id": target.ID, "category": "expert",
			"person": map[string]any{"name": fmt.Sprintf("专家%d", f.next()), "gender": "female", "birth_date": "1975-03-02"}}}
	},
	"PATCH /api/v1/hearing-officers/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/hearing-officers/%d", f.officerIn(t, target)), success: 200,
			body: map[string]any{"category": "lawyer", "version": 1}}
	},
	"GET /api/v1/persons": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/persons?q=证人", success: 200}
	},
	"POST /api/v1/persons": func(_ *testing.T, f *matrixFixture, _ domain.Unit) request {
		return request{path: "/api/v1/persons", success: 201, body: map[string]any{"name": fmt.Sprintf("人员%d", f.next()), "gender": "male"}}
	},
	"GET /api/v1/attachments/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/attachments/%d", f.attachment(t, target)), success: 200}
	},
	"GET /api/v1/cases": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/cases", success: 200}
	},
	"POST /api/v1/cases": func(_ *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/cases", success: 201, body: map[string]any{"unified_no": f.unifiedNo(target), "unit_id": target.ID,
			"case_type": "审查起诉", "category": "drug", "prosecutor": "矩阵检察官", "received_on": "2026-03-02", "persons": 1}}
	},
	"GET /api/v1/cases/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/cases/%d", f.caseIn(t, target)), success: 200}
	},
	"POST /api/v1/cases/:id/events": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/cases/%d/events", f.caseIn(t, target)), success: 201,
			body: map[string]any{"event": "prosecution_review_received", "occurred_on": "2026-03-02", "persons": 1}}
	},
	"POST /api/v1/imports": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		csv := "unified_no,dept_no,unit_code,case_type,category,prosecutor,received_on,persons\n" +
			f.unifiedNo(target) + ",," + target.Code + ",审查起诉,drug,矩阵检察官,2026-03-02,1\n"
		return request{path: "/api/v1/imports", success: 202, body: multipartForm(t,
			[][2]string{{"kind", "cases"}, {"unit_id", strconv.FormatInt(target.ID, 10)}}, "cases.csv", []byte(csv))}
	},
	"GET /api/v1/imports": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/imports", success: 200}
	},
	"GET /api/v1/imports/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/imports/%d", f.importIn(t, target)), success: 200}
	},
	"POST /api/v1/imports/:id/cancel": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/imports/%d/cancel", f.queuedImportIn(t, target)), success: 200}
	},
	"GET /api/v1/indicators": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/indicators", success: 200}
	},
	"GET /api/v1/indicators/quantities": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/indicators/quantities", success: 200}
	},
	"POST /api/v1/indicators": func(_ *testing.T, f *matrixFixture, _ domain.Unit) request {
		return request{path: "/api/v1/indicators", success: 201, body: indicatorBody(fmt.Sprintf("matrix_%d", f.next()))}
	},
	"PUT /api/v1/indicators/:code": func(*testing.T, *matrixFixture, domain.Unit) request {
		b := indicatorBody("")
		b["name_zh"], b["name_en"], b["numerator"] = "听证场次", "hearings held", "hearings_held"
		return request{path: "/api/v1/indicators/hearings_held", success: 200, body: b}
	},
	"GET /api/v1/metrics": func(_ *testing.T, _ *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/metrics?indicator=case_ratio&unit_id=%d&from=2026-01-01&to=2026-02-28", target.ID), success: 200}
	},
	"GET /api/v1/analysis/class-cases/:category": func(_ *testing.T, _ *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/analysis/class-cases/drug?unit_id=%d&from=2026-01-01&to=2026-02-28", target.ID), success: 200}
	},
	"GET /api/v1/reports/bimonthly": func(_ *testing.T, _ *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/reports/bimonthly?unit_id=%d&year=2026&bimonth=1", target.ID), success: 200}
	},
	"GET /api/v1/reports/bimonthly/export.xlsx": func(_ *testing.T, _ *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/reports/bimonthly/export.xlsx?unit_id=%d&year=2026&bimonth=1", target.ID), success: 200}
	},
	"GET /api/v1/reports/scoring": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/reports/scoring", success: 200}
	},
	"PUT /api/v1/reports/scoring": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/reports/scoring", success: 200,
			body: map[string]any{"enabled": false, "weights": map[string]float64{"case_ratio": 10}, "references": map[string]float64{}}}
	},
	"POST /api/v1/reports/snapshots": func(_ *testing.T, _ *matrixFixture, target domain.Unit) request {
		return request{path: "/api/v1/reports/snapshots", success: 201, body: map[string]any{"unit_id": target.ID, "year": 2026, "bimonth": 1}}
	},
	"GET /api/v1/reports/snapshots": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/reports/snapshots", success: 200}
	},
	"GET /api/v1/reports/snapshots/:id": func(t *testing.T, f *matrixFixture, target domain.Unit) request {
		return request{path: fmt.Sprintf("/api/v1/reports/snapshots/%d", f.snapshotIn(t, target)), success: 200}
	},
}

// indicatorBody is a valid catalogue request (code "" for a revision).
func indicatorBody(code string) map[string]any {
	b := map[string]any{"name_zh": "上诉件数", "name_en": "appeals", "numerator": "count:appeal", "denominator": "1",
		"direction": "neutral", "unit": "count", "reference": nil, "formula_zh": "上诉件数。", "formula_en": "Appeals."}
	if code != "" {
		b["code"] = code
	}
	return b
}

// TestAuthorizationMatrix drives every API route for each role, in scope
// and out of scope, and checks the exact status the rules give: 401
// without a session, 404 outside the caller's scope, 403 inside it without
// the permission, the route's success status when allowed.
func TestAuthorizationMatrix(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	f := &matrixFixture{ts: ts, units: matrixUnits(t, ts), users: map[string]int64{}}
	for _, sc := range matrixScopes {
		u := f.units[sc.code]
		acc, err := ts.db.CreateUser(ctx, domain.User{Username: "fixture." + sc.code, Name: "测试账号", UnitID: u.ID}, "x")
		if err != nil {
			t.Fatal(err)
		}
		f.users[sc.code] = acc.ID
	}
	branch := f.units["429000"]
	for _, role := range domain.Roles {
		u, err := ts.db.CreateUser(ctx, domain.User{Username: "m." + string(role), Name: "矩阵" + string(role), UnitID: branch.ID,
			Grants: []domain.Grant{{Role: role, UnitID: branch.ID}}}, mustHash(t, ts, "matrix-pass-2026"))
		if err != nil {
			t.Fatal(err)
		}
		if role == domain.RoleProsecutor {
			f.prosecutorID = u.ID
		}
	}
	login := func(t *testing.T, role domain.Role) *client {
		return ts.loginWith(t, "m."+string(role), "matrix-pass-2026")
	}

	cells := 0
	for _, r := range ts.Routes() {
		key := r.Method + " " + r.Path
		build, ok := builders[key]
		if !ok {
			t.Errorf("%s has no entry in the authorisation matrix", key)
			continue
		}
		if r.Access.Public {
			if build != nil {
				t.Errorf("%s is public but the matrix expects a session", key)
			}
			continue
		}
		if build == nil {
			t.Errorf("%s needs a session but the matrix calls it public", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			req := build(t, f, branch)
			if rec := ts.anon().do(t, r.Method, req.path, req.body); rec.Code != http.StatusUnauthorized {
				t.Errorf("without session: %d, want 401", rec.Code)
			}
			cells++
			for _, role := range domain.Roles {
				scopes := matrixScopes
				if !r.Access.Targeted {
					scopes = matrixScopes[:1]
				}
				for _, sc := range scopes {
					target := f.units[sc.code]
					req := build(t, f, target)
					perm := r.Access.Resource + ":" + r.Access.Action
					if req.perm != "" {
						perm = req.perm
					}
					var want int
					switch {
					case r.Access.Resource == "":
						want = req.success
					case !r.Access.Targeted:
						want = map[bool]int{true: req.success, false: 403}[permitted(role, perm)]
					case !visible(role, sc.name):
						want = 404
					case permitted(role, perm):
						want = req.success
					default:
						want = 403
					}
					rec := login(t, role).do(t, r.Method, req.path, req.body)
					cells++
					if rec.Code != want {
						t.Errorf("%s in %s unit: %d, want %d: %s", role, sc.name, rec.Code, want, rec.Body)
					}
				}
			}
		})
	}
	t.Logf("authorisation matrix: %d cells over %d routes", cells, len(ts.Routes()))
}

func mustHash(t *testing.T, ts *testServer, pw string) string {
	t.Helper()
	h, err := ts.deps.Hasher.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestSuggestionPoliciesMatchDomain: the casbin policy rows installed by
// the migrations grant each suggestion action to exactly the roles the
// domain's lifecycle rules name.
func TestSuggestionPoliciesMatchDomain(t *testing.T) {
	ts := newTestServer(t, nil)
	rules, err := ts.db.PolicyRules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	actions := append([]domain.SuggestionAction{domain.ActEdit, domain.ActReply, domain.ActFollowUp, domain.ActVerify, domain.ActAttach, domain.ActDelete},
		domain.TransitionActions...)
	for _, a := range actions {
		var got []string
		for _, r := range rules {
			if r[0] == "p" && r[3] == "suggestion" && r[4] == string(a) {
				got = append(got, r[1])
			}
		}
		var want []string
		for _, r := range domain.SuggestionActionRoles(a) {
			want = append(want, string(r))
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: policies grant %v, domain rules %v", a, got, want)
		}
	}
}

// TestHearingPoliciesMatchDomain: the same for hearing actions.
func TestHearingPoliciesMatchDomain(t *testing.T) {
	ts := newTestServer(t, nil)
	rules, err := ts.db.PolicyRules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	check := func(act string, want []domain.Role) {
		var got, w []string
		for _, r := range rules {
			if r[0] == "p" && r[3] == "hearing" && r[4] == act {
				got = append(got, r[1])
			}
		}
		for _, r := range want {
			w = append(w, string(r))
		}
		sort.Strings(got)
		sort.Strings(w)
		if strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("hearing %s: policies grant %v, domain rules %v", act, got, w)
		}
	}
	for _, a := range append(append([]domain.HearingAction{}, domain.HearingTransitionActions...), domain.HearingRecordActions...) {
		check(string(a), domain.HearingActionRoles(a))
	}
	check("create", domain.HearingCreateRoles)
}
