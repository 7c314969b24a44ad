// Package store keeps Procura's records in PostgreSQL through gorm. Each
// exported method is one short transaction (or joins the caller's, carried in
// the context by WithTx); row filtering by unit scope is explicit SQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"procura/domain"
)

// DB is the database handle shared by the whole program.
type DB struct {
	gorm *gorm.DB
	sql  *sql.DB
	// lists and listsSQL are a second, smaller pool for the statements of
	// list pages, whose connections plan every statement for its values
	// (see openListPool).
	lists      *gorm.DB
	listsSQL   *sql.DB
	dsn        string
	policyHook func()
	// sessionCache answers SessionUser without a round trip (see
	// sessioncache.go).
	sessionCache *sessionCache
	// details answers the record pages without a round trip (see
	// detailcache.go).
	details *detailCache
	// replicas serve the reads routed by OnReplica (see replicas.go); nil
	// without any.
	replicas *replicaSet
	// eventYears maps the years whose case_events partition is known to
	// exist to the zero time, and those whose making timed out to when to
	// try again (EnsureEventYears).
	eventYears sync.Map
	// gramStats holds how common the search texts' trigrams are (see
	// searchpiece.go).
	gramStats gramStatsCache
}

// Pool settings: connections are opened on demand up to maxOpenConns and
// all of them stay open between requests, so that a burst does not make
// PostgreSQL fork a backend per new connection. A connection idle for
// connMaxIdleTime is closed (the pool shrinks after the load has gone),
// and every connection is replaced after connMaxLifetime, so that no
// backend grows without end.
const (
	maxOpenConns = 40
	maxIdleConns = maxOpenConns
	// listConns is the size of the list pool (openListPool): a list
	// statement is CPU-bound in PostgreSQL, and more of them at once than
	// twice the cores of a large server only queue there instead.
	listConns = 16
	// listStatementCache is how many prepared statements a connection of
	// the list pool keeps (pgx's default is 512).
	listStatementCache = 128
	connMaxIdleTime    = 15 * time.Minute
	connMaxLifetime    = time.Hour
	connectTimeout     = 5 * time.Second
)

// Open connects to dsn, checks the connection and sizes the pool.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return OpenConfig(ctx, cfg, log)
}

// OpenConfig is Open with a parsed configuration, for a caller that sets
// more than the connection string says (a tracer that counts statements).
func OpenConfig(ctx context.Context, cfg *pgx.ConnConfig, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dsn := cfg.ConnString()
	if cfg.ConnectTimeout == 0 {
		// An unreachable host answers 503 in seconds, not after the
		// operating system's TCP timeout of minutes.
		cfg.ConnectTimeout = connectTimeout
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if _, set := cfg.RuntimeParams["jit"]; !set {
		// No JIT compilation: the server's statements are short, and the
		// planner's cost of one whose matches it underestimates (a list's
		// capped count, a page's last tier) passes jit_above_cost, so that
		// compiling it took 300–400 ms of a query that runs in a few.
		// A connection string may still turn it on (jit=on).
		cfg.RuntimeParams["jit"] = "off"
	}
	// The list pages write their filters' values into their statements
	// as literals (keysetPage.where), quoted for this setting, which is
	// PostgreSQL's default; no connection string (nor a database or role
	// setting, which a connection parameter overrides) may turn it off.
	// The replicas' connections set it too (openReplica).
	cfg.RuntimeParams["standard_conforming_strings"] = "on"
	if _, set := cfg.RuntimeParams["max_parallel_workers_per_gather"]; !set {
		// No parallel workers either: a plan with a Gather starts two
		// worker processes even when a one-time filter leaves them
		// nothing to do (a page's last tier, once the first found the
		// page), and starting them took 150–200 ms of a list query that
		// runs in 16 ms without (measured with the bench's data, 1M
		// suggestions). The server's heavy reads use roll-ups, not
		// parallel scans. A connection string may still allow them.
		cfg.RuntimeParams["max_parallel_workers_per_gather"] = "0"
	}
	sqlDB, g, err := openPool(ctx, cfg, maxOpenConns, maxIdleConns)
	if err != nil {
		return nil, err
	}
	listsSQL, lists, err := openListPool(ctx, cfg)
	if err != nil {
		sqlDB.Close()
		return nil, err
	}
	return &DB{gorm: g, sql: sqlDB, lists: lists, listsSQL: listsSQL, dsn: dsn,
		sessionCache: newSessionCache(sessionCacheTTL, sessionCacheMax), details: newDetailCache(detailCacheTTL, DefaultDetailCacheBytes)}, nil
}

// openPool opens a pool of cfg's connections and gorm on it.
func openPool(ctx context.Context, cfg *pgx.ConnConfig, open, idle int) (*sql.DB, *gorm.DB, error) {
	sqlDB := stdlib.OpenDB(*cfg)
	sqlDB.SetMaxOpenConns(open)
	sqlDB.SetMaxIdleConns(idle)
	sqlDB.SetConnMaxIdleTime(connMaxIdleTime)
	sqlDB.SetConnMaxLifetime(connMaxLifetime)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("connect to database: %w", err)
	}
	g, err := gorm.Open(statementDialector{&postgres.Dialector{Config: &postgres.Config{Conn: sqlDB}}}, &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true, // transactions are explicit (WithTx)
		// Errors are returned and logged by the caller; gorm's own log would
		// print statements with their values (tokens, hashes) in them.
		Logger:  logger.Discard,
		NowFunc: func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("open gorm: %w", err)
	}
	return sqlDB, g, nil
}

// statementDialector is gorm's PostgreSQL dialect, except that Explain
// gives a statement's text without writing its values into it. gorm
// calls Explain on every Scan, to record the statement for a logger
// (logger.Recorder) whose record Procura discards; the regular
// expressions that write the values in were a tenth of what a list page
// allocated (issue 10). Nor should a statement's values (tokens, hashes)
// ever reach a log.
type statementDialector struct{ *postgres.Dialector }

func (statementDialector) Explain(sql string, _ ...any) string { return sql }

// openListPool opens the pool of the list pages' statements. A list's
// best plan depends on its filters' values, and after five runs
// PostgreSQL may keep a prepared statement's generic plan, made without
// them: one statement served a unit's issued environmental suggestions
// (found among the newest rows at once) and its financial ones, of which
// there are none (found by a composite index); planned generically for
// the first, the second read every tier's bitmaps, 40 req/s instead of
// 500 in the bench. So the filters' values are literals in the statement
// (keysetPage.where), and what remains a parameter (the words searched
// for, a cursor) is planned for its values every time on this pool's
// connections (plan_cache_mode = force_custom_plan; a statement without
// parameters keeps its one plan). Record pages stay on the main pool:
// planning their one large statement every time cost 4 ms, a fifth of
// their rate.
func openListPool(ctx context.Context, cfg *pgx.ConnConfig) (*sql.DB, *gorm.DB, error) {
	lcfg := cfg.Copy()
	if _, set := lcfg.RuntimeParams["plan_cache_mode"]; !set {
		lcfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	// Each combination of filter values is a statement of its own (see
	// keysetPage.where); a smaller cache bounds what the connections
	// keep of them, and keeps them out of the main pool's.
	lcfg.StatementCacheCapacity = listStatementCache
	return openPool(ctx, lcfg, listConns, listConns)
}

// SQL returns the underlying pool, for migrations, health checks and metrics.
func (db *DB) SQL() *sql.DB { return db.sql }

// ListsSQL returns the pool of the list pages' statements (openListPool),
// for metrics.
func (db *DB) ListsSQL() *sql.DB { return db.listsSQL }

// Close writes the last-seen times still pending, then closes the pool.
func (db *DB) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	err := db.flushLastSeen(ctx)
	if err != nil {
		err = fmt.Errorf("close: %w", err)
	}
	return errors.Join(err, db.sql.Close(), db.listsSQL.Close(), db.replicas.close())
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

type txKey struct{}

// txEndKey carries the functions to call once the outermost transaction
// has ended.
type txEndKey struct{}

// connKey carries the connection a transaction runs on, for what
// database/sql cannot do (COPY, see copyFrom).
type connKey struct{}

// WithTx runs fn in a transaction carried by ctx. A call made while a
// transaction is already in ctx joins it, so store methods compose.
// fn's error (or a panic) rolls the transaction back.
func (db *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	var atEnd []func()
	defer func() {
		for _, f := range atEnd {
			f()
		}
	}()
	// The transaction runs on a connection of its own, held for it, so
	// that copyFrom can reach the same session.
	return db.gorm.WithContext(ctx).Connection(func(c *gorm.DB) error {
		conn, _ := c.Statement.ConnPool.(*sql.Conn)
		return c.Transaction(func(tx *gorm.DB) error {
			ctx := context.WithValue(context.WithValue(ctx, txKey{}, tx), connKey{}, conn)
			return fn(context.WithValue(ctx, txEndKey{}, &atEnd))
		})
	})
}

// afterTx calls f once the transaction in ctx has ended, committed or not
// (at once outside a transaction). It is for dropping what may have gone
// stale, where dropping too much is harmless.
func afterTx(ctx context.Context, f func()) {
	if atEnd, ok := ctx.Value(txEndKey{}).(*[]func()); ok {
		*atEnd = append(*atEnd, f)
		return
	}
	f()
}

// conn returns the transaction in ctx, or the pool, bound to ctx: the
// replica's for a context routed by OnReplica.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	g := db.gorm.WithContext(ctx)
	if src, ok := ctx.Value(readKey{}).(*ReadSource); ok {
		g.Statement.ConnPool = replicaPool{src: src, primary: db.sql}
	}
	return g
}

// listConn is conn for the statements of a list page: outside a
// transaction and a replica's routing, the list pool (openListPool).
func (db *DB) listConn(ctx context.Context) *gorm.DB {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return db.conn(ctx)
	}
	if _, ok := ctx.Value(readKey{}).(*ReadSource); ok {
		return db.conn(ctx)
	}
	return db.lists.WithContext(ctx)
}

// pageConn is listConn for a statement that selects a list page (with,
// its WITH clause, is not empty), else conn.
func (db *DB) pageConn(ctx context.Context, with string) *gorm.DB {
	if with != "" {
		return db.listConn(ctx)
	}
	return db.conn(ctx)
}

// translate maps driver errors to the domain vocabulary.
func translate(err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return domain.ErrNotFound
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return domain.ErrConflict
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return domain.ErrConflict
		case "23503":
			return domain.ErrConflict
		}
	}
	return err
}
