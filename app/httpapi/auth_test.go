package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/google/go-cmp/cmp"

	"procura/app/demo"
	"procura/app/password"
)

func TestLoginAndMe(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "prosecutor.xiantao")
	rec := c.do(t, "GET", "/api/v1/auth/me", nil)
	if rec.Code != 200 {
		t.Fatalf("me: %d %s", rec.Code, rec.Body)
	}
	var me meResponse
	mustDecode(t, rec, &me)
	if me.User.Username != "prosecutor.xiantao" || me.Unit.Code != "429004" || me.Unit.ShortName != "仙检" || me.CSRFToken != c.csrf {
		t.Errorf("me = %+v", me)
	}
	if diff := cmp.Diff([]grantResponse{{Role: "prosecutor", UnitID: me.Unit.ID, UnitCode: "429004", UnitName: "仙桃市人民检察院"}}, me.Grants); diff != "" {
		t.Error(diff)
	}
	perms := strings.Join(me.Permissions, ",")
	for _, p := range []string{"unit:read", "suggestion:create", "suggestion:submit", "hearing:create", "hearing:draw"} {
		if !strings.Contains(perms, p) {
			t.Errorf("prosecutor lacks %s: %v", p, me.Permissions)
		}
	}
	for _, p := range []string{"user:create", "suggestion:approve", "audit:read"} {
		if strings.Contains(perms, p) {
			t.Errorf("prosecutor has %s", p)
		}
	}

	login := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "prosecutor.xiantao", "password": demo.Password})
	ck := login.Result().Cookies()[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" {
		t.Errorf("cookie attributes %+v", ck)
	}
}

func TestLoginFailuresLookAlike(t *testing.T) {
	ts := newTestServer(t, nil)
	wrong := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": "not-the-password"})
	unknown := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "nobody.here", "password": "not-the-password"})
	if wrong.Code != 401 || unknown.Code != 401 || wrong.Body.String() != unknown.Body.String() {
		t.Errorf("wrong password %d %s; unknown user %d %s", wrong.Code, wrong.Body, unknown.Code, unknown.Body)
	}
	empty := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "", "password": ""})
	if e := decodeErrorBody(t, empty); empty.Code != 422 || len(e.Fields) != 2 {
		t.Errorf("empty login: %d %s", empty.Code, empty.Body)
	}
}

func TestCSRFAndLogout(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "admin")
	noToken := &client{ts: ts, cookie: c.cookie}
	rec := noToken.do(t, "POST", "/api/v1/auth/logout", nil)
	if e := decodeErrorBody(t, rec); rec.Code != 403 || e.Code != "csrf_failed" {
		t.Fatalf("logout without CSRF token: %d %s", rec.Code, rec.Body)
	}
	badToken := &client{ts: ts, cookie: c.cookie, csrf: "forged"}
	if rec := badToken.do(t, "PATCH", "/api/v1/units/1", map[string]any{"name": "x", "version": 1}); rec.Code != 403 {
		t.Fatalf("PATCH with a forged token: %d", rec.Code)
	}
	// Safe methods need no token.
	if rec := noToken.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 200 {
		t.Fatalf("GET without token: %d", rec.Code)
	}
	if rec := c.do(t, "POST", "/api/v1/auth/logout", nil); rec.Code != 204 {
		t.Fatalf("logout: %d", rec.Code)
	}
	if rec := c.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 401 {
		t.Fatalf("me after logout: %d", rec.Code)
	}
}

func TestSessionExpiry(t *testing.T) {
	ts := newTestServer(t, nil)
	idle := ts.login(t, "clerk.xiantao")
	ts.clock.Advance(2*time.Hour + time.Second)
	if rec := idle.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 401 {
		t.Fatalf("after 2 idle hours: %d", rec.Code)
	}

	busy := ts.login(t, "clerk.xiantao")
	for h := 0; h < 11; h++ {
		ts.clock.Advance(time.Hour)
		if rec := busy.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 200 {
			t.Fatalf("hour %d of an active session: %d", h+1, rec.Code)
		}
	}
	ts.clock.Advance(time.Hour)
	if rec := busy.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 401 {
		t.Fatalf("after 12 hours: %d", rec.Code)
	}
}

// TestNewAccountLifecycle: an admin creates an account; it must change its
// temporary password before anything else; deactivation ends its sessions.
func TestNewAccountLifecycle(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	rec := admin.do(t, "POST", "/api/v1/users", map[string]any{"username": "clerk.qianjiang", "name": "孙芳",
		"unit_id": units["429005"].ID, "grants": []map[string]any{{"role": "clerk", "unit_id": units["429005"].ID}}})
	if rec.Code != 201 {
		t.Fatalf("create user: %d %s", rec.Code, rec.Body)
	}
	var created createUserResponse
	mustDecode(t, rec, &created)
	if !created.User.MustChangePassword || len(created.TemporaryPassword) < 10 || created.User.Unit.Code != "429005" {
		t.Fatalf("created %+v", created)
	}
	user := ts.loginWith(t, "clerk.qianjiang", created.TemporaryPassword)
	if rec := user.do(t, "GET", "/api/v1/units", nil); rec.Code != 403 || decodeErrorBody(t, rec).Code != "password_change_required" {
		t.Fatalf("before the change: %d %s", rec.Code, rec.Body)
	}
	for _, tt := range []struct{ pw, code string }{
		{"short", "too_short"},
		{"clerk.qianjiang", "equals_username"},
		{"1234567890", "too_common"},
		{created.TemporaryPassword, "unchanged"},
	} {
		rec := user.do(t, "POST", "/api/v1/auth/password", map[string]string{"current_password": created.TemporaryPassword, "new_password": tt.pw})
		if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Code != tt.code {
			t.Errorf("new password %q: %d %s", tt.pw, rec.Code, rec.Body)
		}
	}
	if rec := user.do(t, "POST", "/api/v1/auth/password", map[string]string{"current_password": "wrong-one-here", "new_password": "qianjiang-2026!"}); rec.Code != 422 {
		t.Errorf("wrong current password: %d", rec.Code)
	}
	if rec := user.do(t, "POST", "/api/v1/auth/password", map[string]string{"current_password": created.TemporaryPassword, "new_password": "qianjiang-2026!"}); rec.Code != 204 {
		t.Fatalf("change password: %d %s", rec.Code, rec.Body)
	}
	if rec := user.do(t, "GET", "/api/v1/units", nil); rec.Code != 200 {
		t.Fatalf("after the change: %d %s", rec.Code, rec.Body)
	}
	second := ts.loginWith(t, "clerk.qianjiang", "qianjiang-2026!")

	rec = admin.do(t, "PATCH", fmt.Sprintf("/api/v1/users/%d", created.User.ID), map[string]any{"active": false, "version": created.User.Version + 1})
	if rec.Code != 200 {
		t.Fatalf("deactivate: %d %s", rec.Code, rec.Body)
	}
	for _, c := range []*client{user, second} {
		if rec := c.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 401 {
			t.Errorf("session after deactivation: %d", rec.Code)
		}
	}
	if rec := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "clerk.qianjiang", "password": "qianjiang-2026!"}); rec.Code != 401 {
		t.Errorf("login after deactivation: %d", rec.Code)
	}
}

// TestGrantChangeTakesEffect: grants change what a user may do without a
// restart, and nobody changes their own grants.
func TestGrantChangeTakesEffect(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	p := ts.login(t, "prosecutor.tianmen")
	if rec := p.do(t, "GET", "/api/v1/audit-events", nil); rec.Code != 403 {
		t.Fatalf("prosecutor reads audit: %d", rec.Code)
	}
	users := listUsers(t, admin, "q=prosecutor.tianmen")
	rec := admin.do(t, "PUT", fmt.Sprintf("/api/v1/users/%d/grants", users[0].ID), map[string]any{"grants": []map[string]any{
		{"role": "prosecutor", "unit_id": units["429006"].ID}, {"role": "supervisor", "unit_id": units["429006"].ID}}})
	if rec.Code != 200 {
		t.Fatalf("grant: %d %s", rec.Code, rec.Body)
	}
	if rec := p.do(t, "GET", "/api/v1/audit-events", nil); rec.Code != 200 {
		t.Fatalf("after the grant: %d", rec.Code)
	}
	me := listUsers(t, admin, "q=admin")
	if rec := admin.do(t, "PUT", fmt.Sprintf("/api/v1/users/%d/grants", me[0].ID), map[string]any{"grants": []map[string]any{}}); rec.Code != 403 {
		t.Errorf("own grants: %d", rec.Code)
	}
}

func unitsByCode(t *testing.T, c *client) map[string]unitResponse {
	t.Helper()
	rec := c.do(t, "GET", "/api/v1/units", nil)
	if rec.Code != 200 {
		t.Fatalf("units: %d", rec.Code)
	}
	var body listResponse[unitResponse]
	mustDecode(t, rec, &body)
	out := map[string]unitResponse{}
	for _, u := range body.Items {
		out[u.Code] = u
	}
	return out
}

func listUsers(t *testing.T, c *client, query string) []userResponse {
	t.Helper()
	rec := c.do(t, "GET", "/api/v1/users?"+query, nil)
	if rec.Code != 200 {
		t.Fatalf("users: %d %s", rec.Code, rec.Body)
	}
	var body listResponse[userResponse]
	mustDecode(t, rec, &body)
	return body.Items
}

// TestSignInRehashesOldHashes: a password hashed with other parameters
// than the server's is hashed again on a successful sign-in, audited, and
// the sessions it had stay; a wrong password changes nothing.
func TestSignInRehashesOldHashes(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	db := ts.db.SQL()
	older, err := password.New(&argon2id.Params{Memory: 2048, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		t.Fatal(err)
	}
	old, err := older.Hash(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE username = 'clerk.xiantao'`, old); err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		t.Helper()
		var h string
		if err := db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE username = 'clerk.xiantao'`).Scan(&h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	rec := (&client{ts: ts}).do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "clerk.xiantao", "password": "not-the-password"})
	if rec.Code != http.StatusUnauthorized || stored() != old {
		t.Fatalf("a wrong password: %d %s, hash replaced: %v", rec.Code, rec.Body, stored() != old)
	}
	first := ts.login(t, "clerk.xiantao")
	now := stored()
	if now == old || !strings.HasPrefix(now, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("after signing in the hash is %q, want one with the server's parameters (m=1024,t=1,p=1)", now)
	}
	var audited int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM audit_events a JOIN users u ON u.id::text = a.entity_id
		WHERE a.action = 'rehash_password' AND a.entity = 'user' AND u.username = 'clerk.xiantao' AND a.actor_id = u.id`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited != 1 {
		t.Fatalf("%d rehash_password events, want 1", audited)
	}
	ts.login(t, "clerk.xiantao")
	if stored() != now {
		t.Fatal("a current hash was replaced on the next sign-in")
	}
	if rec := first.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != http.StatusOK {
		t.Fatalf("the session signed in with the old hash: %d %s", rec.Code, rec.Body)
	}
}
