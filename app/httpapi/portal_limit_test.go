package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPortalLimitsSharedAcrossServers: the portal's limits count the
// requests of an address to every server on the database, not to each
// one apart; a refused request says when to come back, the next window
// opens again, and the cleanup forgets ended windows.
func TestPortalLimitsSharedAcrossServers(t *testing.T) {
	a, b, _ := twoServers(t)
	servers := []*testServer{a, b}
	get := func(i int, addr, token string) int {
		t.Helper()
		rec := servers[i%2].doFrom(t, addr, http.MethodGet, "/r/"+token, nil, nil)
		if rec.Code == http.StatusTooManyRequests {
			if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 || s > int(portalLimitWindow/time.Second) {
				t.Errorf("429 with Retry-After %q", rec.Header().Get("Retry-After"))
			}
		}
		return rec.Code
	}
	const addr = "198.51.100.7"
	token := strings.Repeat("A", portalTokenLen) // unknown: 404 while within the limits
	for i := range portalLimitPerLink {
		if code := get(i, addr, token); code != http.StatusNotFound {
			t.Fatalf("request %d of the link, within its limit: %d", i+1, code)
		}
	}
	if code := get(portalLimitPerLink, addr, token); code != http.StatusTooManyRequests {
		t.Fatalf("request %d of the link from one address, over both servers: %d, want 429", portalLimitPerLink+1, code)
	}
	// Another address is not held back by this one; another IPv6 address
	// of the same /64 is the same client.
	if code := get(0, "198.51.100.8", token); code != http.StatusNotFound {
		t.Errorf("another address: %d", code)
	}
	for i := range portalLimitPerLink {
		if code := get(i, fmt.Sprintf("2001:db8:7:1::%x", i+1), token); code != http.StatusNotFound {
			t.Fatalf("request %d from the /64: %d", i+1, code)
		}
	}
	if code := get(0, "2001:db8:7:1::ffff", token); code != http.StatusTooManyRequests {
		t.Errorf("another address of the same /64 over the link's limit: %d", code)
	}
	// The address's own limit, over other links: it has used
	// portalLimitPerLink + 1 of its hits.
	for i := portalLimitPerLink + 1; i < portalLimitPerAddress; i++ {
		if code := get(i, addr, strings.Repeat("B", portalTokenLen-3)+string(rune('a'+i%26))+"xy"); code != http.StatusNotFound {
			t.Fatalf("request %d of the address: %d", i+1, code)
		}
	}
	if code := get(1, addr, strings.Repeat("C", portalTokenLen)); code != http.StatusTooManyRequests {
		t.Fatalf("request %d of the address: %d, want 429", portalLimitPerAddress+1, code)
	}

	a.clock.Advance(portalLimitWindow)
	if code := get(0, addr, token); code != http.StatusNotFound {
		t.Errorf("in the next window: %d", code)
	}
	var n int64
	if err := a.db.SQL().QueryRow(`SELECT count(*) FROM rate_windows`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("rate windows: %d %v", n, err)
	}
	deleted, err := a.db.DeleteRateWindows(t.Context(), a.clock.Now().Truncate(portalLimitWindow))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.db.SQL().QueryRow(`SELECT count(*) FROM rate_windows`).Scan(&n); err != nil || n != 2 {
		t.Errorf("after the cleanup (%d deleted): %d windows left, want the current window's 2 (%v)", deleted, n, err)
	}
}
