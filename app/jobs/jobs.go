// Package jobs runs Procura's background work on River, a job queue kept
// in PostgreSQL: any replica may run a job and exactly one does, and
// periodic jobs run on the elected leader only.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"procura/app/caseimport"
	"procura/app/store"
	"procura/domain"
)

// ReminderArgs asks for the day's reminders to be generated.
type ReminderArgs struct{}

// Kind names the job.
func (ReminderArgs) Kind() string { return "reminders" }

type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	db  *store.DB
	now func() time.Time
	log *slog.Logger
}

// Timeout lets the reminder scan run past River's default minute: over a
// million suggestions it took 40–80 s on two cores.
func (w *reminderWorker) Timeout(*river.Job[ReminderArgs]) time.Duration { return 30 * time.Minute }

func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	today := domain.DateOf(w.now(), domain.Shanghai)
	n, err := w.db.GenerateReminders(ctx, today)
	if err != nil {
		return err
	}
	w.log.Info("reminders generated", "day", today.String(), "added", n)
	return nil
}

// ImportArgs asks for run number Run of an uploaded import: 0 for the
// first, the next when a run stalled (its server died) and the import
// was handed on, so that the new job is not taken for the stuck one.
type ImportArgs struct {
	ImportID int64 `json:"import_id"`
	Run      int   `json:"run"`
}

// Kind names the job.
func (ImportArgs) Kind() string { return "case_import" }

type importWorker struct {
	river.WorkerDefaults[ImportArgs]
	runner *caseimport.Runner
}

// Timeout lets a large import run for up to two hours (River's default is
// one minute).
func (w *importWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return 2 * time.Hour }

func (w *importWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	err := w.runner.Run(ctx, job.Args.ImportID, job.Args.Run)
	if err != nil && job.Attempt >= job.MaxAttempts {
		// The last attempt: end the import as failed rather than leave it
		// running for ever.
		if ferr := w.runner.Fail(context.WithoutCancel(ctx), job.Args.ImportID, err); ferr != nil {
			return errors.Join(err, ferr)
		}
	}
	return err
}

// RollupArgs asks for the indicator roll-up to catch up with any marks a
// failed run left behind.
type RollupArgs struct{}

// Kind names the job.
func (RollupArgs) Kind() string { return "rollup_refresh" }

type rollupWorker struct {
	river.WorkerDefaults[RollupArgs]
	db *store.DB
}

// Timeout lets a roll-up rebuild of many keys (a bulk load, a category
// renamed across a province) run past River's default minute, which it
// would otherwise retry forever: rebuilding every key of 10M cases and 50M
// events takes minutes.
func (w *rollupWorker) Timeout(*river.Job[RollupArgs]) time.Duration { return time.Hour }

func (w *rollupWorker) Work(ctx context.Context, _ *river.Job[RollupArgs]) error {
	return w.db.RefreshRollups(ctx)
}

// PartitionArgs asks for the partitions of the current year and the
// years ahead (store.EnsurePartitions).
type PartitionArgs struct{}

// Kind names the job.
func (PartitionArgs) Kind() string { return "partitions_ahead" }

type partitionWorker struct {
	river.WorkerDefaults[PartitionArgs]
	db  *store.DB
	now func() time.Time
	log *slog.Logger
}

// Timeout lets the partition job move a year of rows out of the default
// partition, which can take longer than River's default minute.
func (w *partitionWorker) Timeout(*river.Job[PartitionArgs]) time.Duration { return time.Hour }

func (w *partitionWorker) Work(ctx context.Context, _ *river.Job[PartitionArgs]) error {
	n, err := w.db.EnsurePartitions(ctx, w.now())
	if err != nil {
		return err
	}
	if n > 0 {
		w.log.Info("partitions created", "count", n)
	}
	return nil
}

// RateWindowsArgs asks for the rate-limit windows that have ended to be
// deleted.
type RateWindowsArgs struct{}

// Kind names the job.
func (RateWindowsArgs) Kind() string { return "rate_windows_cleanup" }

// rateWindowsKept is how long a window is kept after it started; the
// longest window is a minute.
const rateWindowsKept = 10 * time.Minute

type rateWindowsWorker struct {
	river.WorkerDefaults[RateWindowsArgs]
	db  *store.DB
	now func() time.Time
}

func (w *rateWindowsWorker) Work(ctx context.Context, _ *river.Job[RateWindowsArgs]) error {
	_, err := w.db.DeleteRateWindows(ctx, w.now().Add(-rateWindowsKept))
	return err
}

// Options tune the runner.
type Options struct {
	// ReminderEvery is the period of the reminder scan (default 1 hour);
	// each scan adds only what is new, so the period bounds the delay.
	ReminderEvery time.Duration
	Now           func() time.Time
	// Imports tune how interrupted imports are resumed; zero values take
	// the defaults of ImportResume.
	Imports ImportResume
}

// ImportResume says how interrupted imports are found and resumed. A run
// records that it is alive every Heartbeat; every Scan, each server hands
// on the runs whose heartbeat is older than StaleAfter (their server
// died) to a new job, which goes on from the last committed batch, and
// enqueues imports left queued without a job. With the defaults an
// import interrupted by a crash resumes within StaleAfter + Scan (20 s)
// of the next start of any server.
type ImportResume struct {
	Heartbeat  time.Duration // default 5 s
	StaleAfter time.Duration // default 15 s
	Scan       time.Duration // default 5 s
	BatchSize  int           // rows per transaction; default caseimport.DefaultBatchSize
}

func (o ImportResume) withDefaults() ImportResume {
	o.Heartbeat = cmp.Or(o.Heartbeat, caseimport.DefaultHeartbeat)
	o.StaleAfter = cmp.Or(o.StaleAfter, 15*time.Second)
	o.Scan = cmp.Or(o.Scan, 5*time.Second)
	return o
}

// Runner is the started River client.
type Runner struct {
	client *river.Client[pgx.Tx]
	// inserter queues jobs in the store's transactions (database/sql);
	// it works none itself.
	inserter  *river.Client[*sql.Tx]
	pool      *pgxpool.Pool
	db        *store.DB
	log       *slog.Logger
	stopWatch context.CancelFunc
	watching  chan struct{}
}

// Start connects to dsn and starts working. Stop it with Stop.
func Start(ctx context.Context, dsn string, db *store.DB, log *slog.Logger, opts Options) (*Runner, error) {
	if opts.ReminderEvery == 0 {
		opts.ReminderEvery = time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &reminderWorker{db: db, now: opts.Now, log: log}); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	resume := opts.Imports.withDefaults()
	runner := &caseimport.Runner{DB: db, Log: log, Now: opts.Now, BatchSize: resume.BatchSize, Heartbeat: resume.Heartbeat}
	if err := river.AddWorkerSafely(workers, &importWorker{runner: runner}); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &rollupWorker{db: db}); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &partitionWorker{db: db, now: opts.Now, log: log}); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &rateWindowsWorker{db: db, now: opts.Now}); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:  log,
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers: workers,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(opts.ReminderEvery),
				func() (river.JobArgs, *river.InsertOpts) { return ReminderArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(10*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return RollupArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			// Partitions for this year and the next ones, made when a
			// leader starts and checked every six hours: years ahead, so
			// a missed run never sends a year's rows to the default.
			river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return PartitionArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(rateWindowsKept),
				func() (river.JobArgs, *river.InsertOpts) { return RateWindowsArgs{}, nil }, nil),
		},
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := client.Start(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	inserter, err := river.NewClient(riverdatabasesql.New(nil), &river.Config{Logger: log})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	watchCtx, stopWatch := context.WithCancel(context.WithoutCancel(ctx))
	r := &Runner{client: client, inserter: inserter, pool: pool, db: db, log: log, stopWatch: stopWatch, watching: make(chan struct{})}
	go r.watchImports(watchCtx, resume)
	return r, nil
}

// importOpts: an import is tried three times, and a second request for
// the same run while it waits or runs adds nothing.
var importOpts = &river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true}}

// EnqueueImportTx queues the first run of an uploaded import in tx, the
// transaction that stores it: the job is there once tx commits.
func (r *Runner) EnqueueImportTx(ctx context.Context, tx *sql.Tx, importID int64) error {
	if _, err := r.inserter.InsertTx(ctx, tx, ImportArgs{ImportID: importID}, importOpts); err != nil {
		return fmt.Errorf("jobs: enqueue import %d: %w", importID, err)
	}
	return nil
}

func (r *Runner) enqueue(ctx context.Context, run store.ImportRun) error {
	_, err := r.client.Insert(ctx, ImportArgs{ImportID: run.ID, Run: run.Run}, importOpts)
	if err != nil {
		return fmt.Errorf("jobs: enqueue import %d: %w", run.ID, err)
	}
	return nil
}

// queuedGrace is how long an upload may wait queued before the watcher
// enqueues it again, in case the server died before enqueuing it; a job
// already there makes the second insert a no-op.
const queuedGrace = 30 * time.Second

// watchImports resumes stalled imports at once and every o.Scan, until
// ctx ends.
func (r *Runner) watchImports(ctx context.Context, o ImportResume) {
	defer close(r.watching)
	t := time.NewTicker(o.Scan)
	defer t.Stop()
	for {
		stalled, err := r.db.RequeueStalledImports(ctx, o.StaleAfter)
		if err != nil && ctx.Err() == nil {
			r.log.Error("requeue stalled imports", "error", err)
		}
		for _, run := range stalled {
			r.log.Warn("import run stalled; resuming it", "import_id", run.ID, "run", run.Run)
		}
		queued, err := r.db.QueuedImports(ctx, queuedGrace)
		if err != nil && ctx.Err() == nil {
			r.log.Error("queued imports", "error", err)
		}
		for _, run := range append(stalled, queued...) {
			if err := r.enqueue(ctx, run); err != nil && ctx.Err() == nil {
				r.log.Error("enqueue import", "import_id", run.ID, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Stop lets running jobs finish (up to ctx's deadline) and disconnects.
func (r *Runner) Stop(ctx context.Context) error {
	r.stopWatch()
	<-r.watching
	err := r.client.Stop(ctx)
	r.pool.Close()
	if err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}
