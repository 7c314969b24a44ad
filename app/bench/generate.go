package bench

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"procura/domain"
)

// generate fills the cluster: synthetic suggestions and hearings, the
// generated cases with their events, the reminders the server would add
// at start, pgbench's tables; then it vacuums and analyses everything and
// picks the values the measurements use.
func generate(ctx context.Context, c *cluster, dir string, o Options, step func(string, ...any)) (*plan, error) {
	p := &plan{c: c, today: domain.DateOf(time.Now(), domain.Shanghai)}
	db := c.db.SQL()
	// Combinations found among the demo's rows, which every copy keeps.
	var err error
	leaf := `unit_id NOT IN (SELECT parent_id FROM units WHERE parent_id IS NOT NULL)`
	for _, q := range []struct {
		dst         *[3]string
		table, cols string
		empty       bool
	}{
		{&p.emptySuggestion, "suggestions", "unit_id::text, status, category", true},
		{&p.someSuggestion, "suggestions", "unit_id::text, status, category", false},
		{&p.emptyStatusType, "suggestions", "status, '', type", true},
		{&p.emptyHearing, "hearings", "unit_id::text, status, kind", true},
		{&p.someHearing, "hearings", "unit_id::text, status, kind", false},
	} {
		if *q.dst, err = combination(ctx, db, q.table, q.cols, leaf, q.empty); err != nil {
			return nil, err
		}
	}

	firstSuggestion, firstHearing := int64(1), int64(1)
	if o.Suggestions > 0 {
		step("adding %d suggestions", o.Suggestions)
		if firstSuggestion, err = cloneTable(ctx, db, suggestionCopies(), o.Suggestions, step); err != nil {
			return nil, err
		}
	}
	if o.Hearings > 0 {
		step("adding %d hearings", o.Hearings)
		if firstHearing, err = cloneTable(ctx, db, hearingCopies(), o.Hearings, step); err != nil {
			return nil, err
		}
	}
	step("generating %d cases with gen-data's generator", o.Cases)
	if p.files, err = generateCases(ctx, c.db, dir, o.Cases, o.ImportEvents, o.Seed, p.today); err != nil {
		return nil, err
	}
	step("loading %d cases and %d events (%d events kept for the import)", p.files.nCases, p.files.nLoad, p.files.nImport)
	if err := loadCases(ctx, c.db, c.dsn, p.files); err != nil {
		return nil, err
	}
	// The server's first reminder scan would otherwise run during the
	// measurements.
	step("adding the reminders due today")
	began := time.Now()
	if p.reminders, err = c.db.GenerateReminders(ctx, p.today); err != nil {
		return nil, err
	}
	p.reminderScan = time.Since(began)
	step("pgbench -i -s %d", o.PgbenchScale)
	if err := pgbenchInit(ctx, c.pg.Port(), o.PgbenchScale); err != nil {
		return nil, err
	}
	step("VACUUM ANALYZE")
	if _, err := db.ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
		return nil, err
	}

	if err := queryList(ctx, db, &p.suggestionIDs, `SELECT id FROM suggestions WHERE id >= $1 ORDER BY id LIMIT $2`, firstSuggestion, detailSample); err != nil {
		return nil, err
	}
	if err := queryList(ctx, db, &p.hearingIDs, `SELECT id FROM hearings WHERE id >= $1 ORDER BY id LIMIT $2`, firstHearing, detailSample); err != nil {
		return nil, err
	}
	if err := queryList(ctx, db, &p.caseIDs, `SELECT id FROM cases ORDER BY random() LIMIT $1`, 5*detailSample); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT doc_no FROM suggestions WHERE doc_no IS NOT NULL ORDER BY id DESC LIMIT 1`).Scan(&p.docNo); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT unified_no FROM cases ORDER BY id DESC LIMIT 1`).Scan(&p.caseNo); err != nil {
		return nil, err
	}
	if len(p.suggestionIDs) == 0 || len(p.hearingIDs) == 0 || len(p.caseIDs) == 0 {
		return nil, fmt.Errorf("bench: no records to read")
	}
	return p, nil
}

// combination finds values of three columns of the table's rows under
// leaf units: with empty, each of the first two together and the third
// common, but no row having all three (a filter combination that matches
// nothing although its parts match much); else the commonest that rows
// have.
func combination(ctx context.Context, db *sql.DB, table, cols, where string, empty bool) ([3]string, error) {
	q := fmt.Sprintf(`WITH r AS (SELECT %s FROM %s WHERE %s), t(a, b, c) AS (SELECT * FROM r)
		SELECT a, b, c FROM t GROUP BY a, b, c ORDER BY count(*) DESC, 1, 2, 3 LIMIT 1`, cols, table, where)
	if empty {
		q = fmt.Sprintf(`WITH r AS (SELECT %s FROM %s WHERE %s), t(a, b, c) AS (SELECT * FROM r),
			ab AS (SELECT a, b, count(*) AS n FROM t GROUP BY a, b), cs AS (SELECT c, count(*) AS n FROM t GROUP BY c)
			SELECT ab.a, ab.b, cs.c FROM ab, cs WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.a = ab.a AND t.b = ab.b AND t.c = cs.c)
			ORDER BY ab.n * cs.n DESC, 1, 2, 3 LIMIT 1`, cols, table, where)
	}
	var out [3]string
	if err := db.QueryRowContext(ctx, q).Scan(&out[0], &out[1], &out[2]); err != nil {
		return out, fmt.Errorf("bench: no combination of %s in %s (empty: %v): %w", cols, table, empty, err)
	}
	return out, nil
}

// queryList scans a one-column query into dst.
func queryList[T any](ctx context.Context, db *sql.DB, dst *[]T, q string, args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return err
		}
		*dst = append(*dst, v)
	}
	return rows.Err()
}
