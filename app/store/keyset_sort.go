package store

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"procura/domain"
)

// The sort keys of the lists (issue 15) and the page sorted by one of
// them (keysetPage.sortedWith); keyset.go has the newest-first page.

// ListSort orders a list by the sort key Key (one the list names), in
// descending order when Desc; the zero value is newest first.
type ListSort struct {
	Key  string
	Desc bool
}

// SortCursor is the position after a page of a sorted list: the last
// row's id and its value of the sort key as text (nil when it has none).
type SortCursor struct {
	Value *string
	ID    int64
}

// sortKey is a column (or expression) a list sorts by. expr is indexed
// together with id (migration 00023) and never NULL; arg is the SQL that
// turns a cursor's value (a text parameter, maybe NULL) into expr's
// type and value; opaque is expr in a form that matches no index, for the
// tier that must find rows through the filters' indexes instead.
type sortKey struct {
	expr, arg, opaque string
	// valid says whether a cursor's value can be one of this key's.
	valid func(string) bool
}

// ListSorts are the sort keys of one list, by name.
type ListSorts map[string]sortKey

// Names lists the names of the keys, sorted.
func (ks ListSorts) Names() []string {
	out := make([]string, 0, len(ks))
	for k := range ks {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Has reports whether key names one of the keys.
func (ks ListSorts) Has(key string) bool { _, ok := ks[key]; return ok }

// ValidValue reports whether v can be a value of the key (a cursor's
// value reaches SQL as a typed parameter, so it is checked first).
func (ks ListSorts) ValidValue(key, v string) bool {
	k, ok := ks[key]
	return ok && utf8.ValidString(v) && len(v) <= 64 && k.valid(v)
}

func validDate(v string) bool { _, err := domain.ParseDate(v); return err == nil }

func validTime(v string) bool { _, err := time.Parse(time.RFC3339Nano, v); return err == nil }

func validInt(v string) bool { _, err := strconv.ParseInt(v, 10, 32); return err == nil }

// dateSort, timeSort, intSort and rankSort are the sort keys of a date, a
// time, a number and a status column (rank: the function that gives the
// status its place in the lifecycle).
func dateSort(col string) sortKey {
	e := "coalesce(" + col + ", 'infinity'::date)"
	return sortKey{expr: e, arg: "coalesce(?::date, 'infinity'::date)", opaque: "(" + e + " + 0)", valid: validDate}
}

// requiredDateSort is the sort key of a date column that is never NULL
// (its index is on the plain column).
func requiredDateSort(col string) sortKey {
	return sortKey{expr: col, arg: "?::date", opaque: "(" + col + " + 0)", valid: validDate}
}

func timeSort(e string) sortKey {
	return sortKey{expr: e, arg: "coalesce(?::timestamptz, 'infinity'::timestamptz)", opaque: "(" + e + " + interval '0 s')", valid: validTime}
}

func intSort(col string) sortKey {
	return sortKey{expr: col, arg: "?::integer", opaque: "(" + col + " + 0)", valid: validInt}
}

func rankSort(rank, col string, valid func(string) bool) sortKey {
	e := rank + "(" + col + ")"
	return sortKey{expr: e, arg: rank + "(?::text)", opaque: "(" + e + " + 0)", valid: valid}
}

// sortBy orders p by the key named in s among keys (the handler has
// checked the name; an unknown one leaves the page newest first).
func (p *keysetPage) sortBy(s ListSort, after *SortCursor, keys ListSorts) {
	if s.Key == "" {
		return
	}
	k, ok := keys[s.Key]
	if !ok {
		return // the handler checks the key against SortKeys
	}
	p.sort, p.desc, p.after = &k, s.Desc, after
}

// sortedWith is with for a page sorted by p.sort, in two tiers: the
// keysetWindow rows after the cursor in the key's order, a walk of its
// index on (key, id), of which those that match; and, only when those are
// less than a page, the rows after the last one walked, found through the
// filters' own indexes and sorted (the opaque key keeps the key's index
// out of that tier: walking it to find sparse matches is the walk of the
// whole index the tiers exist to avoid). Unlike the newest-first page
// there is no middle tier: rows near in the key are not near on disk, so
// a range of the key is no cheaper than the filters' indexes.
func (p *keysetPage) sortedWith() (string, []any) {
	a, t, k := p.alias, p.table+" "+p.alias, p.sort
	cond := joined(p.conds)
	cmp, dir := ">", "ASC"
	if p.desc {
		cmp, dir = "<", "DESC"
	}
	from := "true"
	var cursor []any
	if p.after != nil {
		from = fmt.Sprintf("(%s, %s.id) %s (%s, ?::bigint)", k.expr, a, cmp, k.arg)
		cursor = []any{p.after.Value, p.after.ID}
	}
	n := p.limit + p.offset
	q := fmt.Sprintf(`WITH keyset_window AS MATERIALIZED (SELECT %[1]s.id, %[3]s AS k FROM %[2]s WHERE %[4]s ORDER BY %[3]s %[5]s, %[1]s.id %[5]s LIMIT %[6]d),
	keyset_hit AS MATERIALIZED (SELECT %[1]s.id FROM %[2]s WHERE %[1]s.id IN (SELECT id FROM keyset_window) AND %[7]s ORDER BY %[3]s %[5]s, %[1]s.id %[5]s LIMIT %[8]d),
	keyset_edge AS MATERIALIZED (SELECT k, id FROM keyset_window WHERE (SELECT count(*) FROM keyset_hit) < %[8]d
		AND (SELECT count(*) FROM keyset_window) = %[6]d ORDER BY k %[5]s, id %[5]s OFFSET %[9]d LIMIT 1),
	keyset_rest AS MATERIALIZED (SELECT %[1]s.id FROM %[2]s WHERE (SELECT count(*) FROM keyset_hit) < %[8]d
		AND (%[10]s, %[1]s.id + 0) %[11]s (SELECT k, id FROM keyset_edge) AND %[7]s ORDER BY %[10]s %[5]s, %[1]s.id + 0 %[5]s LIMIT %[8]d),
	page AS (SELECT id FROM keyset_hit UNION ALL SELECT id FROM keyset_rest) `,
		a, t, k.expr, from, dir, keysetWindow, cond, n, keysetWindow-1, k.opaque, cmp)
	args := append(append(append([]any{}, cursor...), p.args...), p.args...)
	return q, args
}

// dateText is d as a cursor value, nil when zero.
func dateText(d domain.Date) *string {
	if d.IsZero() {
		return nil
	}
	return textPtr(d.String())
}

func textPtr(s string) *string { return &s }
