package store

import "sync"

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
	variants map[string]any
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
	for _, v := range m.variants {
		n += sizeOf(v)
	}
	return n
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
	v, ok := m.variants[variant]
	return v, ok
}

// Store keeps v for variant; past pageMemoVariants the older ones go. The
// size of what it keeps (when v is a Sizer) counts against the page cache.
func (m *PageMemo) Store(variant string, v any) {
	if m == nil {
		return
	}
	m.mu.Lock()
	n := 0 // what the memo's size changes by
	if _, ok := m.variants[variant]; !ok && len(m.variants) >= pageMemoVariants {
		for _, old := range m.variants {
			n -= sizeOf(old)
		}
		clear(m.variants)
	}
	n += sizeOf(v) - sizeOf(m.variants[variant])
	if m.variants == nil {
		m.variants = make(map[string]any, 1)
	}
	m.variants[variant] = v
	charged := m.charged
	m.mu.Unlock()
	if charged != nil && n != 0 {
		charged(n)
	}
}

func (d SuggestionDetail) pageMemo() *PageMemo { return d.Memo }
func (d HearingDetail) pageMemo() *PageMemo    { return d.Memo }
func (d CaseDetail) pageMemo() *PageMemo       { return d.Memo }
