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

// Store keeps v for variant; past pageMemoVariants the older ones go.
func (m *PageMemo) Store(variant string, v any) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.variants) >= pageMemoVariants {
		clear(m.variants)
	}
	if m.variants == nil {
		m.variants = make(map[string]any, 1)
	}
	m.variants[variant] = v
}
