package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The PostgreSQL NOTIFY channels: policyChannel tells every replica to
// reload its casbin policies, sessionChannel to drop cached sessions (the
// payload names which, see sessionTarget); recordsChannel (detailcache.go)
// to drop cached record pages.
const (
	policyChannel  = "procura_policy"
	sessionChannel = "procura_sessions"
)

// PolicyRules returns every casbin_rule row as ptype followed by values;
// it is the authz package's PolicySource.
func (db *DB) PolicyRules(ctx context.Context) ([][]string, error) {
	var rows []struct{ Ptype, V0, V1, V2, V3, V4, V5 string }
	if err := db.conn(ctx).Raw(`SELECT ptype, v0, v1, v2, v3, v4, v5 FROM casbin_rule ORDER BY id`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load policies: %w", translate(err))
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = []string{r.Ptype, r.V0, r.V1, r.V2, r.V3, r.V4, r.V5}
	}
	return out, nil
}

// OnPolicyChange sets the function called after a transaction that changed
// policies has committed (the local enforcer's reload). Set it before
// serving.
func (db *DB) OnPolicyChange(fn func()) { db.policyHook = fn }

func (db *DB) policyChanged() {
	if db.policyHook != nil {
		db.policyHook()
	}
}

// notifyPolicy queues a NOTIFY in the transaction of ctx; PostgreSQL
// delivers it to the other replicas only if the transaction commits.
func (db *DB) notifyPolicy(ctx context.Context) error {
	if err := db.conn(ctx).Exec(`SELECT pg_notify(?, '')`, policyChannel).Error; err != nil {
		return fmt.Errorf("notify policy change: %w", translate(err))
	}
	return nil
}

// writeGrantRules replaces the casbin grouping rows of subject with rules
// (each "g", subject, role, domain pattern).
func (db *DB) writeGrantRules(ctx context.Context, subject string, rules [][]string) error {
	c := db.conn(ctx)
	if err := c.Exec(`DELETE FROM casbin_rule WHERE ptype = 'g' AND v0 = ?`, subject).Error; err != nil {
		return translate(err)
	}
	for _, r := range rules {
		if err := c.Exec(`INSERT INTO casbin_rule (ptype, v0, v1, v2) VALUES (?, ?, ?, ?)`, r[0], r[1], r[2], r[3]).Error; err != nil {
			return translate(err)
		}
	}
	return db.notifyPolicy(ctx)
}

// ListenChanges follows what the replicas announce until ctx ends: a
// policy change calls onPolicyChange, a session change drops the cached
// sessions it names, a record change the cached pages it names. It
// reconnects after a lost connection. While it has no connection the
// caches keep nothing, and once it listens again it calls onPolicyChange
// and starts with empty caches, since notifications may have been missed
// meanwhile.
func (db *DB) ListenChanges(ctx context.Context, log *slog.Logger, onPolicyChange func()) {
	deaf := func() {
		db.details.setListening(false)
		db.sessionCache.setListening(false)
	}
	deaf()
	defer deaf()
	for first := true; ctx.Err() == nil; first = false {
		err := db.listen(ctx, !first, onPolicyChange)
		deaf()
		if ctx.Err() != nil {
			return
		}
		log.Warn("change listener lost its connection; reconnecting", "error", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
	}
}

// A listener that has heard nothing for listenerCheck asks PostgreSQL
// whether its connection still works, and gives it listenerPingTimeout to
// answer: a connection lost without a word (a half-open TCP connection,
// which keepalives notice only after minutes) would otherwise leave the
// caches trusting a listener that hears nothing. (Variables: tests
// shorten them.)
var (
	listenerCheck       = 15 * time.Second
	listenerPingTimeout = 5 * time.Second
)

// nextNotification waits for the next notification on conn, checking the
// connection every listenerCheck meanwhile. A deadline leaves a pgx
// connection usable.
func (db *DB) nextNotification(ctx context.Context, conn *pgx.Conn) (*pgconn.Notification, error) {
	for {
		wctx, cancel := context.WithTimeout(ctx, listenerCheck)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			return n, err
		}
		pctx, cancel := context.WithTimeout(ctx, listenerPingTimeout)
		err = conn.Ping(pctx)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("the listener's connection did not answer: %w", err)
		}
	}
}

func (db *DB) listen(ctx context.Context, reconnect bool, onPolicyChange func()) error {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+policyChannel+"; LISTEN "+sessionChannel+"; LISTEN "+recordsChannel); err != nil {
		return err
	}
	db.details.setListening(true)
	db.sessionCache.setListening(true)
	if reconnect {
		onPolicyChange()
	}
	for {
		n, err := db.nextNotification(ctx, conn)
		if err != nil {
			return err
		}
		switch n.Channel {
		case policyChannel:
			onPolicyChange()
		case sessionChannel:
			db.sessionCache.drop(parseSessionTarget(n.Payload))
		case recordsChannel:
			if t, ok := parseDetailTarget(n.Payload); ok {
				db.details.drop(t)
			}
		}
	}
}
