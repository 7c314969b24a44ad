package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"procura/app/bench"
	"procura/app/caseimport"
	"procura/app/config"
	"procura/app/demo"
	"procura/app/gendata"
	"procura/app/indicators"
	"procura/app/password"
	"procura/app/store"
	"procura/domain"
)

// rowsPerFile is how many rows go into one export file: the national
// system exports by period, and an import takes at most
// exportfile.DefaultMaxRows rows.
const rowsPerFile = 1_000_000

// genData generates cases deterministically, writes them as the national
// case system's CSV exports, imports them through the import path (the
// same runner the background job uses) and, with -measure, times the
// province-scale metrics.
func genData(ctx context.Context, args []string, getenv func(string) string, stdout, logw io.Writer) (err error) {
	fs := flag.NewFlagSet("gen-data", flag.ContinueOnError)
	fs.SetOutput(logw)
	n := fs.Int("cases", 10000, "number of cases (0: only bring the roll-up up to date and measure)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same data")
	extra := fs.Int("units", 0, "synthetic basic procuratorates to add under the province before generating (codes 43BBKK, 40 under each synthetic branch 43BB00)")
	fromS := fs.String("from", "", "first received date (default: two years before -to)")
	toS := fs.String("to", "", "last date (default: the end of last month)")
	out := fs.String("out", "", "directory for the CSV files (default: a temporary directory, removed afterwards)")
	as := fs.String("as", "admin", "account recorded as the importer")
	measure := fs.Bool("measure", true, "time the province-scale metrics after the import")
	setBased := fs.Bool("set-based", false, "load all but the last events file set-based (COPY and one INSERT … SELECT per file, as the bench loads its data) and import only the last one through the import path: for sizes the import path would take hours over")
	ceiling := fs.Bool("ceiling", false, "before importing each events file, time PostgreSQL's own load of it (COPY into staging and one INSERT … SELECT) and print the import's ratio to it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 0 {
		return errors.New("gen-data: -cases must not be negative")
	}
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	log := newLogger(logw, cfg.LogLevel)
	db, dsn, cleanup, err := openDatabase(ctx, cfg, log)
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
	if _, err := m.Up(ctx); err != nil {
		return err
	}
	if err := db.EnsureBuiltinIndicators(ctx); err != nil {
		return err
	}
	// An empty database gets the demo units and accounts first.
	hasher, err := password.New(password.Production)
	if err != nil {
		return err
	}
	if _, err := demo.Load(ctx, db, hasher); err != nil {
		return err
	}

	to := domain.DateOf(time.Now(), domain.Shanghai)
	to = domain.NewDate(to.Year(), to.Month(), 0)
	if *toS != "" {
		if to, err = domain.ParseDate(*toS); err != nil {
			return fmt.Errorf("gen-data: -to: %w", err)
		}
	}
	from := to.AddMonths(-24).AddDays(1)
	if *fromS != "" {
		if from, err = domain.ParseDate(*fromS); err != nil {
			return fmt.Errorf("gen-data: -from: %w", err)
		}
	}
	units, err := db.UnitsByCode(ctx)
	if err != nil {
		return err
	}
	province, ok := units["420000"]
	if !ok {
		return errors.New("gen-data: no province unit 420000; start once with PROCURA_DEMO=1 first")
	}
	if *extra > 0 {
		if err := addUnits(ctx, db, province, units, *extra); err != nil {
			return err
		}
		if units, err = db.UnitsByCode(ctx); err != nil {
			return err
		}
	}
	genUnits := gendata.ProvinceUnits(units, province)
	accounts, err := db.AccountsByUsername(ctx)
	if err != nil {
		return err
	}
	userID, ok := accounts[*as]
	if !ok {
		return fmt.Errorf("gen-data: no account %q to record as the importer (-as)", *as)
	}

	if *n == 0 {
		if err := db.RefreshRollups(ctx); err != nil {
			return err
		}
		return measureMetrics(ctx, db, province, from, to, stdout)
	}
	dir := *out
	if dir == "" {
		if dir, err = os.MkdirTemp("", "procura-gen-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	reserved, err := db.UnifiedNumbers(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	files, nEvents, err := writeFiles(dir, gendata.Config{Units: genUnits, From: from, To: to, Cases: *n, Seed: *seed, Reserved: reserved})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d cases and %d events over %d units, %s to %s, in %v (%s)\n", *n, nEvents, len(genUnits),
		from, to, time.Since(start).Round(time.Millisecond), dir)

	if *setBased {
		last := len(files) - 1
		if last < 1 || !strings.HasPrefix(filepath.Base(files[last]), "events") {
			return errors.New("gen-data: -set-based needs at least one events file")
		}
		var cases, events []string
		for _, f := range files[:last] {
			if strings.HasPrefix(filepath.Base(f), "cases") {
				cases = append(cases, f)
			} else {
				events = append(events, f)
			}
		}
		began := time.Now()
		err := bench.LoadCaseFiles(ctx, db, dsn, cases, events, from, to, func(format string, args ...any) {
			fmt.Fprintf(stdout, "set-based: "+format+"\n", args...)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "set-based load of %d cases files and %d events files in %v\n", len(cases), len(events),
			time.Since(began).Round(time.Second))
		files = files[last:]
	}
	runner := &caseimport.Runner{DB: db, Log: log}
	scope := domain.Scope{Patterns: []string{domain.SubtreePattern(province.Path)}}
	for _, f := range files {
		kind := "events"
		if strings.HasPrefix(filepath.Base(f), "cases") {
			kind = "cases"
		}
		var ceil store.ImportCeiling
		if *ceiling && kind == "events" {
			if ceil, err = measureCeiling(ctx, db, f); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "ceiling %s: %d rows, COPY %v + INSERT %v = %v = %.0f rows/s\n", filepath.Base(f), ceil.Rows,
				ceil.Copy.Round(time.Millisecond), ceil.Insert.Round(time.Millisecond), ceil.Total().Round(time.Millisecond), ceil.RowsPerSecond())
		}
		start := time.Now()
		rec, err := importFile(ctx, db, runner, f, kind, province.ID, scope, userID)
		if err != nil {
			return err
		}
		d := time.Since(start)
		rate := float64(rec.RowsOK+rec.RowsFailed) / d.Seconds()
		fmt.Fprintf(stdout, "imported %s: %s, %d rows (%d changed, %d refused) in %v = %.0f rows/s\n", filepath.Base(f), rec.Status,
			rec.RowsOK+rec.RowsFailed, rec.RowsChanged, rec.RowsFailed, d.Round(time.Millisecond), rate)
		if ceil.Rows > 0 {
			fmt.Fprintf(stdout, "import/ceiling %s: %.2f\n", filepath.Base(f), rate/ceil.RowsPerSecond())
		}
		if rec.Status != "done" {
			return fmt.Errorf("gen-data: import of %s %s: %s", f, rec.Status, rec.Failure)
		}
	}
	if !*measure {
		return nil
	}
	return measureMetrics(ctx, db, province, from, to, stdout)
}

// writeFiles writes the cases in files of at most rowsPerFile rows
// (cases-NNN.csv) and their events in files of at most rowsPerFile rows
// (events-NNN.csv; a case's events stay in one file), returning the
// paths, cases first, and the number of events. An import takes at most
// exportfile.DefaultMaxRows rows, so ten million cases need ten files.
func writeFiles(dir string, cfg gendata.Config) ([]string, int, error) {
	cases := &rotatingCSV[*gendata.CaseWriter]{dir: dir, prefix: "cases", open: gendata.NewCaseWriter}
	events := &rotatingCSV[*gendata.EventWriter]{dir: dir, prefix: "events", open: gendata.NewEventWriter}
	n := 0
	err := gendata.Generate(cfg, func(c gendata.Case) error {
		cw, err := cases.room(1)
		if err != nil {
			return err
		}
		if err := cw.Write(c); err != nil {
			return err
		}
		ew, err := events.room(len(c.Events))
		if err != nil {
			return err
		}
		n += len(c.Events)
		return ew.Write(c)
	})
	if err == nil {
		err = cases.close()
	}
	if err == nil {
		err = events.close()
	}
	if err != nil {
		return nil, 0, err
	}
	return append(cases.paths, events.paths...), n, nil
}

// rotatingCSV writes one kind of row into numbered files of at most
// rowsPerFile rows each.
type rotatingCSV[W interface{ Flush() error }] struct {
	dir, prefix string
	open        func(io.Writer) (W, error)
	paths       []string
	f           *os.File
	b           *bufio.Writer
	w           W
	rows        int
}

// room returns the writer of the current file, starting a new file when
// n more rows would not fit in it.
func (r *rotatingCSV[W]) room(n int) (W, error) {
	if r.f != nil && r.rows+n <= rowsPerFile {
		r.rows += n
		return r.w, nil
	}
	var zero W
	if err := r.close(); err != nil {
		return zero, err
	}
	p := filepath.Join(r.dir, fmt.Sprintf("%s-%03d.csv", r.prefix, len(r.paths)))
	f, err := os.Create(p)
	if err != nil {
		return zero, err
	}
	r.f, r.b, r.rows = f, bufio.NewWriterSize(f, 1<<20), n
	r.paths = append(r.paths, p)
	if r.w, err = r.open(r.b); err != nil {
		return zero, err
	}
	return r.w, nil
}

// close ends the current file, if any.
func (r *rotatingCSV[W]) close() error {
	if r.f == nil {
		return nil
	}
	f := r.f
	r.f = nil
	err := r.w.Flush()
	if err == nil {
		err = r.b.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// importFile uploads a file the way the API does (in chunks) and runs the
// import at once.
func importFile(ctx context.Context, db *store.DB, runner *caseimport.Runner, path, kind string, unitID int64, scope domain.Scope, userID int64) (store.ImportRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return store.ImportRecord{}, err
	}
	defer f.Close()
	rec, err := db.ReceiveImport(ctx, store.ImportUpload{UnitID: unitID, Kind: kind, Filename: filepath.Base(path),
		Scope: scope, By: userID, File: f})
	if err != nil {
		return store.ImportRecord{}, err
	}
	if err := runner.Run(ctx, rec.ID, 0); err != nil {
		return store.ImportRecord{}, err
	}
	return db.GetImport(ctx, rec.ID)
}

// measureCeiling times PostgreSQL's own load of the events file at path.
func measureCeiling(ctx context.Context, db *store.DB, path string) (store.ImportCeiling, error) {
	f, err := os.Open(path)
	if err != nil {
		return store.ImportCeiling{}, err
	}
	defer f.Close()
	return db.MeasureImportCeiling(ctx, bufio.NewReaderSize(f, 1<<20))
}

// unitsPerBranch is how many synthetic basic procuratorates gen-data puts
// under each synthetic branch; maxSyntheticUnits is what the codes allow
// (branches 43BB00 for BB 01–99, their units 43BBKK).
const (
	unitsPerBranch    = 40
	maxSyntheticUnits = 99 * unitsPerBranch
)

// addUnits adds synthetic basic procuratorates under synthetic branches of
// the province, unitsPerBranch per branch, skipping codes that exist.
func addUnits(ctx context.Context, db *store.DB, province domain.Unit, units map[string]domain.Unit, n int) error {
	if n > maxSyntheticUnits {
		return fmt.Errorf("gen-data: at most %d synthetic units", maxSyntheticUnits)
	}
	for i := 0; i < n; i++ {
		b, k := 1+i/unitsPerBranch, 1+i%unitsPerBranch
		branchCode := fmt.Sprintf("43%02d00", b)
		branch, ok := units[branchCode]
		if !ok {
			var err error
			if branch, err = db.CreateUnit(ctx, domain.Unit{Code: branchCode, Name: fmt.Sprintf("测试第%d分院", b), ShortName: "测检",
				Level: domain.LevelBranch, ParentID: province.ID}); err != nil {
				return err
			}
			units[branchCode] = branch
		}
		code := fmt.Sprintf("43%02d%02d", b, k)
		if _, ok := units[code]; ok {
			continue
		}
		u, err := db.CreateUnit(ctx, domain.Unit{Code: code, Name: fmt.Sprintf("测试第%d分院第%d基层院", b, k), ShortName: "测检",
			Level: domain.LevelBasic, ParentID: branch.ID})
		if err != nil {
			return err
		}
		units[code] = u
	}
	return nil
}

// measureMetrics times what a province supervisor's pages ask for over
// the whole span: every indicator for the province with its children, by
// category, and by month; five runs each, the median reported.
func measureMetrics(ctx context.Context, db *store.DB, province domain.Unit, from, to domain.Date, stdout io.Writer) error {
	recs, err := db.Indicators(ctx, false)
	if err != nil {
		return err
	}
	var inds []domain.Indicator
	for _, r := range recs {
		inds = append(inds, r.Indicator)
	}
	period, err := indicators.DetectPeriod(from, to)
	if err != nil {
		return err
	}
	eng := &indicators.Engine{DB: db}
	for _, c := range []struct {
		name  string
		inds  []domain.Indicator
		group indicators.GroupBy
	}{
		{"case_ratio, province total", inds[:1], indicators.GroupNone},
		{"case_ratio, by unit", inds[:1], indicators.GroupUnit},
		{"all indicators, by unit", inds, indicators.GroupUnit},
		{"all indicators, by category", inds, indicators.GroupCategory},
		{"all indicators, by month", inds, indicators.GroupMonth},
	} {
		var times []time.Duration
		for range 5 {
			start := time.Now()
			if _, err := eng.Table(ctx, c.inds, indicators.Cut{Unit: province, Period: period}, c.group, "zh"); err != nil {
				return err
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		fmt.Fprintf(stdout, "metrics %-28s median %v (min %v, max %v)\n", c.name+":", times[2].Round(time.Microsecond),
			times[0].Round(time.Microsecond), times[4].Round(time.Microsecond))
	}
	return nil
}
