package domain

import (
	_ "embed"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
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

// MaxPasswordLength is the longest accepted password, in characters: a
// passphrase fits, and nobody can make the server hash 100 kB.
const MaxPasswordLength = 128

// ValidatePassword applies the password policy to a new password: from
// MinPasswordLength to MaxPasswordLength characters, no control, invisible
// or bidirectional characters, not the username, not a common password.
func ValidatePassword(field, username, password string) error {
	if err := CheckPasswordInput(field, password); err != nil {
		return err
	}
	switch {
	case invisibleRune(password) >= 0:
		return Invalid(invisibleCharacter(field))
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return Invalid(Field(field, "too_short", "At least 10 characters.", "密码至少 10 个字符。"))
	case strings.EqualFold(strings.TrimSpace(password), username):
		return Invalid(Field(field, "equals_username", "The password must differ from the username.", "密码不能与用户名相同。"))
	case commonPasswords[strings.ToLower(password)]:
		return Invalid(Field(field, "too_common", "This password is too common.", "该密码过于常见，请换一个。"))
	}
	return nil
}

// CheckPasswordInput refuses a password typed to be checked (at sign-in,
// or the current one at a change) that no valid password can equal
// because it is too long, before anything hashes it.
func CheckPasswordInput(field, password string) error {
	if passwordTooLong(password) {
		return Invalid(passwordTooLongError(field))
	}
	return nil
}

func passwordTooLong(pw string) bool {
	// More bytes than 4 per character cannot be within the limit; the byte
	// test spares counting the runes of a huge string.
	return len(pw) > 4*MaxPasswordLength || utf8.RuneCountInString(pw) > MaxPasswordLength
}

func passwordTooLongError(field string) FieldError {
	return Field(field, "too_long", "At most "+itoa(MaxPasswordLength)+" characters.", "密码最多 "+itoa(MaxPasswordLength)+" 个字符。")
}

// MaxUsernameLength is the longest username (see usernameRE).
const MaxUsernameLength = 64

// ValidateLogin checks what a sign-in sends before it is looked up or
// hashed: both present, the name of a length and characters a username
// can have, the password not too long. A name that merely does not exist
// passes, so that the answer reveals nothing.
func ValidateLogin(username, password string) error {
	var v Validator
	name := strings.TrimSpace(username)
	switch {
	case name == "":
		v.Add(Required("username"))
	case utf8.RuneCountInString(name) > MaxUsernameLength:
		v.Add(TooLong("username", MaxUsernameLength))
	case invisibleRune(name) >= 0:
		v.Add(invisibleCharacter("username"))
	}
	v.Check(password != "", Required("password"))
	v.Check(!passwordTooLong(password), passwordTooLongError("password"))
	return v.Err()
}

// invisibleRune returns the index of the first rune of s that is a
// control (Cc), a format character (Cf: zero-width and bidirectional
// controls such as U+200B–U+200F, U+202A–U+202E, U+2066–U+2069 and U+FEFF),
// a line or paragraph separator, or invalid UTF-8; else -1.
func invisibleRune(s string) int {
	for i, r := range s {
		if r == utf8.RuneError || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			return i
		}
	}
	return -1
}

func invisibleCharacter(field string) FieldError {
	return Field(field, "invalid_character", "Control, invisible and bidirectional characters are not allowed.",
		"不能包含控制字符、不可见字符或双向控制字符。")
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

// ErrPasswordChangeRequired blocks everything but the password change.
var ErrPasswordChangeRequired = &Error{Kind: KindForbidden, Code: "password_change_required",
	Message: "Change your temporary password first.", MessageZh: "请先修改初始密码。"}

// ErrCSRF refuses an unsafe request without the session's CSRF token.
var ErrCSRF = &Error{Kind: KindForbidden, Code: "csrf_failed",
	Message: "Missing or wrong X-CSRF-Token header; reload the page.", MessageZh: "缺少或错误的 CSRF 令牌，请刷新页面。"}

// ErrWrongPassword refuses a password change with a wrong current password.
var ErrWrongPassword = Invalid(Field("current_password", "wrong", "The current password is wrong.", "当前密码不正确。"))

func itoa(n int) string { return strconv.Itoa(n) }
