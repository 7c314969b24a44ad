package indicators_test

import (
	"context"
	"testing"

	"procura/app/gendata"
	"procura/app/indicators"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// BenchmarkTable times the supervisor's questions over two years of
// 20,000 generated cases in a branch with three basic units, written
// through the import's write path. Province scale is measured with
// `go run ./app gen-data --cases 2000000 --units 90` (see README.md).
func BenchmarkTable(b *testing.B) {
	db := testdb.New(b)
	ctx := context.Background()
	if err := db.EnsureBuiltinIndicators(ctx); err != nil {
		b.Fatal(err)
	}
	var units []domain.Unit
	for _, u := range []domain.Unit{
		{Code: "420000", Name: "省院", ShortName: "鄂检", Level: domain.LevelProvince},
		{Code: "429000", Name: "分院", ShortName: "汉检", Level: domain.LevelBranch},
		{Code: "429004", Name: "一院", ShortName: "仙检", Level: domain.LevelBasic},
		{Code: "429005", Name: "二院", ShortName: "潜检", Level: domain.LevelBasic},
		{Code: "429006", Name: "三院", ShortName: "天检", Level: domain.LevelBasic},
	} {
		switch u.Level {
		case domain.LevelBranch:
			u.ParentID = units[0].ID
		case domain.LevelBasic:
			u.ParentID = units[1].ID
		}
		created, err := db.CreateUnit(ctx, u)
		if err != nil {
			b.Fatal(err)
		}
		units = append(units, created)
	}
	id := map[string]int64{}
	var gu []gendata.Unit
	for _, u := range units[1:] {
		id[u.Code] = u.ID
		gu = append(gu, gendata.Unit{Code: u.Code, Short: u.ShortName, Weight: 1, Prosecutors: []string{u.Code + "甲", u.Code + "乙"}})
	}
	var cases []store.CaseInput
	var events []store.EventInput
	from, to := domain.NewDate(2024, 11, 1), domain.NewDate(2026, 10, 31)
	if err := gendata.Generate(gendata.Config{Units: gu, From: from, To: to, Cases: 20000, Seed: 1}, func(c gendata.Case) error {
		cases = append(cases, store.CaseInput{UnifiedNo: c.UnifiedNo, UnitID: id[c.UnitCode], Category: c.Category, ProsecutorName: c.Prosecutor,
			ReceivedOn: c.ReceivedOn, Persons: c.Persons})
		for _, e := range c.Events {
			events = append(events, store.EventInput{UnifiedNo: c.UnifiedNo, Event: e.Event, OccurredOn: e.On, Persons: e.Persons})
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(cases); i += 5000 {
		if _, _, err := db.UpsertCases(ctx, cases[i:min(i+5000, len(cases))], domain.Scope{Patterns: []string{"/420000/*"}}); err != nil {
			b.Fatal(err)
		}
	}
	scope := domain.Scope{Patterns: []string{"/420000/*"}}
	for i := 0; i < len(events); i += 5000 {
		if _, _, err := db.ImportEvents(ctx, events[i:min(i+5000, len(events))], scope); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.RefreshRollups(ctx); err != nil {
		b.Fatal(err)
	}
	recs, err := db.Indicators(ctx, false)
	if err != nil {
		b.Fatal(err)
	}
	var inds []domain.Indicator
	for _, r := range recs {
		inds = append(inds, r.Indicator)
	}
	period, err := indicators.DetectPeriod(from, to)
	if err != nil {
		b.Fatal(err)
	}
	eng := &indicators.Engine{DB: db}
	for _, c := range []struct {
		name  string
		group indicators.GroupBy
		cut   indicators.Cut
	}{
		{"all/total", indicators.GroupNone, indicators.Cut{Unit: units[0], Period: period}},
		{"all/by-unit", indicators.GroupUnit, indicators.Cut{Unit: units[1], Period: period}},
		{"all/by-category", indicators.GroupCategory, indicators.Cut{Unit: units[0], Period: period}},
		{"all/by-month", indicators.GroupMonth, indicators.Cut{Unit: units[0], Period: period}},
		{"all/by-prosecutor", indicators.GroupProsecutor, indicators.Cut{Unit: units[2], Period: period}},
		{"drug/partial-months", indicators.GroupNone, indicators.Cut{Unit: units[0], Category: "drug",
			Period: domain.ReportPeriod{Kind: domain.PeriodRange, From: domain.NewDate(2025, 1, 15), To: domain.NewDate(2026, 9, 14)}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := eng.Table(ctx, inds, c.cut, c.group, "zh"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
