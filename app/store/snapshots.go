package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"procura/domain"
)

// Snapshot is a frozen two-monthly report.
type Snapshot struct {
	ID                int64
	Unit              domain.Unit
	UnitID            int64
	Year, Bimonth     int
	Exact             bool // of the unit's own records only
	ContentHash       string
	IndicatorVersions map[string]int
	Report            json.RawMessage
	CreatedBy         int64
	CreatorName       string
	CreatedAt         time.Time
}

type snapshotRow struct {
	ID                int64
	UnitID            int64
	UnitCode          string
	UnitName          string
	UnitShortName     string
	UnitLevel         string
	UnitPath          string
	Year              int
	Bimonth           int
	Exact             bool
	ContentHash       string
	IndicatorVersions string
	Report            string
	CreatedBy         int64
	CreatorName       string
	CreatedAt         time.Time
}

func snapshotSelect(withReport bool) string {
	report := "'' AS report"
	if withReport {
		report = "r.report"
	}
	return `SELECT r.id, r.unit_id, un.code AS unit_code, un.name AS unit_name, un.short_name AS unit_short_name, un.level AS unit_level,
		un.path AS unit_path, r.year, r.bimonth, r.exact, r.content_hash, r.indicator_versions::text AS indicator_versions, ` + report + `,
		r.created_by, u.name AS creator_name, r.created_at
		FROM report_snapshots r JOIN units un ON un.id = r.unit_id JOIN users u ON u.id = r.created_by`
}

func (r snapshotRow) toSnapshot() (Snapshot, error) {
	s := Snapshot{ID: r.ID, UnitID: r.UnitID, Unit: domain.Unit{ID: r.UnitID, Code: r.UnitCode, Name: r.UnitName, ShortName: r.UnitShortName,
		Level: domain.UnitLevel(r.UnitLevel), Path: r.UnitPath}, Year: r.Year, Bimonth: r.Bimonth, Exact: r.Exact, ContentHash: r.ContentHash,
		CreatedBy: r.CreatedBy, CreatorName: r.CreatorName, CreatedAt: r.CreatedAt}
	if r.Report != "" {
		s.Report = json.RawMessage(r.Report)
	}
	if err := json.Unmarshal([]byte(r.IndicatorVersions), &s.IndicatorVersions); err != nil {
		return s, fmt.Errorf("snapshot %d versions: %w", r.ID, err)
	}
	return s, nil
}

// CreateSnapshot stores a frozen report: its JSON byte for byte, so that
// the content hash can be checked against it at any time.
func (db *DB) CreateSnapshot(ctx context.Context, s Snapshot) (Snapshot, error) {
	var out Snapshot
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var id int64
		if err := db.conn(ctx).Raw(`INSERT INTO report_snapshots (unit_id, year, bimonth, exact, content_hash, indicator_versions, report, created_by)
			VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?) RETURNING id`, s.UnitID, s.Year, s.Bimonth, s.Exact, s.ContentHash, mustJSON(s.IndicatorVersions),
			string(s.Report), s.CreatedBy).Scan(&id).Error; err != nil {
			return translate(err)
		}
		var err error
		if out, err = db.GetSnapshot(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "create", "report_snapshot", id, s.UnitID, nil, map[string]any{"year": s.Year, "bimonth": s.Bimonth,
			"content_hash": s.ContentHash, "indicator_versions": s.IndicatorVersions})
	})
	if err != nil {
		return Snapshot{}, fmt.Errorf("create snapshot: %w", err)
	}
	return out, nil
}

// GetSnapshot returns one frozen report. Errors: domain.ErrNotFound.
func (db *DB) GetSnapshot(ctx context.Context, id int64) (Snapshot, error) {
	var rows []snapshotRow
	if err := db.conn(ctx).Raw(snapshotSelect(true)+` WHERE r.id = ?`, id).Scan(&rows).Error; err != nil {
		return Snapshot{}, fmt.Errorf("get snapshot: %w", translate(err))
	}
	if len(rows) == 0 {
		return Snapshot{}, fmt.Errorf("get snapshot: %w", domain.ErrNotFound)
	}
	return rows[0].toSnapshot()
}

// ListSnapshots lists frozen reports of units in scope (below unitPath
// when given), newest first, without their content; a report of a whole
// subtree only when scope covers that subtree.
func (db *DB) ListSnapshots(ctx context.Context, scope domain.Scope, unitPath string, beforeID int64, limit int) ([]Snapshot, error) {
	cond, args := scopeCondition("un.path", scope)
	_, roots := scope.Split()
	subtrees := make([]string, len(roots))
	for i, r := range roots {
		subtrees[i] = domain.SubtreePattern(r)
	}
	sub, subArgs := scopeCondition("un.path", domain.Scope{Patterns: subtrees})
	cond += " AND (r.exact OR " + sub + ")"
	args = append(args, subArgs...)
	if unitPath != "" {
		cond += " AND (un.path = ? OR un.path LIKE ?)"
		args = append(args, unitPath, unitPath+"/%")
	}
	if beforeID > 0 {
		cond += " AND r.id < ?"
		args = append(args, beforeID)
	}
	var rows []snapshotRow
	if err := db.conn(ctx).Raw(snapshotSelect(false)+` WHERE `+cond+fmt.Sprintf(` ORDER BY r.id DESC LIMIT %d`, limit), args...).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list snapshots: %w", translate(err))
	}
	out := make([]Snapshot, len(rows))
	for i, r := range rows {
		s, err := r.toSnapshot()
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}
