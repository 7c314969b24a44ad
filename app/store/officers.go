package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"procura/domain"
)

// OfficerRecord is a pool entry with its person and participation.
type OfficerRecord struct {
	domain.Officer
	Person               Person
	UnitCode, UnitName   string
	HearingsLast12Months int
	HearingsTotal        int
	LastHearingOn        domain.Date
}

type officerRow struct {
	ID            int64
	PersonID      int64
	UnitID        int64
	UnitPath      string
	UnitCode      string
	UnitName      string
	Category      string
	Status        string
	RevokedReason string
	Disqualified  bool
	Version       int
	Recent        int
	Total         int
	LastHeld      *time.Time
	Name          string
	Gender        string
	BirthDate     *time.Time
	IDNumber      string
	Phone         string
	Organisation  string
	Occupation    string
}

// officerSelect reads pool entries with their participation: hearings
// held with the officer taking part, in all and in the 12 months before
// @since.
const officerSelect = `SELECT o.id, o.person_id, o.unit_id, un.path AS unit_path, un.code AS unit_code, un.name AS unit_name, o.category,
	o.status, o.revoked_reason, o.disqualified, o.version,
	coalesce(st.recent, 0) AS recent, coalesce(st.total, 0) AS total, st.last_held,
	p.name, p.gender, p.birth_date, p.id_number, p.phone, p.organisation, p.occupation
	FROM hearing_officers o JOIN persons p ON p.id = o.person_id JOIN units un ON un.id = o.unit_id
	LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE h.held_at >= CAST(@since AS timestamptz)) AS recent, count(*) AS total, max(h.held_at) AS last_held
		FROM hearing_participants hp JOIN hearings h ON h.id = hp.hearing_id
		WHERE hp.officer_id = o.id AND hp.attended AND h.held_at IS NOT NULL) st ON true`

func (r officerRow) toRecord() OfficerRecord {
	person := personRow{ID: r.PersonID, Name: r.Name, Gender: r.Gender, BirthDate: r.BirthDate, IDNumber: r.IDNumber, Phone: r.Phone,
		Organisation: r.Organisation, Occupation: r.Occupation}.toPerson()
	return OfficerRecord{
		Officer: domain.Officer{ID: r.ID, PersonID: r.PersonID, Name: r.Name, UnitID: r.UnitID, UnitPath: r.UnitPath,
			Category: domain.OfficerCategory(r.Category), Status: domain.OfficerStatus(r.Status), RevokedReason: r.RevokedReason,
			BirthDate: person.BirthDate, Disqualified: r.Disqualified, Version: r.Version},
		Person: person, UnitCode: r.UnitCode, UnitName: r.UnitName, HearingsLast12Months: r.Recent, HearingsTotal: r.Total,
		LastHearingOn: func() domain.Date {
			if r.LastHeld == nil {
				return domain.Date{}
			}
			return domain.DateOf(*r.LastHeld, domain.Shanghai)
		}(),
	}
}

// OfficerFilter selects pool entries.
type OfficerFilter struct {
	// Pools: the units whose pools are listed, given as a scope; pools of
	// units above the scope are included too, since lower units use them.
	Scope    domain.Scope
	UnitPath string // one pool unit
	Category string
	Status   string
	Q        string
	AfterID  int64
	Limit    int
	Today    domain.Date
}

// ListOfficers lists pool entries by id.
func (db *DB) ListOfficers(ctx context.Context, f OfficerFilter) ([]OfficerRecord, error) {
	cond, args := poolCondition("un.path", f.Scope)
	named := map[string]any{"since": f.Today.AddMonths(-12).String()}
	conds := []string{cond}
	for i, a := range args {
		key := fmt.Sprintf("s%d", i)
		named[key] = a
		conds[0] = strings.Replace(conds[0], "?", "@"+key+" ", 1)
	}
	add := func(c string, key string, val any) { conds = append(conds, c); named[key] = val }
	if f.UnitPath != "" {
		add("un.path = @unit_path ", "unit_path", f.UnitPath)
	}
	if f.Category != "" {
		add("o.category = @category ", "category", f.Category)
	}
	if f.Status != "" {
		add("o.status = @status ", "status", f.Status)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		add("p.name LIKE @q ", "q", "%"+escapeLike(q)+"%")
	}
	if f.AfterID > 0 {
		add("o.id > @after ", "after", f.AfterID)
	}
	var rows []officerRow
	if err := db.conn(ctx).Raw(officerSelect+" WHERE "+strings.Join(conds, " AND ")+fmt.Sprintf(" ORDER BY o.id LIMIT %d", f.Limit), named).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list officers: %w", translate(err))
	}
	out := make([]OfficerRecord, len(rows))
	for i, r := range rows {
		out[i] = r.toRecord()
	}
	return out, nil
}

// poolCondition holds for the units of s and for every unit above them:
// a pool kept at a branch serves the basic procuratorates below it.
func poolCondition(pathCol string, s domain.Scope) (string, []any) {
	cond, args := scopeCondition(pathCol, s)
	exact, roots := s.Split()
	for _, p := range append(exact, roots...) {
		cond += " OR ? LIKE " + pathCol + " || '/%'"
		args = append(args, p)
	}
	return "(" + cond + ")", args
}

// GetOfficer returns a pool entry. Errors: domain.ErrNotFound.
func (db *DB) GetOfficer(ctx context.Context, id int64, today domain.Date) (OfficerRecord, error) {
	var rows []officerRow
	if err := db.conn(ctx).Raw(officerSelect+" WHERE o.id = @id", map[string]any{"id": id, "since": today.AddMonths(-12).String()}).
		Scan(&rows).Error; err != nil {
		return OfficerRecord{}, fmt.Errorf("get officer: %w", translate(err))
	}
	if len(rows) == 0 {
		return OfficerRecord{}, fmt.Errorf("get officer: %w", domain.ErrNotFound)
	}
	return rows[0].toRecord(), nil
}

// CreateOfficer enrols a person (an existing one, or p as a new one) in
// the pool of unit. Errors: domain.ErrInvalid, domain.ErrNotFound.
func (db *DB) CreateOfficer(ctx context.Context, unit domain.Unit, personID int64, p Person, category domain.OfficerCategory, today domain.Date) (OfficerRecord, bool, error) {
	var (
		out OfficerRecord
		dup bool
	)
	err := db.WithTx(ctx, func(ctx context.Context) error {
		person := p
		person.UnitID = unit.ID // a new person is entered by the pool's unit
		var err error
		if personID != 0 {
			if person, err = db.GetPerson(ctx, personID); err != nil {
				return err
			}
		} else if person, dup, err = db.createPerson(ctx, person, today); err != nil {
			return err
		}
		o := domain.Officer{PersonID: person.ID, Name: person.Name, UnitID: unit.ID, UnitPath: unit.Path, Category: category,
			Status: domain.OfficerActive, BirthDate: person.BirthDate}
		if err := domain.ValidateOfficer(o, unit.Level, today); err != nil {
			return err
		}
		var id int64
		err = db.conn(ctx).Raw(`INSERT INTO hearing_officers (person_id, unit_id, category) VALUES (?, ?, ?) RETURNING id`,
			person.ID, unit.ID, string(category)).Scan(&id).Error
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Invalid(domain.Field("person_id", "taken", "This person is in the pool already.", "此人已在该听证员库中。"))
		} else if err != nil {
			return err
		}
		if out, err = db.GetOfficer(ctx, id, today); err != nil {
			return err
		}
		return db.audit(ctx, "create", "hearing_officer", id, unit.ID, nil, map[string]any{"person_id": person.ID, "name": person.Name, "category": category})
	})
	if err != nil {
		return OfficerRecord{}, false, fmt.Errorf("create officer: %w", err)
	}
	return out, dup, nil
}

// OfficerPatch holds the fields to change; nil leaves a field as it is.
type OfficerPatch struct {
	Category      *domain.OfficerCategory
	Status        *domain.OfficerStatus
	RevokedReason *string
	Disqualified  *bool
}

// UpdateOfficer changes a pool entry (category, status, disqualification).
func (db *DB) UpdateOfficer(ctx context.Context, id int64, version int, p OfficerPatch, today domain.Date) (OfficerRecord, error) {
	var out OfficerRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.conn(ctx).Exec(`SELECT 1 FROM hearing_officers WHERE id = ? FOR UPDATE`, id).Error; err != nil {
			return translate(err)
		}
		before, err := db.GetOfficer(ctx, id, today)
		if err != nil {
			return err
		}
		if before.Version != version {
			return domain.ErrVersionConflict
		}
		o := before.Officer
		if p.Category != nil {
			o.Category = *p.Category
		}
		if p.Status != nil {
			o.Status = *p.Status
		}
		if p.RevokedReason != nil {
			o.RevokedReason = strings.TrimSpace(*p.RevokedReason)
		}
		if p.Disqualified != nil {
			o.Disqualified = *p.Disqualified
		}
		var v domain.Validator
		v.Check(o.Category.Valid(), domain.Field("category", "invalid", "Unknown category.", "未知的听证员类别。"))
		v.Check(o.Status == domain.OfficerActive || o.Status == domain.OfficerRevoked, domain.Field("status", "invalid", "active or revoked.", "状态应为在库或已除名。"))
		v.Check(o.Status != domain.OfficerRevoked || o.RevokedReason != "", domain.Field("revoked_reason", "required", "Give the reason for revoking.", "请填写除名理由。"))
		if err := v.Err(); err != nil {
			return err
		}
		if o.Status == domain.OfficerActive {
			o.RevokedReason = ""
		}
		if err := db.conn(ctx).Exec(`UPDATE hearing_officers SET category = ?, status = ?, revoked_reason = ?, disqualified = ?, version = version + 1 WHERE id = ?`,
			string(o.Category), string(o.Status), o.RevokedReason, o.Disqualified, id).Error; err != nil {
			return translate(err)
		}
		if out, err = db.GetOfficer(ctx, id, today); err != nil {
			return err
		}
		snap := func(r OfficerRecord) map[string]any {
			return map[string]any{"category": r.Category, "status": r.Status, "revoked_reason": r.RevokedReason, "disqualified": r.Disqualified}
		}
		return db.audit(ctx, "update", "hearing_officer", id, o.UnitID, snap(before), snap(out))
	})
	if err != nil {
		return OfficerRecord{}, fmt.Errorf("update officer: %w", err)
	}
	return out, nil
}
