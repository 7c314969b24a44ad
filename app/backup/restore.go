package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// ErrNotEmpty is returned by Restore without force when the target
// database already holds a schema or data.
var ErrNotEmpty = errors.New("the database is not empty")

// ErrInUse is returned by Restore while other sessions use the target
// database (a running Procura would see a half-replaced database).
var ErrInUse = errors.New("the database is in use")

// archiveMagic starts every pg_dump custom-format archive.
var archiveMagic = []byte("PGDMP")

// Restore loads the archive at path (written by Dump) into the database
// at dsn. It refuses a database that holds anything in schema public (a
// table, even empty, or a sequence: a migrated database is not empty)
// with ErrNotEmpty unless force is set; force replaces schema public
// whole. It refuses with ErrInUse while other sessions are connected.
// The restore is one transaction: when it fails, the database is as it
// was. Objects are owned by the restoring user, and grants are not
// restored.
func Restore(ctx context.Context, dsn, path string, force bool) error {
	conn, env, err := clientConn(dsn)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(archiveMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, archiveMagic) {
		return fmt.Errorf("restore: %s is not a backup made by `procura backup` (pg_dump custom format)", path)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := checkTarget(ctx, dsn, force); err != nil {
		return err
	}
	if err := load(ctx, conn, env, f, force); err != nil {
		return fmt.Errorf("restore (nothing was changed): %w", err)
	}
	// Fresh planner statistics; pg_restore copies none.
	return withDB(ctx, dsn, func(db *sql.DB) error {
		if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
			return fmt.Errorf("restore: analyze: %w", err)
		}
		return nil
	})
}

// inUseWait is how long checkTarget waits for other sessions to end.
const inUseWait = 3 * time.Second

// checkTarget refuses a database in use, or not empty unless force.
func checkTarget(ctx context.Context, dsn string, force bool) error {
	return withDB(ctx, dsn, func(db *sql.DB) error {
		var name string
		var others, relations int
		// A client that has just disconnected (Procura stopped a moment
		// ago) leaves its session for a few milliseconds more: sessions
		// are counted again for up to inUseWait before refusing.
		for deadline := time.Now().Add(inUseWait); ; {
			err := db.QueryRowContext(ctx, `SELECT current_database(),
				(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
					AND backend_type = 'client backend'),
				(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')`).
				Scan(&name, &others, &relations)
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			if others == 0 || time.Now().After(deadline) {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("restore: %w", ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
		if others > 0 {
			return fmt.Errorf("restore: %w: %d other session(s) are connected to database %q; stop Procura (and anything else using it) first",
				ErrInUse, others, name)
		}
		if relations > 0 && !force {
			return fmt.Errorf("restore: %w: database %q already holds %d tables, indexes or sequences; "+
				"nothing was changed (restore --force replaces everything in it)", ErrNotEmpty, name, relations)
		}
		return nil
	})
}

func withDB(ctx context.Context, dsn string, fn func(*sql.DB) error) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return fn(db)
}

// load turns the archive into SQL with pg_restore and runs it with psql
// inside one transaction that this function opens, and commits only
// after pg_restore has ended well: a truncated archive or any failing
// statement leaves the transaction uncommitted, so nothing changes.
// (psql's own --single-transaction would commit whatever part of the SQL
// it had received when pg_restore stopped early.)
func load(ctx context.Context, conn string, env []string, archive io.Reader, force bool) error {
	psql, err := toolCommand(ctx, env, "psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--dbname="+conn, "--file=-")
	if err != nil {
		return err
	}
	psqlIn, err := psql.cmd.StdinPipe()
	if err != nil {
		return err
	}
	dumpCtx, stopDump := context.WithCancel(ctx)
	defer stopDump()
	dump, err := toolCommand(dumpCtx, nil, "pg_restore", "--no-owner", "--no-privileges", "--file=-")
	if err != nil {
		return err
	}
	dump.cmd.Stdin = archive
	sqlOut, err := dump.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := psql.cmd.Start(); err != nil {
		return err
	}
	if err := dump.cmd.Start(); err != nil {
		psqlIn.Close()
		psql.cmd.Wait()
		return err
	}
	prelude := "BEGIN;\nSET client_min_messages = warning;\n"
	if force {
		prelude += "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
	}
	_, copyErr := io.WriteString(psqlIn, prelude)
	if copyErr == nil {
		_, copyErr = io.Copy(psqlIn, sqlOut)
	}
	if copyErr != nil {
		stopDump() // psql stopped reading (it failed): stop pg_restore too
	}
	dumpErr := dump.wait()
	if copyErr == nil && dumpErr == nil {
		// A server still running on the database drops what it cached
		// (record pages, sessions) and reloads its policies when the
		// restore commits: the restored rows announce nothing themselves.
		_, copyErr = io.WriteString(psqlIn, `DO $$ BEGIN PERFORM pg_notify('procura_records', '*'), pg_notify('procura_sessions', 'all'), pg_notify('procura_policy', ''); END $$;
COMMIT;
`)
	}
	psqlIn.Close()
	if psqlErr := psql.wait(); psqlErr != nil {
		return psqlErr
	}
	if dumpErr != nil {
		return dumpErr
	}
	return copyErr
}
