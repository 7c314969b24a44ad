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
	UnitID       int64 // the unit that entered the person; 0 for entries older than the field
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
	UnitID       *int64
	Name         string
	Gender       string
	BirthDate    *time.Time
	IDNumber     string
	Phone        string
	Organisation string
	Occupation   string
	Held         bool // only where a query selects it
}

func (r personRow) toPerson() Person {
	var unitID int64
	if r.UnitID != nil {
		unitID = *r.UnitID
	}
	return Person{ID: r.ID, UnitID: unitID, Name: r.Name, Gender: r.Gender, BirthDate: dateOf(r.BirthDate), IDNumber: r.IDNumber, Phone: r.Phone,
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
	if err := db.conn(ctx).Raw(`INSERT INTO persons (unit_id, name, gender, birth_date, id_number, phone, organisation, occupation)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, nullID(p.UnitID), strings.TrimSpace(p.Name), p.Gender, dateArg(p.BirthDate),
		strings.ToUpper(p.IDNumber), p.Phone, p.Organisation, p.Occupation).Scan(&p.ID).Error; err != nil {
		return Person{}, false, translate(err)
	}
	p.Name, p.IDNumber = strings.TrimSpace(p.Name), strings.ToUpper(p.IDNumber)
	if err := db.audit(ctx, "create", "person", p.ID, p.UnitID, nil, map[string]any{"name": p.Name, "birth_date": p.BirthDate.String()}); err != nil {
		return Person{}, false, err
	}
	return p, n > 0, nil
}

// GetPerson returns a person. Errors: domain.ErrNotFound.
func (db *DB) GetPerson(ctx context.Context, id int64) (Person, error) {
	var rows []personRow
	if err := db.conn(ctx).Raw(`SELECT `+personColumns+` FROM persons p WHERE p.id = ?`, id).Scan(&rows).Error; err != nil {
		return Person{}, fmt.Errorf("get person: %w", translate(err))
	}
	if len(rows) == 0 {
		return Person{}, fmt.Errorf("get person: %w", domain.ErrNotFound)
	}
	return rows[0].toPerson(), nil
}

const personColumns = `p.id, p.unit_id, p.name, p.gender, p.birth_date, p.id_number, p.phone, p.organisation, p.occupation`

// PersonMatch is a person as a caller may see them. Held says that a unit
// in the caller's scope holds a record naming the person (entered them,
// seats them in a hearing, keeps them in its officer pool); a person
// reached only through an officer pool above the caller's units is not
// held, and their contact details are shown masked.
type PersonMatch struct {
	Person
	Held bool
}

// personAccess is the SQL for a person p's visibility in scope: held, or
// reached as an active officer of a pool that serves a unit of the scope.
func personAccess(scope domain.Scope) (held string, heldArgs []any, reach string, reachArgs []any) {
	cond, args := scopeCondition("u.path", scope)
	held = `(EXISTS (SELECT 1 FROM units u WHERE u.id = p.unit_id AND ` + cond + `)
		OR EXISTS (SELECT 1 FROM hearing_participants hp JOIN hearings h ON h.id = hp.hearing_id JOIN units u ON u.id = h.unit_id
			WHERE hp.person_id = p.id AND ` + cond + `)
		OR EXISTS (SELECT 1 FROM hearing_officers o JOIN units u ON u.id = o.unit_id WHERE o.person_id = p.id AND ` + cond + `))`
	heldArgs = append(append(append([]any{}, args...), args...), args...)
	pool, poolArgs := poolCondition("u.path", scope)
	reach = `EXISTS (SELECT 1 FROM hearing_officers o JOIN units u ON u.id = o.unit_id
		WHERE o.person_id = p.id AND o.status = 'active' AND ` + pool + `)`
	return held, heldArgs, reach, poolArgs
}

// PersonInScope returns a person visible in scope. Errors:
// domain.ErrNotFound, also for a person who exists outside the scope.
func (db *DB) PersonInScope(ctx context.Context, id int64, scope domain.Scope) (PersonMatch, error) {
	held, heldArgs, reach, reachArgs := personAccess(scope)
	var rows []personRow
	args := append(append(append([]any{}, heldArgs...), id), append(heldArgs, reachArgs...)...)
	if err := db.conn(ctx).Raw(`SELECT `+personColumns+`, `+held+` AS held FROM persons p WHERE p.id = ? AND (`+held+` OR `+reach+`)`, args...).
		Scan(&rows).Error; err != nil {
		return PersonMatch{}, fmt.Errorf("get person: %w", translate(err))
	}
	if len(rows) == 0 {
		return PersonMatch{}, fmt.Errorf("get person: %w", domain.ErrNotFound)
	}
	return PersonMatch{Person: rows[0].toPerson(), Held: rows[0].Held}, nil
}

// SearchPersons finds the people visible in scope by a substring of the
// name, newest first.
func (db *DB) SearchPersons(ctx context.Context, scope domain.Scope, q string, beforeID int64, limit int) ([]PersonMatch, error) {
	held, heldArgs, reach, reachArgs := personAccess(scope)
	where := []string{"(" + held + " OR " + reach + ")"}
	args := append(append([]any{}, heldArgs...), append(append([]any{}, heldArgs...), reachArgs...)...)
	if q = strings.TrimSpace(q); q != "" {
		where = append(where, "p.name LIKE ?")
		args = append(args, "%"+escapeLike(q)+"%")
	}
	if beforeID > 0 {
		where = append(where, "p.id < ?")
		args = append(args, beforeID)
	}
	var rows []personRow
	if err := db.conn(ctx).Raw(`SELECT `+personColumns+`, `+held+` AS held FROM persons p WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(" ORDER BY p.id DESC LIMIT %d", limit), args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("search persons: %w", translate(err))
	}
	out := make([]PersonMatch, len(rows))
	for i, r := range rows {
		out[i] = PersonMatch{Person: r.toPerson(), Held: r.Held}
	}
	return out, nil
}
