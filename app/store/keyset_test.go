package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// listTables are the tables a list page must never read whole.
var listTables = map[string]int{"suggestions": 60000, "hearings": 20000, "cases": 60000}

// fillLists adds the rows of listTables to the demo, skewed the way real
// data is: old suggestions are closed and served, recent ones in progress;
// units, categories and people repeat in patterns the planner cannot
// assume independent.
func fillLists(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{
		// A province has a hundred basic procuratorates, not the demo's few.
		`INSERT INTO units (code, name, short_name, level, parent_id, path)
		SELECT '43' || lpad(g::text, 4, '0'), '第' || g || '基层院', '基' || g, 'basic', b.id, b.path || '/43' || lpad(g::text, 4, '0')
		FROM generate_series(1, 100) g, LATERAL (SELECT id, path FROM units WHERE level = 'branch' ORDER BY id OFFSET g % 2 LIMIT 1) b`,
		fmt.Sprintf(`WITH u AS (SELECT array_agg(id ORDER BY id) a FROM units), p AS (SELECT array_agg(id ORDER BY id) a FROM users),
			c AS (SELECT array_agg(code ORDER BY code) a FROM categories WHERE code <> 'juvenile')
		INSERT INTO suggestions (unit_id, type, category, title, recipient_name, recipient_kind, facts, status, handling_prosecutor_id, created_by,
			doc_no, served_on, service_method, reply_due_on, has_final_reply)
		SELECT u.a[1 + (g::bigint * 7919) %% array_length(u.a, 1)], (ARRAY['retrial','correction','public_interest','social_governance','other'])[1 + g %% 5],
			c.a[1 + (g::bigint * 31) %% array_length(c.a, 1)],
			(ARRAY['关于加强','关于规范','关于整治'])[1 + g %% 3] || (ARRAY['毒品','危险驾驶','校园周边','环境资源'])[1 + (g / 3) %% 4] || '管理的检察建议' || g,
			(ARRAY['仙桃市公安局','天门市人民政府','潜江市教育局'])[1 + (g / 7) %% 3], 'agency', '经审查发现问题较为突出。',
			CASE WHEN g < %[1]d * 9 / 10 THEN (ARRAY['closed','verified','closed','rectifying'])[1 + g %% 4]
				ELSE (ARRAY['draft','pending_approval','approved','issued','replied'])[1 + g %% 5] END,
			p.a[1 + g %% array_length(p.a, 1)], p.a[1 + g %% array_length(p.a, 1)],
			CASE WHEN g < %[1]d * 9 / 10 OR g %% 5 >= 3 THEN 'PLAN' || g END,
			CASE WHEN g < %[1]d * 9 / 10 OR g %% 5 >= 3 THEN date '2023-01-01' + (g * 1000 / %[1]d) END,
			CASE WHEN g < %[1]d * 9 / 10 OR g %% 5 >= 3 THEN 'written' ELSE '' END,
			CASE WHEN g < %[1]d * 9 / 10 OR g %% 5 >= 3 THEN date '2023-03-01' + (g * 1000 / %[1]d) END,
			g < %[1]d * 9 / 10 OR g %% 5 = 4
		FROM generate_series(1, %[1]d) g, u, p, c`, listTables["suggestions"]),
		fmt.Sprintf(`WITH u AS (SELECT array_agg(id ORDER BY id) a FROM units), p AS (SELECT array_agg(id ORDER BY id) a FROM users)
		INSERT INTO hearings (unit_id, kind, title, case_number, public, status, created_by, starts_at, held_at)
		SELECT u.a[1 + (g::bigint * 7919) %% array_length(u.a, 1)], (ARRAY['non_prosecution','arrest_review','criminal_appeal','public_interest'])[1 + g %% 4],
			'关于' || (ARRAY['张某','李某','王某'])[1 + g %% 3] || '案的听证' || g, '汉检刑不诉〔2025〕' || g || '号', g %% 2 = 0,
			CASE WHEN g < %[1]d * 9 / 10 THEN 'decided' ELSE (ARRAY['proposed','approved','scheduled'])[1 + g %% 3] END,
			p.a[1 + g %% array_length(p.a, 1)],
			timestamptz '2023-01-01 09:00+08' + make_interval(days => (g * 1000 / %[1]d)::int),
			CASE WHEN g < %[1]d * 9 / 10 THEN timestamptz '2023-01-01 09:00+08' + make_interval(days => (g * 1000 / %[1]d)::int) END
		FROM generate_series(1, %[1]d) g, u, p`, listTables["hearings"]),
		fmt.Sprintf(`WITH u AS (SELECT array_agg(id ORDER BY id) a FROM units), c AS (SELECT array_agg(code ORDER BY code) a FROM categories WHERE code <> 'juvenile')
		INSERT INTO cases (unified_no, unit_id, case_type, category, prosecutor_name, received_on, persons)
		SELECT lpad((90000000000000000 + g)::text, 17, '0'), u.a[1 + (g::bigint * 7919) %% array_length(u.a, 1)],
			(ARRAY['审查起诉','审查逮捕'])[1 + g %% 2], c.a[1 + (g::bigint * 31) %% array_length(c.a, 1)],
			(ARRAY['胡晓东','陈静','刘洋','赵敏'])[1 + g %% 4], date '2023-01-01' + (g * 1000 / %[1]d), 1 + g %% 3
		FROM generate_series(1, %[1]d) g, u, c`, listTables["cases"]),
		// Statistics from every row, not a sample: the same plans each run.
		`SET default_statistics_target = 10000; ANALYZE suggestions; ANALYZE hearings; ANALYZE cases; RESET default_statistics_target`,
	}
	for _, q := range stmts {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
}

// filter is one filter a list page offers, set on a filter struct.
type filter[F any] struct {
	name string
	set  func(*F)
}

// forPairs runs each filter alone and each pair of them on base.
func forPairs[F any](filters []filter[F], base F, run func(name string, f F)) {
	for i, a := range filters {
		f := base
		a.set(&f)
		run(a.name, f)
		for _, b := range filters[i+1:] {
			g := f
			b.set(&g)
			run(a.name+" + "+b.name, g)
		}
	}
}

// forEach runs base, then each filter alone on base.
func forEach[F any](filters []filter[F], base F, run func(name string, f F)) {
	run("no filter", base)
	for _, a := range filters {
		f := base
		a.set(&f)
		run(a.name, f)
	}
}

// planNode is the part of an EXPLAIN (ANALYZE, FORMAT JSON) node the test reads.
type planNode struct {
	NodeType     string     `json:"Node Type"`
	Relation     string     `json:"Relation Name"`
	Index        string     `json:"Index Name"`
	ActualRows   float64    `json:"Actual Rows"`
	ActualLoops  float64    `json:"Actual Loops"`
	RemovedByFil float64    `json:"Rows Removed by Filter"`
	RemovedByChk float64    `json:"Rows Removed by Index Recheck"`
	Plans        []planNode `json:"Plans"`
}

// readsOf lists what each node of the plan reads of the big tables.
func readsOf(n planNode, out map[string]float64, seq *[]string) {
	if _, big := listTables[n.Relation]; big {
		if n.NodeType == "Seq Scan" {
			*seq = append(*seq, n.Relation)
		}
		read := (n.ActualRows + n.RemovedByFil + n.RemovedByChk) * n.ActualLoops
		key := n.NodeType + " on " + n.Relation + " " + n.Index
		out[key] = max(out[key], read)
	}
	for _, c := range n.Plans {
		readsOf(c, out, seq)
	}
}

// planReads runs q under EXPLAIN ANALYZE and returns the plan, the most
// rows each node read of the list tables, and the tables it scanned
// sequentially.
func planReads(t *testing.T, db *store.DB, name, q string, args []any) ([]byte, map[string]float64, []string) {
	t.Helper()
	out, err := db.ExplainAnalyze(context.Background(), q, args)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var plans []struct {
		Plan planNode `json:"Plan"`
	}
	if err := json.Unmarshal(out, &plans); err != nil || len(plans) != 1 {
		t.Fatalf("%s: plan %v", name, err)
	}
	reads, seq := map[string]float64{}, []string{}
	readsOf(plans[0].Plan, reads, &seq)
	return out, reads, seq
}

// TestListPlansStayBounded runs every list filter the pages offer, alone
// and in pairs (and the combinations that match nothing), under EXPLAIN
// ANALYZE on tables of tens of thousands of skewed rows, and fails on a
// walk of the whole primary key, or a node that reads most of a table for
// a few rows: the shapes whose cost grows with the table.
func TestListPlansStayBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("fills large tables")
	}
	_, db := testdb.WithDemo(t)
	ctx := context.Background()
	fillLists(t, db)
	// The tiers in the proportion they have to a table of a million rows.
	defer store.SetKeysetTiers(60, 1200)()
	var branch, basic string
	var handler, prosecutor int64
	if err := db.SQL().QueryRow(`SELECT (SELECT path FROM units WHERE level = 'branch' ORDER BY id LIMIT 1),
		(SELECT path FROM units WHERE level = 'basic' ORDER BY id LIMIT 1), (SELECT min(id) FROM users)`).Scan(&branch, &basic, &handler); err != nil {
		t.Fatal(err)
	}
	prosecutor = handler
	province := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000")}}
	today := domain.DateOf(time.Date(2026, 6, 1, 0, 0, 0, 0, domain.Shanghai), domain.Shanghai)
	day := func(s string) domain.Date { d, _ := domain.ParseDate(s); return d }

	suggestionFilters := []filter[store.SuggestionFilter]{
		{"branch", func(f *store.SuggestionFilter) { f.UnitPath = branch }},
		{"unit", func(f *store.SuggestionFilter) { f.UnitPath, f.Exact = basic, true }},
		{"closed", func(f *store.SuggestionFilter) { f.Status = []domain.SuggestionStatus{domain.StatusClosed} }},
		{"draft", func(f *store.SuggestionFilter) { f.Status = []domain.SuggestionStatus{domain.StatusDraft} }},
		{"issued+replied", func(f *store.SuggestionFilter) {
			f.Status = []domain.SuggestionStatus{domain.StatusIssued, domain.StatusReplied}
		}},
		{"type", func(f *store.SuggestionFilter) { f.Type = "other" }},
		{"category", func(f *store.SuggestionFilter) { f.Category = "drug" }},
		{"empty category", func(f *store.SuggestionFilter) { f.Category = "juvenile" }},
		{"overdue", func(f *store.SuggestionFilter) { f.Overdue, f.Today = true, today }},
		{"due before", func(f *store.SuggestionFilter) { f.DueBefore = day("2024-06-30") }},
		{"old month", func(f *store.SuggestionFilter) { f.ServedFrom, f.ServedTo = day("2023-02-01"), day("2023-02-28") }},
		{"two years", func(f *store.SuggestionFilter) { f.ServedFrom, f.ServedTo = day("2023-01-01"), day("2024-12-31") }},
		{"handler", func(f *store.SuggestionFilter) { f.Handler = handler }},
		{"q one", func(f *store.SuggestionFilter) { f.Q = "毒" }},
		{"q two", func(f *store.SuggestionFilter) { f.Q = "校园" }},
		{"q long", func(f *store.SuggestionFilter) { f.Q = "危险驾驶管理" }},
		{"q whole", func(f *store.SuggestionFilter) { f.Q = "关于整治校园周边管理的检察建议12345" }},
		{"q none", func(f *store.SuggestionFilter) { f.Q = "龘" }},
	}
	hearingFilters := []filter[store.HearingFilter]{
		{"branch", func(f *store.HearingFilter) { f.UnitPath = branch }},
		{"kind", func(f *store.HearingFilter) { f.Kind = "criminal_appeal" }},
		{"decided", func(f *store.HearingFilter) { f.Status = []domain.HearingStatus{domain.HearingDecided} }},
		{"proposed", func(f *store.HearingFilter) { f.Status = []domain.HearingStatus{domain.HearingProposed} }},
		{"old month", func(f *store.HearingFilter) {
			f.From, f.To = time.Date(2023, 2, 1, 0, 0, 0, 0, domain.Shanghai), time.Date(2023, 3, 1, 0, 0, 0, 0, domain.Shanghai)
		}},
		{"q two", func(f *store.HearingFilter) { f.Q = "张某" }},
		{"q long", func(f *store.HearingFilter) { f.Q = "刑不诉〔2025〕1" }},
		{"q none", func(f *store.HearingFilter) { f.Q = "龘" }},
		{"public", func(f *store.HearingFilter) { f.PublicOnly = true }},
	}
	caseFilters := []filter[store.CaseFilter]{
		{"branch", func(f *store.CaseFilter) { f.UnitPath = branch }},
		{"category", func(f *store.CaseFilter) { f.Category = "drug" }},
		{"empty category", func(f *store.CaseFilter) { f.Category = "juvenile" }},
		{"prosecutor", func(f *store.CaseFilter) { f.ProsecutorID = prosecutor }},
		{"prosecutor name", func(f *store.CaseFilter) { f.ProsecutorName = "陈静" }},
		{"old month", func(f *store.CaseFilter) { f.ReceivedFrom, f.ReceivedTo = day("2023-02-01"), day("2023-02-28") }},
		{"q one", func(f *store.CaseFilter) { f.Q = "陈" }},
		{"q long", func(f *store.CaseFilter) { f.Q = "90000000000001234" }},
		{"q none", func(f *store.CaseFilter) { f.Q = "龘" }},
	}

	// check fails a plan that walks the primary key beyond the page's
	// tiers (the whole-index walk), or that reads of a big table more than
	// half of it and more than four times the rows the filter matches:
	// what it reads must grow with the matches, never with the table.
	// (A branch's subtree is kept off the unit index, so a branch and a
	// rare status read that status's rows: at most a fifth here.)
	check := func(t *testing.T, name, q string, args []any, countQ string, countArgs []any) {
		t.Helper()
		out, reads, seq := planReads(t, db, name, q, args)
		matches, err := db.Count(ctx, countQ, countArgs)
		if err != nil {
			t.Fatalf("%s: count: %v", name, err)
		}
		for _, tab := range seq {
			if matches < int64(listTables[tab]/4) {
				t.Errorf("%s: sequential scan of %s for %d matches", name, tab, matches)
			}
		}
		for node, n := range reads {
			for tab, size := range listTables {
				if !strings.Contains(node, " on "+tab+" ") {
					continue
				}
				pkeyWalk := strings.HasSuffix(node, tab+"_pkey") && n > float64(store.KeysetBudget()+100)
				tooMuch := n > float64(size)/2 && n > 4*float64(matches)
				if pkeyWalk || tooMuch {
					t.Errorf("%s: %s reads %.0f rows of %d for %d matches", name, node, n, size, matches)
					if testing.Verbose() {
						t.Logf("%s", out)
					}
				}
			}
		}
	}
	// samePage fails a newest-first page whose rows are not the newest
	// rows the filters match, as the plain query (the count's conditions,
	// ordered by id) finds them: the tiers are a way to the same rows.
	samePage := func(t *testing.T, name, q string, args []any, countQ string, countArgs []any, n int) {
		t.Helper()
		ids := func(q string, args []any) []int64 {
			out, err := db.IDs(context.Background(), q, args)
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, q)
			}
			slices.Sort(out)
			return out
		}
		got := ids(fmt.Sprintf("%s ORDER BY id DESC LIMIT %d", q, n), args)
		want := ids(fmt.Sprintf("SELECT id FROM (%s ORDER BY id DESC LIMIT %d) AS p",
			strings.Replace(countQ, "SELECT count(*)", "SELECT id", 1), n), countArgs)
		if !slices.Equal(got, want) {
			t.Errorf("%s: page %v, want %v", name, got, want)
		}
	}
	forPairs(suggestionFilters, store.SuggestionFilter{Scope: province, Limit: 20}, func(name string, f store.SuggestionFilter) {
		q, args := db.SuggestionPageSQL(f)
		cq, cargs := db.SuggestionCountSQL(f)
		check(t, "suggestions "+name, q, args, cq, cargs)
		samePage(t, "suggestions "+name, q, args, cq, cargs, 20)
	})
	forPairs(hearingFilters, store.HearingFilter{Scope: province, Limit: 20}, func(name string, f store.HearingFilter) {
		q, args := db.HearingPageSQL(f)
		cq, cargs := db.HearingCountSQL(f)
		check(t, "hearings "+name, q, args, cq, cargs)
		samePage(t, "hearings "+name, q, args, cq, cargs, 20)
	})
	forPairs(caseFilters, store.CaseFilter{Scope: province, Limit: 20}, func(name string, f store.CaseFilter) {
		q, args := db.CasePageSQL(f)
		cq, cargs := db.CaseCountSQL(f)
		check(t, "cases "+name, q, args, cq, cargs)
		samePage(t, "cases "+name, q, args, cq, cargs, 20)
	})
	// A whole case number is rare: its page is found in one tier, the text
	// index read once (DB.preparePage).
	if q, _ := db.CasePageSQL(store.CaseFilter{Scope: province, Limit: 20, Q: "90000000000001234"}); strings.Contains(q, "keyset_window") {
		t.Errorf("a rare case number is searched in tiers:\n%s", q)
	}
	if q, _ := db.CasePageSQL(store.CaseFilter{Scope: province, Limit: 20, Q: "审查起诉"}); !strings.Contains(q, "keyset_window") {
		t.Errorf("a common word is searched in one tier:\n%s", q)
	}
	// Its first digits are every case's: the index looks up a piece of
	// its rare last digits, and the whole number is checked on the rows
	// found (searchpiece.go). A search rare throughout is looked up whole.
	if q, _ := db.CasePageSQL(store.CaseFilter{Scope: province, Limit: 20, Q: "90000000000001234"}); !strings.Contains(q, "strpos(") ||
		strings.Contains(q, "LIKE '%90000000000001234%'") {
		t.Errorf("a whole case number is looked up by all its trigrams:\n%s", q)
	}
	if q, _ := db.HearingPageSQL(store.HearingFilter{Scope: province, Limit: 20, Q: "汉检刑不诉〔2025〕12345号"}); !strings.Contains(q, "strpos(") {
		t.Errorf("a whole hearing case number is looked up by all its trigrams:\n%s", q)
	}
	if q, _ := db.SuggestionPageSQL(store.SuggestionFilter{Scope: province, Limit: 20, Q: "量子纠缠"}); strings.Contains(q, "strpos(") {
		t.Errorf("a search rare throughout is looked up by a piece:\n%s", q)
	}
	// The hearings of a status in a month are read from the covering index
	// of their times in one tier; with a kind, which it does not hold, in
	// tiers.
	month := store.HearingFilter{Scope: province, Limit: 20, Status: []domain.HearingStatus{domain.HearingDecided},
		From: time.Date(2023, 2, 1, 0, 0, 0, 0, domain.Shanghai), To: time.Date(2023, 3, 1, 0, 0, 0, 0, domain.Shanghai)}
	if q, _ := db.HearingPageSQL(month); strings.Contains(q, "keyset_window") {
		t.Errorf("the hearings of a status in a month are read in tiers:\n%s", q)
	}
	month.Kind = "criminal_appeal"
	if q, _ := db.HearingPageSQL(month); !strings.Contains(q, "keyset_window") {
		t.Errorf("the hearings of a kind in a month are read in one tier:\n%s", q)
	}
	// Sorted pages (issue 15): every sort key in both directions, first
	// page and from a cursor in the middle, alone and under each filter.
	text := func(s string) *string { return &s }
	var updated string
	if err := db.SQL().QueryRow(`SELECT updated_at::text FROM suggestions ORDER BY id DESC OFFSET 30000 LIMIT 1`).Scan(&updated); err != nil {
		t.Fatal(err)
	}
	suggestionCursors := map[string]*string{"served_on": text("2024-01-01"), "reply_due_on": text("2024-03-01"), "status": text("closed"),
		"updated_at": text(updated)}
	hearingCursors := map[string]*string{"when": text("2024-06-01T00:00:00Z"), "status": text("decided")}
	caseCursors := map[string]*string{"received_on": text("2024-06-01"), "persons": text("2")}
	for _, key := range store.SuggestionSorts.Names() {
		for _, desc := range []bool{false, true} {
			for _, after := range []*store.SortCursor{nil, {Value: suggestionCursors[key], ID: 30000}} {
				name := fmt.Sprintf("suggestions sorted %s desc=%v from=%v", key, desc, after != nil)
				base := store.SuggestionFilter{Scope: province, Limit: 20, Sort: store.ListSort{Key: key, Desc: desc}, After: after}
				forEach(suggestionFilters, base, func(fname string, f store.SuggestionFilter) {
					q, args := db.SuggestionPageSQL(f)
					cq, cargs := db.SuggestionCountSQL(f)
					check(t, name+" "+fname, q, args, cq, cargs)
				})
			}
		}
	}
	for _, key := range store.HearingSorts.Names() {
		for _, desc := range []bool{false, true} {
			for _, after := range []*store.SortCursor{nil, {Value: hearingCursors[key], ID: 10000}} {
				name := fmt.Sprintf("hearings sorted %s desc=%v from=%v", key, desc, after != nil)
				base := store.HearingFilter{Scope: province, Limit: 20, Sort: store.ListSort{Key: key, Desc: desc}, After: after}
				forEach(hearingFilters, base, func(fname string, f store.HearingFilter) {
					q, args := db.HearingPageSQL(f)
					cq, cargs := db.HearingCountSQL(f)
					check(t, name+" "+fname, q, args, cq, cargs)
				})
			}
		}
	}
	for _, key := range store.CaseSorts.Names() {
		for _, desc := range []bool{false, true} {
			for _, after := range []*store.SortCursor{nil, {Value: caseCursors[key], ID: 30000}} {
				name := fmt.Sprintf("cases sorted %s desc=%v from=%v", key, desc, after != nil)
				base := store.CaseFilter{Scope: province, Limit: 20, Sort: store.ListSort{Key: key, Desc: desc}, After: after}
				forEach(caseFilters, base, func(fname string, f store.CaseFilter) {
					q, args := db.CasePageSQL(f)
					cq, cargs := db.CaseCountSQL(f)
					check(t, name+" "+fname, q, args, cq, cargs)
				})
			}
		}
	}
	// A numbered page as deep as page numbers reach.
	deep := store.SuggestionFilter{Scope: province, Limit: 50, Offset: store.MaxListOffset - 50, Category: "drug"}
	q, args := db.SuggestionPageSQL(deep)
	cq, cargs := db.SuggestionCountSQL(deep)
	check(t, "suggestions deepest numbered page", q, args, cq, cargs)
	// The three-way combination the issue found walking the whole index.
	f := store.SuggestionFilter{Scope: province, UnitPath: basic, Exact: true, Status: []domain.SuggestionStatus{domain.StatusDraft},
		Category: "juvenile", Limit: 20}
	q, args = db.SuggestionPageSQL(f)
	cq, cargs = db.SuggestionCountSQL(f)
	check(t, "suggestions unit + draft + empty category", q, args, cq, cargs)

	// Combinations that match nothing although each of their filters
	// matches much (a status with a type; a unit, a status and a category;
	// a hearing's unit, status and kind) read no more than the tiers: a
	// composite index finds the nothing (migration 00031), where bitmaps of
	// each filter read every row it matches alone.
	var unitPath, status, category, hUnitPath, hStatus, hKind string
	if err := db.SQL().QueryRow(`WITH b AS (SELECT id, path FROM units WHERE level = 'basic'),
		us AS (SELECT s.unit_id, s.status, count(*) n FROM suggestions s GROUP BY 1, 2), c AS (SELECT category, count(*) n FROM suggestions GROUP BY 1)
		SELECT b.path, us.status, c.category FROM us JOIN b ON b.id = us.unit_id, c
		WHERE NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.unit_id = us.unit_id AND s.status = us.status AND s.category = c.category)
		ORDER BY us.n * c.n DESC, 1, 2, 3 LIMIT 1`).Scan(&unitPath, &status, &category); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`WITH b AS (SELECT id, path FROM units WHERE level = 'basic'),
		us AS (SELECT h.unit_id, h.status, count(*) n FROM hearings h GROUP BY 1, 2), k AS (SELECT kind, count(*) n FROM hearings GROUP BY 1)
		SELECT b.path, us.status, k.kind FROM us JOIN b ON b.id = us.unit_id, k
		WHERE NOT EXISTS (SELECT 1 FROM hearings h WHERE h.unit_id = us.unit_id AND h.status = us.status AND h.kind = k.kind)
		ORDER BY us.n * k.n DESC, 1, 2, 3 LIMIT 1`).Scan(&hUnitPath, &hStatus, &hKind); err != nil {
		t.Fatal(err)
	}
	nothing := func(name, q string, args []any) {
		t.Helper()
		_, reads, seq := planReads(t, db, name, q, args)
		for node, n := range reads {
			if n > float64(store.KeysetBudget()+100) {
				t.Errorf("%s: %s reads %.0f rows for none", name, node, n)
			}
		}
		if len(seq) > 0 {
			t.Errorf("%s: sequential scans of %v for none", name, seq)
		}
	}
	for name, f := range map[string]store.SuggestionFilter{
		"suggestions draft + correction, nothing": {Scope: province, Limit: 20, Status: []domain.SuggestionStatus{domain.StatusDraft},
			Type: "correction"},
		"suggestions unit + status + category, nothing": {Scope: province, Limit: 20, UnitPath: unitPath, Exact: true,
			Status: []domain.SuggestionStatus{domain.SuggestionStatus(status)}, Category: category},
	} {
		q, args := db.SuggestionPageSQL(f)
		nothing(name, q, args)
	}
	q, args = db.HearingPageSQL(store.HearingFilter{Scope: province, Limit: 20, UnitPath: hUnitPath,
		Status: []domain.HearingStatus{domain.HearingStatus(hStatus)}, Kind: hKind})
	nothing("hearings unit + status + kind, nothing", q, args)
}

// TestConnectionSettings: the server's connections compile no JIT code
// and start no parallel workers (Open: both cost more than the short
// statements they would serve), unless the connection string asks; those
// of the list pool plan every statement for its values.
func TestConnectionSettings(t *testing.T) {
	db := testdb.New(t)
	for _, c := range []struct {
		pool string
		sql  *sql.DB
		want map[string]string
	}{
		{"main", db.SQL(), map[string]string{"jit": "off", "max_parallel_workers_per_gather": "0", "plan_cache_mode": "auto"}},
		// The list pool plans each statement for its values.
		{"lists", db.ListsSQL(), map[string]string{"jit": "off", "max_parallel_workers_per_gather": "0", "plan_cache_mode": "force_custom_plan"}},
	} {
		for name, want := range c.want {
			var got string
			if err := c.sql.QueryRow(`SELECT current_setting($1)`, name).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s pool: %s = %s, want %s", c.pool, name, got, want)
			}
		}
	}
}
