package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"procura/app/gendata"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// caseDB is a database with a branch and two basic units.
func caseDB(t *testing.T) (*store.DB, []domain.Unit) {
	t.Helper()
	db := testdb.New(t)
	ctx := context.Background()
	var units []domain.Unit
	parent := int64(0)
	for _, u := range []domain.Unit{
		{Code: "420000", Name: "省院", ShortName: "鄂检", Level: domain.LevelProvince},
		{Code: "429000", Name: "分院", ShortName: "汉检", Level: domain.LevelBranch},
		{Code: "429004", Name: "一院", ShortName: "仙检", Level: domain.LevelBasic},
		{Code: "429005", Name: "二院", ShortName: "潜检", Level: domain.LevelBasic},
	} {
		if u.Level == domain.LevelBasic {
			parent = units[1].ID
		} else if len(units) > 0 {
			parent = units[0].ID
		}
		u.ParentID = parent
		created, err := db.CreateUnit(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, created)
	}
	return db, units
}

// load writes generated cases through the import's write path.
func load(t *testing.T, db *store.DB, units []domain.Unit, n int, seed uint64) {
	t.Helper()
	ctx := context.Background()
	byCode := map[string]int64{}
	for _, u := range units {
		byCode[u.Code] = u.ID
	}
	var cases []store.CaseInput
	var events []store.EventInput
	err := gendata.Generate(gendata.Config{Units: []gendata.Unit{
		{Code: "429004", Short: "仙检", Weight: 2, Prosecutors: []string{"甲", "乙"}},
		{Code: "429005", Short: "潜检", Weight: 1, Prosecutors: []string{"丙"}},
		{Code: "429000", Short: "汉检", Weight: 1, Prosecutors: []string{"丁"}},
	}, From: domain.NewDate(2025, 1, 1), To: domain.NewDate(2026, 6, 30), Cases: n, Seed: seed}, func(c gendata.Case) error {
		cases = append(cases, store.CaseInput{UnifiedNo: c.UnifiedNo, DeptNo: c.DeptNo, UnitID: byCode[c.UnitCode], CaseType: c.CaseType,
			Category: c.Category, ProsecutorName: c.Prosecutor, ReceivedOn: c.ReceivedOn, Persons: c.Persons})
		for _, e := range c.Events {
			events = append(events, store.EventInput{UnifiedNo: c.UnifiedNo, Event: e.Event, OccurredOn: e.On, Persons: e.Persons})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.UpsertCases(ctx, cases, domain.Scope{Patterns: []string{"/420000/*"}}); err != nil {
		t.Fatal(err)
	}
	// Events in shuffled batches, so that an arrest review may come after
	// the prosecution review it precedes and the roll-up must correct 案.
	rng := rand.New(rand.NewPCG(seed, 1))
	rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
	scope := domain.Scope{Patterns: []string{"/420000/*"}}
	for start := 0; start < len(events); start += 500 {
		if _, problems, err := db.ImportEvents(ctx, events[start:min(start+500, len(events))], scope); err != nil || len(problems) > 0 {
			t.Fatalf("import events: %v %v", err, problems)
		}
		if start%1500 == 0 {
			if err := db.RefreshRollups(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.RefreshRollups(ctx); err != nil {
		t.Fatal(err)
	}
}

func sumBy(counts []store.QuantityCount) map[domain.Quantity]int64 {
	out := map[domain.Quantity]int64{}
	for _, c := range counts {
		out[c.Quantity] += c.N
	}
	return out
}

// TestRollupMatchesEvents: for random periods, units and categories, the
// counts read from the monthly roll-up (with the partial months from the
// events) equal the counts read from the events alone.
func TestRollupMatchesEvents(t *testing.T) {
	db, units := caseDB(t)
	load(t, db, units, 600, 42)
	ctx := context.Background()
	qs := domain.Quantities()
	rng := rand.New(rand.NewPCG(7, 7))
	first := domain.NewDate(2024, 12, 1)
	for i := 0; i < 60; i++ {
		from := first.AddDays(rng.IntN(600))
		to := from.AddDays(rng.IntN(300))
		if i%3 == 0 { // whole months too
			from = domain.NewDate(from.Year(), from.Month(), 1)
			to = domain.NewDate(to.Year(), to.Month()+1, 0)
		}
		q := store.QuantityQuery{UnitPath: units[rng.IntN(len(units))].Path, From: from, To: to, Quantities: qs}
		if rng.IntN(2) == 0 {
			q.Category = []string{"drug", "dangerous_driving", "fraud"}[rng.IntN(3)]
		}
		rolled, err := db.CountQuantities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.ByProsecutor = true // forces the events path
		raw, err := db.CountQuantities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		a, b := sumBy(rolled), sumBy(raw)
		for _, x := range qs {
			if a[x] != b[x] {
				t.Errorf("%s %s–%s %s: roll-up %d, events %d", q.UnitPath, from, to, x, a[x], b[x])
			}
		}
		if a[domain.QuantityCasesReceived] == 0 && i%3 == 0 && to.DaysUntil(from) < -60 {
			t.Errorf("%s–%s: no cases at all; the generator or the query is broken", from, to)
		}
	}
}

// TestConcurrentEventImports: two imports that race to record returns for
// supplementary investigation on the same cases never leave a case with
// more than two, and the roll-up still matches the events.
func TestConcurrentEventImports(t *testing.T) {
	db, units := caseDB(t)
	ctx := context.Background()
	var cases []store.CaseInput
	for i := 0; i < 20; i++ {
		cases = append(cases, store.CaseInput{UnifiedNo: fmt.Sprintf("42900420260%06d", i), UnitID: units[2].ID, Category: "drug",
			ReceivedOn: domain.NewDate(2026, 1, 5), Persons: 1})
	}
	if _, _, err := db.UpsertCases(ctx, cases, domain.Scope{Patterns: []string{"/420000/*"}}); err != nil {
		t.Fatal(err)
	}
	scope := domain.Scope{Patterns: []string{"/420000/*"}}
	var wg sync.WaitGroup
	refused := make([]int, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var batch []store.EventInput
			for i, c := range cases {
				batch = append(batch, store.EventInput{Line: i + 2, UnifiedNo: c.UnifiedNo, Event: domain.EventReturnedForInvestigation,
					OccurredOn: domain.NewDate(2026, 2, 1+w), Persons: 1})
			}
			_, problems, err := db.ImportEvents(ctx, batch, scope)
			if err != nil {
				t.Error(err)
			}
			refused[w] = len(problems)
			if err := db.RefreshRollups(ctx); err != nil {
				t.Error(err)
			}
		}(w)
	}
	wg.Wait()
	var max, total int
	if err := db.SQL().QueryRow(`SELECT max(n), sum(n) FROM (SELECT count(*) AS n FROM case_events GROUP BY case_id) x`).Scan(&max, &total); err != nil {
		t.Fatal(err)
	}
	if max != 2 || total != 40 {
		t.Errorf("returns per case: max %d, total %d; want 2 and 40", max, total)
	}
	if r := refused[0] + refused[1] + refused[2] + refused[3]; r != 40 {
		t.Errorf("refused %d third-or-later returns, want 40", r)
	}
	q := store.QuantityQuery{UnitPath: units[0].Path, From: domain.NewDate(2026, 2, 1), To: domain.NewDate(2026, 2, 28),
		Quantities: []domain.Quantity{domain.CountOf(domain.EventReturnedForInvestigation)}}
	rolled, err := db.CountQuantities(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if n := sumBy(rolled)[domain.CountOf(domain.EventReturnedForInvestigation)]; n != 40 {
		t.Errorf("roll-up counts %d returns, want 40", n)
	}
}
