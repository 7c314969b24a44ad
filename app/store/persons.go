package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"procura/domain"
)

// Person is an entry of the master name index.
type Person struct {
	ID           int64
	Name         string
	Gender       string
	BirthDate    domain.Date
	IDNumber     string
	Phone        string
	Organisation string
	Occupation   string
}

type personRow struct {
	ID           int64
	Name         string
	Gender       string
	BirthDate    *time.Time
	IDNumber     string
	Phone        string
	Organisation string
	Occupation   string
}

func (r personRow) toPerson() Person {
	return Person{ID: r.ID, Name: r.Name, Gender: r.Gender, BirthDate: dateOf(r.BirthDate), IDNumber: r.IDNumber, Phone: r.Phone,
		Organisation: r.Organisation, Occupation: r.Occupation}
}

// ValidatePerson checks a person's fields.
func ValidatePerson(p Person, today domain.Date) error {
	var v domain.Validator
	name := strings.TrimSpace(p.Name)
	v.Check(name != "", domain.Required("person.name"))
	v.Check(len([]rune(name)) <= 100, domain.TooLong("person.name", 100))
	v.Check(p.Gender == "" || p.Gender == "male" || p.Gender == "female", domain.Field("person.gender", "invalid", "male or female.", "性别应为男或女。"))
	v.Check(p.BirthDate.IsZero() || !p.BirthDate.After(today), domain.Field("person.birth_date", "future", "The birth date is in the future.", "出生日期不能晚于今天。"))
	v.Check(p.IDNumber == "" || validIDNumber(p.IDNumber), domain.Field("person.id_number", "format",
		"A resident ID number has 18 characters: 17 digits and a digit or X.", "居民身份证号码应为 18 位（17 位数字加一位数字或 X）。"))
	for _, f := range []struct{ name, val string }{{"person.phone", p.Phone}, {"person.organisation", p.Organisation}, {"person.occupation", p.Occupation}} {
		v.Check(len([]rune(f.val)) <= 100, domain.TooLong(f.name, 100))
	}
	return v.Err()
}

func validIDNumber(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9') && !(i == 17 && (r == 'X' || r == 'x')) {
			return false
		}
	}
	return true
}

// CreatePerson adds a person and reports whether one with the same name
// and birth date existed already (a likely duplicate, for a warning).
func (db *DB) CreatePerson(ctx context.Context, p Person, today domain.Date) (Person, bool, error) {
	var (
		out Person
		dup bool
	)
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		out, dup, err = db.createPerson(ctx, p, today)
		return err
	})
	if err != nil {
		return Person{}, false, fmt.Errorf("create person: %w", err)
	}
	return out, dup, nil
}

func (db *DB) createPerson(ctx context.Context, p Person, today domain.Date) (Person, bool, error) {
	if err := ValidatePerson(p, today); err != nil {
		return Person{}, false, err
	}
	var n int64
	if !p.BirthDate.IsZero() {
		if err := db.conn(ctx).Raw(`SELECT count(*) FROM persons WHERE name = ? AND birth_date = ?`, strings.TrimSpace(p.Name), p.BirthDate.String()).
			Scan(&n).Error; err != nil {
			return Person{}, false, translate(err)
		}
	}
	if err := db.conn(ctx).Raw(`INSERT INTO persons (name, gender, birth_date, id_number, phone, organisation, occupation)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, strings.TrimSpace(p.Name), p.Gender, dateArg(p.BirthDate), strings.ToUpper(p.IDNumber),
		p.Phone, p.Organisation, p.Occupation).Scan(&p.ID).Error; err != nil {
		return Person{}, false, translate(err)
	}
	p.Name, p.IDNumber = strings.TrimSpace(p.Name), strings.ToUpper(p.IDNumber)
	if err := db.audit(ctx, "create", "person", p.ID, 0, nil, map[string]any{"name": p.Name, "birth_date": p.BirthDate.String()}); err != nil {
		return Person{}, false, err
	}
	return p, n > 0, nil
}

// GetPerson returns a person. Errors: domain.ErrNotFound.
func (db *DB) GetPerson(ctx context.Context, id int64) (Person, error) {
	var rows []personRow
	if err := db.conn(ctx).Raw(`SELECT id, name, gender, birth_date, id_number, phone, organisation, occupation FROM persons WHERE id = ?`, id).
		Scan(&rows).Error; err != nil {
		return Person{}, fmt.Errorf("get person: %w", translate(err))
	}
	if len(rows) == 0 {
		return Person{}, fmt.Errorf("get person: %w", domain.ErrNotFound)
	}
	return rows[0].toPerson(), nil
}

// SearchPersons finds people by a substring of the name, newest first.
func (db *DB) SearchPersons(ctx context.Context, q string, beforeID int64, limit int) ([]Person, error) {
	query := db.conn(ctx).Table("persons")
	if q = strings.TrimSpace(q); q != "" {
		query = query.Where("name LIKE ?", "%"+escapeLike(q)+"%")
	}
	if beforeID > 0 {
		query = query.Where("id < ?", beforeID)
	}
	var rows []personRow
	if err := query.Select("id, name, gender, birth_date, id_number, phone, organisation, occupation").Order("id DESC").Limit(limit).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("search persons: %w", translate(err))
	}
	out := make([]Person, len(rows))
	for i, r := range rows {
		out[i] = r.toPerson()
	}
	return out, nil
}
