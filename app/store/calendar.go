package store

import (
	"context"
	"fmt"
	"time"

	"procura/domain"
)

// Calendar returns the statutory calendar of every year on record.
func (db *DB) Calendar(ctx context.Context) (domain.Calendar, error) {
	hol, work, err := db.calendarDays(ctx, `SELECT day, kind FROM calendar_days`)
	if err != nil {
		return domain.Calendar{}, err
	}
	return domain.NewCalendar(hol, work), nil
}

// CalendarYears lists the years with at least one listed day (loaded;
// see domain.Calendar.Loaded), in order.
func (db *DB) CalendarYears(ctx context.Context) ([]int, error) {
	years := []int{}
	if err := db.conn(ctx).Raw(`SELECT DISTINCT extract(year FROM day)::int AS year FROM calendar_days ORDER BY 1`).Scan(&years).Error; err != nil {
		return nil, fmt.Errorf("calendar years: %w", translate(err))
	}
	return years, nil
}

// OpenDeadlineYears counts, by year, the deadlines still running: reply
// deadlines of issued suggestions without a final reply and filing
// deadlines not yet met, of suggestions neither withdrawn nor closed.
func (db *DB) OpenDeadlineYears(ctx context.Context) (map[int]int, error) {
	var rows []struct{ Year, N int }
	err := db.conn(ctx).Raw(`SELECT extract(year FROM d)::int AS year, count(*) AS n FROM (
			SELECT reply_due_on AS d FROM suggestions WHERE status = 'issued' AND NOT has_final_reply AND reply_due_on IS NOT NULL
			UNION ALL
			SELECT filing_due_on FROM suggestions WHERE filing_due_on IS NOT NULL AND filed_on IS NULL AND status NOT IN ('withdrawn', 'closed')
		) x GROUP BY 1`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("open deadline years: %w", translate(err))
	}
	out := make(map[int]int, len(rows))
	for _, r := range rows {
		out[r.Year] = r.N
	}
	return out, nil
}

// CalendarYear returns the holidays and make-up working days of a year.
func (db *DB) CalendarYear(ctx context.Context, year int) (holidays, workdays []domain.Date, err error) {
	return db.calendarDays(ctx, `SELECT day, kind FROM calendar_days WHERE day >= make_date(?, 1, 1) AND day < make_date(?, 1, 1) ORDER BY day`, year, year+1)
}

func (db *DB) calendarDays(ctx context.Context, q string, args ...any) (holidays, workdays []domain.Date, err error) {
	var rows []struct {
		Day  time.Time
		Kind string
	}
	if err := db.conn(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("calendar: %w", translate(err))
	}
	holidays, workdays = []domain.Date{}, []domain.Date{}
	for _, r := range rows {
		d := domain.DateOf(r.Day, time.UTC)
		if r.Kind == "holiday" {
			holidays = append(holidays, d)
		} else {
			workdays = append(workdays, d)
		}
	}
	return holidays, workdays, nil
}

// SetCalendarYear replaces a year's holidays and make-up working days.
// Errors: domain.ErrInvalid.
func (db *DB) SetCalendarYear(ctx context.Context, year int, holidays, workdays []domain.Date) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := domain.ValidateCalendarYear(year, holidays, workdays); err != nil {
			return err
		}
		bh, bw, err := db.CalendarYear(ctx, year)
		if err != nil {
			return err
		}
		c := db.conn(ctx)
		if err := c.Exec(`DELETE FROM calendar_days WHERE day >= make_date(?, 1, 1) AND day < make_date(?, 1, 1)`, year, year+1).Error; err != nil {
			return translate(err)
		}
		for kind, days := range map[string][]domain.Date{"holiday": holidays, "workday": workdays} {
			for _, d := range days {
				if err := c.Exec(`INSERT INTO calendar_days (day, kind) VALUES (?, ?)`, d.String(), kind).Error; err != nil {
					return translate(err)
				}
			}
		}
		return db.audit(ctx, "update", "calendar", int64(year), 0,
			map[string]any{"holidays": dateStrings(bh), "workdays": dateStrings(bw)},
			map[string]any{"holidays": dateStrings(holidays), "workdays": dateStrings(workdays)})
	})
	if err != nil {
		return fmt.Errorf("set calendar %d: %w", year, err)
	}
	return nil
}

func dateStrings(ds []domain.Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

// Category is a class-case category.
type Category struct {
	Code   string
	NameZh string
	NameEn string
	Sort   int
	Active bool
}

// Categories lists the class-case categories in display order.
func (db *DB) Categories(ctx context.Context) ([]Category, error) {
	var out []Category
	if err := db.conn(ctx).Raw(`SELECT code, name_zh, name_en, sort, active FROM categories ORDER BY sort, code`).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("categories: %w", translate(err))
	}
	return out, nil
}

// PutCategory adds or changes a category.
func (db *DB) PutCategory(ctx context.Context, c Category) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var v domain.Validator
		v.Check(categoryCode(c.Code), domain.Field("code", "format", "2–40 lower-case letters or underscores.", "编码为 2–40 位小写字母或下划线。"))
		v.Check(c.NameZh != "", domain.Required("name_zh"))
		v.Check(len([]rune(c.NameZh)) <= 50, domain.TooLong("name_zh", 50))
		v.Check(c.NameEn != "", domain.Required("name_en"))
		v.Check(len([]rune(c.NameEn)) <= 100, domain.TooLong("name_en", 100))
		if err := v.Err(); err != nil {
			return err
		}
		if err := db.conn(ctx).Exec(`INSERT INTO categories (code, name_zh, name_en, sort, active) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort, active = excluded.active`,
			c.Code, c.NameZh, c.NameEn, c.Sort, c.Active).Error; err != nil {
			return translate(err)
		}
		return db.audit(ctx, "put", "category", 0, 0, nil, map[string]any{"code": c.Code, "name_zh": c.NameZh, "name_en": c.NameEn, "sort": c.Sort, "active": c.Active})
	})
	if err != nil {
		return fmt.Errorf("put category: %w", err)
	}
	return nil
}

func categoryCode(s string) bool {
	if len(s) < 2 || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}

// DocPrefixes returns the 文号 prefix of every suggestion type.
func (db *DB) DocPrefixes(ctx context.Context) (map[domain.SuggestionType]string, error) {
	var rows []struct{ Type, Prefix string }
	if err := db.conn(ctx).Raw(`SELECT type, prefix FROM doc_prefixes ORDER BY type`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("doc prefixes: %w", translate(err))
	}
	out := map[domain.SuggestionType]string{}
	for _, r := range rows {
		out[domain.SuggestionType(r.Type)] = r.Prefix
	}
	return out, nil
}

// SetDocPrefix changes the 文号 prefix of a suggestion type; numbering
// continues per prefix, so a new prefix starts again at 1.
func (db *DB) SetDocPrefix(ctx context.Context, t domain.SuggestionType, prefix string) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		n := len([]rune(prefix))
		if n < 1 || n > 4 {
			return domain.Invalid(domain.Field("prefix", "length", "1 to 4 characters.", "前缀应为 1 至 4 个字符。"))
		}
		before, err := db.DocPrefixes(ctx)
		if err != nil {
			return err
		}
		if _, ok := before[t]; !ok {
			return domain.ErrNotFound
		}
		if err := db.conn(ctx).Exec(`UPDATE doc_prefixes SET prefix = ? WHERE type = ?`, prefix, string(t)).Error; err != nil {
			return translate(err)
		}
		return db.audit(ctx, "update", "doc_prefix", 0, 0, map[string]any{"type": t, "prefix": before[t]}, map[string]any{"type": t, "prefix": prefix})
	})
	if err != nil {
		return fmt.Errorf("set doc prefix: %w", err)
	}
	return nil
}
