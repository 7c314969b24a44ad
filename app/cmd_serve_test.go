package main

import "testing"

// TestMemoryLimitFollowsThePageCache: without GOMEMLIMIT the server's soft
// memory limit is its page cache's bound plus a fixed headroom, so a
// larger cache never makes the collector run without pause; GOMEMLIMIT,
// when set, is the runtime's own and left alone.
func TestMemoryLimitFollowsThePageCache(t *testing.T) {
	none := func(string) string { return "" }
	for _, tc := range []struct {
		cache int
		want  int64
	}{
		{64 << 20, 112 << 20},
		{0, memoryHeadroom},
		{1 << 30, 1<<30 + memoryHeadroom},
	} {
		if got, ok := memoryLimit(tc.cache, none); !ok || got != tc.want {
			t.Errorf("page cache %d: limit %d, %v; want %d", tc.cache, got, ok, tc.want)
		}
	}
	set := func(k string) string {
		if k == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	}
	if got, ok := memoryLimit(64<<20, set); ok {
		t.Errorf("with GOMEMLIMIT set, the server set its own limit %d", got)
	}
}
