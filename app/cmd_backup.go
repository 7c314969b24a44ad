package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"procura/app/backup"
	"procura/app/config"
)

// runBackup writes the database (DATABASE_URL, or the private cluster's)
// to FILE in pg_dump's custom format; see backup.Dump.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, logw io.Writer) error {
	if len(args) != 1 || args[0] == "" || args[0][0] == '-' {
		return errors.New("usage: procura backup FILE")
	}
	return withDatabaseURL(ctx, getenv, logw, func(dsn string) error {
		size, err := backup.Dump(ctx, dsn, args[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backed up to %s (%d bytes)\n", args[0], size)
		return nil
	})
}

// withDatabaseURL runs fn on the configured database (see databaseURL),
// stopping the private cluster afterwards if it was started for fn.
func withDatabaseURL(ctx context.Context, getenv func(string) string, logw io.Writer, fn func(dsn string) error) (err error) {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	dsn, stop, err := databaseURL(ctx, cfg, newLogger(logw, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer func() {
		if serr := stop(); serr != nil && err == nil {
			err = serr
		}
	}()
	return fn(dsn)
}
