package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"procura/domain"
)

func TestUnavailableClassification(t *testing.T) {
	pg := func(code string) error { return fmt.Errorf("list: %w", &pgconn.PgError{Severity: "FATAL", Code: code}) }
	for _, tc := range []struct {
		name              string
		err               error
		unavailable, lost bool
	}{
		{"admin shutdown", pg("57P01"), true, true},
		{"crash shutdown", pg("57P02"), true, true},
		{"idle session timeout", pg("57P05"), true, true},
		{"cannot connect now", pg("57P03"), true, false},
		{"too many connections", pg("53300"), true, false},
		{"connection failure", pg("08006"), true, true},
		{"connect error", fmt.Errorf("session: %w", &pgconn.ConnectError{}), true, false},
		{"EOF", fmt.Errorf("x: %w", io.EOF), true, true},
		{"unexpected EOF", io.ErrUnexpectedEOF, true, true},
		{"reset", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, true, true},
		{"conn closed", fmt.Errorf("x: %w", pgconn.ErrConnClosed), true, true},
		{"unique violation", pg("23505"), false, false},
		{"NUL in text", pg("22021"), false, false},
		{"request cancelled", fmt.Errorf("x: %w", context.Canceled), false, false},
		{"request deadline", context.DeadlineExceeded, false, false},
		{"domain error", domain.ErrNotFound, false, false},
		{"nil", nil, false, false},
	} {
		if got := Unavailable(tc.err); got != tc.unavailable {
			t.Errorf("%s: Unavailable = %v", tc.name, got)
		}
		if got := ConnectionLost(tc.err); got != tc.lost {
			t.Errorf("%s: ConnectionLost = %v", tc.name, got)
		}
	}
}

func TestRecoveryConflictClassification(t *testing.T) {
	pg := func(code string) error { return fmt.Errorf("list: %w", &pgconn.PgError{Code: code}) }
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{pg("40001"), true}, {pg("57P04"), true}, {pg("57P01"), false}, {pg("23505"), false},
		{io.EOF, false}, {context.Canceled, false}, {nil, false},
	} {
		if got := RecoveryConflict(tc.err); got != tc.want {
			t.Errorf("RecoveryConflict(%v) = %v", tc.err, got)
		}
	}
}
