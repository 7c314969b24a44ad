package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"procura/domain"
)

// The tiers of a list page (see keysetPage): keysetWindow is how many of
// the newest rows below the cursor a page reads first, by id; keysetWide
// how many ids below those it reads next, as a range of the primary key,
// before it turns to the filter indexes (a range of ids, not a count of
// rows: ids are dense, and finding the row 21,000 rows down was a walk of
// as many index entries on every page whose first tier fell short).
// Variables only so that the plan test can scale them to its smaller
// tables.
var (
	keysetWindow = 1000
	keysetWide   = 20000
)

// keysetPage selects the ids of one page of a list, newest first, in a
// way whose cost the planner cannot misjudge. Ordering by id and walking
// the primary key backwards is quick when the filters match many recent
// rows, and a walk of the whole index when they match few or none (the
// planner cannot know that matches are rare among recent rows: status and
// dates go with age). So the page reads at most keysetWindow recent rows in
// id order, then keysetWide more as a range of the primary key; only when
// fewer than a page of them match does it look below those, and there
// through the filters' own indexes: ordered by a
// column that has one value in the filter (an index on (column, id DESC)
// gives that order), or else through bitmaps of the filter indexes and a
// sort of what they find, which is small because the matches are sparse.
type keysetPage struct {
	table, alias string
	// conds are the filter conditions, on alias's columns only (joins
	// would defeat the indexes), with their arguments. filters and
	// estimates say the same conditions with the same arguments in other
	// forms: filters as the first tier checks them on rows it has read
	// (without the calls that exist only to match an index), estimates as
	// the planner should estimate them (on the columns' own statistics,
	// where conds hide a column from an index).
	conds, filters, estimates []string
	args                      []any
	// driver is a column equal to one value in conds with an index on
	// (driver, id DESC); "" when there is none.
	driver string
	before int64 // the cursor: ids below it; 0 for the first page
	limit  int
	// scoped counts the conditions of the caller's scope, which every
	// page has and which do not count as filters.
	scoped int
	// offset skips that many matches before the page (page numbers; the
	// caller bounds it, see maxListOffset).
	offset int
	// sort orders the page by a sort key instead of newest first, from
	// after (nil for the first page).
	sort  *sortKey
	desc  bool
	after *SortCursor
	// units are the unit sets of the conditions, resolved to ids by
	// DB.resolveUnits before the page runs; unitConds the indexes of the
	// conditions that name them (only those: the others hold the
	// caller's values, in which a marker may be mere text).
	units     []unitSet
	unitConds []int
	// textSearch says that a condition looks its words up in a trigram
	// index; sparse that the planner expects few matches (see
	// DB.preparePage), and the page is found in one tier.
	textSearch, sparse bool
	// covered says that a covering index holds every column the filters
	// name, and the id (migration 00047): a page of few matches reads
	// them from that index alone, in one tier (DB.preparePage).
	covered bool
	// search is the text search whose lookup a cheaper piece of it may
	// replace (searchpiece.go); nil when there is none or once done.
	search *pieceSearch
}

// sparseRows is the most matches the planner may expect of a text search
// for its page to be found in one tier, through the indexes: each tier
// would look the words up again (a whole 文号 or case number has a dozen
// trigrams common to every row, 15–25 ms of index pages each time), and
// a few hundred rows found through them and sorted cost less than that.
const sparseRows = 500

// coveredRows is the most matches the planner may expect of covered
// filters for their page to be found in one tier: read from the covering
// index and sorted, 5,000 entries cost about a millisecond, where the
// first tier alone reads a thousand rows of the table (the hearings of
// one status in one month: 3 ms in tiers, 0.9 ms from the index).
const coveredRows = 5000

// preparePage readies p to run: it resolves its unit sets, narrows a text
// search to its cheapest piece (searchpiece.go) and, for a text search or
// covered filters, asks the planner how many rows match, so that a page
// of few matches is found in one tier instead of reading the index once
// per tier.
func (db *DB) preparePage(ctx context.Context, p *keysetPage) error {
	if err := db.resolveUnits(ctx, p); err != nil {
		return err
	}
	if err := db.narrowSearch(ctx, p); err != nil {
		return err
	}
	if !p.textSearch && !p.covered || p.sort != nil {
		return nil
	}
	// The total asks for the same estimate, from the request's memo.
	est, err := db.estimateRows(ctx, "SELECT 1 FROM "+p.table+" "+p.alias+" WHERE "+joined(p.estimates), p.args)
	if err != nil {
		return err
	}
	p.sparse = est <= sparseRows || p.covered && est <= coveredRows
	return nil
}

// MaxListOffset is the most matches a numbered page may skip: page
// numbers reach that far by offset, further pages only by cursor.
const MaxListOffset = 2000

// tail is the outer query's order, limit and offset for a page selected by
// with (the page CTE holds limit+offset ids at most).
func (p *keysetPage) tail(limit int) string {
	order := p.alias + ".id DESC"
	if p.sort != nil {
		dir := " ASC"
		if p.desc {
			dir = " DESC"
		}
		order = p.sort.expr + dir + ", " + p.alias + ".id" + dir
	}
	return fmt.Sprintf("ORDER BY %s LIMIT %d OFFSET %d", order, limit, p.offset)
}

// where adds the condition c, its arguments written into it as literals
// (sqlLiteral) at its placeholders: a list's best plan depends on its
// filters' values (a status found among the newest rows, or a category
// none of a unit's rows has), and a statement without parameters is
// planned for its values once per connection and kept, where a
// parameter's value is either planned for each time (5 ms of a list
// statement's time) or not seen at all (a generic plan; see
// openListPool). Most filters' values are few (statuses, types,
// categories, units, prosecutors); dates, cursors and the words searched
// for (matchText) are many, and the list pool bounds the statements each
// connection keeps.
func (p *keysetPage) where(c string, args ...any) {
	parts := strings.Split(c, "?")
	if len(parts) != len(args)+1 {
		panic(fmt.Sprintf("keysetPage.where: %d placeholders for %d arguments in %q", len(parts)-1, len(args), c))
	}
	var b strings.Builder
	for i, part := range parts {
		b.WriteString(part)
		if i < len(args) {
			b.WriteString(sqlLiteral(args[i]))
		}
	}
	c = b.String()
	p.whereForms(c, c, c)
}

// sqlLiteral is v as an SQL literal: a string quoted with its quotes
// doubled (the connections keep standard_conforming_strings on, so a
// backslash is an ordinary character; a string holding a NUL, which no
// stored text can, is NULL), a number as digits, a time as a quoted
// timestamptz (beyond the years PostgreSQL reads, an infinity). Other
// types are a programming error.
func sqlLiteral(v any) string {
	switch x := v.(type) {
	case string:
		if strings.ContainsRune(x, 0) {
			// No stored text holds a NUL (PostgreSQL's text cannot), and
			// none may reach the statement: the value matches nothing.
			return "NULL"
		}
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case int64:
		return strconv.FormatInt(x, 10)
	case time.Time:
		// PostgreSQL reads no year 0 or below, nor above 9999, in this
		// form; as bounds of a period such times are the infinities.
		switch u := x.UTC(); {
		case u.Year() < 1:
			return "'-infinity'::timestamptz"
		case u.Year() > 9999:
			return "'infinity'::timestamptz"
		default:
			return sqlLiteral(u.Format(time.RFC3339Nano)) + "::timestamptz"
		}
	}
	panic(fmt.Sprintf("sqlLiteral: %T", v))
}

// whereForms adds the condition c, checked on read rows as filter and
// estimated as est (see keysetPage.conds), with its arguments.
func (p *keysetPage) whereForms(c, filter, est string, args ...any) {
	p.conds = append(p.conds, c)
	p.filters = append(p.filters, filter)
	p.estimates = append(p.estimates, est)
	p.args = append(p.args, args...)
}

// joined is conds joined by AND, "true" when there are none.
func joined(conds []string) string {
	if len(conds) == 0 {
		return "true"
	}
	return strings.Join(conds, " AND ")
}

// equal keeps rows whose column col (of SQL type typ) is v. The first
// such column drives the look below the window: written as = ANY(ARRAY[v])
// rather than = v, the planner does not fold the column's order into a
// constant, so the order (col, id DESC) can come only from the index on
// (col, id DESC), never from a walk of the primary key.
func (p *keysetPage) equal(col, typ string, v any) {
	p.where(fmt.Sprintf("%s.%s = ANY(ARRAY[?]::%s[])", p.alias, col, typ), v)
	if p.driver == "" {
		p.driver = col
	}
}

// inUnits keeps rows whose unit is one of the units at the paths exact
// or at or below the paths roots. The condition is a placeholder until
// resolveUnits puts the units' ids in as a constant array: the planner
// then knows how many units and rows it takes, and can make it an index
// condition beside other filters (a composite index, migration 00031).
// Computed by a subquery, the array was a parameter the planner could
// neither estimate nor put into such an index; computed by a function in
// the condition, it was computed again for every row read. For the
// subtree of a province or a branch (a tenth of the rows or more) broad
// keeps the condition off the unit index (unit_id + 0): a subtree's rows
// are never sparse among the newest, and the first two tiers of a page
// find them.
func (p *keysetPage) inUnits(broad bool, exact, roots []string) {
	ids := fmt.Sprintf(" = ANY(%s%d)", unitsMarker, len(p.units))
	est, c := p.alias+".unit_id"+ids, p.alias+".unit_id"+ids
	if broad {
		c = p.alias + ".unit_id + 0" + ids
	}
	p.unitConds = append(p.unitConds, len(p.conds))
	p.whereForms(c, c, est)
	p.units = append(p.units, unitSet{exact: exact, roots: roots})
}

// unitsMarker stands in a condition for the ids of p.units[i] until they
// are resolved.
const unitsMarker = "$units"

// unitSet is the units at the paths exact and at or below the paths roots.
type unitSet struct{ exact, roots []string }

// arrayElement quotes a string inside a PostgreSQL array literal. It is
// built once: a Replacer builds a 256-entry table on first use, and one
// per element made a search's list page allocate about 500 kB (issue 10).
var arrayElement = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// textArray is a PostgreSQL array literal of strings.
func textArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		arrayElement.WriteString(&b, s)
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// broadPath reports whether path is a province's or a branch's (one or
// two segments).
func broadPath(path string) bool { return strings.Count(path, "/") <= 2 }

// inScope keeps the rows of units in scope.
func (p *keysetPage) inScope(scope domain.Scope) {
	exact, roots := scope.Split()
	broad := len(exact) == 0 && len(roots) > 0
	for _, r := range roots {
		broad = broad && broadPath(r)
	}
	p.inUnits(broad, exact, roots)
	p.scoped++
}

// inSubtree keeps the rows of the unit at path and its subtree.
func (p *keysetPage) inSubtree(path string) {
	p.inUnits(broadPath(path), nil, []string{path})
}

// shortSearch is the longest search string that trigrams cannot serve: a
// pattern of fewer than three characters has no trigram to look up.
const shortSearch = 2

// matchText keeps rows whose text contains q. Three or more characters
// go through the trigram index of full, the whole search text, by the
// cheapest piece of q that the statistics object stat of full's trigrams
// finds (searchpiece.go; DB.narrowSearch puts it in); one or two (a
// common Chinese word is two) through the index of the one- and
// two-character pieces of short (procura_grams, migration 00020), an
// expression that must be the indexed one, so that such a search reads
// the 文号, title and names but not the long texts.
func (p *keysetPage) matchText(full, stat, short, q string) {
	like := "%" + escapeLike(q) + "%"
	if utf8.RuneCountInString(q) > shortSearch || short == "" {
		// A NUL is in no stored text: the literal is NULL and matches
		// nothing (sqlLiteral), and no piece is looked up for it.
		if !strings.ContainsRune(q, 0) {
			p.search = &pieceSearch{cond: len(p.conds), full: full, stat: stat, q: q}
		}
		p.where(full+" LIKE ?", like)
		p.textSearch = true
		return
	}
	// The pieces of short are all its one- and two-character substrings,
	// so that holding q among them is containing q: the planner estimates
	// that from the statistics of the grams index's expression, which
	// know how common a piece is (the LIKE on short has none, and with
	// it the planner took a word in 30,000 rows for one in 150, and
	// counted them). The LIKE checks the rows read without computing
	// their pieces. Literals, as where writes them.
	filter := short + " LIKE " + sqlLiteral(like)
	grams := "procura_grams(" + short + ") @> ARRAY[" + sqlLiteral(q) + "]::text[]"
	p.whereForms(grams+" AND "+filter, filter, grams)
}

// with returns the WITH clause defining page(id), and its arguments; the
// caller selects its rows WHERE id IN (SELECT id FROM page) ORDER BY id
// DESC. Three tiers, each run only when those before found less than a
// page: the keysetWindow newest rows below the cursor, a range of the
// primary key read backwards until a page matches (when most rows match,
// a page reads little more than its own rows; the filters are written
// "(…) IS TRUE" there, a form no index matches, so that the planner
// cannot trade the range for bitmaps of a filter's whole index, which it
// would for a range whose end it does not know);
// the next keysetWide ids, a range of the primary key; and below them,
// the filter indexes (id + 0 keeps the primary key out of that tier: no
// walk of it, not even a range).
func (p *keysetPage) with() (string, []any) {
	if p.sort != nil {
		return p.sortedWith()
	}
	a, t := p.alias, p.table+" "+p.alias
	cond, filter := joined(p.conds), joined(p.filters)
	before := int64(math.MaxInt64)
	if p.before > 0 {
		before = p.before
	}
	order := a + ".id + 0 DESC"
	if p.sparse {
		q := fmt.Sprintf(`WITH page AS MATERIALIZED (SELECT %[1]s.id FROM %[2]s WHERE %[1]s.id + 0 < %[3]d AND %[4]s ORDER BY %[5]s LIMIT %[6]d) `,
			a, t, before, cond, order, p.limit+p.offset)
		return q, append([]any{}, p.args...)
	}
	// An order from the driver's index is a walk of its rows until a page
	// matches: bounded by the matches only when the driver is the one
	// filter. With others, one of them may be far more selective, and
	// bitmaps of their indexes read only what they all match.
	if p.driver != "" && len(p.conds)-p.scoped == 1 {
		order = a + "." + p.driver + ", " + a + ".id DESC"
	}
	q := fmt.Sprintf(`WITH keyset_window AS MATERIALIZED (SELECT id FROM %[1]s WHERE id < %[2]d ORDER BY id DESC LIMIT %[3]d),
	keyset_hit AS MATERIALIZED (SELECT %[4]s.id FROM %[5]s WHERE %[4]s.id < %[2]d AND %[4]s.id >= (SELECT min(id) FROM keyset_window) AND (%[10]s) IS TRUE
		ORDER BY %[4]s.id DESC LIMIT %[7]d),
	keyset_far AS MATERIALIZED (SELECT (SELECT min(id) FROM keyset_window) - %[9]d AS id WHERE (SELECT count(*) FROM keyset_hit) < %[7]d),
	keyset_wide AS MATERIALIZED (SELECT %[4]s.id FROM %[5]s WHERE (SELECT count(*) FROM keyset_hit) < %[7]d
		AND %[4]s.id < (SELECT min(id) FROM keyset_window) AND %[4]s.id >= (SELECT id FROM keyset_far) AND %[6]s ORDER BY %[4]s.id DESC LIMIT %[7]d),
	keyset_rest AS MATERIALIZED (SELECT %[4]s.id FROM %[5]s WHERE (SELECT count(*) FROM keyset_hit) + (SELECT count(*) FROM keyset_wide) < %[7]d
		AND %[4]s.id + 0 < (SELECT id FROM keyset_far) AND %[6]s ORDER BY %[8]s LIMIT %[7]d),
	page AS (SELECT id FROM keyset_hit UNION ALL SELECT id FROM keyset_wide UNION ALL SELECT id FROM keyset_rest) `,
		p.table, before, keysetWindow, a, t, cond, p.limit+p.offset, order, keysetWide, filter)
	args := append(append(append([]any{}, p.args...), p.args...), p.args...)
	return q, args
}

// oneOf keeps rows whose text column col has one of values; a single
// value is an equal condition (it may drive the page).
func oneOf[T ~string](p *keysetPage, col string, values []T) {
	switch len(values) {
	case 0:
	case 1:
		p.equal(col, "text", string(values[0]))
	default:
		p.where(p.alias+"."+col+" IN ("+placeholders(len(values))+")", anys(values)...)
	}
}

// placeholders is n comma-separated placeholders.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// anys is xs as arguments.
func anys[T ~string](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
