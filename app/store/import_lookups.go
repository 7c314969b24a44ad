package store

import (
	"context"
	"fmt"
	"time"

	"procura/domain"
)

// UnitsByCode maps unit codes to units, for imports.
func (db *DB) UnitsByCode(ctx context.Context) (map[string]domain.Unit, error) {
	var rows []struct {
		ID        int64
		Code      string
		Name      string
		ShortName string
		Level     string
		Path      string
		Active    bool
	}
	if err := db.conn(ctx).Raw(`SELECT id, code, name, short_name, level, path, active FROM units`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("units by code: %w", translate(err))
	}
	out := make(map[string]domain.Unit, len(rows))
	for _, r := range rows {
		out[r.Code] = domain.Unit{ID: r.ID, Code: r.Code, Name: r.Name, ShortName: r.ShortName, Level: domain.UnitLevel(r.Level), Path: r.Path, Active: r.Active}
	}
	return out, nil
}

// AccountsByUsername maps usernames to account ids, for resolving the
// prosecutor column of an import.
func (db *DB) AccountsByUsername(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		ID       int64
		Username string
	}
	if err := db.conn(ctx).Raw(`SELECT id, username FROM users`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("accounts by username: %w", translate(err))
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Username] = r.ID
	}
	return out, nil
}

// CaseLink is a case number that a suggestion or a hearing names, with
// what the record says of it.
type CaseLink struct {
	Number   string
	UnitCode string
	Category string // the suggestion's; "" for a hearing
	Kind     string // the hearing's kind; "" for a suggestion
	On       time.Time
}

// CaseNumberLinks lists the 17-digit case numbers that suggestions and
// hearings name without a case on record, for the demo to fill in.
func (db *DB) CaseNumberLinks(ctx context.Context) ([]CaseLink, error) {
	var out []CaseLink
	err := db.conn(ctx).Raw(`SELECT DISTINCT ON (number) number, unit_code, category, kind, "on" FROM (
			SELECT sc.case_number AS number, un.code AS unit_code, s.category, '' AS kind, s.created_at AS "on"
			FROM suggestion_cases sc JOIN suggestions s ON s.id = sc.suggestion_id JOIN units un ON un.id = s.unit_id
			UNION ALL
			SELECT h.case_number, un.code, '', h.kind, coalesce(h.starts_at, h.created_at)
			FROM hearings h JOIN units un ON un.id = h.unit_id) x
		WHERE number ~ '^[0-9]{17}$' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.unified_no = x.number)
		ORDER BY number, category DESC`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("case number links: %w", translate(err))
	}
	return out, nil
}

// UnifiedNumbers returns every unified case number on record, for a
// generator that must not reuse them.
func (db *DB) UnifiedNumbers(ctx context.Context) (map[string]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT unified_no FROM cases`)
	if err != nil {
		return nil, fmt.Errorf("unified numbers: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("unified numbers: %w", err)
		}
		out[s] = true
	}
	return out, rows.Err()
}
