// Package jobs runs Procura's background work on River, a job queue kept
// in PostgreSQL: any replica may run a job and exactly one does, and
// periodic jobs run on the elected leader only.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
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

var shanghai = time.FixedZone("Asia/Shanghai", 8*60*60)

func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	today := domain.DateOf(w.now(), shanghai)
	n, err := w.db.GenerateReminders(ctx, today)
	if err != nil {
		return err
	}
	w.log.Info("reminders generated", "day", today.String(), "added", n)
	return nil
}

// ImportArgs asks for an uploaded import to be run.
type ImportArgs struct {
	ImportID int64 `json:"import_id"`
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
	err := w.runner.Run(ctx, job.Args.ImportID)
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

func (w *rollupWorker) Work(ctx context.Context, _ *river.Job[RollupArgs]) error {
	return w.db.RefreshRollups(ctx)
}

// Options tune the runner.
type Options struct {
	// ReminderEvery is the period of the reminder scan (default 1 hour);
	// each scan adds only what is new, so the period bounds the delay.
	ReminderEvery time.Duration
	Now           func() time.Time
}

// Runner is the started River client.
type Runner struct {
	client *river.Client[pgx.Tx]
	pool   *pgxpool.Pool
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
	if err := river.AddWorkerSafely(workers, &importWorker{runner: &caseimport.Runner{DB: db, Log: log, Now: opts.Now}}); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &rollupWorker{db: db}); err != nil {
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
	return &Runner{client: client, pool: pool}, nil
}

// EnqueueImport queues the run of an uploaded import, once: a second
// request for the same import while it waits or runs adds nothing.
func (r *Runner) EnqueueImport(ctx context.Context, importID int64) error {
	_, err := r.client.Insert(ctx, ImportArgs{ImportID: importID}, &river.InsertOpts{MaxAttempts: 3,
		UniqueOpts: river.UniqueOpts{ByArgs: true}})
	if err != nil {
		return fmt.Errorf("jobs: enqueue import %d: %w", importID, err)
	}
	return nil
}

// Stop lets running jobs finish (up to ctx's deadline) and disconnects.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	r.pool.Close()
	if err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}
