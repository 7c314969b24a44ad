package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"procura/app/backup"
)

const restoreUsage = "usage: procura restore [--force] FILE"

// runRestore loads FILE, written by `procura backup`, into the database
// (DATABASE_URL, or the private cluster's); see backup.Restore. It
// refuses a database that is not empty unless --force is given.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, logw io.Writer) error {
	var file string
	force := false
	for _, a := range args {
		switch {
		case a == "--force" || a == "-force":
			force = true
		case a == "" || a[0] == '-' || file != "":
			return errors.New(restoreUsage)
		default:
			file = a
		}
	}
	if file == "" {
		return errors.New(restoreUsage)
	}
	return withDatabaseURL(ctx, getenv, logw, func(dsn string) error {
		if err := backup.Restore(ctx, dsn, file, force); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "restored %s\n", file)
		return nil
	})
}
