package domain

import (
	"errors"
	"strings"
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
		{strings.Repeat("长", MaxPasswordLength), ""},
		{strings.Repeat("长", MaxPasswordLength+1), "too_long"},
		{strings.Repeat("a", 100000), "too_long"},
		{"procura-demo\u00002026", "invalid_character"},
		{"procura-demo\t2026", "invalid_character"},
		{"procura-demo\u20282026", "invalid_character"},
		{"procura-demo\xff2026", "invalid_character"},
	}
	// Every zero-width, bidirectional and other format character.
	for _, r := range []rune{0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
		0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x7F, 0x85} {
		tests = append(tests, struct{ pw, code string }{"procura-demo" + string(r) + "2026", "invalid_character"})
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

func TestValidateLogin(t *testing.T) {
	tests := []struct {
		name, username, password string
		want                     []string // field:code
	}{
		{"fine", "Admin", "any password at all", nil},
		{"unknown name passes", "no.such.user", "x", nil},
		{"both empty", " ", "", []string{"username:required", "password:required"}},
		{"NUL in the name", "a\u0000b", "x", []string{"username:invalid_character"}},
		{"bidi in the name", "admin\u202e", "x", []string{"username:invalid_character"}},
		{"long name", strings.Repeat("a", 65), "x", []string{"username:too_long"}},
		{"long password", "admin", strings.Repeat("x", 129), []string{"password:too_long"}},
		{"100 kB password", "admin", strings.Repeat("x", 100000), []string{"password:too_long"}},
	}
	for _, tt := range tests {
		var got []string
		if e, ok := AsError(ValidateLogin(tt.username, tt.password)); ok {
			for _, f := range e.Fields {
				got = append(got, f.Field+":"+f.Code)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if err := CheckPasswordInput("current_password", strings.Repeat("x", 129)); err == nil {
		t.Error("CheckPasswordInput accepts 129 characters")
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
