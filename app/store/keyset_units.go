package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// idArray is what procura_unit_ids returns as text: ids in braces.
var idArray = regexp.MustCompile(`^\{[0-9,]*\}$`)

// resolveUnits puts into p's conditions the ids of its unit sets, as
// constant arrays, in one statement (procura_unit_ids, migration 00031).
func (db *DB) resolveUnits(ctx context.Context, p *keysetPage) error {
	if len(p.units) == 0 {
		return nil
	}
	memo, key := memoIn(ctx), unitSetsKey(p.units)
	if ids, ok := memoGet(memo, memoUnits, key); ok {
		p.putUnits(ids)
		return nil
	}
	sel := make([]string, len(p.units))
	args := make([]any, 0, 2*len(p.units))
	for i, u := range p.units {
		sel[i] = "procura_unit_ids(?::text[], ?::text[])::text"
		args = append(args, textArray(u.exact), textArray(u.roots))
	}
	rows, err := db.conn(ctx).Raw("SELECT unnest(ARRAY["+strings.Join(sel, ", ")+"])", args...).Rows()
	if err != nil {
		return fmt.Errorf("list units: %w", translate(err))
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return fmt.Errorf("list units: %w", translate(err))
		}
		if !idArray.MatchString(a) {
			return fmt.Errorf("list units: unexpected ids %q", a)
		}
		ids = append(ids, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list units: %w", translate(err))
	}
	if len(ids) != len(p.units) {
		return fmt.Errorf("list units: %d id sets for %d unit sets", len(ids), len(p.units))
	}
	memoPut(memo, memoUnits, key, ids)
	p.putUnits(ids)
	return nil
}

// putUnits puts the resolved ids of p.units (ids[i] those of p.units[i],
// as text) into p's conditions.
func (p *keysetPage) putUnits(ids []string) {
	// Replaced from the last, so that $units1 does not match $units10.
	for i := len(ids) - 1; i >= 0; i-- {
		marker := fmt.Sprintf("%s%d", unitsMarker, i)
		for _, conds := range [][]string{p.conds, p.filters, p.estimates} {
			for _, j := range p.unitConds {
				conds[j] = strings.ReplaceAll(conds[j], marker, "'"+ids[i]+"'::bigint[]")
			}
		}
	}
	p.units = nil
}

// listMemo holds what the statements of one request's list have worked
// out that its total needs again: the unit sets resolved, the planner's
// estimates (a text search asks for one to choose its tiers, and the
// total for the same one), and the pieces text searches look up.
type listMemo struct {
	mu        sync.Mutex
	units     map[string][]string
	estimates map[string]int64
	pieces    map[string]string
}

type listMemoKey struct{}

// WithListMemo returns ctx with a memo for the lists of one request: a
// list and its total made with it resolve the same unit sets, and ask
// the planner the same estimate, once. It is for one request (a unit
// moved later in the same request is not seen).
func WithListMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, listMemoKey{}, &listMemo{units: map[string][]string{}, estimates: map[string]int64{}, pieces: map[string]string{}})
}

func memoIn(ctx context.Context) *listMemo {
	m, _ := ctx.Value(listMemoKey{}).(*listMemo)
	return m
}

func unitSetsKey(sets []unitSet) string {
	var b strings.Builder
	for _, u := range sets {
		b.WriteString(textArray(u.exact))
		b.WriteByte('|')
		b.WriteString(textArray(u.roots))
		b.WriteByte(';')
	}
	return b.String()
}

// memoGet and memoPut read and write one of m's maps; a nil m (no memo
// in the context) holds nothing.
func memoGet[V any](m *listMemo, of func(*listMemo) map[string]V, key string) (V, bool) {
	var zero V
	if m == nil {
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := of(m)[key]
	return v, ok
}

func memoPut[V any](m *listMemo, of func(*listMemo) map[string]V, key string, v V) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	of(m)[key] = v
}

func memoUnits(m *listMemo) map[string][]string  { return m.units }
func memoEstimates(m *listMemo) map[string]int64 { return m.estimates }
func memoPieces(m *listMemo) map[string]string   { return m.pieces }
