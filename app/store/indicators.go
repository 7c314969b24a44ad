package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"procura/domain"
)

// IndicatorRecord is one version of a catalogue entry.
type IndicatorRecord struct {
	domain.Indicator
	Builtin   bool
	Active    bool
	Sort      int
	UpdatedAt time.Time
}

type indicatorRow struct {
	Code        string
	Version     int
	NameZh      string
	NameEn      string
	Numerator   string
	Denominator string
	Direction   string
	Unit        string
	Reference   *float64
	FormulaZh   string
	FormulaEn   string
	Builtin     bool
	Active      bool
	Sort        int
	CreatedAt   time.Time
}

func (r indicatorRow) toRecord() (IndicatorRecord, error) {
	num, err := domain.ParseExpr(r.Numerator)
	if err != nil {
		return IndicatorRecord{}, fmt.Errorf("indicator %s v%d numerator: %w", r.Code, r.Version, err)
	}
	den, err := domain.ParseExpr(r.Denominator)
	if err != nil {
		return IndicatorRecord{}, fmt.Errorf("indicator %s v%d denominator: %w", r.Code, r.Version, err)
	}
	return IndicatorRecord{Indicator: domain.Indicator{Code: r.Code, Version: r.Version, NameZh: r.NameZh, NameEn: r.NameEn,
		Numerator: num, Denominator: den, Direction: domain.Direction(r.Direction), Unit: domain.IndicatorUnit(r.Unit),
		Reference: r.Reference, FormulaZh: r.FormulaZh, FormulaEn: r.FormulaEn},
		Builtin: r.Builtin, Active: r.Active, Sort: r.Sort, UpdatedAt: r.CreatedAt}, nil
}

const indicatorColumns = `code, version, name_zh, name_en, numerator, denominator, direction, unit, reference, formula_zh, formula_en,
	builtin, active, sort, created_at`

// EnsureBuiltinIndicators installs version 1 of each built-in indicator
// that the catalogue lacks; revisions made by administrators stay.
func (db *DB) EnsureBuiltinIndicators(ctx context.Context) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		for i, ind := range domain.BuiltinIndicators() {
			if err := db.conn(ctx).Exec(`INSERT INTO indicators (code, version, name_zh, name_en, numerator, denominator, direction, unit,
				reference, formula_zh, formula_en, builtin, active, sort) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, true, ?)
				ON CONFLICT (code, version) DO NOTHING`, ind.Code, ind.NameZh, ind.NameEn, ind.Numerator.String(), ind.Denominator.String(),
				string(ind.Direction), string(ind.Unit), ind.Reference, ind.FormulaZh, ind.FormulaEn, (i+1)*10).Error; err != nil {
				return fmt.Errorf("ensure indicator %s: %w", ind.Code, translate(err))
			}
		}
		return nil
	})
}

func (db *DB) indicatorsWhere(ctx context.Context, cond string, args ...any) ([]IndicatorRecord, error) {
	var rows []indicatorRow
	if err := db.conn(ctx).Raw(`SELECT `+indicatorColumns+` FROM indicators WHERE `+cond+` ORDER BY sort, code, version`, args...).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("indicators: %w", translate(err))
	}
	out := make([]IndicatorRecord, len(rows))
	for i, r := range rows {
		rec, err := r.toRecord()
		if err != nil {
			return nil, err
		}
		out[i] = rec
	}
	return out, nil
}

// Indicators lists the current version of each indicator, inactive ones
// only when asked.
func (db *DB) Indicators(ctx context.Context, withInactive bool) ([]IndicatorRecord, error) {
	cond := `(code, version) IN (SELECT code, max(version) FROM indicators GROUP BY code)`
	if !withInactive {
		cond += " AND active"
	}
	return db.indicatorsWhere(ctx, cond)
}

// Indicator returns the current version of one indicator. Errors:
// domain.ErrNotFound.
func (db *DB) Indicator(ctx context.Context, code string) (IndicatorRecord, error) {
	recs, err := db.indicatorsWhere(ctx, `code = ? AND version = (SELECT max(version) FROM indicators WHERE code = ?)`, code, code)
	if err != nil {
		return IndicatorRecord{}, err
	}
	if len(recs) == 0 {
		return IndicatorRecord{}, fmt.Errorf("indicator %q: %w", code, domain.ErrNotFound)
	}
	return recs[0], nil
}

// IndicatorVersions returns the given versions (code → version), for
// reproducing a frozen report.
func (db *DB) IndicatorVersions(ctx context.Context, versions map[string]int) ([]IndicatorRecord, error) {
	return db.indicatorsWhere(ctx, `(code, version) IN (SELECT key, value::integer FROM jsonb_each_text(?::jsonb))`, mustJSON(versions))
}

// SaveIndicator adds an indicator (create) or a new version of an
// existing one. Errors: domain.ErrConflict when creating a code that
// exists, domain.ErrNotFound when revising one that does not.
func (db *DB) SaveIndicator(ctx context.Context, ind domain.Indicator, active, create bool, by int64) (IndicatorRecord, error) {
	var rec IndicatorRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var cur []indicatorRow
		if err := db.conn(ctx).Raw(`SELECT `+indicatorColumns+` FROM indicators WHERE code = ? ORDER BY version DESC LIMIT 1 FOR UPDATE`, ind.Code).
			Scan(&cur).Error; err != nil {
			return translate(err)
		}
		version, sort, builtin := 1, 1000, false
		var before any
		switch {
		case create && len(cur) > 0:
			return domain.ErrConflict
		case !create && len(cur) == 0:
			return domain.ErrNotFound
		case len(cur) > 0:
			version, sort, builtin = cur[0].Version+1, cur[0].Sort, cur[0].Builtin
			before = indicatorSnapshot(cur[0].Numerator, cur[0].Denominator, cur[0].Version, cur[0].Active, cur[0].Direction, cur[0].Unit)
		default:
			if err := db.conn(ctx).Raw(`SELECT coalesce(max(sort), 0) + 10 FROM indicators`).Scan(&sort).Error; err != nil {
				return translate(err)
			}
		}
		if err := db.conn(ctx).Exec(`INSERT INTO indicators (code, version, name_zh, name_en, numerator, denominator, direction, unit,
			reference, formula_zh, formula_en, builtin, active, sort, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ind.Code, version, ind.NameZh, ind.NameEn, ind.Numerator.String(), ind.Denominator.String(), string(ind.Direction), string(ind.Unit),
			ind.Reference, ind.FormulaZh, ind.FormulaEn, builtin, active, sort, by).Error; err != nil {
			return translate(err)
		}
		recs, err := db.indicatorsWhere(ctx, "code = ? AND version = ?", ind.Code, version)
		if err != nil {
			return err
		}
		rec = recs[0]
		action := "revise"
		if create {
			action = "create"
		}
		return db.auditKey(ctx, action, "indicator", ind.Code, 0, before,
			indicatorSnapshot(ind.Numerator.String(), ind.Denominator.String(), version, active, string(ind.Direction), string(ind.Unit)))
	})
	if err != nil {
		return IndicatorRecord{}, fmt.Errorf("save indicator: %w", err)
	}
	return rec, nil
}

func indicatorSnapshot(num, den string, version int, active bool, dir, unit string) map[string]any {
	return map[string]any{"numerator": num, "denominator": den, "version": version, "active": active, "direction": dir, "unit": unit}
}

// ScoringSettings are the weighted-score options of reports.
type ScoringSettings struct {
	Enabled    bool               `json:"enabled"`
	Weights    map[string]float64 `json:"weights"`
	References map[string]float64 `json:"references"`
}

// Scoring returns the report scoring settings.
func (db *DB) Scoring(ctx context.Context) (ScoringSettings, error) {
	var raw string
	if err := db.conn(ctx).Raw(`SELECT scoring::text FROM report_settings WHERE id = 1`).Scan(&raw).Error; err != nil {
		return ScoringSettings{}, fmt.Errorf("scoring: %w", translate(err))
	}
	s := ScoringSettings{}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return ScoringSettings{}, fmt.Errorf("scoring: %w", err)
	}
	if s.Weights == nil {
		s.Weights = map[string]float64{}
	}
	if s.References == nil {
		s.References = map[string]float64{}
	}
	return s, nil
}

// SetScoring replaces the report scoring settings.
func (db *DB) SetScoring(ctx context.Context, s ScoringSettings) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.Scoring(ctx)
		if err != nil {
			return err
		}
		if err := db.conn(ctx).Exec(`UPDATE report_settings SET scoring = ?::jsonb WHERE id = 1`, mustJSON(s)).Error; err != nil {
			return translate(err)
		}
		return db.auditKey(ctx, "update", "report_scoring", "1", 0, before, s)
	})
}
