package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"procura/app/authz"
	"procura/app/config"
	"procura/app/demo"
	"procura/app/httpapi"
	"procura/app/jobs"
	"procura/app/logbuf"
	"procura/app/password"
	"procura/app/pgserver"
	"procura/app/store"
	"procura/frontend"
)

func serve(ctx context.Context, getenv func(string) string, logw io.Writer) (err error) {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	// Every request is logged: its lines are written in batches (warnings
	// and errors at once), since a write per line was a quarter of a
	// request's cost. The deferred Close writes the rest after everything
	// else has logged.
	batched := logbuf.New(logw, 0)
	defer batched.Close()
	log := slog.New(logbuf.Handler(slog.NewJSONHandler(batched, &slog.HandlerOptions{Level: cfg.LogLevel}), batched, slog.LevelWarn))
	log.Info("starting Procura", "version", version, "config", cfg)

	db, dsn, cleanup, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	db.SetPageCache(cfg.PageCache)
	if limit, ok := memoryLimit(cfg.PageCache, getenv); ok {
		debug.SetMemoryLimit(limit)
		log.Info("Go memory limit set", "bytes", limit)
	}

	m, err := store.NewMigrator(db.SQL(), log)
	if err != nil {
		return err
	}
	n, err := m.Up(ctx)
	if err != nil {
		return err
	}
	log.Info("database migrated", "applied", n)
	if err := db.EnsureBuiltinIndicators(ctx); err != nil {
		return err
	}

	hasher, err := password.New(password.Production)
	if err != nil {
		return err
	}
	if cfg.Demo {
		loaded, err := demo.Load(ctx, db, hasher)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		log.Info("demo data", "loaded", loaded)
	}

	az, err := authz.New(db, log)
	if err != nil {
		return err
	}
	reload := func() {
		if err := az.Reload(); err != nil {
			log.Error("reload policies", "error", err)
		}
	}
	db.OnPolicyChange(reload)
	listenCtx, stopListening := context.WithCancel(ctx)
	defer stopListening()
	go db.ListenChanges(listenCtx, log, reload)
	go db.FlushLastSeen(listenCtx, store.DefaultLastSeenFlush, log)
	if err := db.AddReplicas(cfg.ReplicaURLs, store.ReplicaOptions{MaxLag: cfg.ReplicaMaxLag}, log); err != nil {
		return err
	}
	go db.WatchReplicas(listenCtx)

	runner, err := jobs.Start(ctx, dsn, db, log, jobs.Options{})
	if err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer cancel()
		if serr := runner.Stop(stopCtx); serr != nil {
			log.Error("stop jobs", "error", serr)
		}
	}()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), "procura"), collectors.NewDBStatsCollector(db.ListsSQL(), "procura_lists"))
	db.RegisterCacheMetrics(reg)
	srv := httpapi.New(httpapi.Deps{
		Log: log, DB: db, Authz: az, Hasher: hasher, Metrics: reg, BodyLimit: cfg.BodyLimit, UI: frontend.Dist(), Version: version,
		Imports: runner, ImportLimit: cfg.ImportLimit, MetricsAllow: cfg.MetricsAllow, MetricsToken: cfg.MetricsToken,
		TrustedProxies: cfg.TrustedProxies,
		HearingRules:   &cfg.HearingRules,
	})
	return srv.Run(ctx, cfg.Addr, cfg.ShutdownTimeout)
}

// openDatabase connects to DATABASE_URL or, when it is unset, starts the
// private cluster under the data directory. The returned cleanup closes the
// pool and stops a cluster it started.
func openDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, string, func() error, error) {
	dsn, stopCluster, err := databaseURL(ctx, cfg, log)
	if err != nil {
		return nil, "", nil, err
	}
	// A fresh context: the cluster and pool must outlive the signal that
	// ends serving, so that shutdown runs in order.
	db, err := store.Open(context.WithoutCancel(ctx), dsn, log)
	if err != nil {
		return nil, "", nil, joinStop(err, stopCluster)
	}
	return db, dsn, func() error {
		db.Close()
		return stopCluster()
	}, nil
}

// databaseURL returns DATABASE_URL or, when it is unset, starts the
// private cluster under the data directory (or finds it running) and
// returns the URL of its database "procura", created when missing. The
// returned stop stops a cluster it started.
func databaseURL(ctx context.Context, cfg config.Config, log *slog.Logger) (string, func() error, error) {
	if cfg.DatabaseURL != "" {
		return cfg.DatabaseURL, func() error { return nil }, nil
	}
	pg, err := pgserver.Start(ctx, pgserver.Options{Dir: cfg.DataDir, Logger: log})
	if err != nil {
		return "", nil, err
	}
	if err := store.CreateDatabase(ctx, pg.URL("postgres"), "procura"); err != nil {
		return "", nil, joinStop(err, pg.Stop)
	}
	return pg.URL("procura"), pg.Stop, nil
}

func joinStop(err error, stop func() error) error {
	if serr := stop(); serr != nil {
		return fmt.Errorf("%w (and stopping PostgreSQL: %v)", err, serr)
	}
	return err
}

// memoryHeadroom is what the server needs besides its page cache: the
// rest of its live heap (about 20 MB at rest: sessions, policies,
// statistics, connections; 10–20 MB more in flight at 200 clients) and
// room for a collection's garbage.
const memoryHeadroom = 48 << 20

// memoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT is not
// set: the page cache's bound plus memoryHeadroom (112 MiB by default).
// Without it the collector lets the heap grow to twice what is live: at
// 200 clients about 60 MB were live (the page cache's pages and
// renderings, and the requests in flight), the heap grew to 120 MB and the
// RSS to 165–175 MB. With it the collector runs earlier when the heap
// nears the limit (issue 10's goal: under 150 MB at 200 clients). The
// price is more collections when the page cache is full; GOMEMLIMIT (or
// a larger PROCURA_PAGE_CACHE_MB, which raises the limit with it) trades
// memory back for CPU.
func memoryLimit(pageCache int, getenv func(string) string) (int64, bool) {
	if getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	return int64(pageCache) + memoryHeadroom, true
}
