package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"procura/app/config"
)

// runAuditArchive detaches the audit partition of a past year to the
// archive table audit_archive_y<YEAR> (store.ArchiveAuditYear) and prints
// how many events it holds.
func runAuditArchive(ctx context.Context, args []string, getenv func(string) string, stdout, logw io.Writer) (err error) {
	if len(args) != 1 {
		return errors.New("usage: procura audit-archive YEAR")
	}
	year, err := strconv.Atoi(args[0])
	if err != nil {
		return fmt.Errorf("audit-archive: year %q is not a number", args[0])
	}
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	db, _, cleanup, err := openDatabase(ctx, cfg, newLogger(logw, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer func() {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	table, n, err := db.ArchiveAuditYear(ctx, year)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "archived %d audit event(s) of %d to %s\n", n, year, table)
	return nil
}
