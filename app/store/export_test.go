package store

import (
	"context"
	"time"

	"procura/domain"
)

// The SQL of the page of ids a list filter selects, for the plan test.

func (db *DB) SuggestionPageSQL(f SuggestionFilter) (string, []any) {
	return db.pageSQL(suggestionPage(f))
}
func (db *DB) HearingPageSQL(f HearingFilter) (string, []any) { return db.pageSQL(hearingPage(f)) }
func (db *DB) CasePageSQL(f CaseFilter) (string, []any)       { return db.pageSQL(casePage(f)) }

func (db *DB) pageSQL(p *keysetPage) (string, []any) {
	if err := db.preparePage(context.Background(), p); err != nil {
		panic(err)
	}
	with, args := p.with()
	return with + "SELECT id FROM page", args
}

// The SQL counting every row a list filter matches.

func (db *DB) SuggestionCountSQL(f SuggestionFilter) (string, []any) {
	return db.countSQL(suggestionPage(f))
}
func (db *DB) HearingCountSQL(f HearingFilter) (string, []any) { return db.countSQL(hearingPage(f)) }
func (db *DB) CaseCountSQL(f CaseFilter) (string, []any)       { return db.countSQL(casePage(f)) }

func (db *DB) countSQL(p *keysetPage) (string, []any) {
	if err := db.resolveUnits(context.Background(), p); err != nil {
		panic(err)
	}
	return "SELECT count(*) FROM " + p.table + " " + p.alias + " WHERE " + joined(p.conds), p.args
}

// Count runs a count query.
func (db *DB) Count(ctx context.Context, q string, args []any) (int64, error) {
	var n int64
	err := db.conn(ctx).Raw(q, args...).Row().Scan(&n)
	return n, err
}

// KeysetBudget is the most rows of the primary key a page reads.
func KeysetBudget() int { return keysetWindow + keysetWide }

// ExplainAnalyze runs q under EXPLAIN (ANALYZE, FORMAT JSON).
func (db *DB) ExplainAnalyze(ctx context.Context, q string, args []any) ([]byte, error) {
	var out string
	err := db.conn(ctx).Raw("EXPLAIN (ANALYZE, FORMAT JSON) "+q, args...).Row().Scan(&out)
	return []byte(out), err
}

// SetKeysetTiers scales the tiers of a list page to a test's tables and
// returns a function restoring them.
func SetKeysetTiers(window, wide int) func() {
	w, d := keysetWindow, keysetWide
	keysetWindow, keysetWide = window, wide
	return func() { keysetWindow, keysetWide = w, d }
}

// EventCountSQL is the query that counts events of q from from to to
// from case_events itself.
func EventCountSQL(q QuantityQuery, from, to domain.Date) (string, []any) {
	return q.eventCountSQL(from, to)
}

// UpTo applies the migrations up to version.
func (m *Migrator) UpTo(ctx context.Context, version int64) error {
	_, err := m.p.UpTo(ctx, version)
	return err
}

// ScanRaw runs the read q into dest as the store's reads do, on a replica
// when ctx is routed to one.
func (db *DB) ScanRaw(ctx context.Context, dest any, q string, args ...any) error {
	return db.conn(ctx).Raw(q, args...).Scan(dest).Error
}

// IDs runs a query of ids.
func (db *DB) IDs(ctx context.Context, q string, args []any) ([]int64, error) {
	var ids []int64
	err := db.conn(ctx).Raw(q, args...).Scan(&ids).Error
	return ids, err
}

// SetListenerCheck sets how long a listener waits before checking its
// connection, until the test ends.
func SetListenerCheck(d time.Duration) (restore func()) {
	old := listenerCheck
	listenerCheck = d
	return func() { listenerCheck = old }
}

// ForgetGramStats empties the search statistics the server has read;
// GramStatsReading says whether a request is reading those of stat.
func (db *DB) ForgetGramStats() {
	db.gramStats.mu.Lock()
	defer db.gramStats.mu.Unlock()
	db.gramStats.m = nil
}

func (db *DB) GramStatsReading(stat string) bool {
	db.gramStats.mu.Lock()
	defer db.gramStats.mu.Unlock()
	e := db.gramStats.m[stat]
	return e != nil && e.reading
}
