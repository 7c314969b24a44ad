package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"procura/app/config"
	"procura/app/store"
)

func migrate(ctx context.Context, sub string, getenv func(string) string, stdout, logw io.Writer) (err error) {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	log := newLogger(logw, cfg.LogLevel)
	db, _, cleanup, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	m, err := store.NewMigrator(db.SQL(), log)
	if err != nil {
		return err
	}
	switch sub {
	case "up":
		n, err := m.Up(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied %d migration(s)\n", n)
		return nil
	case "status":
		st, err := m.Status(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tSTATE\tFILE")
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(tw, "%05d\t%s\t%s\n", s.Version, state, s.Name)
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown migrate command %q (want up or status)", sub)
}
