package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// The roll-ups computed directly from the suggestions and their replies
// and verifications, as the indicators counted them before the roll-ups
// existed: the final reply is the latest non-interim one, the
// verification the latest.
const (
	directDays = `WITH s AS (SELECT s.*, fr.received_on AS fr_on, fr.outcome AS fr_outcome, lv.on_date AS lv_on, lv.result AS lv_result
		FROM suggestions s
		LEFT JOIN LATERAL (SELECT r.received_on, r.outcome FROM suggestion_replies r WHERE r.suggestion_id = s.id AND NOT r.interim
			ORDER BY r.received_on DESC, r.id DESC LIMIT 1) fr ON true
		LEFT JOIN LATERAL (SELECT v.on_date, v.result FROM suggestion_verifications v WHERE v.suggestion_id = s.id
			ORDER BY v.on_date DESC, v.id DESC LIMIT 1) lv ON true),
	c AS (SELECT unit_id, category, served_on AS day, 1 AS issued, 0 AS due, 0 AS replied, 0 AS on_time, 0 AS adopted, 0 AS verified, 0 AS rectified
		FROM s WHERE served_on IS NOT NULL
		UNION ALL SELECT unit_id, category, reply_due_on, 0, 1, (fr_on IS NOT NULL)::int, coalesce(fr_on <= reply_due_on, false)::int,
			coalesce(fr_outcome IN ('adopted', 'partially_adopted'), false)::int, 0, 0 FROM s WHERE reply_due_on IS NOT NULL AND status <> 'withdrawn'
		UNION ALL SELECT unit_id, category, lv_on, 0, 0, 0, 0, 0, 1, (lv_result = 'rectified')::int FROM s WHERE lv_on IS NOT NULL)
	SELECT format('%s %s %s: %s %s %s %s %s %s %s', unit_id, category, day, sum(issued), sum(due), sum(replied), sum(on_time), sum(adopted),
		sum(verified), sum(rectified)) FROM c GROUP BY unit_id, category, day ORDER BY unit_id, category, day`
	rolledDays = `SELECT format('%s %s %s: %s %s %s %s %s %s %s', unit_id, category, day, issued, due, replied, replied_on_time, adopted,
		verified, rectified) FROM suggestion_days
		WHERE issued <> 0 OR due <> 0 OR replied <> 0 OR replied_on_time <> 0 OR adopted <> 0 OR verified <> 0 OR rectified <> 0
		ORDER BY unit_id, category, day`
	directServed = `SELECT format('%s %s %s %s: %s %s %s %s %s %s %s', s.unit_id, s.category, s.served_on, s.status, count(*), count(fr.received_on),
		count(*) FILTER (WHERE fr.outcome IN ('adopted', 'partially_adopted')), count(lv.result), count(*) FILTER (WHERE lv.result = 'rectified'),
		coalesce(sum(fr.funds_yuan), 0), coalesce(sum(fr.personnel), 0))
		FROM suggestions s
		LEFT JOIN LATERAL (SELECT r.received_on, r.outcome, r.funds_yuan, r.personnel FROM suggestion_replies r
			WHERE r.suggestion_id = s.id AND NOT r.interim ORDER BY r.received_on DESC, r.id DESC LIMIT 1) fr ON true
		LEFT JOIN LATERAL (SELECT v.result FROM suggestion_verifications v WHERE v.suggestion_id = s.id
			ORDER BY v.on_date DESC, v.id DESC LIMIT 1) lv ON true
		WHERE s.served_on IS NOT NULL GROUP BY s.unit_id, s.category, s.served_on, s.status ORDER BY 1`
	rolledServed = `SELECT format('%s %s %s %s: %s %s %s %s %s %s %s', unit_id, category, day, status, n, replied, adopted, verified, rectified,
		funds_yuan, personnel) FROM suggestion_served_days
		WHERE n <> 0 OR replied <> 0 OR adopted <> 0 OR verified <> 0 OR rectified <> 0 OR funds_yuan <> 0 OR personnel <> 0 ORDER BY 1`
)

// column runs a query of one column.
func column[T any](t *testing.T, db *store.DB, q string, args ...any) []T {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func execSQL(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.SQL().ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// checkRollups compares both roll-ups with the direct computation.
func checkRollups(t *testing.T, db *store.DB, when string) {
	t.Helper()
	direct := column[string](t, db, directDays)
	if len(direct) < 10 {
		t.Fatalf("%s: only %d days with suggestions; the data is not what the test needs", when, len(direct))
	}
	if d := cmp.Diff(direct, column[string](t, db, rolledDays)); d != "" {
		t.Errorf("%s: suggestion_days differs from the direct computation (-direct +roll-up):\n%s", when, d)
	}
	if d := cmp.Diff(column[string](t, db, directServed), column[string](t, db, rolledServed)); d != "" {
		t.Errorf("%s: suggestion_served_days differs from the direct computation (-direct +roll-up):\n%s", when, d)
	}
}

// TestSuggestionRollupMatchesRecords: through writes of every kind — the
// demo's, copies in bulk, moves to another unit and category, new due
// dates, withdrawals, replies and verifications added, changed and
// deleted one by one and several in one statement — the suggestion
// roll-ups stay equal to the counts computed from the records, a rebuild
// leaves them as they are, and the indicators and class-case totals read
// from them equal those read from the suggestions' rows.
func TestSuggestionRollupMatchesRecords(t *testing.T) {
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	checkRollups(t, db, "demo")

	// Copies in bulk, spread over two years, with copies of the replies
	// and verifications of half of them.
	execSQL(t, db, `CREATE TEMP TABLE copies AS SELECT s.id AS template, g, (g * 37) % 700 AS shift
		FROM generate_series(1, 400) g JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS k FROM suggestions) s
		ON s.rn = g % s.k`)
	execSQL(t, db, `ALTER TABLE copies ADD COLUMN id bigint`)
	execSQL(t, db, `WITH ins AS (INSERT INTO suggestions (unit_id, type, category, title, recipient_name, recipient_kind, status,
			handling_prosecutor_id, created_by, served_on, reply_due_on, has_final_reply)
		SELECT s.unit_id, s.type, s.category, s.title || c.g, s.recipient_name, s.recipient_kind, s.status, s.handling_prosecutor_id, s.created_by,
			s.served_on - c.shift, s.reply_due_on - c.shift, s.has_final_reply
		FROM copies c JOIN suggestions s ON s.id = c.template ORDER BY c.g RETURNING id, title)
		UPDATE copies c SET id = ins.id FROM ins, suggestions s WHERE s.id = c.template AND ins.title = s.title || c.g`)
	execSQL(t, db, `INSERT INTO suggestion_replies (suggestion_id, received_on, replier, outcome, funds_yuan, personnel, interim, created_by)
		SELECT c.id, r.received_on - c.shift, r.replier, r.outcome, r.funds_yuan, r.personnel, r.interim, r.created_by
		FROM copies c JOIN suggestion_replies r ON r.suggestion_id = c.template WHERE c.g % 2 = 0`)
	execSQL(t, db, `INSERT INTO suggestion_verifications (suggestion_id, on_date, result, created_by)
		SELECT c.id, v.on_date - c.shift, v.result, v.created_by FROM copies c JOIN suggestion_verifications v ON v.suggestion_id = c.template
		WHERE c.g % 2 = 0`)
	checkRollups(t, db, "bulk copies")

	// Several replies for one suggestion in one statement (the latest
	// wins, an interim one never), one changed, one deleted.
	var sid, uid int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT id, created_by FROM suggestions WHERE reply_due_on IS NOT NULL AND status <> 'withdrawn'
		ORDER BY id DESC LIMIT 1`).Scan(&sid, &uid); err != nil {
		t.Fatal(err)
	}
	execSQL(t, db, `INSERT INTO suggestion_replies (suggestion_id, received_on, replier, outcome, funds_yuan, personnel, interim, created_by)
		SELECT $1, s.reply_due_on + x.d, '某局', x.o, 1000 * (x.d + 3), x.d + 3, x.i, $2 FROM suggestions s,
		(VALUES (-3, 'not_adopted', false), (2, 'adopted', false), (5, 'partially_adopted', true)) x(d, o, i) WHERE s.id = $1`, sid, uid)
	checkRollups(t, db, "three replies at once")
	execSQL(t, db, `UPDATE suggestion_replies SET received_on = received_on - 10, outcome = 'partially_adopted'
		WHERE id = (SELECT max(id) FROM suggestion_replies WHERE suggestion_id = $1 AND NOT interim)`, sid)
	checkRollups(t, db, "a reply changed")
	execSQL(t, db, `DELETE FROM suggestion_replies WHERE id = (SELECT min(id) FROM suggestion_replies WHERE suggestion_id = $1)`, sid)
	checkRollups(t, db, "a reply deleted")
	execSQL(t, db, `INSERT INTO suggestion_verifications (suggestion_id, on_date, result, created_by)
		SELECT $1, s.reply_due_on + x.d, x.r, $2 FROM suggestions s, (VALUES (1, 'not_rectified'), (9, 'rectified'), (9, 'partially_rectified')) x(d, r)
		WHERE s.id = $1`, sid, uid)
	execSQL(t, db, `DELETE FROM suggestion_verifications WHERE id = (SELECT max(id) FROM suggestion_verifications WHERE suggestion_id = $1)`, sid)
	checkRollups(t, db, "verifications")

	// Moves, new dates, withdrawals, deletions: many rows per statement.
	units := column[int64](t, db, `SELECT id FROM units ORDER BY id`)
	execSQL(t, db, `UPDATE suggestions SET unit_id = $1, category = 'fraud' WHERE id % 7 = 0`, units[len(units)-1])
	execSQL(t, db, `UPDATE suggestions SET reply_due_on = reply_due_on + 20 WHERE id % 5 = 0 AND reply_due_on IS NOT NULL`)
	execSQL(t, db, `UPDATE suggestions SET status = 'withdrawn' WHERE id % 11 = 0 AND status = 'issued'`)
	execSQL(t, db, `UPDATE suggestions SET served_on = NULL, reply_due_on = NULL WHERE id % 13 = 0 AND id IN (SELECT id FROM copies)`)
	execSQL(t, db, `UPDATE suggestions SET title = title || '（改）' WHERE id % 3 = 0`)
	execSQL(t, db, `DELETE FROM suggestion_replies WHERE suggestion_id IN (SELECT id FROM copies WHERE g % 4 = 0)`)
	execSQL(t, db, `DELETE FROM suggestion_verifications WHERE suggestion_id IN (SELECT id FROM copies WHERE g % 8 = 0)`)
	execSQL(t, db, `DELETE FROM suggestions WHERE id IN (SELECT id FROM copies WHERE g % 4 = 0)
		AND NOT EXISTS (SELECT 1 FROM suggestion_verifications v WHERE v.suggestion_id = suggestions.id)`)
	checkRollups(t, db, "moves and deletions")

	execSQL(t, db, `SELECT suggestion_rollup_rebuild()`)
	checkRollups(t, db, "rebuilt")

	// The indicators and class-case totals read from the roll-ups equal
	// those read from the suggestions (a cut by prosecutor reads them).
	paths := column[string](t, db, `SELECT path FROM units ORDER BY id`)
	bounds := column[string](t, db, `SELECT min(served_on)::text FROM suggestions UNION ALL SELECT max(reply_due_on)::text FROM suggestions`)
	first, err := domain.ParseDate(bounds[0])
	if err != nil {
		t.Fatal(err)
	}
	last, err := domain.ParseDate(bounds[1])
	if err != nil {
		t.Fatal(err)
	}
	span := -last.DaysUntil(first)
	qs := []domain.Quantity{domain.QuantitySuggestionsIssued, domain.QuantitySuggestionsDue, domain.QuantitySuggestionsReplied,
		domain.QuantitySuggestionsRepliedOnTime, domain.QuantitySuggestionsAdopted, domain.QuantitySuggestionsVerified,
		domain.QuantitySuggestionsRectified}
	rng := rand.New(rand.NewPCG(10, 4))
	nonzero := 0
	for i := 0; i < 40; i++ {
		from := first.AddDays(rng.IntN(span))
		to := from.AddDays(rng.IntN(span / 2))
		q := store.QuantityQuery{UnitPath: paths[rng.IntN(len(paths))], Exact: rng.IntN(4) == 0, From: from, To: to, Quantities: qs,
			ByUnit: rng.IntN(2) == 0, ByMonth: rng.IntN(2) == 0}
		if rng.IntN(2) == 0 {
			q.Category = []string{"fraud", "environment", "drug"}[rng.IntN(3)]
		}
		rolled, err := db.CountQuantities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		direct := directQuantities(t, db, q)
		got := map[string]int64{}
		for _, c := range rolled {
			m := ""
			if !c.Month.IsZero() {
				m = c.Month.String()
			}
			got[fmt.Sprintf("%d %s %s", c.UnitID, m, c.Quantity)] += c.N
		}
		if d := cmp.Diff(direct, got); d != "" {
			t.Errorf("%+v: counts differ (-direct +roll-up):\n%s", q, d)
		}
		if len(direct) > 0 {
			nonzero++
		}
		q.ByProsecutor = true // the rows' path
		rows, err := db.CountQuantities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		a, b := sumBy(rolled), sumBy(rows)
		for _, x := range qs {
			if a[x] != b[x] {
				t.Errorf("%+v %s: roll-up %d, rows %d", q, x, a[x], b[x])
			}
		}

		a2 := store.AnalysisScope{UnitPath: q.UnitPath, Exact: q.Exact, Category: q.Category, From: from, To: to}
		scope := domain.Scope{Patterns: []string{"/420000/*", "/420000"}}
		today := first.AddDays(rng.IntN(span))
		totals, err := db.SuggestionTotals(ctx, a2, scope, today)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(directTotals(t, db, a2, today), totals); d != "" {
			t.Errorf("%+v on %s: totals differ (-direct +roll-up):\n%s", a2, today, d)
		}
	}
	if nonzero < 20 {
		t.Errorf("only %d of 40 cuts counted anything", nonzero)
	}
}

// directQuantities counts q's suggestion quantities from the records, as
// countSuggestions did before the roll-up, keyed "unit month quantity".
func directQuantities(t *testing.T, db *store.DB, q store.QuantityQuery) map[string]int64 {
	t.Helper()
	unit, month := "0::bigint", "''"
	if q.ByUnit {
		unit = "s.unit_id"
	}
	cond := "(un.path = $1 OR un.path LIKE $1 || '/%')"
	if q.Exact {
		cond = "un.path = $1"
	}
	args := []any{q.UnitPath, q.From.String(), q.To.String()}
	if q.Category != "" {
		cond += " AND s.category = $4"
		args = append(args, q.Category)
	}
	out := map[string]int64{}
	for _, part := range []struct{ date, join, extra, unpivot string }{
		{"s.served_on", "", "", `('suggestions_issued'::text, count(*))`},
		{"s.reply_due_on", `LEFT JOIN LATERAL (SELECT r.received_on, r.outcome FROM suggestion_replies r WHERE r.suggestion_id = s.id AND NOT r.interim
			ORDER BY r.received_on DESC, r.id DESC LIMIT 1) fr ON true`, "AND s.status <> 'withdrawn'",
			`('suggestions_due'::text, count(*)), ('suggestions_replied'::text, count(fr.received_on)),
			('suggestions_replied_on_time'::text, count(*) FILTER (WHERE fr.received_on <= s.reply_due_on)),
			('suggestions_adopted'::text, count(*) FILTER (WHERE fr.outcome IN ('adopted', 'partially_adopted')))`},
		{"lv.on_date", `JOIN LATERAL (SELECT v.on_date, v.result FROM suggestion_verifications v WHERE v.suggestion_id = s.id
			ORDER BY v.on_date DESC, v.id DESC LIMIT 1) lv ON true`, "",
			`('suggestions_verified'::text, count(*)), ('suggestions_rectified'::text, count(*) FILTER (WHERE lv.result = 'rectified'))`},
	} {
		if q.ByMonth {
			month = "date_trunc('month', " + part.date + ")::date::text"
		}
		rows2, err := db.SQL().QueryContext(context.Background(), fmt.Sprintf(`SELECT g.unit, g.month, x.q, x.n FROM (
			SELECT %s AS unit, %s AS month, array[%s] AS pairs FROM suggestions s JOIN units un ON un.id = s.unit_id %s
			WHERE %s AND %s BETWEEN $2::date AND $3::date %s GROUP BY 1, 2) g, unnest(g.pairs) AS x(q text, n bigint) WHERE x.n <> 0`,
			unit, month, part.unpivot, part.join, cond, part.date, part.extra), args...)
		if err != nil {
			t.Fatal(err)
		}
		for rows2.Next() {
			var u int64
			var m, quantity string
			var n int64
			if err := rows2.Scan(&u, &m, &quantity, &n); err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("%d %s %s", u, m, quantity)] += n
		}
		rows2.Close()
	}
	return out
}

// directTotals is SuggestionTotals as it read the records before the
// roll-up.
func directTotals(t *testing.T, db *store.DB, a store.AnalysisScope, today domain.Date) store.SuggestionTotals {
	t.Helper()
	cond := "(un.path = $1 OR un.path LIKE $1 || '/%')"
	if a.Exact {
		cond = "un.path = $1"
	}
	args := []any{a.UnitPath, a.From.String(), a.To.String(), today.String()}
	if a.Category != "" {
		cond += " AND s.category = $5"
		args = append(args, a.Category)
	}
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT s.status, count(*) AS n, count(fr.received_on) AS replied,
		count(*) FILTER (WHERE fr.outcome IN ('adopted', 'partially_adopted')) AS adopted,
		count(lv.result) AS verified, count(*) FILTER (WHERE lv.result = 'rectified') AS rectified,
		count(*) FILTER (WHERE s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on < $4::date) AS overdue,
		coalesce(sum(fr.funds_yuan), 0) AS funds, coalesce(sum(fr.personnel), 0) AS personnel
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		LEFT JOIN LATERAL (SELECT r.received_on, r.outcome, r.funds_yuan, r.personnel FROM suggestion_replies r
			WHERE r.suggestion_id = s.id AND NOT r.interim ORDER BY r.received_on DESC, r.id DESC LIMIT 1) fr ON true
		LEFT JOIN LATERAL (SELECT v.result FROM suggestion_verifications v WHERE v.suggestion_id = s.id
			ORDER BY v.on_date DESC, v.id DESC LIMIT 1) lv ON true
		WHERE `+cond+` AND s.served_on BETWEEN $2::date AND $3::date GROUP BY s.status`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := store.SuggestionTotals{ByStatus: map[string]int64{}}
	for rows.Next() {
		var status string
		var n, replied, adopted, verified, rectified, overdue, funds, personnel int64
		if err := rows.Scan(&status, &n, &replied, &adopted, &verified, &rectified, &overdue, &funds, &personnel); err != nil {
			t.Fatal(err)
		}
		out.Issued += n
		out.ByStatus[status] = n
		out.Replied += replied
		out.Adopted += adopted
		out.Verified += verified
		out.Rectified += rectified
		out.Overdue += overdue
		out.FundsYuan += funds
		out.Personnel += personnel
	}
	return out
}
