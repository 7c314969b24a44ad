package domain

import (
	"net/netip"
	"time"
)

// LoginPolicy throttles password guessing at sign-in without letting one
// person lock others out (docs/decisions.md, "Throttling"). Failures are
// counted by lower-cased name as typed, account or not.
type LoginPolicy struct {
	// One name from one address: the first PairFreeFailures failures cost
	// nothing; from then on each failure makes that pair wait PairDelay,
	// doubled by every further failure, at most PairMaxDelay. A pair's
	// failures older than PairWindow are forgotten; a success clears them.
	PairFreeFailures int
	PairDelay        time.Duration
	PairMaxDelay     time.Duration
	PairWindow       time.Duration

	// One name from many addresses: NameLockFailures failures from at
	// least NameLockAddresses distinct addresses within NameWindow lock
	// the name everywhere for LockFor (an administrator can unlock it).
	NameLockFailures  int
	NameLockAddresses int
	NameWindow        time.Duration
	LockFor           time.Duration

	// One address, many names: MaxIPFailures failures within IPWindow
	// refuse that address for every name that has not signed in from it
	// successfully within KnownFor, so one person behind a shared address
	// does not lock out the colleagues who use it every day.
	MaxIPFailures int
	IPWindow      time.Duration
	KnownFor      time.Duration
}

// DefaultLoginPolicy: 5 free failures per name and address, then 30 s
// doubling up to 15 minutes; 20 failures from 5 or more addresses within
// 15 minutes lock the name for 15 minutes; 100 failures from one address
// within 15 minutes refuse it for names not used from it in 30 days.
var DefaultLoginPolicy = LoginPolicy{
	PairFreeFailures: 5, PairDelay: 30 * time.Second, PairMaxDelay: 15 * time.Minute, PairWindow: 24 * time.Hour,
	NameLockFailures: 20, NameLockAddresses: 5, NameWindow: 15 * time.Minute, LockFor: 15 * time.Minute,
	MaxIPFailures: 100, IPWindow: 15 * time.Minute, KnownFor: 30 * 24 * time.Hour,
}

// PairWait is how long a name must wait at an address after its failures
// there, counted from the last one: nothing before PairFreeFailures.
func (p LoginPolicy) PairWait(failures int) time.Duration {
	if failures < p.PairFreeFailures || p.PairDelay <= 0 {
		return 0
	}
	d := p.PairDelay
	for i := p.PairFreeFailures; i < failures && d < p.PairMaxDelay; i++ {
		d *= 2
	}
	return min(d, p.PairMaxDelay)
}

// NameLocks reports whether failures of one name from addresses distinct
// addresses within NameWindow lock the name.
func (p LoginPolicy) NameLocks(failures, addresses int) bool {
	return failures >= p.NameLockFailures && addresses >= p.NameLockAddresses
}

// PasswordChangePolicy throttles guessing the current password through
// the password change of a signed-in session (a stolen session cookie).
type PasswordChangePolicy struct {
	MaxFailures int           // wrong current passwords of a user within Window before it must wait
	Window      time.Duration // failures older than this do not count towards MaxFailures
	EndSession  int           // wrong current passwords in one session that end it
}

// DefaultPasswordChangePolicy: 5 wrong current passwords within 15 minutes
// make the user wait; the 10th in one session ends that session.
var DefaultPasswordChangePolicy = PasswordChangePolicy{MaxFailures: 5, Window: 15 * time.Minute, EndSession: 10}

// Wait is how long a user must wait before trying again, given the times
// of their failures within Window, newest first: until the failure that
// reached MaxFailures is older than Window.
func (p PasswordChangePolicy) Wait(newestFirst []time.Time, now time.Time) time.Duration {
	if p.MaxFailures <= 0 || len(newestFirst) < p.MaxFailures {
		return 0
	}
	return max(newestFirst[p.MaxFailures-1].Add(p.Window).Sub(now), 0)
}

// ErrInvalidCredentials answers a wrong password and an unknown user alike.
var ErrInvalidCredentials = &Error{Kind: KindUnauthenticated, Code: "invalid_credentials",
	Message: "Wrong username or password.", MessageZh: "用户名或密码错误。"}

// ErrLoginLocked answers attempts on a locked or delayed name or from a
// throttled address.
func ErrLoginLocked(retryAfter time.Duration) *Error {
	return rateLimited("locked", "Too many failed sign-ins", "登录失败次数过多", retryAfter)
}

// ErrPasswordAttempts answers a password change after too many wrong
// current passwords.
func ErrPasswordAttempts(retryAfter time.Duration) *Error {
	return rateLimited("too_many_attempts", "Too many wrong current passwords", "当前密码错误次数过多", retryAfter)
}

// rateLimited is a 429 saying why (en, zh) and when to try again, also as
// details.retry_after_seconds (answered as Retry-After).
func rateLimited(code, en, zh string, retryAfter time.Duration) *Error {
	secs, inEn, inZh := waitText(retryAfter)
	return &Error{Kind: KindRateLimited, Code: code,
		Message: en + "; try again in " + inEn + ".", MessageZh: zh + "，请 " + inZh + "后再试。",
		Details: map[string]any{"retry_after_seconds": secs}}
}

// ErrSessionEnded answers the wrong current password that ends a session.
var ErrSessionEnded = &Error{Kind: KindUnauthenticated, Code: "session_ended",
	Message:   "Too many wrong current passwords: you have been signed out. Sign in again.",
	MessageZh: "当前密码错误次数过多，已退出登录，请重新登录。"}

// waitText rounds a wait up to whole seconds (at least one) and words it:
// seconds under a minute, else minutes rounded up.
func waitText(d time.Duration) (secs int, en, zh string) {
	secs = int((d + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	if secs < 60 {
		return secs, itoa(secs) + " second(s)", itoa(secs) + " 秒"
	}
	mins := (secs + 59) / 60
	return secs, itoa(mins) + " minute(s)", itoa(mins) + " 分钟"
}

// AddressKey is the address that sign-in throttles count by: an IPv4
// address as it is, an IPv6 address as its /64 network (one household or
// office gets a whole /64, so counting single IPv6 addresses would give
// one person billions of fresh addresses), anything else as given.
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
