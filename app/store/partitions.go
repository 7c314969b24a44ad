package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"procura/domain"
)

// PartitionedTables are the tables partitioned by year (migrations 00032
// and 00033); notifications are not (docs/decisions.md).
var PartitionedTables = []string{"case_events", "audit_events"}

// PartitionsAhead is how many years after the current one the partition
// job keeps partitions for.
const PartitionsAhead = 3

// EnsurePartitions makes sure every partitioned table has a partition for
// the year of now (in Shanghai) and the PartitionsAhead years after it,
// moving any of their rows out of the default partition. It answers how
// many partitions it made; a second call makes none. Several servers may
// call it at once (the database serialises them per table).
func (db *DB) EnsurePartitions(ctx context.Context, now time.Time) (int, error) {
	year := now.In(domain.Shanghai).Year()
	made := 0
	for _, table := range PartitionedTables {
		var n int
		if err := db.conn(ctx).Raw(`SELECT ensure_year_partitions(?, ?, ?)`, table, year, year+PartitionsAhead).Scan(&n).Error; err != nil {
			return made, fmt.Errorf("ensure partitions of %s: %w", table, err)
		}
		made += n
		// Rows that arrived in the default partition (a year with no
		// partition yet when they were written) move to their own.
		if err := db.conn(ctx).Raw(`SELECT count(*) FILTER (WHERE made) FROM (
				SELECT ensure_year_partition(?, y) AS made FROM (
					SELECT DISTINCT `+partitionYear[table]+`::integer AS y FROM `+table+`_default) d
				WHERE y BETWEEN 1900 AND 2999 ORDER BY y) x`, table).Scan(&n).Error; err != nil {
			return made, fmt.Errorf("move default rows of %s: %w", table, err)
		}
		made += n
	}
	return made, nil
}

// partitionYear is the year of a row of each partitioned table, as
// ensure_year_partition counts it.
var partitionYear = map[string]string{
	"case_events":  "extract(year FROM occurred_on)",
	"audit_events": "extract(year FROM at AT TIME ZONE 'Asia/Shanghai')",
}

// partitionLockTimeout bounds how long making a partition on the way of
// a write waits for the table: a long read of case_events must not hold
// an import, nor the import every other reader queued behind it.
const partitionLockTimeout = "3s"

// EnsureEventYears makes the case_events partitions of the given years
// before events of those years are written, so that an import of past
// years does not fill the default partition. It needs a moment when no
// one else uses case_events, so it runs on a connection of its own and
// does nothing inside a transaction (the caller would hold the table
// while the partition waits for it) or when the table stays busy for
// partitionLockTimeout: the rows then wait in the default partition and
// the partition job moves them. Years made or seen once are remembered,
// and a year whose partition timed out is not tried again for a minute.
func (db *DB) EnsureEventYears(ctx context.Context, years []int) error {
	if _, inTx := ctx.Value(txKey{}).(*gorm.DB); inTx {
		return nil
	}
	for _, y := range years {
		if y < 1900 || y > 2999 {
			continue
		}
		if v, ok := db.eventYears.Load(y); ok && (v.(time.Time).IsZero() || time.Now().Before(v.(time.Time))) {
			continue
		}
		err := db.WithTx(ctx, func(ctx context.Context) error {
			c := db.conn(ctx)
			if err := c.Exec(`SET LOCAL lock_timeout = '` + partitionLockTimeout + `'`).Error; err != nil {
				return err
			}
			return c.Exec(`SELECT ensure_year_partition('case_events', ?)`, y).Error
		})
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
			// Not again for a minute: the next batches would each
			// wait as long.
			db.eventYears.Store(y, time.Now().Add(time.Minute))
			continue
		}
		if err != nil {
			return fmt.Errorf("partition of case_events for %d: %w", y, translate(err))
		}
		db.eventYears.Store(y, time.Time{})
	}
	return nil
}

// EnsureYearPartition makes the partition of table for year, moving the
// year's rows out of the default partition; it answers whether it made
// one. It serves tests and repairs; the partition job keeps the years
// ahead.
func (db *DB) EnsureYearPartition(ctx context.Context, table string, year int) (bool, error) {
	var made bool
	if err := db.conn(ctx).Raw(`SELECT ensure_year_partition(?, ?)`, table, year).Scan(&made).Error; err != nil {
		return false, fmt.Errorf("ensure partition %s %d: %w", table, year, partitionError(err))
	}
	return made, nil
}

// ArchiveAuditYear detaches the audit partition of a past year (in
// Shanghai) to the table audit_archive_y<year>, which keeps every row and
// stays append-only; the events leave the audit log's queries. It answers
// the archive table and its rows. The current year or a later one is
// domain.ErrInvalid, a year without a partition domain.ErrNotFound, one
// archived already domain.ErrConflict. The events leave the histories of
// record pages too, which no trigger announces: archive_audit_year
// announces a change of every page (detailcache.go, migration 00045).
func (db *DB) ArchiveAuditYear(ctx context.Context, year int) (string, int64, error) {
	var n int64
	if err := db.conn(ctx).Raw(`SELECT archive_audit_year(?)`, year).Scan(&n).Error; err != nil {
		return "", 0, fmt.Errorf("archive audit %d: %w", year, partitionError(err))
	}
	// The function announces the change to every server (migration 00045);
	// this one drops its pages once the archive has committed.
	afterTx(ctx, func() { db.details.drop(detailTarget{}) })
	return fmt.Sprintf("audit_archive_y%d", year), n, nil
}

// partitionError maps the errors the partition functions raise.
func partitionError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "22023": // invalid_parameter_value
			return domain.Invalid(domain.Field("year", "invalid", "The year is out of range for this operation (partitions: 1900–2999; archiving: past years only).",
				"年度超出此操作的范围（分区：1900至2999年；归档：仅限以往年度）。"))
		case "P0002": // no_data_found
			return domain.ErrNotFound
		case "42P07": // duplicate_table
			return domain.ErrConflict
		}
	}
	return translate(err)
}
