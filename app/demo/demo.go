// Package demo loads the demo data set: the Hubei procuratorates of the
// news report the product grew from, with one account per role. It runs
// only with PROCURA_DEMO=1 and only into an empty database.
package demo

import (
	"context"
	"fmt"
	"time"

	"procura/app/store"
	"procura/domain"
)

// Password is the password of every demo account.
const Password = "procura-demo-2026"

// Hasher hashes passwords.
type Hasher interface {
	Hash(pw string) (string, error)
}

type unitSpec struct {
	code, name, short string
	level             domain.UnitLevel
	parent            string
	nameEn, shortEn   string
}

// Units is the demo tree: the province, the Hanjiang branch with its three
// basic procuratorates, and Wuhan, with their English names.
var units = []unitSpec{
	{"420000", "湖北省人民检察院", "鄂检", domain.LevelProvince, "", "Hubei Provincial People's Procuratorate", "Hubei"},
	{"429000", "湖北省人民检察院汉江分院", "汉检", domain.LevelBranch, "420000", "Hanjiang Branch, Hubei Provincial People's Procuratorate", "Hanjiang Branch"},
	{"429004", "仙桃市人民检察院", "仙检", domain.LevelBasic, "429000", "Xiantao Municipal People's Procuratorate", "Xiantao"},
	{"429005", "潜江市人民检察院", "潜检", domain.LevelBasic, "429000", "Qianjiang Municipal People's Procuratorate", "Qianjiang"},
	{"429006", "天门市人民检察院", "天检", domain.LevelBasic, "429000", "Tianmen Municipal People's Procuratorate", "Tianmen"},
	{"420100", "武汉市人民检察院", "武检", domain.LevelCity, "420000", "Wuhan Municipal People's Procuratorate", "Wuhan"},
}

type accountSpec struct {
	username, name string
	role           domain.Role
	unit           string
}

var accounts = []accountSpec{
	{"admin", "系统管理员", domain.RoleAdmin, "420000"},
	{"chief.hanjiang", "吴忠良", domain.RoleChief, "429000"},
	{"supervisor.hanjiang", "熊昌正", domain.RoleSupervisor, "429000"},
	{"chief.xiantao", "陈建国", domain.RoleChief, "429004"},
	{"supervisor.xiantao", "刘红梅", domain.RoleSupervisor, "429004"},
	{"prosecutor.xiantao", "张明", domain.RoleProsecutor, "429004"},
	{"clerk.xiantao", "王丽", domain.RoleClerk, "429004"},
	{"prosecutor.tianmen", "李强", domain.RoleProsecutor, "429006"},
	{"clerk.tianmen", "赵敏", domain.RoleClerk, "429006"},
	{"prosecutor.wuhan", "周杰", domain.RoleProsecutor, "420100"},
	{"prosecutor.qianjiang", "孙伟", domain.RoleProsecutor, "429005"},
}

// Load seeds an empty database and reports whether it did.
func Load(ctx context.Context, db *store.DB, h Hasher) (bool, error) {
	return db.SeedIfEmpty(ctx, func(ctx context.Context) error {
		ids := map[string]int64{}
		for _, u := range units {
			created, err := db.CreateUnit(ctx, domain.Unit{Code: u.code, Name: u.name, ShortName: u.short, Level: u.level, ParentID: ids[u.parent],
				NameEn: u.nameEn, ShortNameEn: u.shortEn})
			if err != nil {
				return fmt.Errorf("unit %s: %w", u.code, err)
			}
			ids[u.code] = created.ID
		}
		hash, err := h.Hash(Password)
		if err != nil {
			return err
		}
		s := &seeder{db: db, ctx: ctx, today: domain.DateOf(time.Now(), domain.Shanghai), users: map[string]domain.User{}, units: map[string]domain.Unit{}}
		for _, a := range accounts {
			u := domain.User{Username: a.username, Name: a.name, UnitID: ids[a.unit],
				Grants: []domain.Grant{{Role: a.role, UnitID: ids[a.unit]}}}
			created, err := db.CreateUser(ctx, u, hash)
			if err != nil {
				return fmt.Errorf("account %s: %w", a.username, err)
			}
			s.users[a.username] = created
		}
		for code, id := range ids {
			s.units[code] = domain.Unit{ID: id, Code: code}
		}
		for year, c := range OfficialCalendars {
			hol, work, err := parseDays(c.Holidays), parseDays(c.Workdays), error(nil)
			if err = db.SetCalendarYear(ctx, year, hol, work); err != nil {
				return fmt.Errorf("calendar %d: %w", year, err)
			}
		}
		if s.cal, err = db.Calendar(ctx); err != nil {
			return err
		}
		if err := seedSuggestions(s); err != nil {
			return err
		}
		if err := seedHearings(s); err != nil {
			return err
		}
		if err := db.EnsureBuiltinIndicators(ctx); err != nil {
			return err
		}
		return seedCases(s)
	})
}

func parseDays(ss []string) []domain.Date {
	out := make([]domain.Date, len(ss))
	for i, s := range ss {
		out[i] = day(s)
	}
	return out
}
