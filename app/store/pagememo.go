package store

import (
	"context"
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

// PageState is what a suggestion's or a hearing's page carries for the
// page cache besides its record and sections.
type PageState struct {
	// Memo keeps what the API rendered from this page.
	Memo *PageMemo
	// Partial is set on a cached page whose sections the page cache
	// dropped once its memo held a rendering (see sectioned): it holds
	// only its record. CompleteSuggestionDetail and CompleteHearingDetail
	// read the sections again.
	Partial      bool
	historyLimit int
}

func (st PageState) pageMemo() *PageMemo { return st.Memo }
func (st PageState) partial() bool       { return st.Partial }

// shed is the state of the page once its sections are dropped.
func (st PageState) shed() PageState {
	st.Partial = true
	return st
}

// memoPages reads the pages of a kind of record whose renderings are
// memoized: R is the row its statement scans, D the page.
type memoPages[R any, D interface{ withState(PageState) D }] struct {
	kind     recordKind
	what     string
	query    string // parameters: the history's limit and the id
	toDetail func(R) (D, error)
}

// get returns the page of id with at most historyLimit events of its
// history, from the page cache or in one statement.
func (p memoPages[R, D]) get(ctx context.Context, db *DB, id int64, historyLimit int) (D, error) {
	return cachedDetailRead(ctx, db, detailKey{kind: p.kind, id: id, limit: historyLimit}, func(ctx context.Context) (D, int, error) {
		return p.read(ctx, db, id, historyLimit)
	})
}

func (p memoPages[R, D]) read(ctx context.Context, db *DB, id int64, historyLimit int) (D, int, error) {
	d, n, err := readSizedDetail(ctx, db, p.what, p.query, []any{historyLimit, id}, p.toDetail)
	return d.withState(PageState{Memo: newPageMemo(), historyLimit: historyLimit}), n, err
}

// complete returns d or, when st (d's) says d is Partial, its page read
// again (the page cache is left as it is), with d's memo.
func (p memoPages[R, D]) complete(ctx context.Context, db *DB, d D, id int64, st PageState) (D, error) {
	if !st.Partial {
		return d, nil
	}
	full, _, err := p.read(ctx, db, id, st.historyLimit)
	st.Partial = false
	return full.withState(st), err
}
