package store

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// ImportCeiling is what PostgreSQL itself takes to load an events file:
// the ceiling an import is measured against.
type ImportCeiling struct {
	Rows   int64         // rows inserted
	Copy   time.Duration // COPY of the file into a temporary staging table
	Insert time.Duration // one INSERT … SELECT … ON CONFLICT DO NOTHING, and the commit
}

// Total is the time of the whole load.
func (c ImportCeiling) Total() time.Duration { return c.Copy + c.Insert }

// RowsPerSecond is the rate of the whole load.
func (c ImportCeiling) RowsPerSecond() float64 {
	if c.Total() <= 0 {
		return 0
	}
	return float64(c.Rows) / c.Total().Seconds()
}

// MeasureImportCeiling loads an events file in the layout gen-data
// writes (UTF-8 CSV with the header unified_no,event,occurred_on,persons)
// the fastest way PostgreSQL offers, and times it: COPY into a temporary
// staging table, then, in the same transaction, one INSERT … SELECT …
// ON CONFLICT DO NOTHING that resolves the unified numbers against cases
// into a new table created LIKE case_events INCLUDING ALL (the same
// columns, identity, checks and indexes, empty). It checks nothing and
// touches no roll-up, and leaves nothing behind. The cases must be on
// record for their events to count. JIT compilation is off, as for
// imports.
func (db *DB) MeasureImportCeiling(ctx context.Context, csv io.Reader) (ImportCeiling, error) {
	var out ImportCeiling
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return out, fmt.Errorf("import ceiling: %w", err)
	}
	defer conn.Close()
	table := fmt.Sprintf("import_ceiling_%d", rand.Uint32())
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("the driver connection is a %T, not pgx", dc)
		}
		pc := c.Conn()
		if _, err := pc.Exec(ctx, `CREATE TABLE `+table+` (LIKE case_events INCLUDING ALL)`); err != nil {
			return err
		}
		// Best effort: the error that matters is the one returned.
		defer pc.Exec(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS `+table)
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) // a no-op after the commit
		// Without JIT, as imports run: compiling this insert only adds
		// to its time.
		if _, err := tx.Exec(ctx, `SET LOCAL jit = off`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE import_ceiling_rows (unified_no text, event text, occurred_on date, persons integer)
			ON COMMIT DROP`); err != nil {
			return err
		}
		start := time.Now()
		if _, err := pc.PgConn().CopyFrom(ctx, csv, `COPY import_ceiling_rows (unified_no, event, occurred_on, persons) FROM STDIN
			WITH (FORMAT csv, HEADER true)`); err != nil {
			return err
		}
		copied := time.Now()
		tag, err := tx.Exec(ctx, `INSERT INTO `+table+` (case_id, event, occurred_on, persons)
			SELECT c.id, s.event, s.occurred_on, s.persons FROM import_ceiling_rows s JOIN cases c ON c.unified_no = s.unified_no
			ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
		out = ImportCeiling{Rows: tag.RowsAffected(), Copy: copied.Sub(start), Insert: time.Since(copied)}
		return nil
	})
	if err != nil {
		return ImportCeiling{}, fmt.Errorf("import ceiling: %w", err)
	}
	return out, nil
}
