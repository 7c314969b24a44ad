// Package jobs runs Procura's background work on River, a job queue kept
// in PostgreSQL: any replica may run a job and exactly one does, and
// periodic jobs run on the elected leader only.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

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
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:  log,
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers: workers,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(opts.ReminderEvery),
				func() (river.JobArgs, *river.InsertOpts) { return ReminderArgs{}, nil },
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

// Stop lets running jobs finish (up to ctx's deadline) and disconnects.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	r.pool.Close()
	if err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}
