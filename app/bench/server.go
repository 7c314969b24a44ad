package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"procura/app/authz"
	"procura/app/config"
	"procura/app/httpapi"
	"procura/app/jobs"
	"procura/app/password"
	"procura/app/store"
	"procura/frontend"
)

// server is a running Procura under test.
type server struct {
	base string // http://127.0.0.1:PORT
	pid  int    // the process whose memory is the server's
	// child tells a `procura serve` process of its own (pid is its) from
	// the server running inside the bench (pid is the bench's).
	child bool
	stop  func() error
}

// startChild runs `exe serve` on DATABASE_URL as a process of its own,
// as it runs in production (logging warnings and errors to logPath), and
// waits until it is ready. noPageCache turns its record page cache off.
func startChild(ctx context.Context, exe, dsn, logPath string, noPageCache bool) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "serve")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PROCURA_") && !strings.HasPrefix(kv, "DATABASE_URL=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "DATABASE_URL="+dsn, "PROCURA_ADDR=127.0.0.1:"+strconv.Itoa(port), "PROCURA_LOG_LEVEL=warn")
	if noPageCache {
		cmd.Env = append(cmd.Env, "PROCURA_PAGE_CACHE_MB=0")
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("bench: start %s serve: %w", exe, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logf.Close() }()
	s := &server{base: fmt.Sprintf("http://127.0.0.1:%d", port), pid: cmd.Process.Pid, child: true}
	s.stop = func() error {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return fmt.Errorf("bench: the server exited with %v (see %s)", err, logPath)
			}
			return err
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
			return fmt.Errorf("bench: the server did not stop within 30 s (see %s)", logPath)
		}
	}
	if err := waitReady(ctx, s.base, exited); err != nil {
		return nil, errors.Join(fmt.Errorf("%w (see %s)", err, logPath), s.stop())
	}
	return s, nil
}

// startInProcess runs the server inside the bench, wired as `procura
// serve` wires it (its own pool, authorizer with policy reloads, job
// runner, default configuration), on a free loopback port.
func startInProcess(ctx context.Context, dsn string, log *slog.Logger, noPageCache bool) (_ *server, err error) {
	cfg, err := config.FromEnv(func(string) string { return "" })
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, dsn, log)
	if err != nil {
		return nil, err
	}
	if noPageCache {
		cfg.PageCache = 0
	}
	db.SetPageCache(cfg.PageCache)
	var cleanups []func() error
	cleanup := func() error {
		var errs []error
		for i := len(cleanups) - 1; i >= 0; i-- {
			errs = append(errs, cleanups[i]())
		}
		return errors.Join(errs...)
	}
	cleanups = append(cleanups, db.Close)
	defer func() {
		if err != nil {
			err = errors.Join(err, cleanup())
		}
	}()
	az, err := authz.New(db, log)
	if err != nil {
		return nil, err
	}
	reload := func() {
		if err := az.Reload(); err != nil {
			log.Error("reload policies", "error", err)
		}
	}
	db.OnPolicyChange(reload)
	listenCtx, stopListening := context.WithCancel(context.WithoutCancel(ctx))
	go db.ListenChanges(listenCtx, log, reload)
	go db.FlushLastSeen(listenCtx, store.DefaultLastSeenFlush, log)
	cleanups = append(cleanups, func() error { stopListening(); return nil })
	runner, err := jobs.Start(context.WithoutCancel(ctx), dsn, db, log, jobs.Options{})
	if err != nil {
		return nil, err
	}
	cleanups = append(cleanups, func() error {
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		return runner.Stop(sctx)
	})
	hasher, err := password.New(password.Production)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	db.RegisterCacheMetrics(reg)
	api := httpapi.New(httpapi.Deps{
		Log: log, DB: db, Authz: az, Hasher: hasher, Metrics: reg, BodyLimit: cfg.BodyLimit, UI: frontend.Dist(),
		Version: "bench", Imports: runner, ImportLimit: cfg.ImportLimit, MetricsAllow: cfg.MetricsAllow, HearingRules: &cfg.HearingRules,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	cleanups = append(cleanups, func() error {
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		err := hs.Shutdown(sctx)
		if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		return err
	})
	s := &server{base: "http://" + ln.Addr().String(), pid: os.Getpid(), stop: cleanup}
	if err := waitReady(ctx, s.base, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// waitReady polls /readyz until the server answers 200, it exits, or a
// minute passes.
func waitReady(ctx context.Context, base string, exited <-chan error) error {
	deadline := time.Now().Add(time.Minute)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("bench: the server exited before it was ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("bench: the server was not ready within a minute")
		}
	}
}

// rssBytes reads the resident set size of process pid from
// /proc/PID/status.
func rssBytes(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("bench: no VmRSS in /proc/%d/status", pid)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
