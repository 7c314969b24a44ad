package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"procura/domain"
)

type unitRow struct {
	ID        int64
	Code      string
	Name      string
	ShortName string
	Level     string
	ParentID  *int64
	Path      string
	Active    bool
	Version   int
	// NULL where no English name is set.
	NameEn      *string
	ShortNameEn *string
}

func (r unitRow) toDomain() domain.Unit {
	return domain.Unit{ID: r.ID, Code: r.Code, Name: r.Name, ShortName: r.ShortName, Level: domain.UnitLevel(r.Level),
		ParentID: deref(r.ParentID), Path: r.Path, Active: r.Active, Version: r.Version,
		NameEn: textOrEmpty(r.NameEn), ShortNameEn: textOrEmpty(r.ShortNameEn)}
}

const unitColumns = "id, code, name, short_name, level, parent_id, path, active, version, name_en, short_name_en"

// englishName is the column value of an optional English name: NULL
// when blank.
func englishName(s string) *string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return &s
}

func textOrEmpty(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ListUnits returns the units in scope, ordered by path (parents first).
func (db *DB) ListUnits(ctx context.Context, scope domain.Scope) ([]domain.Unit, error) {
	cond, args := scopeCondition("path", scope)
	var rows []unitRow
	if err := db.conn(ctx).Raw("SELECT "+unitColumns+" FROM units WHERE "+cond+" ORDER BY path", args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list units: %w", translate(err))
	}
	out := make([]domain.Unit, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// GetUnit returns one unit. Errors: domain.ErrNotFound.
func (db *DB) GetUnit(ctx context.Context, id int64) (domain.Unit, error) {
	return db.unitWhere(ctx, "id = ?", id)
}

// GetUnitByCode returns the unit with a code. Errors: domain.ErrNotFound.
func (db *DB) GetUnitByCode(ctx context.Context, code string) (domain.Unit, error) {
	return db.unitWhere(ctx, "code = ?", code)
}

func (db *DB) unitWhere(ctx context.Context, cond string, args ...any) (domain.Unit, error) {
	var rows []unitRow
	if err := db.conn(ctx).Raw("SELECT "+unitColumns+" FROM units WHERE "+cond, args...).Scan(&rows).Error; err != nil {
		return domain.Unit{}, fmt.Errorf("get unit: %w", translate(err))
	}
	if len(rows) == 0 {
		return domain.Unit{}, fmt.Errorf("get unit: %w", domain.ErrNotFound)
	}
	return rows[0].toDomain(), nil
}

// CreateUnit adds a unit below u.ParentID. Errors: domain.ErrInvalid,
// domain.ErrNotFound (parent), domain.ErrConflict (code taken).
func (db *DB) CreateUnit(ctx context.Context, u domain.Unit) (domain.Unit, error) {
	var created domain.Unit
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var parent *domain.Unit
		parentPath := ""
		if u.ParentID != 0 {
			p, err := db.lockUnit(ctx, u.ParentID)
			if err != nil {
				return err
			}
			parent, parentPath = &p, p.Path
		}
		if err := domain.ValidateUnit(u, parent); err != nil {
			return err
		}
		var row unitRow
		err := db.conn(ctx).Raw(`INSERT INTO units (code, name, short_name, level, parent_id, path, name_en, short_name_en)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+unitColumns,
			u.Code, u.Name, u.ShortName, string(u.Level), nullID(u.ParentID), domain.UnitPath(parentPath, u.Code),
			englishName(u.NameEn), englishName(u.ShortNameEn)).Scan(&row).Error
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Invalid(domain.Field("code", "taken", "Another unit has this code.", "该单位编码已被使用。"))
		} else if err != nil {
			return err
		}
		created = row.toDomain()
		return db.audit(ctx, "create", "unit", created.ID, created.ID, nil, unitSnapshot(created))
	})
	if err != nil {
		return domain.Unit{}, fmt.Errorf("create unit: %w", err)
	}
	return created, nil
}

// UnitPatch holds the fields to change; nil leaves a field as it is.
type UnitPatch struct {
	Name      *string
	ShortName *string
	Level     *domain.UnitLevel
	ParentID  *int64
	Active    *bool
	// NameEn and ShortNameEn: "" clears the English name.
	NameEn      *string
	ShortNameEn *string
}

// UpdateUnit renames, moves, deactivates or reactivates a unit. A move
// rewrites the paths of the whole subtree and the casbin domains of every
// grant in it, in one transaction. Errors: domain.ErrNotFound,
// domain.ErrVersionConflict, domain.ErrInvalid, domain.ErrUnitHasActiveChildren.
func (db *DB) UpdateUnit(ctx context.Context, id int64, version int, p UnitPatch) (domain.Unit, error) {
	var updated domain.Unit
	movedPolicies := false
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockUnit(ctx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return domain.ErrVersionConflict
		}
		u := before
		if p.Name != nil {
			u.Name = *p.Name
		}
		if p.ShortName != nil {
			u.ShortName = *p.ShortName
		}
		if p.Level != nil {
			if err := domain.ValidateLevelChange(before.Level, *p.Level); err != nil {
				return err
			}
			u.Level = *p.Level
		}
		if p.NameEn != nil {
			u.NameEn = *p.NameEn
		}
		if p.ShortNameEn != nil {
			u.ShortNameEn = *p.ShortNameEn
		}
		var parent *domain.Unit
		if u.ParentID != 0 {
			pu, err := db.GetUnit(ctx, u.ParentID)
			if err != nil {
				return err
			}
			parent = &pu
		}
		if p.ParentID != nil && *p.ParentID != before.ParentID {
			np, err := db.lockUnit(ctx, *p.ParentID)
			if err != nil {
				return err
			}
			if err := domain.ValidateMove(before, np); err != nil {
				return err
			}
			u.ParentID, u.Path, parent = np.ID, domain.UnitPath(np.Path, u.Code), &np
		}
		if err := domain.ValidateUnit(u, parent); err != nil {
			return err
		}
		if p.Active != nil && !*p.Active && before.Active {
			var n int64
			if err := db.conn(ctx).Raw(`SELECT count(*) FROM units WHERE parent_id = ? AND active`, id).Scan(&n).Error; err != nil {
				return translate(err)
			}
			if n > 0 {
				return domain.ErrUnitHasActiveChildren
			}
		}
		if p.Active != nil {
			u.Active = *p.Active
		}
		if err := db.conn(ctx).Exec(`UPDATE units SET name = ?, short_name = ?, name_en = ?, short_name_en = ?, level = ?, parent_id = ?, active = ?,
			version = version + 1 WHERE id = ?`,
			u.Name, u.ShortName, englishName(u.NameEn), englishName(u.ShortNameEn), string(u.Level), nullID(u.ParentID), u.Active, id).Error; err != nil {
			return translate(err)
		}
		if u.Path != before.Path {
			if err := db.movePaths(ctx, before.Path, u.Path); err != nil {
				return err
			}
			movedPolicies = true
		}
		// Cached sessions hold their user's unit (its name and path, and
		// those of a moved subtree): rare enough to drop them all.
		if err := db.dropCachedSessions(ctx, allSessions); err != nil {
			return err
		}
		if updated, err = db.GetUnit(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "update", "unit", id, id, unitSnapshot(before), unitSnapshot(updated))
	})
	if err != nil {
		return domain.Unit{}, fmt.Errorf("update unit: %w", err)
	}
	if movedPolicies {
		db.policyChanged()
	}
	return updated, nil
}

// movePaths rewrites the subtree at oldPath to newPath, in units and in
// the casbin grouping rows whose domain lies in the subtree.
func (db *DB) movePaths(ctx context.Context, oldPath, newPath string) error {
	c := db.conn(ctx)
	if err := c.Exec(`UPDATE units SET path = ? || substr(path, ?) WHERE path = ? OR path LIKE ?`,
		newPath, len(oldPath)+1, oldPath, oldPath+"/%").Error; err != nil {
		return translate(err)
	}
	if err := c.Exec(`UPDATE casbin_rule SET v2 = ? || substr(v2, ?) WHERE ptype = 'g' AND (v2 = ? OR v2 LIKE ?)`,
		newPath, len(oldPath)+1, oldPath, oldPath+"/%").Error; err != nil {
		return translate(err)
	}
	return db.notifyPolicy(ctx)
}

// DeleteUnit removes a unit that has nothing attached: no sub-units,
// accounts, grants or records. Errors: domain.ErrNotFound,
// domain.ErrVersionConflict, domain.ErrUnitHasRecords.
func (db *DB) DeleteUnit(ctx context.Context, id int64, version int) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockUnit(ctx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return domain.ErrVersionConflict
		}
		// Foreign keys from sub-units, accounts, grants and records refuse
		// the delete; audit_events keeps no foreign key, so history stays.
		if err := db.conn(ctx).Exec(`DELETE FROM units WHERE id = ?`, id).Error; err != nil {
			if errors.Is(translate(err), domain.ErrConflict) {
				return domain.ErrUnitHasRecords
			}
			return translate(err)
		}
		return db.audit(ctx, "delete", "unit", id, before.ParentID, unitSnapshot(before), nil)
	})
	if err != nil {
		return fmt.Errorf("delete unit: %w", err)
	}
	return nil
}

// lockUnit reads a unit and locks its row until the transaction ends.
func (db *DB) lockUnit(ctx context.Context, id int64) (domain.Unit, error) {
	return db.unitWhere(ctx, "id = ? FOR UPDATE", id)
}
