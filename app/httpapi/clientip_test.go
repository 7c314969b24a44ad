package httpapi

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestClientIP: X-Forwarded-For counts only when the peer is a trusted
// proxy, and then its last address that is not one.
func TestClientIP(t *testing.T) {
	lb := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/29")}
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     string
		want    string
	}{
		{name: "no proxies: the peer", peer: "10.0.0.7:4000", xff: "198.51.100.1", want: "10.0.0.7"},
		{name: "from the balancer", trusted: lb, peer: "10.0.0.7:4000", xff: "203.0.113.9, 198.51.100.1", want: "198.51.100.1"},
		{name: "through two trusted hops", trusted: lb, peer: "10.0.0.7:4000", xff: "198.51.100.1, 10.0.0.2", want: "198.51.100.1"},
		{name: "from the balancer, no header", trusted: lb, peer: "10.0.0.7:4000", want: "10.0.0.7"},
		{name: "not from the balancer", trusted: lb, peer: "10.0.0.9:4000", xff: "198.51.100.1", want: "10.0.0.9"},
		{name: "loopback is not trusted unless named", trusted: lb, peer: "127.0.0.1:4000", xff: "198.51.100.1", want: "127.0.0.1"},
		{name: "IPv6 balancer", trusted: []netip.Prefix{netip.MustParsePrefix("fd00::/64")}, peer: "[fd00::5]:4000", xff: "2001:db8::1", want: "2001:db8::1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = tc.peer
			if tc.xff != "" {
				req.Header.Set("X-Forwarded-For", tc.xff)
			}
			if got := clientIP(tc.trusted)(req); got != tc.want {
				t.Errorf("client %q, want %q", got, tc.want)
			}
		})
	}
}
