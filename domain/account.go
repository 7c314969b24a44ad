package domain

import (
	_ "embed"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a grant lets a user do in a unit.
type Role string

// The roles (DESIGN.md §2).
const (
	RoleAdmin      Role = "admin"      // 系统管理员
	RoleChief      Role = "chief"      // 检察长 / 分管副检察长
	RoleSupervisor Role = "supervisor" // 部门负责人、案管办
	RoleProsecutor Role = "prosecutor" // 检察官
	RoleClerk      Role = "clerk"      // 书记员
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleChief, RoleSupervisor, RoleProsecutor, RoleClerk}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// ReachesSubtree reports whether a grant of r in a unit also covers every
// unit below it: true for admin, chief and supervisor.
func (r Role) ReachesSubtree() bool {
	return r == RoleAdmin || r == RoleChief || r == RoleSupervisor
}

// Grant is a role held in a unit.
type Grant struct {
	Role     Role
	UnitID   int64
	UnitCode string
	UnitName string
	UnitPath string
}

// User is an account.
type User struct {
	ID                 int64
	Username           string
	Name               string
	UnitID             int64
	UnitCode           string
	UnitName           string
	UnitPath           string
	Active             bool
	MustChangePassword bool
	Version            int
	Grants             []Grant
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// ValidateUser checks an account's own fields.
func ValidateUser(username, name string) error {
	var v Validator
	v.Check(usernameRE.MatchString(username), Field("username", "format",
		"3–64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit.",
		"用户名为 3–64 位小写字母、数字、点、连字符或下划线，以字母或数字开头。"))
	checkText(&v, "name", name, 100)
	return v.Err()
}

// ValidateGrants checks roles and refuses duplicates.
func ValidateGrants(grants []Grant) error {
	var v Validator
	seen := map[Grant]bool{}
	for i, g := range grants {
		field := "grants[" + itoa(i) + "]"
		if !g.Role.Valid() {
			v.Add(Field(field+".role", "invalid", "Unknown role.", "未知角色。"))
		}
		if g.UnitID <= 0 {
			v.Add(Required(field + ".unit_id"))
		}
		key := Grant{Role: g.Role, UnitID: g.UnitID}
		if seen[key] {
			v.Add(Field(field, "duplicate", "The same role is granted twice in one unit.", "同一单位重复授予相同角色。"))
		}
		seen[key] = true
	}
	return v.Err()
}

// MinPasswordLength is the shortest accepted password.
const MinPasswordLength = 10

//go:embed common_passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// ValidatePassword applies the password policy to a new password: at least
// MinPasswordLength characters, not the username, not a common password.
func ValidatePassword(field, username, password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return Invalid(Field(field, "too_short", "At least 10 characters.", "密码至少 10 个字符。"))
	case strings.EqualFold(strings.TrimSpace(password), username):
		return Invalid(Field(field, "equals_username", "The password must differ from the username.", "密码不能与用户名相同。"))
	case commonPasswords[strings.ToLower(password)]:
		return Invalid(Field(field, "too_common", "This password is too common.", "该密码过于常见，请换一个。"))
	}
	return nil
}

// SessionPolicy bounds a session's life.
type SessionPolicy struct {
	Idle     time.Duration // since the last request
	Absolute time.Duration // since login
}

// DefaultSessionPolicy: 2 hours idle, 12 hours in all.
var DefaultSessionPolicy = SessionPolicy{Idle: 2 * time.Hour, Absolute: 12 * time.Hour}

// Expired reports whether a session created at created and last used at
// lastSeen has ended at now.
func (p SessionPolicy) Expired(created, lastSeen, now time.Time) bool {
	return !now.Before(lastSeen.Add(p.Idle)) || !now.Before(created.Add(p.Absolute))
}

// LoginPolicy throttles password guessing.
type LoginPolicy struct {
	MaxUserFailures int           // failures for one username before it locks
	LockFor         time.Duration // how long the lock lasts
	UserWindow      time.Duration // failures older than this do not count
	MaxIPFailures   int           // failures from one address before it is refused
	IPWindow        time.Duration
}

// DefaultLoginPolicy: 5 failures lock a username for 15 minutes; 50 failures
// from one address within 15 minutes refuse that address.
var DefaultLoginPolicy = LoginPolicy{MaxUserFailures: 5, LockFor: 15 * time.Minute, UserWindow: 15 * time.Minute,
	MaxIPFailures: 50, IPWindow: 15 * time.Minute}

// ErrInvalidCredentials answers a wrong password and an unknown user alike.
var ErrInvalidCredentials = &Error{Kind: KindUnauthenticated, Code: "invalid_credentials",
	Message: "Wrong username or password.", MessageZh: "用户名或密码错误。"}

// ErrLoginLocked answers attempts on a locked username or from a throttled address.
func ErrLoginLocked(retryAfter time.Duration) *Error {
	secs := int(retryAfter.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	mins := (secs + 59) / 60
	return &Error{Kind: KindRateLimited, Code: "locked",
		Message:   "Too many failed sign-ins; try again in " + itoa(mins) + " minute(s).",
		MessageZh: "登录失败次数过多，请 " + itoa(mins) + " 分钟后再试。",
		Details:   map[string]any{"retry_after_seconds": secs}}
}

// ErrPasswordChangeRequired blocks everything but the password change.
var ErrPasswordChangeRequired = &Error{Kind: KindForbidden, Code: "password_change_required",
	Message: "Change your temporary password first.", MessageZh: "请先修改初始密码。"}

// ErrCSRF refuses an unsafe request without the session's CSRF token.
var ErrCSRF = &Error{Kind: KindForbidden, Code: "csrf_failed",
	Message: "Missing or wrong X-CSRF-Token header; reload the page.", MessageZh: "缺少或错误的 CSRF 令牌，请刷新页面。"}

// ErrWrongPassword refuses a password change with a wrong current password.
var ErrWrongPassword = Invalid(Field("current_password", "wrong", "The current password is wrong.", "当前密码不正确。"))

func itoa(n int) string { return strconv.Itoa(n) }
