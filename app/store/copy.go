package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// errNoCopyConn is returned by copyFrom outside a transaction of WithTx.
var errNoCopyConn = errors.New("copy: no transaction connection in the context")

// copyFrom loads n rows into table with COPY, on the session of the
// transaction in ctx. database/sql has no COPY, so it goes through pgx's
// own connection, which WithTx keeps for the transaction.
func (db *DB) copyFrom(ctx context.Context, table string, columns []string, n int, row func(i int) ([]any, error)) error {
	conn, ok := ctx.Value(connKey{}).(*sql.Conn)
	if !ok || conn == nil {
		return errNoCopyConn
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy: the driver connection is a %T, not pgx", dc)
		}
		got, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromSlice(n, row))
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		if got != int64(n) {
			return fmt.Errorf("copy into %s: %d of %d rows", table, got, n)
		}
		return nil
	})
}

// stage makes sure the session has the temporary staging table created
// by create, empty. Staging tables live as long as the session and empty
// at every commit (ON COMMIT DELETE ROWS), so that a batch does not
// create and drop a table; the DELETE empties one that an earlier call
// in the same transaction filled.
func (db *DB) stage(ctx context.Context, table, create string) error {
	c := db.conn(ctx)
	if err := c.Exec(`CREATE TEMPORARY TABLE IF NOT EXISTS ` + table + ` (` + create + `) ON COMMIT DELETE ROWS`).Error; err != nil {
		return translate(err)
	}
	return translate(c.Exec(`DELETE FROM ` + table).Error)
}
