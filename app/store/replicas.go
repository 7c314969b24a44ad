package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// Read replicas. Heavy read-only work (metrics, analyses, reports, list
// exports) may run on a streaming replica of the primary; the caller asks
// for it with OnReplica, which routes the reads made with the returned
// context, outside a transaction, to a healthy replica. Everything else,
// and every write, stays on the primary. A background check (WatchReplicas)
// keeps each replica's state; a replica that is down, not a standby, or
// lags more than ReplicaOptions.MaxLag is skipped. A query that fails on
// the replica before its first row runs again on the primary, and the rest
// of the request stays there, so that the caller sees no error. One that
// breaks off after its rows began (a recovery conflict cancelled it, or the
// connection broke) has already handed the caller part of its rows: the
// caller runs its reads through ReadSource.Read, which runs them all again
// on the primary.

// Replica states.
const (
	ReplicaUnknown    = "unknown"     // not checked yet, or the last check is too old
	ReplicaHealthy    = "healthy"     // a standby within the lag bound
	ReplicaLagging    = "lagging"     // a standby behind by more than the bound
	ReplicaDown       = "down"        // does not answer
	ReplicaNotStandby = "not_standby" // answers but is not in recovery (say, promoted)
)

// ReplicaOptions tune the replica router.
type ReplicaOptions struct {
	// MaxLag is the largest replay lag at which a replica still serves
	// reads (default DefaultReplicaMaxLag).
	MaxLag time.Duration
	// CheckEvery is the interval of the background check (default 2 s).
	CheckEvery time.Duration
}

// DefaultReplicaMaxLag is the lag bound when none is configured.
const DefaultReplicaMaxLag = 30 * time.Second

// replicaQueryTimeout bounds a check, and a connection attempt to a
// replica, so that a replica that hangs costs a request seconds at most
// before the primary answers instead.
const replicaQueryTimeout = 2 * time.Second

// ReplicaState is what the last check found of a replica.
type ReplicaState struct {
	// Name is host:port/database, without credentials.
	Name  string
	State string
	// Lag is how far the replica's data is behind: zero when it has
	// replayed all it received from a live stream, else the age of the
	// last transaction it replayed; negative when unknown.
	Lag time.Duration
	// AsOf is the time its data reflects at the last check.
	AsOf      time.Time
	CheckedAt time.Time
	// Error is why the last check failed.
	Error string
	// Reads counts the requests routed to it; Fallbacks those of them
	// that went on on the primary because a query failed on it.
	Reads, Fallbacks uint64
}

type replica struct {
	name  string
	reads *sql.DB // the routed reads
	check *sql.DB // one connection for the checks, beside the reads

	mu sync.Mutex
	st ReplicaState // Reads and Fallbacks live in the counters below
	// caughtUpAt is the replica's time when a check last found it caught
	// up (written by the check only).
	caughtUpAt time.Time

	routed, fellBack atomic.Uint64
}

type replicaSet struct {
	list []*replica
	opts ReplicaOptions
	log  *slog.Logger
	next atomic.Uint64 // round robin among the healthy ones
	// onPrimary counts the requests that asked for a replica and found
	// none healthy.
	onPrimary atomic.Uint64
}

// AddReplicas configures read replicas by their connection URLs. It
// connects lazily: a replica that is down at start is only reported as
// such. Call it once, before serving, then run WatchReplicas.
func (db *DB) AddReplicas(urls []string, opts ReplicaOptions, log *slog.Logger) error {
	if len(urls) == 0 {
		return nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.MaxLag <= 0 {
		opts.MaxLag = DefaultReplicaMaxLag
	}
	if opts.CheckEvery <= 0 {
		opts.CheckEvery = 2 * time.Second
	}
	set := &replicaSet{opts: opts, log: log}
	for _, u := range urls {
		r, err := openReplica(u)
		if err != nil {
			set.close()
			return err
		}
		set.list = append(set.list, r)
	}
	db.replicas = set
	return nil
}

func openReplica(url string) (*replica, error) {
	pool := func(app string, maxOpen int) (*sql.DB, string, error) {
		cfg, err := pgx.ParseConfig(url)
		if err != nil {
			return nil, "", fmt.Errorf("replica URL: %w", err)
		}
		cfg.ConnectTimeout = replicaQueryTimeout
		// The application name tells the routed reads from the checks
		// in pg_stat_activity on the replica.
		cfg.RuntimeParams["application_name"] = app
		// As on the primary (OpenConfig): list pages routed here write
		// their filters' values as literals quoted for this setting.
		cfg.RuntimeParams["standard_conforming_strings"] = "on"
		d := stdlib.OpenDB(*cfg)
		d.SetMaxOpenConns(maxOpen)
		d.SetMaxIdleConns(maxOpen)
		d.SetConnMaxIdleTime(connMaxIdleTime)
		d.SetConnMaxLifetime(connMaxLifetime)
		return d, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))) + "/" + cfg.Database, nil
	}
	reads, name, err := pool("procura-replica", maxOpenConns)
	if err != nil {
		return nil, err
	}
	check, _, err := pool("procura-replica-check", 1)
	if err != nil {
		reads.Close()
		return nil, err
	}
	return &replica{name: name, reads: reads, check: check, st: ReplicaState{Name: name, State: ReplicaUnknown, Lag: -1}}, nil
}

func (s *replicaSet) close() error {
	if s == nil {
		return nil
	}
	var errs []error
	for _, r := range s.list {
		errs = append(errs, r.reads.Close(), r.check.Close())
	}
	return errors.Join(errs...)
}

// WatchReplicas checks every replica at once and then every
// ReplicaOptions.CheckEvery until ctx ends. Without replicas it returns.
func (db *DB) WatchReplicas(ctx context.Context) {
	s := db.replicas
	if s == nil {
		return
	}
	t := time.NewTicker(s.opts.CheckEvery)
	defer t.Stop()
	for {
		for _, r := range s.list {
			s.checkOne(ctx, r)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// replicaCheck reads a standby's state. The replay is caught up when all
// the WAL received has been replayed and the WAL receiver is streaming: an
// idle primary then sends nothing new, and the age of the last replayed
// transaction says nothing about lag. Otherwise the data is as of the
// later of that transaction and the last time a check found the replica
// caught up (so that WAL without transactions, a checkpoint say, arriving
// during a check on an idle primary is no lag), and the lag is its age.
const replicaCheck = `SELECT /* procura replica check */ pg_is_in_recovery(),
	coalesce(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false)
		AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL),
	pg_last_xact_replay_timestamp(), now()`

func (s *replicaSet) checkOne(ctx context.Context, r *replica) {
	ctx, cancel := context.WithTimeout(ctx, replicaQueryTimeout)
	defer cancel()
	var (
		inRecovery, caughtUp bool
		replayed             sql.NullTime
		now                  time.Time
	)
	err := r.check.QueryRowContext(ctx, replicaCheck).Scan(&inRecovery, &caughtUp, &replayed, &now)
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return // shutting down
	}
	st := ReplicaState{Name: r.name, Lag: -1, CheckedAt: time.Now()}
	switch {
	case err != nil:
		st.State, st.Error = ReplicaDown, err.Error()
	case !inRecovery:
		st.State = ReplicaNotStandby
	case caughtUp:
		st.State, st.Lag, st.AsOf = ReplicaHealthy, 0, now
		r.caughtUpAt = now
	default:
		st.AsOf = r.caughtUpAt
		if replayed.Valid && replayed.Time.After(st.AsOf) {
			st.AsOf = replayed.Time
		}
		st.State = ReplicaLagging // nothing replayed yet: lag unknown
		if !st.AsOf.IsZero() {
			st.Lag = max(now.Sub(st.AsOf), 0)
			if st.Lag <= s.opts.MaxLag {
				st.State = ReplicaHealthy
			}
		}
	}
	r.mu.Lock()
	prev := r.st.State
	r.st = st
	r.mu.Unlock()
	if prev != st.State {
		s.log.Info("read replica state", "replica", r.name, "state", st.State, "lag", st.Lag.String(), "error", st.Error)
	}
}

// markDown records that a routed query could not reach r.
func (s *replicaSet) markDown(r *replica, err error) {
	r.mu.Lock()
	prev := r.st.State
	r.st.State, r.st.Error, r.st.CheckedAt = ReplicaDown, err.Error(), time.Now()
	r.mu.Unlock()
	if prev != ReplicaDown {
		s.log.Info("read replica state", "replica", r.name, "state", ReplicaDown, "error", err.Error())
	}
}

// pick returns a healthy replica, round robin, and the time its data
// reflects; nil when none is.
func (s *replicaSet) pick() (*replica, time.Time) {
	stale := 3*s.opts.CheckEvery + replicaQueryTimeout
	n := uint64(len(s.list))
	start := s.next.Add(1)
	for i := range n {
		r := s.list[(start+i)%n]
		r.mu.Lock()
		st := r.st
		r.mu.Unlock()
		if st.State == ReplicaHealthy && time.Since(st.CheckedAt) < stale {
			return r, st.AsOf
		}
	}
	return nil, time.Time{}
}

// Replicas returns the state of each configured replica, for /readyz and
// /metrics; none without replicas.
func (db *DB) Replicas() []ReplicaState {
	if db.replicas == nil {
		return nil
	}
	out := make([]ReplicaState, len(db.replicas.list))
	for i, r := range db.replicas.list {
		r.mu.Lock()
		out[i] = r.st
		r.mu.Unlock()
		out[i].Reads, out[i].Fallbacks = r.routed.Load(), r.fellBack.Load()
	}
	return out
}

// ReplicaMisses counts the requests that asked for a replica while none
// was healthy, and ran on the primary.
func (db *DB) ReplicaMisses() uint64 {
	if db.replicas == nil {
		return 0
	}
	return db.replicas.onPrimary.Load()
}

// ReadSource says where the reads of one request ran.
type ReadSource struct {
	set *replicaSet

	mu       sync.Mutex
	replica  *replica // nil when on the primary
	asOf     time.Time
	fellBack bool
}

type readKey struct{}

// OnReplica returns ctx routed to a healthy replica for the reads made with
// it outside a transaction, and the source that tells where they ran. With
// no replica configured or healthy, or inside a transaction, the reads stay
// on the primary.
func (db *DB) OnReplica(ctx context.Context) (context.Context, *ReadSource) {
	src := &ReadSource{set: db.replicas}
	if db.replicas == nil {
		return ctx, src
	}
	if _, inTx := ctx.Value(txKey{}).(*gorm.DB); inTx {
		return ctx, src
	}
	r, asOf := db.replicas.pick()
	if r == nil {
		db.replicas.onPrimary.Add(1)
		return ctx, src
	}
	r.routed.Add(1)
	src.replica, src.asOf = r, asOf
	return context.WithValue(ctx, readKey{}, src), src
}

// current is the replica the reads go to, nil for the primary.
func (s *ReadSource) current() *replica {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fellBack {
		return nil
	}
	return s.replica
}

// fallBack moves the rest of the request to the primary after err on the
// replica; a replica that cannot be reached is marked down until the next
// check finds it well.
func (s *ReadSource) fallBack(r *replica, err error) {
	s.mu.Lock()
	already := s.fellBack
	s.fellBack = true
	s.mu.Unlock()
	if already {
		return
	}
	r.fellBack.Add(1)
	if Unavailable(err) {
		s.set.markDown(r, err)
	}
	s.set.log.Warn("read replica failed; reading from the primary", "replica", r.name, "error", err)
}

// AsOf is the time of the data the reads reflect: the replica's, or now
// when they ran on the primary. After a fallback the earlier of the two,
// since part of the request read the replica.
func (s *ReadSource) AsOf(now time.Time) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replica == nil || s.asOf.After(now) {
		return now
	}
	return s.asOf
}

// Read runs read with ctx, as routed by OnReplica, and once more, on the
// primary, when a replica query broke off under it after its first row:
// replay on the standby cancelled it (a recovery conflict, see
// RecoveryConflict) or its connection broke (see ConnectionLost). read
// must be safe to repeat: it reads, and writes nothing to the response.
func (s *ReadSource) Read(ctx context.Context, read func(context.Context) error) error {
	err := read(ctx)
	if r := s.current(); r != nil && ctx.Err() == nil && (RecoveryConflict(err) || ConnectionLost(err)) {
		s.fallBack(r, err)
		err = read(ctx)
	}
	return err
}

// Replica names the replica the reads were routed to ("" for the
// primary).
func (s *ReadSource) Replica() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replica == nil || s.fellBack {
		return ""
	}
	return s.replica.name
}

// replicaPool is the connection pool gorm uses for the reads of a routed
// request: queries go to the replica, and to the primary after the
// replica failed; statements that may write (Exec, Prepare) always go to
// the primary.
type replicaPool struct {
	src     *ReadSource
	primary *sql.DB
}

func (p replicaPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.primary.PrepareContext(ctx, query)
}

func (p replicaPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.primary.ExecContext(ctx, query, args...)
}

func (p replicaPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if r := p.src.current(); r != nil {
		rows, err := r.reads.QueryContext(ctx, query, args...)
		if err == nil || ctx.Err() != nil {
			return rows, err
		}
		p.src.fallBack(r, err)
	}
	return p.primary.QueryContext(ctx, query, args...)
}

func (p replicaPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if r := p.src.current(); r != nil {
		row := r.reads.QueryRowContext(ctx, query, args...)
		err := row.Err()
		if err == nil || ctx.Err() != nil {
			return row
		}
		p.src.fallBack(r, err)
	}
	return p.primary.QueryRowContext(ctx, query, args...)
}
