package domain

import (
	"testing"
	"time"
)

func TestLoginPolicyPairWait(t *testing.T) {
	p := DefaultLoginPolicy
	want := map[int]time.Duration{0: 0, 4: 0, 5: 30 * time.Second, 6: time.Minute, 7: 2 * time.Minute, 8: 4 * time.Minute,
		9: 8 * time.Minute, 10: 15 * time.Minute, 11: 15 * time.Minute, 1000: 15 * time.Minute}
	for n, w := range want {
		if got := p.PairWait(n); got != w {
			t.Errorf("PairWait(%d) = %v, want %v", n, got, w)
		}
	}
}

func TestLoginPolicyNameLocks(t *testing.T) {
	p := DefaultLoginPolicy
	tests := []struct {
		failures, addresses int
		want                bool
	}{
		{19, 5, false}, {20, 4, false}, {20, 5, true}, {500, 1, false}, {100, 50, true},
	}
	for _, tt := range tests {
		if got := p.NameLocks(tt.failures, tt.addresses); got != tt.want {
			t.Errorf("NameLocks(%d, %d) = %v", tt.failures, tt.addresses, got)
		}
	}
}

func TestPasswordChangePolicyWait(t *testing.T) {
	p := DefaultPasswordChangePolicy
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	ago := func(ms ...int) []time.Time {
		var out []time.Time
		for _, m := range ms {
			out = append(out, now.Add(-time.Duration(m)*time.Minute))
		}
		return out
	}
	if got := p.Wait(ago(1, 2, 3, 4), now); got != 0 {
		t.Errorf("four failures: wait %v", got)
	}
	if got := p.Wait(ago(1, 2, 3, 4, 5), now); got != 10*time.Minute {
		t.Errorf("five failures, the fifth 5 minutes ago: wait %v, want 10m", got)
	}
	if got := p.Wait(ago(1, 2, 3, 4, 5, 14), now); got != 10*time.Minute {
		t.Errorf("six failures: wait %v, want 10m (until the fifth newest is 15 minutes old)", got)
	}
}

func TestWaitText(t *testing.T) {
	e := ErrLoginLocked(30 * time.Second)
	if e.Details["retry_after_seconds"] != 30 || e.MessageZh != "登录失败次数过多，请 30 秒后再试。" || e.Message != "Too many failed sign-ins; try again in 30 second(s)." {
		t.Errorf("%+v", e)
	}
	if e := ErrPasswordAttempts(0); e.Details["retry_after_seconds"] != 1 || e.Kind != KindRateLimited {
		t.Errorf("%+v", e)
	}
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.7": "192.0.2.7", "::ffff:192.0.2.7": "192.0.2.7", "2001:db8:1:2:aaaa::1": "2001:db8:1:2::/64",
		"2001:db8:1:2:bbbb::9": "2001:db8:1:2::/64", "fe80::1%eth0": "fe80::/64", "": "", "not an address": "not an address",
	} {
		if got := AddressKey(in); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", in, got, want)
		}
	}
}
