package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"

	"procura/app/bench"
)

// runBench runs `procura bench`: it measures the hot paths against
// pgbench and COPY on a throwaway cluster of its own and prints the table
// and one line of JSON (see app/bench).
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := bench.Options{Progress: stderr}
	fs.IntVar(&o.Suggestions, "suggestions", bench.DefaultSuggestions, "synthetic suggestions to add to the demo's")
	fs.IntVar(&o.Hearings, "hearings", bench.DefaultHearings, "synthetic hearings to add to the demo's")
	fs.IntVar(&o.Cases, "cases", bench.DefaultCases, "cases to generate with gen-data's generator (about five events each)")
	fs.IntVar(&o.ImportEvents, "import-events", bench.DefaultImportEvents, "about how many event rows the measured import holds")
	fs.DurationVar(&o.Duration, "duration", bench.DefaultDuration, "length of each load measurement")
	fs.Uint64Var(&o.Seed, "seed", 2026, "seed of the generated cases")
	fs.IntVar(&o.PgbenchScale, "pgbench-scale", bench.DefaultPgbenchScale, "pgbench -i scale (100,000 accounts each)")
	fs.StringVar(&o.Dist, "dist", "frontend/dist", "the built frontend, for the first-load JavaScript size")
	fs.StringVar(&o.Keep, "keep", "", "keep the cluster and generated data in this directory, and reuse them when it holds them already")
	only := fs.String("only", "", "comma-separated measurements to run: reads, lists, analysis, import, memory, js (default all)")
	lists := fs.String("lists", "", "comma-separated parts of list measurement keys (e.g. suggestions_q,cases_all): measure only those lists")
	fs.BoolVar(&o.NoPageCache, "no-page-cache", false, "turn the server's record page cache off: every record read goes to the database")
	inProcess := fs.Bool("in-process", false, "run the server inside the bench instead of as a `procura serve` child process")
	verbose := fs.Bool("v", false, "log the cluster's and in-process server's messages to standard error")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (with -in-process it covers the server too)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	if *only != "" {
		o.Only = strings.Split(*only, ",")
	}
	if *lists != "" {
		o.Lists = strings.Split(*lists, ",")
	}
	if !*inProcess {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("bench: the procura binary to run as the server: %w", err)
		}
		o.ServerExe = exe
	}
	if *verbose {
		o.Log = newLogger(stderr, slog.LevelInfo)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// The figures are printed also when the run ends in an error after
	// measuring (a server that would not stop, a cluster that would not
	// shut down): they were measured.
	res, err := bench.Run(ctx, o)
	if res == nil || len(res.Figures) == 0 {
		return err
	}
	return errors.Join(res.WriteTable(stdout), res.WriteJSON(stdout), err)
}
