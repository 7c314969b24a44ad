package store

import (
	"slices"
	"sync"
)

// pageMemoVariants bounds the renderings a memo keeps: a day's page in its
// few variants (say, with ID numbers masked or not).
const pageMemoVariants = 4

// PageMemo keeps what the API rendered from a record page, so that a page
// answered from the page cache (detailcache.go) is not rendered again for
// every request. It belongs to the page it was read with: requests that
// share a cached page share its memo, and a change, which drops the page,
// leaves the next read a new, empty memo. A nil memo keeps nothing.
type PageMemo struct {
	mu       sync.Mutex
	variants []memoVariant // a few: a map per page weighed 5 MB over 14,000 pages
	// charged is told the bytes of each rendering kept (Sizer), once the
	// page is in the cache.
	charged func(n int)
}

// Sizer is what a rendering that knows its size in memory implements.
type Sizer interface{ Size() int }

// charge has f told the sizes of the renderings kept from now on, and
// returns the size of those kept before.
func (m *PageMemo) charge(f func(n int)) int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.charged = f
	n := 0
	for _, x := range m.variants {
		n += sizeOf(x.v)
	}
	return n
}

type memoVariant struct {
	name string
	v    any
}

func sizeOf(v any) int {
	if s, ok := v.(Sizer); ok {
		return s.Size()
	}
	return 0
}

func newPageMemo() *PageMemo { return &PageMemo{} }

// Load returns what was stored for variant.
func (m *PageMemo) Load(variant string) (any, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.variants {
		if x.name == variant {
			return x.v, true
		}
	}
	return nil, false
}

// Store keeps v for variant; past pageMemoVariants the older ones go. The
// size of what it keeps (when v is a Sizer) counts against the page cache.
func (m *PageMemo) Store(variant string, v any) {
	if m == nil {
		return
	}
	m.mu.Lock()
	n := sizeOf(v) // what the memo's size changes by
	i := slices.IndexFunc(m.variants, func(x memoVariant) bool { return x.name == variant })
	switch {
	case i >= 0:
		n -= sizeOf(m.variants[i].v)
		m.variants[i].v = v
	case len(m.variants) >= pageMemoVariants:
		for _, x := range m.variants {
			n -= sizeOf(x.v)
		}
		m.variants = append(m.variants[:0], memoVariant{variant, v})
	default:
		m.variants = append(m.variants, memoVariant{variant, v})
	}
	charged := m.charged
	m.mu.Unlock()
	if charged != nil && n != 0 {
		charged(n)
	}
}

func (d SuggestionDetail) pageMemo() *PageMemo { return d.Memo }
func (d HearingDetail) pageMemo() *PageMemo    { return d.Memo }
