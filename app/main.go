// Command app is Procura: `app serve` (the default) runs the web server,
// `app migrate [up|status]` manages the schema, `app backup` and `app
// restore` save and load the database, `app audit-archive` moves a past
// year of the audit log to an archive table, `app bench` measures the hot paths
// against pgbench and COPY, `app openapi` writes the API's OpenAPI
// document, `app version` prints the build version.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "procura:", err)
		os.Exit(1)
	}
}

const usage = `usage: app [command]

commands:
  serve             run the web server (default)
  migrate [up]      apply pending database migrations
  migrate status    list migrations and whether each is applied
  gen-data [flags]  generate cases deterministically and import them (-cases N -seed S -units K; -h for all)
  bench [flags]     measure the hot paths against pgbench and COPY on a throwaway cluster (-h for the flags)
  backup FILE       write the database to FILE (pg_dump custom format)
  restore [--force] FILE
                    load FILE into an empty database (--force: replace what it holds)
  audit-archive YEAR
                    detach the audit log's partition of a past YEAR to the table audit_archive_yYEAR
  openapi [FILE]    write the OpenAPI document of the API to FILE (standard output without one)
  healthcheck       exit 0 when the server at PROCURA_ADDR answers /healthz (for containers)
  version           print the version

configuration comes from the environment; see README.md.`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, getenv, stderr)
	case "migrate":
		sub := "up"
		if len(args) > 0 {
			sub = args[0]
		}
		return migrate(ctx, sub, getenv, stdout, stderr)
	case "gen-data":
		return genData(ctx, args, getenv, stdout, stderr)
	case "bench":
		return runBench(ctx, args, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "audit-archive":
		return runAuditArchive(ctx, args, getenv, stdout, stderr)
	case "openapi":
		return writeOpenAPI(args, stdout)
	case "healthcheck":
		return healthcheck(ctx, getenv)
	case "version":
		fmt.Fprintln(stdout, version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return errors.Join(fmt.Errorf("unknown command %q", cmd), errors.New(usage))
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
