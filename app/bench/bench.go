// Package bench is `procura bench`: it measures Procura's hot paths
// against the ceilings of the same PostgreSQL on the same machine in the
// same run, and prints the ratios (issue 10). It starts a throwaway
// cluster, loads the demo, generates data at the requested sizes, starts
// the real server, signs in, drives it with its own load generator, runs
// pgbench and a COPY-based import ceiling beside it, prints one table and
// ends with one line of JSON holding every figure. The cluster and every
// generated file are removed at the end.
package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"procura/domain"
)

// Default sizes and duration: a run finishes in about ten minutes on two
// cores.
const (
	DefaultSuggestions  = 1_000_000
	DefaultHearings     = 200_000
	DefaultCases        = 200_000
	DefaultImportEvents = 200_000
	DefaultDuration     = 5 * time.Second
	DefaultPgbenchScale = 10
)

// sectionNames are the measurements Options.Only may name.
var sectionNames = []string{"reads", "lists", "analysis", "import", "memory", "js"}

// Client counts of the measurements.
const (
	readClients = 16
	highClients = 64
	listClients = 16
	rssClients  = 200
)

// Options say what to generate and how long to measure.
type Options struct {
	// Suggestions and Hearings are the synthetic records added to the
	// demo's; Cases the generated cases (with about five events each).
	Suggestions, Hearings, Cases int
	// ImportEvents is about how many event rows the measured import holds
	// (the events of the first generated cases); they are not loaded
	// before.
	ImportEvents int
	// Duration is the length of each load measurement (after a warm-up of
	// a fifth of it, at most a second). pgbench runs whole seconds.
	Duration time.Duration
	Seed     uint64
	// ServerExe, when set, is the procura binary run as `ServerExe serve`
	// in a process of its own, so that its memory is measured alone;
	// otherwise the server runs inside the bench.
	ServerExe string
	// Dist is the built frontend (frontend/dist); when it has no
	// index.html the JavaScript size is skipped.
	Dist string
	// PgbenchScale is pgbench's -s (100,000 accounts each).
	PgbenchScale int
	// Dir holds the cluster and generated files (default a temporary
	// directory); it is removed at the end.
	Dir string
	// Keep, when set, is a directory that holds the cluster and the
	// generated files and is kept at the end; a later run with the same
	// Keep reuses them (migrating the database to the newest schema)
	// instead of generating again, whatever the sizes say.
	Keep string
	// Only, when not empty, names the measurements to run (sections:
	// reads, lists, analysis, import, memory, js); the rest are skipped.
	// The import adds its events to the data, so a kept cluster measured
	// with it is no longer the one generated.
	Only []string
	// Lists, when not empty, keeps the list measurements whose key
	// (resource_key, as in the JSON figures) contains one of these.
	Lists []string
	// NoPageCache turns the server's record page cache off
	// (PROCURA_PAGE_CACHE_MB=0), to measure every read in the database.
	NoPageCache bool
	// Log receives the cluster's and server's log (nil: discarded);
	// Progress one line per step (nil: discarded).
	Log      *slog.Logger
	Progress io.Writer
}

func (o *Options) defaults() {
	if o.Duration <= 0 {
		o.Duration = DefaultDuration
	}
	if o.PgbenchScale <= 0 {
		o.PgbenchScale = DefaultPgbenchScale
	}
	if o.Seed == 0 {
		o.Seed = 2026
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
}

// Result holds every figure of a run.
type Result struct {
	Sizes map[string]int `json:"sizes"`
	// Server is "child" (a `procura serve` process) or "in-process".
	Server    string  `json:"server"`
	DurationS float64 `json:"duration_s"`
	// Figures are the measurements by name: rates in per second,
	// latencies in milliseconds, sizes in kB or MB as the name says,
	// ratios as fractions.
	Figures map[string]float64 `json:"figures"`
	// Errors counts failed requests by measurement (only those with any).
	Errors map[string]int `json:"errors,omitempty"`
	// Skipped names figures that could not be measured, with the reason.
	Skipped map[string]string `json:"skipped,omitempty"`
	// Notes say how figures were taken where it matters to read them.
	Notes []string `json:"notes"`

	sections []*section
}

// Run runs the bench and returns its figures; the table is rendered by
// Result.WriteTable.
func Run(ctx context.Context, o Options) (res *Result, err error) {
	o.defaults()
	if o.Suggestions < 0 || o.Hearings < 0 || o.Cases < 1 || o.ImportEvents < 1 {
		return nil, errors.New("bench: sizes must not be negative, and there must be cases and events to import")
	}
	res = &Result{Figures: map[string]float64{}, Errors: map[string]int{}, Skipped: map[string]string{}, DurationS: o.Duration.Seconds(),
		Sizes: map[string]int{"suggestions": o.Suggestions, "hearings": o.Hearings, "cases": o.Cases, "import_events": o.ImportEvents,
			"pgbench_scale": o.PgbenchScale}}
	began := time.Now()
	step := func(format string, args ...any) {
		fmt.Fprintf(o.Progress, "[%6.1fs] %s\n", time.Since(began).Seconds(), fmt.Sprintf(format, args...))
	}
	for _, name := range o.Only {
		if !slices.Contains(sectionNames, name) {
			return nil, fmt.Errorf("bench: unknown section %q (sections: %s)", name, strings.Join(sectionNames, ", "))
		}
	}
	dir := o.Dir
	reuse := false
	switch {
	case o.Keep != "":
		dir = o.Keep
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		_, serr := os.Stat(filepath.Join(dir, planFile))
		reuse = serr == nil
	case dir == "":
		if dir, err = os.MkdirTemp("", "procura-bench-"); err != nil {
			return nil, err
		}
	default:
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
	}
	if o.Keep == "" {
		defer func() {
			if rerr := os.RemoveAll(dir); rerr != nil && err == nil {
				err = rerr
			}
		}()
	}

	var c *cluster
	if reuse {
		step("starting the kept PostgreSQL in %s, migrating", dir)
		c, err = openCluster(ctx, dir, o.Log, false)
	} else {
		step("starting PostgreSQL, migrating, loading the demo")
		c, err = startCluster(ctx, dir, o.Log)
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := c.close(); cerr != nil && err == nil {
			err = cerr
		}
		step("cluster stopped")
	}()
	var p *plan
	if reuse {
		p, err = loadPlan(dir, c)
	} else if p, err = generate(ctx, c, dir, o, step); err == nil && o.Keep != "" {
		err = savePlan(dir, p, res.Sizes)
	}
	if err != nil {
		return nil, err
	}
	if reuse {
		res.Sizes = p.sizes
		res.Notes = append(res.Notes, "the data was generated by an earlier run and kept in "+dir)
		// As generate does: the server's first reminder scan would
		// otherwise run during the measurements (and hold the import's
		// job back).
		step("adding the reminders due today")
		p.today = domain.DateOf(time.Now(), domain.Shanghai)
		began := time.Now()
		if p.reminders, err = c.db.GenerateReminders(ctx, p.today); err != nil {
			return nil, err
		}
		p.reminderScan = time.Since(began)
		// Likewise the partition job: data kept from before partitions
		// were made on load waits in the default partition, and the
		// job's first run would move it during the measurements.
		step("making the partitions of the kept data's years")
		if _, err = c.db.EnsurePartitions(ctx, time.Now()); err != nil {
			return nil, err
		}
	}
	p.sizes = res.Sizes
	p.res = res

	started := time.Now()
	if o.ServerExe != "" {
		step("starting %s serve", filepath.Base(o.ServerExe))
		p.srv, err = startChild(ctx, o.ServerExe, c.dsn, filepath.Join(dir, "server.log"), o.NoPageCache)
		res.Server = "child"
	} else {
		step("starting the server in process")
		p.srv, err = startInProcess(ctx, c.dsn, o.Log, o.NoPageCache)
		res.Server = "in-process"
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if serr := p.srv.stop(); serr != nil && err == nil {
			err = serr
		}
	}()
	p.load = newLoader(p.srv.base)
	defer p.load.close()
	if p.supervisor, err = p.load.signIn(ctx, provinceSupervisor, demoPassword); err != nil {
		return nil, err
	}
	if p.prosecutor, err = p.load.signIn(ctx, "prosecutor.xiantao", demoPassword); err != nil {
		return nil, err
	}
	step("waiting for the server's start-up jobs (reminders, roll-ups, partitions)")
	if p.startupJobs, err = waitStartupJobs(ctx, c.db.SQL(), started); err != nil {
		return nil, err
	}
	res.fig("server_startup_jobs_s", p.startupJobs.Seconds())
	wanted := func(name string) bool { return len(o.Only) == 0 || slices.Contains(o.Only, name) }
	for _, m := range []struct {
		name, section string
		fn            func(context.Context, *plan, Options, func(string, ...any)) error
	}{
		{"authorised reads", "reads", measureReads},
		{"lists", "lists", measureLists},
		{"analysis", "analysis", measureAnalysis},
		{"import", "import", measureImport},
		{"memory", "memory", measureMemory},
	} {
		if !wanted(m.section) {
			res.Skipped[m.section] = "not among --only"
			continue
		}
		if err := m.fn(ctx, p, o, step); err != nil {
			return nil, fmt.Errorf("bench: %s: %w", m.name, err)
		}
	}
	if wanted("js") {
		measureJS(res, o.Dist)
	}
	res.fig("reminder_first_scan_s", p.reminderScan.Seconds())
	res.note(p)
	step("done")
	return res, nil
}

// plan is what the measurements need to know of the generated data and
// the running server.
type plan struct {
	res        *Result
	sizes      map[string]int
	c          *cluster
	srv        *server
	load       *loader
	supervisor http.Header
	prosecutor http.Header
	files      caseFiles
	today      domain.Date
	// The reminder scan the server would run at start, run before it:
	// how many reminders it added and how long it took.
	reminders    int64
	reminderScan time.Duration
	// How long the jobs the server runs at start took, waited for
	// before measuring.
	startupJobs time.Duration

	suggestionIDs, hearingIDs, caseIDs []int64
	// Values found in the data for the list filters.
	docNo           string
	caseNo          string
	emptySuggestion [3]string // a unit id, a status and a category no suggestion has together
	someSuggestion  [3]string // the commonest such triple
	emptyStatusType [3]string // a status, "" and a type no suggestion has together
	emptyHearing    [3]string // a unit id, a status and a kind no hearing has together
	someHearing     [3]string // the commonest such triple
}

func (p *plan) unitID(code string) string { return fmt.Sprint(p.c.units[code].ID) }

func (r *Result) note(p *plan) {
	if r.Server == "child" {
		r.Notes = append(r.Notes, "the server ran as a `procura serve` child process; RSS is that process's VmRSS")
	} else {
		r.Notes = append(r.Notes, "the server ran inside the bench process; RSS is the whole bench process's VmRSS (load generator included)")
	}
	r.Notes = append(r.Notes,
		"the cluster runs with PostgreSQL's default settings (durable: fsync on), as `make run`'s does",
		"cases and events other than the measured import file are loaded set-based (COPY + INSERT … SELECT), not through the import path",
		"the COPY ceiling is the bench's own (app/bench), timed in a transaction rolled back before the real import runs on the same table",
		fmt.Sprintf("synthetic suggestions and hearings copy the demo's (%d of each carry copies of their child rows and serve the detail reads)", detailSample),
		fmt.Sprintf("the reminder scan the server runs at start (and hourly) was run before it: %d reminders added in %.1f s (reminder_first_scan_s)",
			p.reminders, p.reminderScan.Seconds()),
		fmt.Sprintf("the measurements began once the jobs the server runs at start had ended, %.1f s after it started (server_startup_jobs_s)",
			p.startupJobs.Seconds()))
	if len(r.Errors) == 0 {
		r.Errors = nil
	}
	if len(r.Skipped) == 0 {
		r.Skipped = nil
	}
}

// startupJobs are the periodic jobs the server runs when it starts: each
// reads every suggestion or the roll-up queue, and measuring while they
// run would measure them.
var startupJobs = []string{"reminders", "rollup_refresh", "partitions_ahead"}

// waitStartupJobs waits until each of startupJobs has ended once since
// the server started and none is waiting or running, and answers how long
// after the start that was.
func waitStartupJobs(ctx context.Context, db *sql.DB, since time.Time) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	for {
		var ended, busy int
		err := db.QueryRowContext(ctx, `SELECT count(DISTINCT kind) FILTER (WHERE state = 'completed' AND finalized_at >= $2),
				count(*) FILTER (WHERE state IN ('available', 'running', 'retryable') AND scheduled_at <= now())
			FROM river_job WHERE kind = ANY($1)`, startupJobs, since).Scan(&ended, &busy)
		if err != nil {
			return 0, fmt.Errorf("bench: the server's start-up jobs: %w", err)
		}
		if ended == len(startupJobs) && busy == 0 {
			return time.Since(since), nil
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("bench: the server's start-up jobs did not end: %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
