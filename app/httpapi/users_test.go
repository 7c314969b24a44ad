package httpapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"procura/app/demo"
)

// userByName finds one account through the users list.
func userByName(t *testing.T, c *client, username string) userResponse {
	t.Helper()
	rec := c.do(t, "GET", "/api/v1/users?q="+username, nil)
	var body listResponse[userResponse]
	mustDecode(t, rec, &body)
	for _, u := range body.Items {
		if u.Username == username {
			return u
		}
	}
	t.Fatalf("no account %s: %d %s", username, rec.Code, rec.Body)
	return userResponse{}
}

// TestPasswordReset: an administrator resets another account's password;
// the one-time password is answered once, the old password and every
// session of the account stop working, the user must change the new one
// before anything else, and the reset is audited without the password.
func TestPasswordReset(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	target := userByName(t, admin, "prosecutor.xiantao")
	session := ts.login(t, "prosecutor.xiantao")
	if rec := session.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 200 {
		t.Fatalf("before the reset: %d", rec.Code)
	}

	path := fmt.Sprintf("/api/v1/users/%d/reset-password", target.ID)
	rec := admin.do(t, "POST", path, nil)
	if rec.Code != 200 {
		t.Fatalf("reset: %d %s", rec.Code, rec.Body)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	var res resetPasswordResponse
	mustDecode(t, rec, &res)
	if len(res.TemporaryPassword) < 10 || !res.User.MustChangePassword || res.User.ID != target.ID || res.User.Version != target.Version+1 {
		t.Fatalf("reset answered %+v", res)
	}

	// The account's sessions have ended; the old password is gone.
	if rec := session.do(t, "GET", "/api/v1/auth/me", nil); rec.Code != 401 {
		t.Errorf("old session after the reset: %d", rec.Code)
	}
	if rec := ts.anon().do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "prosecutor.xiantao", "password": demo.Password}); rec.Code != 401 {
		t.Errorf("old password after the reset: %d", rec.Code)
	}
	// The one-time password signs in, and must be changed first.
	user := ts.loginWith(t, "prosecutor.xiantao", res.TemporaryPassword)
	if rec := user.do(t, "GET", "/api/v1/suggestions", nil); rec.Code != 403 || decodeErrorBody(t, rec).Code != "password_change_required" {
		t.Errorf("before the change: %d %s", rec.Code, rec.Body)
	}
	if rec := user.do(t, "POST", "/api/v1/auth/password", map[string]string{"current_password": res.TemporaryPassword, "new_password": "xiantao-reset-2026"}); rec.Code != 204 {
		t.Fatalf("change: %d %s", rec.Code, rec.Body)
	}
	if rec := user.do(t, "GET", "/api/v1/suggestions", nil); rec.Code != 200 {
		t.Errorf("after the change: %d %s", rec.Code, rec.Body)
	}

	// A second reset gives another password; the first no longer works.
	rec = admin.do(t, "POST", path, nil)
	var again resetPasswordResponse
	mustDecode(t, rec, &again)
	if rec.Code != 200 || again.TemporaryPassword == res.TemporaryPassword {
		t.Errorf("second reset: %d %+v", rec.Code, again)
	}

	// Audited as reset_password, with who did it, never with the password.
	rec = admin.do(t, "GET", fmt.Sprintf("/api/v1/audit-events?entity=user&entity_id=%d&action=reset_password", target.ID), nil)
	var events listResponse[auditEventResponse]
	mustDecode(t, rec, &events)
	if rec.Code != 200 || len(events.Items) != 2 {
		t.Fatalf("audit: %d %s", rec.Code, rec.Body)
	}
	first := events.Items[1]
	var after map[string]any
	if err := json.Unmarshal(first.After, &after); err != nil {
		t.Fatal(err)
	}
	if first.Actor != "admin" || after["must_change_password"] != true || after["sessions_ended"] != float64(1) {
		t.Errorf("audit event %+v after %v", first, after)
	}
	if strings.Contains(rec.Body.String(), res.TemporaryPassword) || strings.Contains(rec.Body.String(), again.TemporaryPassword) {
		t.Error("the audit log holds a one-time password")
	}

	// Nobody resets their own password this way; an unknown account is 404.
	self := userByName(t, admin, "admin")
	if rec := admin.do(t, "POST", fmt.Sprintf("/api/v1/users/%d/reset-password", self.ID), nil); rec.Code != 403 || decodeErrorBody(t, rec).Code != "own_password_reset" {
		t.Errorf("own reset: %d %s", rec.Code, rec.Body)
	}
	if rec := admin.do(t, "POST", "/api/v1/users/999999/reset-password", nil); rec.Code != 404 {
		t.Errorf("unknown account: %d", rec.Code)
	}
	// A chief cannot reset passwords (the matrix covers every role and scope).
	chief := ts.login(t, "chief.hanjiang")
	if rec := chief.do(t, "POST", path, nil); rec.Code != 403 {
		t.Errorf("chief: %d", rec.Code)
	}
}
