package bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// detailSample is how many synthetic suggestions and hearings get copies
// of their template's child rows (transitions, replies, participants, …):
// the detail reads pick among them, so a detail answer has every section
// a real record has. The rest of the rows serve the lists.
const detailSample = 2000

// cloneBatch is how many rows one INSERT … SELECT writes.
const cloneBatch = 100_000

// synthetic describes how to copy the demo's rows of one table: every
// column is taken from a template row d (the demo's rows, taken in turn)
// except the overrides, SQL over d, the row number g (1…n) and shift, a
// number of days (0–729) that moves every date and time of the copy back
// together so that the copies spread over two years and stay consistent
// (a reply after its service, a hearing held after it was proposed).
type synthetic struct {
	table     string
	overrides map[string]string
	children  []string // tables whose rows (by <table's singular>_id) are copied for the detail sample
	childKey  string   // the children's column naming the parent
}

const shiftExpr = `((g::bigint * 7919) % 730)::integer`

// cloneTable adds n copies of the table's existing rows (the demo's),
// with ids following the highest, and for the first detailSample copies
// also copies of their template's child rows. Secondary indexes are
// dropped for the load and rebuilt afterwards (a sorted build is several
// times faster than n index insertions), then the table is analysed. It
// returns the id of the first copy.
func cloneTable(ctx context.Context, db *sql.DB, s synthetic, n int, step func(string, ...any)) (first int64, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	// One "everything changed" notification for the load, not one per row
	// (migration 00042); no server is running yet anyway.
	if _, err := conn.ExecContext(ctx, `SET procura.bulk_changes = 'on'`); err != nil {
		return 0, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `RESET procura.bulk_changes`)
	var base int64
	var k int
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0), count(*) FROM `+s.table).Scan(&base, &k); err != nil {
		return 0, fmt.Errorf("bench: %s: %w", s.table, err)
	}
	if k == 0 {
		return 0, fmt.Errorf("bench: %s has no demo rows to copy", s.table)
	}
	cols, exprs, err := copyColumns(ctx, conn, s.table, "d", s.overrides)
	if err != nil {
		return 0, err
	}
	indexes, err := dropIndexes(ctx, conn, s.table)
	if err != nil {
		return 0, err
	}
	template := fmt.Sprintf(`(SELECT t.*, row_number() OVER (ORDER BY t.id) - 1 AS rn FROM %s t WHERE t.id <= %d) d ON d.rn = g %% %d`, s.table, base, k)
	for from := 1; from <= n; from += cloneBatch {
		to := min(n, from+cloneBatch-1)
		q := fmt.Sprintf(`INSERT INTO %s (id, %s) OVERRIDING SYSTEM VALUE SELECT %d + g, %s FROM generate_series(%d, %d) g JOIN %s`,
			s.table, strings.Join(cols, ", "), base, strings.Join(exprs, ", "), from, to, template)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("bench: copy %s: %w", s.table, err)
		}
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))`, s.table, s.table)); err != nil {
		return 0, fmt.Errorf("bench: %s: %w", s.table, err)
	}
	sample := min(n, detailSample)
	step("  %s copied; copying the child rows of %d", s.table, sample)
	for _, child := range s.children {
		ccols, cexprs, err := copyColumns(ctx, conn, child, "c", map[string]string{s.childKey: fmt.Sprintf("%d + g", base)})
		if err != nil {
			return 0, err
		}
		q := fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM generate_series(1, %d) g JOIN %s JOIN %s c ON c.%s = d.id ORDER BY g`,
			child, strings.Join(ccols, ", "), strings.Join(cexprs, ", "), sample, template, child, s.childKey)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("bench: copy %s: %w", child, err)
		}
	}
	step("  rebuilding %d indexes of %s", len(indexes), s.table)
	if err := rebuildIndexes(ctx, conn, indexes); err != nil {
		return 0, err
	}
	for _, t := range append([]string{s.table}, s.children...) {
		if _, err := conn.ExecContext(ctx, `ANALYZE `+t); err != nil {
			return 0, err
		}
	}
	return base + 1, nil
}

// copyColumns lists the table's writable columns (not identity, not
// generated) with the expression each copy takes: the override, or the
// template row's (alias) value, moved back by shift days when it is a
// date or a time.
func copyColumns(ctx context.Context, conn *sql.Conn, table, alias string, overrides map[string]string) (cols, exprs []string, err error) {
	rows, err := conn.QueryContext(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' AND is_generated = 'NEVER'
		ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, nil, fmt.Errorf("bench: columns of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, nil, err
		}
		e := alias + "." + name
		switch {
		case overrides[name] != "":
			e = overrides[name]
		case typ == "date":
			e = fmt.Sprintf("%s - %s", e, shiftExpr)
		case strings.HasPrefix(typ, "timestamp"):
			e = fmt.Sprintf("%s - %s * interval '1 day'", e, shiftExpr)
		}
		cols, exprs = append(cols, name), append(exprs, e)
	}
	return cols, exprs, rows.Err()
}

type indexDef struct{ name, def string }

// dropIndexes drops the table's indexes that back no constraint and
// returns their definitions.
func dropIndexes(ctx context.Context, conn *sql.Conn, table string) ([]indexDef, error) {
	rows, err := conn.QueryContext(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
		WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, table)
	if err != nil {
		return nil, fmt.Errorf("bench: indexes of %s: %w", table, err)
	}
	var defs []indexDef
	for rows.Next() {
		var d indexDef
		if err := rows.Scan(&d.name, &d.def); err != nil {
			rows.Close()
			return nil, err
		}
		defs = append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, d := range defs {
		if _, err := conn.ExecContext(ctx, `DROP INDEX `+d.name); err != nil {
			return nil, fmt.Errorf("bench: drop %s: %w", d.name, err)
		}
	}
	return defs, nil
}

func rebuildIndexes(ctx context.Context, conn *sql.Conn, defs []indexDef) error {
	if _, err := conn.ExecContext(ctx, `SET maintenance_work_mem = '512MB'`); err != nil {
		return err
	}
	for _, d := range defs {
		if _, err := conn.ExecContext(ctx, d.def); err != nil {
			return fmt.Errorf("bench: rebuild %s: %w", d.name, err)
		}
	}
	_, err := conn.ExecContext(ctx, `RESET maintenance_work_mem`)
	return err
}

// suggestionCopies copies the demo's suggestions: each keeps its
// template's unit, type, status, category and handling prosecutor (so
// that every state's columns stay consistent and the combinations of
// filters that match nothing among the demo's still match nothing), and
// gets a 文号 of its own in the year of its (moved) service.
func suggestionCopies() synthetic {
	return synthetic{
		table: "suggestions",
		overrides: map[string]string{
			"doc_no": `CASE WHEN d.doc_no IS NULL THEN NULL ELSE regexp_replace(d.doc_no, '〔[0-9]{4}〕[0-9]+号$',
				'〔' || extract(year FROM coalesce(d.served_on - ` + shiftExpr + `, d.created_at::date)) || '〕' || (100000 + g) || '号') END`,
			// A copy's final reply and latest verification are those of
			// the replies and verifications it gets: the triggers on
			// those set them for the detail sample, the rest have none.
			"final_reply_on": "NULL", "final_reply_outcome": "NULL", "final_reply_funds": "NULL", "final_reply_personnel": "NULL",
			"verified_on": "NULL", "verified_result": "NULL",
		},
		children: []string{"suggestion_transitions", "suggestion_replies", "suggestion_followups", "suggestion_verifications", "suggestion_cases"},
		childKey: "suggestion_id",
	}
}

// hearingCopies copies the demo's hearings: kind, status, publicity and
// participants as in the template, every time moved back together.
func hearingCopies() synthetic {
	return synthetic{
		table:     "hearings",
		overrides: map[string]string{},
		children:  []string{"hearing_participants", "hearing_transitions"},
		childKey:  "hearing_id",
	}
}
