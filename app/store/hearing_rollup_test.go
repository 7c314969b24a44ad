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

// The hearing roll-up computed directly from the hearings, their
// participants and the cases, as the indicators and the class-case
// analysis counted them before it existed: a hearing's category is that of
// the first case (by id) whose unified or department number it names.
const (
	directCategory = `coalesce((SELECT c.category FROM cases c WHERE c.unified_no = h.case_number
		OR (c.dept_no = h.case_number AND c.dept_no <> '') ORDER BY c.id LIMIT 1), '')`
	directHearingDays = `WITH s AS (SELECT h.*, ` + directCategory + ` AS cat,
			(SELECT count(*) FROM hearing_participants p WHERE p.hearing_id = h.id AND p.role = 'hearing_officer'
				AND p.attended AND NOT p.conflict AND p.recusal_outcome <> 'granted') AS seated
		FROM hearings h WHERE h.status IN ('held', 'decided') AND coalesce(h.held_at, h.starts_at) IS NOT NULL)
	SELECT format('%s %s %s: %s %s %s %s %s %s', unit_id, cat, (coalesce(held_at, starts_at) AT TIME ZONE 'Asia/Shanghai')::date,
		count(held_at), count(held_at) FILTER (WHERE public), coalesce(sum(seated) FILTER (WHERE held_at IS NOT NULL), 0),
		count(held_at) FILTER (WHERE kind = 'non_prosecution'), count(*), count(*) FILTER (WHERE public))
	FROM s GROUP BY unit_id, cat, (coalesce(held_at, starts_at) AT TIME ZONE 'Asia/Shanghai')::date ORDER BY 1`
	rolledHearingDays = `SELECT format('%s %s %s: %s %s %s %s %s %s', unit_id, category, day, held, public, officers, non_prosecution,
		held_when, public_when) FROM hearing_days
		WHERE held <> 0 OR public <> 0 OR officers <> 0 OR non_prosecution <> 0 OR held_when <> 0 OR public_when <> 0 ORDER BY 1`
	wrongCategories = `SELECT format('hearing %s (%s): %s, not %s', h.id, h.case_number, h.case_category, ` + directCategory + `)
		FROM hearings h WHERE h.case_category <> ` + directCategory + ` ORDER BY h.id`
)

// The case roll-up and the case totals as they were computed from the
// cases.
const (
	directCaseDays = `SELECT format('%s %s %s: %s %s', category, unit_id, received_on, count(*), sum(persons)) FROM cases
		GROUP BY category, unit_id, received_on ORDER BY category, unit_id, received_on`
	rolledCaseDays = `SELECT format('%s %s %s: %s %s', category, unit_id, day, n, persons) FROM case_days WHERE n <> 0 OR persons <> 0
		ORDER BY category, unit_id, day`
)

// checkCaseRollup compares case_days with the direct computation.
func checkCaseRollup(t *testing.T, db *store.DB, when string) {
	t.Helper()
	if d := cmp.Diff(column[string](t, db, directCaseDays), column[string](t, db, rolledCaseDays)); d != "" {
		t.Errorf("%s: case_days differs from the direct computation (-direct +roll-up):\n%s", when, d)
	}
}

// checkHearingRollup compares the hearings' categories and the roll-up
// with the direct computation.
func checkHearingRollup(t *testing.T, db *store.DB, when string) {
	t.Helper()
	if wrong := column[string](t, db, wrongCategories); len(wrong) > 0 {
		t.Errorf("%s: %d hearings carry the wrong category, the first: %s", when, len(wrong), wrong[0])
	}
	direct := column[string](t, db, directHearingDays)
	if len(direct) < 5 {
		t.Fatalf("%s: only %d days with held hearings; the data is not what the test needs", when, len(direct))
	}
	if d := cmp.Diff(direct, column[string](t, db, rolledHearingDays)); d != "" {
		t.Errorf("%s: hearing_days differs from the direct computation (-direct +roll-up):\n%s", when, d)
	}
}

// TestHearingRollupMatchesRecords (and the case roll-up): through writes of every kind — the
// demo's, copies in bulk with their participants, held times and statuses
// changed, officers seated and unseated, numbers changed, cases added,
// recategorised, renumbered and deleted, moves and deletions — each
// hearing's category and the hearing roll-up stay equal to what the
// records give, a rebuild leaves the roll-up as it is, and the hearing
// counts read from it equal those read from the hearings' rows and, for
// the class-case analysis, those of the old queries.
func TestHearingRollupMatchesRecords(t *testing.T) {
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	checkHearingRollup(t, db, "demo")
	checkCaseRollup(t, db, "demo")

	// Copies in bulk, spread over two years, half of them with copies of
	// their participants; every third copy names a case of the demo.
	execSQL(t, db, `CREATE TEMP TABLE hcopies AS SELECT h.id AS template, g, (g * 37) % 700 AS shift
		FROM generate_series(1, 300) g JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS k FROM hearings) h
		ON h.rn = g % h.k`)
	execSQL(t, db, `ALTER TABLE hcopies ADD COLUMN id bigint`)
	execSQL(t, db, `WITH ins AS (INSERT INTO hearings (unit_id, kind, title, case_number, public, involves_minor, starts_at, status, created_by,
			held_at)
		SELECT h.unit_id, h.kind, h.title || c.g, CASE WHEN c.g % 3 = 0 THEN (SELECT unified_no FROM cases ORDER BY id OFFSET c.g % 50 LIMIT 1)
			ELSE h.case_number END, h.public, h.involves_minor, h.starts_at - c.shift * interval '1 day', h.status, h.created_by,
			h.held_at - c.shift * interval '1 day'
		FROM hcopies c JOIN hearings h ON h.id = c.template ORDER BY c.g RETURNING id, title)
		UPDATE hcopies c SET id = ins.id FROM ins, hearings h WHERE h.id = c.template AND ins.title = h.title || c.g`)
	execSQL(t, db, `INSERT INTO hearing_participants (hearing_id, person_id, role, officer_id, attended, conflict, recusal_outcome)
		SELECT c.id, p.person_id, p.role, p.officer_id, p.attended, p.conflict, p.recusal_outcome
		FROM hcopies c JOIN hearing_participants p ON p.hearing_id = c.template WHERE c.g % 2 = 0`)
	checkHearingRollup(t, db, "bulk copies")

	// Officers unseated and seated again, one deleted; held times, statuses
	// and publicity changed; hearings moved and renumbered.
	execSQL(t, db, `UPDATE hearing_participants SET attended = false WHERE id % 3 = 0 AND role = 'hearing_officer'`)
	execSQL(t, db, `UPDATE hearing_participants SET recusal_outcome = 'granted' WHERE id % 5 = 0 AND role = 'hearing_officer'`)
	execSQL(t, db, `UPDATE hearing_participants SET attended = true, recusal_outcome = 'refused' WHERE id % 15 = 0`)
	execSQL(t, db, `DELETE FROM hearing_participants WHERE id IN (SELECT max(id) FROM hearing_participants GROUP BY hearing_id)
		AND hearing_id IN (SELECT id FROM hcopies)`)
	checkHearingRollup(t, db, "participants")
	units := column[int64](t, db, `SELECT id FROM units ORDER BY id`)
	execSQL(t, db, `UPDATE hearings SET held_at = held_at + interval '20 hours' WHERE id % 4 = 0 AND held_at IS NOT NULL`)
	execSQL(t, db, `UPDATE hearings SET held_at = NULL WHERE id IN (SELECT id FROM hcopies WHERE g % 10 = 0)`)
	execSQL(t, db, `UPDATE hearings SET status = 'decided' WHERE status = 'held' AND id % 2 = 0`)
	execSQL(t, db, `UPDATE hearings SET status = 'cancelled' WHERE id IN (SELECT id FROM hcopies WHERE g % 9 = 0)`)
	execSQL(t, db, `UPDATE hearings SET public = NOT public, involves_minor = false WHERE id % 6 = 0`)
	execSQL(t, db, `UPDATE hearings SET unit_id = $1 WHERE id % 7 = 0`, units[len(units)-1])
	execSQL(t, db, `UPDATE hearings SET case_number = (SELECT unified_no FROM cases ORDER BY id DESC LIMIT 1) WHERE id % 8 = 0`)
	execSQL(t, db, `UPDATE hearings SET case_number = '' WHERE id % 17 = 0`)
	checkHearingRollup(t, db, "hearings changed")

	// Cases: recategorised, a department number naming other hearings'
	// cases, new cases with the numbers of hearings, one deleted.
	execSQL(t, db, `UPDATE cases SET category = 'fraud' WHERE unified_no IN (SELECT case_number FROM hearings) AND id % 2 = 0`)
	execSQL(t, db, `UPDATE cases SET dept_no = (SELECT case_number FROM hearings WHERE case_number <> '' ORDER BY id LIMIT 1)
		WHERE id = (SELECT max(id) FROM cases)`)
	execSQL(t, db, `UPDATE cases SET has_arrest_review = NOT has_arrest_review WHERE id % 3 = 0`)
	execSQL(t, db, `UPDATE cases SET received_on = received_on - 40, persons = persons + 1 WHERE id % 5 = 0`)
	execSQL(t, db, `UPDATE cases SET unit_id = $1 WHERE id % 11 = 0`, units[len(units)-1])
	execSQL(t, db, `UPDATE hearings SET case_number = '429004202699' || lpad(id::text, 5, '0') WHERE id IN (SELECT id FROM hcopies WHERE g % 5 = 1)`)
	checkHearingRollup(t, db, "cases changed")
	checkCaseRollup(t, db, "cases changed")
	execSQL(t, db, `INSERT INTO cases (unified_no, unit_id, category, received_on, persons)
		SELECT h.case_number, h.unit_id, 'environment', '2026-01-05', 1 FROM hearings h
		WHERE h.id IN (SELECT id FROM hcopies WHERE g % 5 = 1) AND h.case_number <> '' ON CONFLICT DO NOTHING`)
	checkHearingRollup(t, db, "cases added")
	checkCaseRollup(t, db, "cases added")
	execSQL(t, db, `DELETE FROM cases WHERE unified_no IN (SELECT case_number FROM hearings WHERE id IN (SELECT id FROM hcopies WHERE g % 10 = 1))`)
	checkHearingRollup(t, db, "cases deleted")
	checkCaseRollup(t, db, "cases deleted")

	execSQL(t, db, `DELETE FROM hearing_participants WHERE hearing_id IN (SELECT id FROM hcopies WHERE g % 4 = 0)`)
	execSQL(t, db, `DELETE FROM hearings WHERE id IN (SELECT id FROM hcopies WHERE g % 4 = 0)`)
	checkHearingRollup(t, db, "deletions")

	before := column[string](t, db, rolledHearingDays)
	execSQL(t, db, `SELECT hearing_rollup_rebuild()`)
	if d := cmp.Diff(before, column[string](t, db, rolledHearingDays)); d != "" {
		t.Errorf("the rebuild changed hearing_days (-before +after):\n%s", d)
	}

	// The hearing counts read from the roll-up equal those read from the
	// rows (a cut by prosecutor reads them) and those of the old queries;
	// so do the class-case hearing counts.
	paths := column[string](t, db, `SELECT path FROM units ORDER BY id`)
	bounds := column[string](t, db, `SELECT (min(coalesce(held_at, starts_at)) AT TIME ZONE 'Asia/Shanghai')::date::text FROM hearings
		UNION ALL SELECT (max(coalesce(held_at, starts_at)) AT TIME ZONE 'Asia/Shanghai')::date::text FROM hearings`)
	first, err := domain.ParseDate(bounds[0])
	if err != nil {
		t.Fatal(err)
	}
	last, err := domain.ParseDate(bounds[1])
	if err != nil {
		t.Fatal(err)
	}
	span := -last.DaysUntil(first)
	cats := column[string](t, db, `SELECT DISTINCT case_category FROM hearings WHERE case_category <> '' ORDER BY 1`)
	if len(cats) < 2 {
		t.Fatalf("hearings name cases of %d categories; the data is not what the test needs", len(cats))
	}
	qs := []domain.Quantity{domain.QuantityHearingsHeld, domain.QuantityHearingsPublic, domain.QuantityHearingOfficersSeated,
		domain.QuantityHearingsNonProsecution}
	scope := domain.Scope{Patterns: []string{"/420000/*", "/420000"}}
	rng := rand.New(rand.NewPCG(10, 5))
	nonzero := 0
	for i := 0; i < 40; i++ {
		from := first.AddDays(rng.IntN(span + 1))
		to := from.AddDays(rng.IntN(span/2 + 1))
		q := store.QuantityQuery{UnitPath: paths[rng.IntN(len(paths))], Exact: rng.IntN(4) == 0, From: from, To: to, Quantities: qs,
			ByUnit: rng.IntN(2) == 0, ByMonth: rng.IntN(2) == 0, ByCategory: rng.IntN(2) == 0}
		if rng.IntN(2) == 0 {
			q.Category = cats[rng.IntN(len(cats))]
		}
		rolled, err := db.CountQuantities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		direct := directHearingQuantities(t, db, q)
		if d := cmp.Diff(direct, keyed(rolled)); d != "" {
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
		totals, err := db.CaseTotals(ctx, a2)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(directCaseTotals(t, db, a2), totals); d != "" {
			t.Errorf("%+v: case totals differ (-direct +roll-up):\n%s", a2, d)
		}
		if q.Category == "" {
			continue
		}
		held, public, err := db.CategoryHearingCounts(ctx, a2, scope)
		if err != nil {
			t.Fatal(err)
		}
		dh, dp := directCategoryHearingCounts(t, db, a2)
		if held != dh || public != dp {
			t.Errorf("%+v: class-case hearings held %d public %d, directly %d and %d", a2, held, public, dh, dp)
		}
		list, err := db.CategoryHearings(ctx, a2, scope)
		if err != nil {
			t.Fatal(err)
		}
		var listed int64
		for _, h := range list {
			if h.Status == "held" || h.Status == "decided" {
				listed++
			}
		}
		if len(list) < 200 && listed != dh {
			t.Errorf("%+v: %d held hearings listed, %d counted", a2, listed, dh)
		}
	}
	if nonzero < 20 {
		t.Errorf("only %d of 40 cuts counted anything", nonzero)
	}
}

// keyed sums counts by "unit category month quantity".
func keyed(counts []store.QuantityCount) map[string]int64 {
	out := map[string]int64{}
	for _, c := range counts {
		m := ""
		if !c.Month.IsZero() {
			m = c.Month.String()
		}
		out[fmt.Sprintf("%d %s %s %s", c.UnitID, c.Category, m, c.Quantity)] += c.N
	}
	return out
}

// directHearingQuantities counts q's hearing quantities from the records,
// as countHearings did before the roll-up.
func directHearingQuantities(t *testing.T, db *store.DB, q store.QuantityQuery) map[string]int64 {
	t.Helper()
	unit, cat, month := "0::bigint", "''", "''"
	if q.ByUnit {
		unit = "h.unit_id"
	}
	if q.ByCategory {
		cat = directCategory
	}
	if q.ByMonth {
		month = "date_trunc('month', (h.held_at AT TIME ZONE 'Asia/Shanghai')::date)::date::text"
	}
	cond := "(un.path = $1 OR un.path LIKE $1 || '/%')"
	if q.Exact {
		cond = "un.path = $1"
	}
	args := []any{q.UnitPath, q.From.String(), q.To.String()}
	if q.Category != "" {
		cond += " AND " + directCategory + " = $4"
		args = append(args, q.Category)
	}
	rows, err := db.SQL().QueryContext(context.Background(), fmt.Sprintf(`SELECT g.unit, g.cat, g.month, x.q, x.n FROM (
		SELECT %s AS unit, %s AS cat, %s AS month, array[('hearings_held'::text, count(*)), ('hearings_public'::text, count(*) FILTER (WHERE h.public)),
			('hearing_officers_seated'::text, sum((SELECT count(*) FROM hearing_participants p WHERE p.hearing_id = h.id
				AND p.role = 'hearing_officer' AND p.attended AND NOT p.conflict AND p.recusal_outcome <> 'granted'))::bigint),
			('hearings_non_prosecution'::text, count(*) FILTER (WHERE h.kind = 'non_prosecution'))] AS pairs
		FROM hearings h JOIN units un ON un.id = h.unit_id
		WHERE %s AND h.status IN ('held', 'decided') AND (h.held_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
		GROUP BY 1, 2, 3) g, unnest(g.pairs) AS x(q text, n bigint) WHERE x.n <> 0`, unit, cat, month, cond), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var u, n int64
		var c, m, quantity string
		if err := rows.Scan(&u, &c, &m, &quantity, &n); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("%d %s %s %s", u, c, m, quantity)] += n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// directCategoryHearingCounts counts the held and public hearings of the
// class-case analysis from the records.
func directCategoryHearingCounts(t *testing.T, db *store.DB, a store.AnalysisScope) (held, public int64) {
	t.Helper()
	cond := "(un.path = $1 OR un.path LIKE $1 || '/%')"
	if a.Exact {
		cond = "un.path = $1"
	}
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT count(*), count(*) FILTER (WHERE h.public)
		FROM hearings h JOIN units un ON un.id = h.unit_id WHERE `+cond+` AND h.status IN ('held', 'decided')
		AND (coalesce(h.held_at, h.starts_at) AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
		AND `+directCategory+` = $4`, a.UnitPath, a.From.String(), a.To.String(), a.Category).Scan(&held, &public); err != nil {
		t.Fatal(err)
	}
	return held, public
}

// directCaseTotals is CaseTotals as it read the cases before the roll-up.
func directCaseTotals(t *testing.T, db *store.DB, a store.AnalysisScope) store.CaseTotals {
	t.Helper()
	cond := "(un.path = $1 OR un.path LIKE $1 || '/%')"
	if a.Exact {
		cond = "un.path = $1"
	}
	var out store.CaseTotals
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT count(*), coalesce(sum(c.persons), 0),
		count(*) FILTER (WHERE c.received_on BETWEEN $2::date AND $3::date)
		FROM cases c JOIN units un ON un.id = c.unit_id WHERE `+cond+` AND ($4 = '' OR c.category = $4)`,
		a.UnitPath, a.From.String(), a.To.String(), a.Category).Scan(&out.Total, &out.Persons, &out.ReceivedInPeriod); err != nil {
		t.Fatal(err)
	}
	return out
}
