package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// fillCommonNumbers adds cases whose unified numbers share their first ten
// digits (a unit's code and a year), and takes statistics.
func fillCommonNumbers(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.SQL().Exec(`INSERT INTO cases (unified_no, unit_id, case_type, category, prosecutor_name, received_on, persons)
		SELECT '4399992025' || lpad(g::text, 7, '0'), (SELECT min(id) FROM units WHERE level = 'basic'), '审查起诉', 'drug', '陈静', date '2025-01-01' + g % 300, 1
		FROM generate_series(1, 20000) g`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`ANALYZE cases`); err != nil {
		t.Fatal(err)
	}
}

// A search holding a NUL matches nothing and is no error, also where its
// pieces would be looked up.
func TestSearchWithNULFindsNothing(t *testing.T) {
	_, db := testdb.WithDemo(t)
	fillCommonNumbers(t, db)
	province := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000")}}
	ctx := store.WithListMemo(context.Background())
	recs, err := db.ListCases(ctx, store.CaseFilter{Scope: province, Limit: 10, Q: "4399\x0092025001"})
	if err != nil || len(recs) != 0 {
		t.Errorf("%d rows, %v; want none and no error", len(recs), err)
	}
	if _, err := db.CountCases(ctx, store.CaseFilter{Scope: province, Limit: 10, Q: "4399\x0092025001"}); err != nil {
		t.Errorf("count: %v", err)
	}
	// And a whole number is found, by a piece.
	recs, err = db.ListCases(store.WithListMemo(context.Background()), store.CaseFilter{Scope: province, Limit: 10, Q: "43999920250012345"})
	if err != nil || len(recs) != 1 {
		t.Errorf("whole number: %d rows, %v; want one", len(recs), err)
	}
}

// While one request reads the search statistics (here waiting for a list
// connection), another searches without waiting for it: the first reads
// them, the others look their searches up whole meanwhile.
func TestSearchStatisticsReadHoldsNoOtherSearch(t *testing.T) {
	_, db := testdb.WithDemo(t)
	fillCommonNumbers(t, db)
	province := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000")}}
	ctx := context.Background()
	db.ForgetGramStats()
	var held []*sql.Conn
	for db.ListsSQL().Stats().InUse < db.ListsSQL().Stats().MaxOpenConnections {
		c, err := db.ListsSQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	release := func() {
		for _, c := range held {
			c.Close()
		}
		held = nil
	}
	defer release()
	first := make(chan error, 1)
	go func() {
		_, err := db.ListCases(store.WithListMemo(ctx), store.CaseFilter{Scope: province, Limit: 20, Q: "43999920250012345"})
		first <- err
	}()
	for !db.GramStatsReading("cases_search_grams") {
		time.Sleep(time.Millisecond)
	}
	// In a transaction: on its own connection, not the list pool's.
	err := db.WithTx(ctx, func(ctx context.Context) error {
		recs, err := db.ListCases(ctx, store.CaseFilter{Scope: province, Limit: 20, Q: "43999920250012345"})
		if err == nil && len(recs) != 1 {
			t.Errorf("%d rows, want one", len(recs))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !db.GramStatsReading("cases_search_grams") {
		t.Error("the search waited until the other request had read the statistics")
	}
	release()
	if err := <-first; err != nil {
		t.Errorf("the first request: %v", err)
	}
}
