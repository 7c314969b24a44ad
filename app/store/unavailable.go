package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Unavailable reports whether err says that the database cannot be reached
// for now, rather than that a statement failed: a connection attempt that
// failed (refused, timed out, or the server shutting down or starting up,
// SQLSTATE 57P03), a server that ran out of connections (53300), a
// connection exception (class 08), or a connection the server closed
// (see ConnectionLost). Such a request may succeed when tried again.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "57P03" || pgErr.Code == "53300") {
		return true
	}
	return ConnectionLost(err)
}

// ConnectionLost reports whether err says that the connection broke under
// a statement: the server ended the session (57P01 admin_shutdown on a
// fast shutdown or restart, 57P02 crash_shutdown, 57P05 idle timeout), a
// connection exception (class 08), or the socket closed, reset or failed
// (EOF, a network error, a connection pgx had already closed). A read that
// failed so may be run again on a fresh connection.
func ConnectionLost(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", "57P02", "57P05":
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08")
	}
	// A cancelled or expired request is the caller's doing, not the
	// database's, although context.DeadlineExceeded is a net.Error too.
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr)
}

// RecoveryConflict reports whether err says that a hot standby cancelled
// the statement, or ended the session, because replaying the primary's
// changes needed what it held: a lock, rows a vacuum removed, a buffer
// pin (40001), or a database being dropped (57P04). The same read may
// succeed on the primary.
func RecoveryConflict(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "57P04")
}

// DropIdleConns closes the pool's idle connections. After the server
// closed one connection (a restart closes them all) the others are
// presumed dead too, so that the next statement starts a fresh one.
func (db *DB) DropIdleConns() {
	db.sql.SetMaxIdleConns(0)
	db.sql.SetMaxIdleConns(maxIdleConns)
	db.listsSQL.SetMaxIdleConns(0)
	db.listsSQL.SetMaxIdleConns(listConns)
}
