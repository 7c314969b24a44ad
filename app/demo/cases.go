package demo

import (
	"math/rand/v2"
	"strings"

	"procura/app/gendata"
	"procura/app/store"
	"procura/domain"
)

// demoCases is about how many cases the Hanjiang units received since
// January 2025.
const demoCases = 2000

// caseUnits are the Hanjiang units that receive the demo cases, with the
// prosecutors who handle them: the demo accounts, and colleagues known
// only by name (as the national case system exports them).
var caseUnits = []gendata.Unit{
	{Code: "429004", Short: "仙检", Weight: 40, Prosecutors: []string{"prosecutor.xiantao", "胡晓东", "杨帆", "郑丽华", "黄志刚"}},
	{Code: "429005", Short: "潜检", Weight: 24, Prosecutors: []string{"prosecutor.qianjiang", "何建军", "罗敏", "谢芳"}},
	{Code: "429006", Short: "天检", Weight: 26, Prosecutors: []string{"prosecutor.tianmen", "马骏", "高雪", "林涛"}},
	{Code: "429000", Short: "汉检", Weight: 10, Prosecutors: []string{"宋立新", "韩冰"}},
}

// kindCategory is the category of the case a hearing of that kind is
// usually held on.
var kindCategory = map[string]string{
	"non_prosecution": "dangerous_driving", "arrest_review": "drug", "custody_necessity": "fraud", "criminal_appeal": "other",
	"public_interest": "environment", "civil_supervision": "other", "administrative_supervision": "other", "juvenile": "juvenile",
}

// seedCases loads the cases through the import's write path: first the
// cases that the demo suggestions and hearings name, then about 2,000
// generated ones with their events, then the indicator roll-up.
func seedCases(s *seeder) error {
	ctx := s.as("supervisor.hanjiang")
	links, err := s.db.CaseNumberLinks(ctx)
	if err != nil {
		return err
	}
	accounts, err := s.db.AccountsByUsername(ctx)
	if err != nil {
		return err
	}
	unitID := map[string]int64{}
	short := map[string]string{}
	for _, u := range caseUnits {
		unitID[u.Code] = s.units[u.Code].ID
		short[u.Code] = u.Short
	}
	var cases []store.CaseInput
	var events []store.EventInput
	add := func(c gendata.Case) {
		in := store.CaseInput{UnifiedNo: c.UnifiedNo, DeptNo: c.DeptNo, UnitID: unitID[c.UnitCode], CaseType: c.CaseType,
			Category: c.Category, ReceivedOn: c.ReceivedOn, Persons: c.Persons}
		if id, ok := accounts[c.Prosecutor]; ok {
			in.ProsecutorID = &id
		} else {
			in.ProsecutorName = c.Prosecutor
		}
		cases = append(cases, in)
		for _, e := range c.Events {
			events = append(events, store.EventInput{UnifiedNo: c.UnifiedNo, Event: e.Event, OccurredOn: e.On, Persons: e.Persons})
		}
	}
	reserved := map[string]bool{}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, l := range links {
		if _, ok := unitID[l.UnitCode]; !ok || !strings.HasPrefix(l.Number, l.UnitCode) {
			continue
		}
		reserved[l.Number] = true
		cat := l.Category
		if cat == "" {
			cat = kindCategory[l.Kind]
		}
		if cat == "" {
			cat = "other"
		}
		received := domain.DateOf(l.On, domain.Shanghai).AddDays(-60)
		c := gendata.Case{UnifiedNo: l.Number, DeptNo: "", UnitCode: l.UnitCode, CaseType: "审查起诉", Category: cat,
			Prosecutor: prosecutorOf(l.UnitCode), ReceivedOn: received, Persons: 1}
		c.Events = gendata.Events(rng, received, 1, s.today)
		add(c)
	}
	err = gendata.Generate(gendata.Config{Units: caseUnits, From: day("2025-01-01"), To: s.today, Cases: demoCases, Seed: 2026,
		Reserved: reserved}, func(c gendata.Case) error { add(c); return nil })
	if err != nil {
		return err
	}
	scope := domain.Scope{Patterns: []string{domain.SubtreePattern("/420000/429000")}}
	for start := 0; start < len(cases); start += 1000 {
		if _, problems, err := s.db.UpsertCases(ctx, cases[start:min(start+1000, len(cases))], scope); err != nil {
			return err
		} else if len(problems) > 0 {
			return domain.Invalid(problems[0].FieldError)
		}
	}
	for start := 0; start < len(events); start += 2000 {
		_, problems, err := s.db.ImportEvents(ctx, events[start:min(start+2000, len(events))], scope)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			return domain.Invalid(problems[0].FieldError)
		}
	}
	return s.db.RefreshRollups(ctx)
}

func prosecutorOf(unitCode string) string {
	for _, u := range caseUnits {
		if u.Code == unitCode {
			return u.Prosecutors[0]
		}
	}
	return ""
}
