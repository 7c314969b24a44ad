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
	memo, _ := ctx.Value(unitMemoKey{}).(*unitMemo)
	if ids, ok := memo.get(p.units); ok {
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
	memo.put(p.units, ids)
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

// unitMemo holds the unit sets a request has resolved, so that a list
// and its total (two statements of one request) resolve them once.
type unitMemo struct {
	mu  sync.Mutex
	ids map[string][]string
}

type unitMemoKey struct{}

// WithUnitMemo returns ctx with a memo of resolved unit sets: the lists
// of a request made with it resolve the same unit sets once. It is for
// one request (a unit moved later in the same request is not seen).
func WithUnitMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, unitMemoKey{}, &unitMemo{ids: map[string][]string{}})
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

func (m *unitMemo) get(sets []unitSet) ([]string, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ids, ok := m.ids[unitSetsKey(sets)]
	return ids, ok
}

func (m *unitMemo) put(sets []unitSet, ids []string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ids[unitSetsKey(sets)] = ids
}
