package domain

import (
	"errors"
	"testing"
	"time"
)

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw, code string
	}{
		{"procura-demo-2026", ""},
		{"长城长城长城长城长城", ""}, // ten characters, not bytes
		{"short", "too_short"},
		{"123456789", "too_short"},
		{"Clerk.Xiantao", "equals_username"},
		{"1234567890", "too_common"},
		{"Password123", "too_common"},
	}
	for _, tt := range tests {
		err := ValidatePassword("new_password", "clerk.xiantao", tt.pw)
		e, _ := AsError(err)
		switch {
		case tt.code == "" && err != nil:
			t.Errorf("%q: unexpected %v", tt.pw, err)
		case tt.code != "" && (e == nil || e.Fields[0].Code != tt.code || e.Fields[0].Field != "new_password"):
			t.Errorf("%q: got %v, want %s", tt.pw, err, tt.code)
		}
	}
}

func TestSessionPolicy(t *testing.T) {
	p := DefaultSessionPolicy
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		lastSeen, now time.Duration
		want          bool
	}{
		{"fresh", 0, time.Minute, false},
		{"idle just under 2h", 0, 2*time.Hour - time.Second, false},
		{"idle 2h", 0, 2 * time.Hour, true},
		{"active at 11h59", 11*time.Hour + 58*time.Minute, 11*time.Hour + 59*time.Minute, false},
		{"absolute 12h", 11*time.Hour + 59*time.Minute, 12 * time.Hour, true},
	}
	for _, tt := range tests {
		if got := p.Expired(start, start.Add(tt.lastSeen), start.Add(tt.now)); got != tt.want {
			t.Errorf("%s: Expired = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestValidateGrantsAndRoles(t *testing.T) {
	if err := ValidateGrants([]Grant{{Role: RoleChief, UnitID: 1}, {Role: RoleClerk, UnitID: 1}}); err != nil {
		t.Error(err)
	}
	err := ValidateGrants([]Grant{{Role: "judge", UnitID: 1}, {Role: RoleClerk}, {Role: RoleChief, UnitID: 2}, {Role: RoleChief, UnitID: 2}})
	e, ok := AsError(err)
	if !ok || len(e.Fields) != 3 || e.Fields[0].Field != "grants[0].role" || e.Fields[1].Field != "grants[1].unit_id" || e.Fields[2].Code != "duplicate" {
		t.Errorf("ValidateGrants = %v", err)
	}
	for _, r := range Roles {
		if want := r == RoleAdmin || r == RoleChief || r == RoleSupervisor; r.ReachesSubtree() != want {
			t.Errorf("%s.ReachesSubtree() = %v", r, !want)
		}
	}
	if err := ValidateUser("Bad Name", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("ValidateUser = %v", err)
	}
	if err := ValidateUser("prosecutor.xiantao", "张明"); err != nil {
		t.Error(err)
	}
}

func TestLoginLockedError(t *testing.T) {
	e := ErrLoginLocked(14*time.Minute + 30*time.Second)
	if e.Kind != KindRateLimited || e.Details["retry_after_seconds"] != 870 || e.MessageZh != "登录失败次数过多，请 15 分钟后再试。" {
		t.Errorf("%+v", e)
	}
}
