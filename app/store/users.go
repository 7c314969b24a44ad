package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"procura/domain"
)

type userRow struct {
	ID                 int64
	Username           string
	Name               string
	UnitID             int64
	UnitCode           string
	UnitName           string
	UnitPath           string
	Active             bool
	MustChangePassword bool
	Version            int
}

func (r userRow) toDomain() domain.User {
	return domain.User{ID: r.ID, Username: r.Username, Name: r.Name, UnitID: r.UnitID,
		UnitCode: r.UnitCode, UnitName: r.UnitName, UnitPath: r.UnitPath, Active: r.Active,
		MustChangePassword: r.MustChangePassword, Version: r.Version}
}

// userColumns reads an account joined with its unit as un.
const userColumns = "u.id, u.username, u.name, u.unit_id, un.code AS unit_code, un.name AS unit_name, un.path AS unit_path, u.active, u.must_change_password, u.version"

// UserFilter selects accounts. Accounts of units outside Scope are never
// returned.
type UserFilter struct {
	Scope    domain.Scope
	UnitPath string // "" any; else that unit and its subtree
	Q        string // substring of username or name
	Active   *bool
	AfterID  int64 // keyset cursor
	Limit    int
}

// ListUsers returns accounts by id, with their grants.
func (db *DB) ListUsers(ctx context.Context, f UserFilter) ([]domain.User, error) {
	cond, args := scopeCondition("un.path", f.Scope)
	q := db.conn(ctx).Table("users u").Joins("JOIN units un ON un.id = u.unit_id").Where(cond, args...)
	if f.UnitPath != "" {
		q = q.Where("(un.path = ? OR un.path LIKE ?)", f.UnitPath, f.UnitPath+"/%")
	}
	if f.Q != "" {
		q = q.Where("(u.username || ' ' || u.name) LIKE ?", "%"+escapeLike(f.Q)+"%")
	}
	if f.Active != nil {
		q = q.Where("u.active = ?", *f.Active)
	}
	if f.AfterID > 0 {
		q = q.Where("u.id > ?", f.AfterID)
	}
	var rows []userRow
	if err := q.Select(userColumns).Order("u.id").Limit(f.Limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", translate(err))
	}
	users := make([]domain.User, len(rows))
	ids := make([]int64, len(rows))
	for i, r := range rows {
		users[i], ids[i] = r.toDomain(), r.ID
	}
	grants, err := db.grantsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range users {
		users[i].Grants = grants[users[i].ID]
	}
	return users, nil
}

// GetUser returns an account with its grants. Errors: domain.ErrNotFound.
func (db *DB) GetUser(ctx context.Context, id int64) (domain.User, error) {
	var rows []userRow
	if err := db.conn(ctx).Raw("SELECT "+userColumns+" FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ?", id).Scan(&rows).Error; err != nil {
		return domain.User{}, fmt.Errorf("get user: %w", translate(err))
	}
	if len(rows) == 0 {
		return domain.User{}, fmt.Errorf("get user: %w", domain.ErrNotFound)
	}
	u := rows[0].toDomain()
	grants, err := db.grantsOf(ctx, []int64{id})
	if err != nil {
		return domain.User{}, err
	}
	u.Grants = grants[id]
	return u, nil
}

// accountSelect reads an account with its unit and its grants (ordered as
// grantsOf orders them) in one statement.
const accountSelect = `SELECT ` + userColumns + `, un.short_name AS unit_short_name, un.level AS unit_level,
	un.parent_id AS unit_parent_id, un.active AS unit_active, un.version AS unit_version,
	un.name_en AS unit_name_en, un.short_name_en AS unit_short_name_en,
	(SELECT coalesce(json_agg(x ORDER BY x.unit_path, x.role), '[]') FROM (SELECT g.role, g.unit_id, gu.code AS unit_code,
		gu.name AS unit_name, gu.path AS unit_path FROM grants g JOIN units gu ON gu.id = g.unit_id WHERE g.user_id = u.id) x)::text AS grants
	FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ?`

type grantJSON struct {
	Role     string `json:"role"`
	UnitID   int64  `json:"unit_id"`
	UnitCode string `json:"unit_code"`
	UnitName string `json:"unit_name"`
	UnitPath string `json:"unit_path"`
}

// GetAccount returns an account with its grants, and its unit, in one
// statement. Errors: domain.ErrNotFound.
func (db *DB) GetAccount(ctx context.Context, id int64) (domain.User, domain.Unit, error) {
	a, err := readDetail(ctx, db, "account", accountSelect, []any{id}, accountRow.toAccount)
	return a.user, a.unit, err
}

type accountRow struct {
	Row             userRow `gorm:"embedded"` // named: gorm fills no unexported embedded struct
	UnitShortName   string
	UnitLevel       string
	UnitParentID    *int64
	UnitActive      bool
	UnitVersion     int
	UnitNameEn      *string
	UnitShortNameEn *string
	Grants          string
}

type account struct {
	user domain.User
	unit domain.Unit
}

func (r accountRow) toAccount() (account, error) {
	grants, err := decodeSection[grantJSON]("grants", r.Row.ID, r.Grants)
	if err != nil {
		return account{}, err
	}
	u := r.Row.toDomain()
	for _, g := range grants {
		u.Grants = append(u.Grants, domain.Grant{Role: domain.Role(g.Role), UnitID: g.UnitID, UnitCode: g.UnitCode, UnitName: g.UnitName, UnitPath: g.UnitPath})
	}
	unit := unitRow{ID: r.Row.UnitID, Code: r.Row.UnitCode, Name: r.Row.UnitName, ShortName: r.UnitShortName, Level: r.UnitLevel,
		ParentID: r.UnitParentID, Path: r.Row.UnitPath, Active: r.UnitActive, Version: r.UnitVersion,
		NameEn: r.UnitNameEn, ShortNameEn: r.UnitShortNameEn}.toDomain()
	return account{user: u, unit: unit}, nil
}

// grantsOf loads the grants of many users in one query.
func (db *DB) grantsOf(ctx context.Context, userIDs []int64) (map[int64][]domain.Grant, error) {
	out := map[int64][]domain.Grant{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		UserID   int64
		Role     string
		UnitID   int64
		UnitCode string
		UnitName string
		UnitPath string
	}
	err := db.conn(ctx).Raw(`SELECT g.user_id, g.role, g.unit_id, un.code AS unit_code, un.name AS unit_name, un.path AS unit_path
		FROM grants g JOIN units un ON un.id = g.unit_id WHERE g.user_id IN ? ORDER BY g.user_id, un.path, g.role`, userIDs).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", translate(err))
	}
	for _, r := range rows {
		out[r.UserID] = append(out[r.UserID], domain.Grant{Role: domain.Role(r.Role), UnitID: r.UnitID,
			UnitCode: r.UnitCode, UnitName: r.UnitName, UnitPath: r.UnitPath})
	}
	return out, nil
}

// CreateUser adds an account with its grants. Errors: domain.ErrInvalid
// (also for a taken username), domain.ErrNotFound (unit).
func (db *DB) CreateUser(ctx context.Context, u domain.User, passwordHash string) (domain.User, error) {
	var created domain.User
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := domain.ValidateUser(u.Username, u.Name); err != nil {
			return err
		}
		var id int64
		err := db.conn(ctx).Raw(`INSERT INTO users (username, name, unit_id, password_hash, must_change_password)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, u.Username, strings.TrimSpace(u.Name), u.UnitID, passwordHash, u.MustChangePassword).Scan(&id).Error
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Invalid(domain.Field("username", "taken", "This username is taken.", "该用户名已被使用。"))
		} else if err != nil {
			return err
		}
		if err := db.setGrants(ctx, id, u.Grants); err != nil {
			return err
		}
		if created, err = db.GetUser(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "create", "user", id, u.UnitID, nil, userSnapshot(created))
	})
	if err != nil {
		return domain.User{}, fmt.Errorf("create user: %w", err)
	}
	db.policyChanged()
	return created, nil
}

// UserPatch holds the fields to change; nil leaves a field as it is.
type UserPatch struct {
	Name   *string
	UnitID *int64
	Active *bool
}

// UpdateUser renames, moves or (de)activates an account; deactivation ends
// all its sessions at once. Errors: domain.ErrNotFound,
// domain.ErrVersionConflict, domain.ErrInvalid.
func (db *DB) UpdateUser(ctx context.Context, id int64, version int, p UserPatch) (domain.User, error) {
	var updated domain.User
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockUser(ctx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return domain.ErrVersionConflict
		}
		u := before
		if p.Name != nil {
			u.Name = strings.TrimSpace(*p.Name)
		}
		if p.UnitID != nil {
			u.UnitID = *p.UnitID
		}
		if p.Active != nil {
			u.Active = *p.Active
		}
		if err := domain.ValidateUser(u.Username, u.Name); err != nil {
			return err
		}
		if err := db.conn(ctx).Exec(`UPDATE users SET name = ?, unit_id = ?, active = ?, version = version + 1 WHERE id = ?`,
			u.Name, u.UnitID, u.Active, id).Error; err != nil {
			return translate(err)
		}
		if !u.Active {
			if err := db.conn(ctx).Exec(`DELETE FROM sessions WHERE user_id = ?`, id).Error; err != nil {
				return translate(err)
			}
		}
		// Cached sessions hold the name, unit and state of the account.
		if err := db.dropCachedSessions(ctx, userSessions(id)); err != nil {
			return err
		}
		if updated, err = db.GetUser(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "update", "user", id, updated.UnitID, userSnapshot(before), userSnapshot(updated))
	})
	if err != nil {
		return domain.User{}, fmt.Errorf("update user: %w", err)
	}
	return updated, nil
}

// ReplaceGrants sets a user's grants to exactly grants, with the matching
// casbin rows, in one transaction. Errors: domain.ErrNotFound, domain.ErrInvalid.
func (db *DB) ReplaceGrants(ctx context.Context, id int64, grants []domain.Grant) (domain.User, error) {
	var updated domain.User
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockUser(ctx, id)
		if err != nil {
			return err
		}
		if err := db.setGrants(ctx, id, grants); err != nil {
			return err
		}
		if err := db.conn(ctx).Exec(`UPDATE users SET version = version + 1 WHERE id = ?`, id).Error; err != nil {
			return translate(err)
		}
		if err := db.dropCachedSessions(ctx, userSessions(id)); err != nil {
			return err
		}
		if updated, err = db.GetUser(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "grant", "user", id, updated.UnitID, map[string]any{"grants": grantsSnapshot(before.Grants)}, map[string]any{"grants": grantsSnapshot(updated.Grants)})
	})
	if err != nil {
		return domain.User{}, fmt.Errorf("replace grants: %w", err)
	}
	db.policyChanged()
	return updated, nil
}

// setGrants replaces the grants rows and their casbin mirror.
func (db *DB) setGrants(ctx context.Context, userID int64, grants []domain.Grant) error {
	if err := domain.ValidateGrants(grants); err != nil {
		return err
	}
	c := db.conn(ctx)
	if err := c.Exec(`DELETE FROM grants WHERE user_id = ?`, userID).Error; err != nil {
		return translate(err)
	}
	subject := domain.UserSubject(userID)
	rules := make([][]string, 0, len(grants))
	for _, g := range grants {
		unit, err := db.GetUnit(ctx, g.UnitID)
		if err != nil {
			return err
		}
		if err := c.Exec(`INSERT INTO grants (user_id, role, unit_id) VALUES (?, ?, ?)`, userID, string(g.Role), g.UnitID).Error; err != nil {
			return translate(err)
		}
		rules = append(rules, []string{"g", subject, string(g.Role), g.ScopePattern(unit.Path)})
	}
	return db.writeGrantRules(ctx, subject, rules)
}

func (db *DB) lockUser(ctx context.Context, id int64) (domain.User, error) {
	var rows []userRow
	if err := db.conn(ctx).Raw("SELECT "+userColumns+" FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ? FOR UPDATE OF u", id).Scan(&rows).Error; err != nil {
		return domain.User{}, translate(err)
	}
	if len(rows) == 0 {
		return domain.User{}, domain.ErrNotFound
	}
	u := rows[0].toDomain()
	grants, err := db.grantsOf(ctx, []int64{id})
	if err != nil {
		return domain.User{}, err
	}
	u.Grants = grants[id]
	return u, nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }
