package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"procura/domain"
)

// expectedPermissions is the authorisation rule book, written out by hand
// from DESIGN.md §2 and the issues, independently of the policy rows that
// the migrations install.
var expectedPermissions = map[domain.Role][]string{
	domain.RoleAdmin:      {"unit:read", "unit:create", "unit:update", "user:read", "user:create", "user:update", "user:grant", "audit:read"},
	domain.RoleChief:      {"unit:read"},
	domain.RoleSupervisor: {"unit:read", "audit:read"},
	domain.RoleProsecutor: {"unit:read"},
	domain.RoleClerk:      {"unit:read"},
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
// targets are that unit, its parent, a child and a sibling.
var matrixScopes = []struct {
	name, code string
}{
	{"own", "429000"},
	{"parent", "420000"},
	{"child", "429004"},
	{"sibling", "420100"},
}

func visible(role domain.Role, scope string) bool {
	return scope == "own" || (scope == "child" && role.ReachesSubtree())
}

// matrixFixture holds what the request builders need.
type matrixFixture struct {
	ts       *testServer
	units    map[string]domain.Unit // by code
	users    map[string]int64       // a disposable account per unit code
	sequence int
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
}

type builder func(t *testing.T, f *matrixFixture, target domain.Unit) request

// builders has one entry per API route: a route without one fails the test.
var builders = map[string]builder{
	"GET /api/v1/meta":        nil, // public
	"POST /api/v1/auth/login": nil, // public
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
	"GET /api/v1/audit-events": func(*testing.T, *matrixFixture, domain.Unit) request {
		return request{path: "/api/v1/audit-events", success: 200}
	},
}

// TestAuthorizationMatrix drives every API route for each role, in scope
// and out of scope, and checks the exact status the rules give: 401
// without a session, 404 outside the caller's scope, 403 inside it without
// the permission, the route's success status when allowed.
func TestAuthorizationMatrix(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	f := &matrixFixture{ts: ts, units: map[string]domain.Unit{}, users: map[string]int64{}}
	for _, sc := range matrixScopes {
		u, err := ts.db.GetUnitByCode(ctx, sc.code)
		if err != nil {
			t.Fatal(err)
		}
		f.units[sc.code] = u
		acc, err := ts.db.CreateUser(ctx, domain.User{Username: "fixture." + sc.code, Name: "测试账号", UnitID: u.ID}, "x")
		if err != nil {
			t.Fatal(err)
		}
		f.users[sc.code] = acc.ID
	}
	branch := f.units["429000"]
	for _, role := range domain.Roles {
		if _, err := ts.db.CreateUser(ctx, domain.User{Username: "m." + string(role), Name: "矩阵" + string(role), UnitID: branch.ID,
			Grants: []domain.Grant{{Role: role, UnitID: branch.ID}}}, mustHash(t, ts, "matrix-pass-2026")); err != nil {
			t.Fatal(err)
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
		perm := r.Access.Resource + ":" + r.Access.Action
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
