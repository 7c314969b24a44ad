package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// TestPartitionsAhead: the partitions of a year and the years ahead are
// made once, also by two servers at the same time.
func TestPartitionsAhead(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	at := time.Date(2040, 3, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	made := make([]int, 2)
	errs := make([]error, 2)
	for i := range made {
		wg.Go(func() { made[i], errs[i] = db.EnsurePartitions(ctx, at) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	want := len(store.PartitionedTables) * (store.PartitionsAhead + 1)
	if made[0]+made[1] != want {
		t.Errorf("made %v partitions, want %d in all", made, want)
	}
	if n, err := db.EnsurePartitions(ctx, at); err != nil || n != 0 {
		t.Errorf("second run made %d: %v", n, err)
	}
	for _, table := range store.PartitionedTables {
		if got := partitionsOf(t, db, table); !slices.Contains(got, table+"_y2043") || !slices.Contains(got, table+"_default") {
			t.Errorf("%s partitions %v", table, got)
		}
	}
}

// TestDefaultRowsMoveToTheirPartition: a row of a year without a
// partition goes to the default partition and moves, with its id, into
// the year's partition when that is made; the partition is append-only
// too.
func TestDefaultRowsMoveToTheirPartition(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	var id int64
	if err := db.SQL().QueryRow(`INSERT INTO audit_events (at, actor, action, entity) VALUES ('2061-05-01 10:00+08', 'x', 'edit', 'unit')
		RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_events_default WHERE id = $1`, id); n != 1 {
		t.Fatalf("%d rows in the default partition", n)
	}
	if made, err := db.EnsureYearPartition(ctx, "audit_events", 2061); err != nil || !made {
		t.Fatalf("made %v: %v", made, err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_events_y2061 WHERE id = $1`, id); n != 1 {
		t.Errorf("%d rows in the year's partition", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_events_default`); n != 0 {
		t.Errorf("%d rows left in the default partition", n)
	}
	assertAppendOnly(t, db, "audit_events_y2061")
	if _, err := db.SQL().Exec(`INSERT INTO audit_events (at, actor, action, entity) VALUES ('2071-01-01', 'x', 'edit', 'unit')`); err != nil {
		t.Fatal(err)
	}
	assertAppendOnly(t, db, "audit_events_default")
}

// TestArchiveAuditYear: a past year's audit partition becomes an archive
// table with every row, still append-only, and leaves the log.
func TestArchiveAuditYear(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	for i := range 3 {
		if _, err := db.SQL().Exec(`INSERT INTO audit_events (at, actor, action, entity, entity_id) VALUES ($1, 'x', 'edit', 'unit', $2)`,
			time.Date(2019, time.Month(1+5*i), 1, 0, 0, 0, 0, domain.Shanghai), fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.EnsureYearPartition(ctx, "audit_events", 2019); err != nil {
		t.Fatal(err)
	}
	total := count(t, db, `SELECT count(*) FROM audit_events`)
	of2019 := count(t, db, `SELECT count(*) FROM audit_events_y2019`)
	if of2019 != 3 {
		t.Fatalf("%d events of 2019", of2019)
	}
	table, n, err := db.ArchiveAuditYear(ctx, 2019)
	if err != nil || table != "audit_archive_y2019" || n != of2019 {
		t.Fatalf("archive: %s %d %v", table, n, err)
	}
	if got := count(t, db, `SELECT count(*) FROM audit_archive_y2019`); got != of2019 {
		t.Errorf("%d rows archived, %d before", got, of2019)
	}
	if got := count(t, db, `SELECT count(*) FROM audit_events`); got != total-of2019 {
		t.Errorf("%d events left in the log, want %d", got, total-of2019)
	}
	if got := count(t, db, `SELECT count(*) FROM audit_events WHERE at < '2020-01-01'`); got != 0 {
		t.Errorf("%d events of 2019 still in the log", got)
	}
	assertAppendOnly(t, db, "audit_archive_y2019")
	if _, _, err := db.ArchiveAuditYear(ctx, 2019); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("second archive: %v", err)
	}
	if _, _, err := db.ArchiveAuditYear(ctx, time.Now().In(domain.Shanghai).Year()); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("archive of this year: %v", err)
	}
}

// TestOneMonthMetricsQueryReadsOnePartition: EXPLAIN of the metrics query
// that reads the events themselves, for one month, touches one partition
// of case_events.
func TestOneMonthMetricsQueryReadsOnePartition(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	year := time.Now().In(domain.Shanghai).Year()
	q := store.QuantityQuery{UnitPath: "/420000", ByProsecutor: true, ByUnit: true}
	query, args := store.EventCountSQL(q, domain.NewDate(year, time.March, 1), domain.NewDate(year, time.March, 31))
	plan, err := db.ExplainAnalyze(ctx, query, args)
	if err != nil {
		t.Fatal(err)
	}
	var root []struct {
		Plan planNode `json:"Plan"`
	}
	if err := json.Unmarshal(plan, &root); err != nil || len(root) != 1 {
		t.Fatalf("plan %s: %v", plan, err)
	}
	seen := map[string]bool{}
	var walk func(n planNode)
	walk = func(n planNode) {
		if strings.HasPrefix(n.Relation, "case_events") {
			seen[n.Relation] = true
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(root[0].Plan)
	var got []string
	for r := range seen {
		got = append(got, r)
	}
	sort.Strings(got)
	if diff := cmp.Diff([]string{fmt.Sprintf("case_events_y%d", year)}, got); diff != "" {
		t.Errorf("partitions read (-want +got):\n%s\nplan %s", diff, plan)
	}
}

func partitionsOf(t *testing.T, db *store.DB, table string) []string {
	t.Helper()
	return textColumn(t, db, `SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = $1::regclass ORDER BY 1`, table)
}

func count(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// assertAppendOnly checks that table, which holds a row, refuses
// updates, deletes and truncation.
func assertAppendOnly(t *testing.T, db *store.DB, table string) {
	t.Helper()
	for _, stmt := range []string{`UPDATE ` + table + ` SET actor = 'someone else'`, `DELETE FROM ` + table, `TRUNCATE ` + table} {
		if _, err := db.SQL().Exec(stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", stmt, err)
		}
	}
}

// TestPartitioningKeepsEveryRow: migrations 00032 and 00033 convert
// tables that hold rows: the same rows with their ids, a partition for
// each of their years, and ids that go on where they were.
func TestPartitioningKeepsEveryRow(t *testing.T) {
	ctx := context.Background()
	db, m := emptyMigrator(t)
	if err := m.UpTo(ctx, 31); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`
		INSERT INTO units (code, name, short_name, level, path) VALUES ('420000', '湖北省人民检察院', '鄂检', 'province', '/420000');
		INSERT INTO cases (unified_no, unit_id, category, received_on, persons)
			SELECT '42000020150000001', id, 'drug', '2015-03-01', 1 FROM units;
		INSERT INTO case_events (case_id, event, occurred_on, persons)
			SELECT id, e, d, 1 FROM cases, unnest(ARRAY['arrest_review_received', 'arrest_approved', 'prosecuted']) e,
				unnest(ARRAY['2015-03-01', '2016-12-31', '2031-01-01']::date[]) d;
		DELETE FROM case_events WHERE event = 'prosecuted' AND occurred_on = '2031-01-01';
		INSERT INTO audit_events (at, actor, action, entity) VALUES ('2014-06-01', 'x', 'edit', 'unit'), ('2016-06-01', 'x', 'edit', 'unit')`); err != nil {
		t.Fatal(err)
	}
	snapshot := func(table string) []string {
		return textColumn(t, db, `SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY x.id) FROM `+table+` x`)
	}
	events, audit := snapshot("case_events"), snapshot("audit_events")
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(events, snapshot("case_events")); diff != "" {
		t.Errorf("case_events (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(audit, snapshot("audit_events")); diff != "" {
		t.Errorf("audit_events (-before +after):\n%s", diff)
	}
	for _, p := range []string{"case_events_y2015", "case_events_y2016", "case_events_y2031", "audit_events_y2014", "audit_events_y2016"} {
		if n := count(t, db, `SELECT count(*) FROM `+p); n == 0 {
			t.Errorf("%s is empty", p)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM case_events_default`) + count(t, db, `SELECT count(*) FROM audit_events_default`); n != 0 {
		t.Errorf("%d rows in the default partitions", n)
	}
	// The deleted event's id is not given again.
	if n := count(t, db, `INSERT INTO case_events (case_id, event, occurred_on, persons) SELECT id, 'protest', '2017-01-01', 1 FROM cases
		RETURNING id`); n != 10 {
		t.Errorf("next event id %d, want 10", n)
	}
}

// TestPastYearsGetTheirPartition: an import of events of a year without a
// partition makes the year's partition first, so that none of its rows
// land in the default partition; a row that did land there (written
// inside a transaction, which cannot make the partition) is moved to its
// own by the partition job's run.
func TestPastYearsGetTheirPartition(t *testing.T) {
	db, units := caseDB(t)
	ctx := context.Background()
	all := domain.Scope{Patterns: []string{"/420000/*"}}
	pastCase(t, db, units[2], "42900420150000001", domain.NewDate(2015, 3, 2))
	if _, problems, err := db.ImportEvents(ctx, []store.EventInput{
		{Line: 2, UnifiedNo: "42900420150000001", Event: domain.EventArrestReviewReceived, OccurredOn: domain.NewDate(2015, 3, 5), Persons: 1},
		{Line: 3, UnifiedNo: "42900420150000001", Event: domain.EventArrestApproved, OccurredOn: domain.NewDate(2016, 1, 5), Persons: 1},
	}, all); err != nil || len(problems) > 0 {
		t.Fatal(problems, err)
	}
	for _, part := range []string{"case_events_y2015", "case_events_y2016"} {
		if n := count(t, db, `SELECT count(*) FROM `+part); n != 1 {
			t.Errorf("%d rows in %s", n, part)
		}
	}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		_, _, err := db.ImportEvents(ctx, []store.EventInput{
			{Line: 2, UnifiedNo: "42900420150000001", Event: domain.EventProsecutionReviewReceived, OccurredOn: domain.NewDate(2012, 6, 1), Persons: 1},
		}, all)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM case_events_default`); n != 1 {
		t.Fatalf("%d rows in the default partition after an import inside a transaction", n)
	}
	if made, err := db.EnsurePartitions(ctx, time.Now()); err != nil || made < 1 {
		t.Fatalf("made %d: %v", made, err)
	}
	if n := count(t, db, `SELECT count(*) FROM case_events_y2012`); n != 1 {
		t.Errorf("%d rows in case_events_y2012", n)
	}
	if n := count(t, db, `SELECT count(*) FROM case_events_default`); n != 0 {
		t.Errorf("%d rows left in the default partition", n)
	}
}

// TestBusyTableDoesNotHoldImport: while a transaction reads case_events,
// the partition of a new year cannot be made; the import then writes its
// rows into the default partition after the lock timeout instead of
// waiting, and the next batch of that year does not wait again.
func TestBusyTableDoesNotHoldImport(t *testing.T) {
	db, units := caseDB(t)
	ctx := context.Background()
	all := domain.Scope{Patterns: []string{"/420000/*"}}
	pastCase(t, db, units[2], "42900420130000001", domain.NewDate(2013, 3, 2))
	reader, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Rollback()
	if _, err := reader.Exec(`SELECT count(*) FROM case_events`); err != nil {
		t.Fatal(err)
	}
	for i, ev := range []domain.CaseEvent{domain.EventArrestReviewReceived, domain.EventArrestApproved} {
		began := time.Now()
		if _, problems, err := db.ImportEvents(ctx, []store.EventInput{
			{Line: 2, UnifiedNo: "42900420130000001", Event: ev, OccurredOn: domain.NewDate(2013, 3, 5+i), Persons: 1},
		}, all); err != nil || len(problems) > 0 {
			t.Fatal(problems, err)
		}
		took := time.Since(began)
		if i == 0 && (took < 2*time.Second || took > 20*time.Second) {
			t.Errorf("first batch took %v, want about the 3 s lock timeout", took)
		}
		if i == 1 && took > time.Second {
			t.Errorf("second batch waited again: %v", took)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM case_events_default`); n != 2 {
		t.Errorf("%d rows in the default partition, want the 2 written while the table was busy", n)
	}
}

// pastCase adds a drug case of unit received on the given day.
func pastCase(t *testing.T, db *store.DB, unit domain.Unit, no string, received domain.Date) {
	t.Helper()
	if _, _, err := db.UpsertCases(context.Background(), []store.CaseInput{
		{UnifiedNo: no, UnitID: unit.ID, Category: "drug", ReceivedOn: received, Persons: 1},
	}, domain.Scope{Patterns: []string{"/420000/*"}}); err != nil {
		t.Fatal(err)
	}
}
