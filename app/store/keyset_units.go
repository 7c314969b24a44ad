package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// idArray is what procura_unit_ids returns as text: ids in braces.
var idArray = regexp.MustCompile(`^\{[0-9,]*\}$`)

// resolveUnits puts into p's conditions the ids of its unit sets, as
// constant arrays, in one statement (procura_unit_ids, migration 00031).
func (db *DB) resolveUnits(ctx context.Context, p *keysetPage) error {
	if len(p.units) == 0 {
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
	// Replaced from the last, so that $units1 does not match $units10.
	for i := len(ids) - 1; i >= 0; i-- {
		marker := fmt.Sprintf("%s%d", unitsMarker, i)
		for j, c := range p.conds {
			p.conds[j] = strings.ReplaceAll(c, marker, "'"+ids[i]+"'::bigint[]")
		}
	}
	p.units = nil
	return nil
}
