package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"procura/domain"
)

// Session is a signed-in browser.
type Session struct {
	ID         int64
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

type sessionRow struct {
	User       userRow `gorm:"embedded"`
	SessionID  int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateSession records a successful sign-in: it clears the failures of
// the name at the caller's address, remembers the address as one the name
// uses, and stores the session (by token hash).
func (db *DB) CreateSession(ctx context.Context, u domain.User, tokenHash string, csrf string, p domain.SessionPolicy, now time.Time) (Session, error) {
	a := actorFrom(ctx)
	s := Session{UserID: u.ID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(p.Absolute)}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		if err := db.loginSucceeded(ctx, u.Username, a.ClientIP, now); err != nil {
			return err
		}
		if err := c.Raw(`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, '') RETURNING id`, tokenHash, u.ID, csrf, now, now, s.ExpiresAt, a.ClientIP).Scan(&s.ID).Error; err != nil {
			return translate(err)
		}
		return db.audit(WithActor(ctx, Actor{UserID: u.ID, Username: u.Username, UnitID: u.UnitID, RequestID: a.RequestID, ClientIP: a.ClientIP}),
			"login", "session", s.ID, u.UnitID, nil, map[string]any{"username": u.Username})
	})
	if err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	return s, nil
}

// SessionUser returns the live session of a token hash and its active
// user. An unknown, expired or ended session, or an inactive user, is
// domain.ErrUnauthenticated.
//
// A session read in the last sessionCacheTTL is answered from the cache
// without a round trip; its idle and absolute expiry are checked on every
// call against the cached times. The time of use is only noted: it reaches
// last_seen_at with the next flushLastSeen, off the request path.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, p domain.SessionPolicy, now time.Time) (Session, domain.User, error) {
	if s, u, ok := db.sessionCache.get(tokenHash, now); ok {
		if !sessionEnded(s, p, now) {
			db.sessionCache.touch(tokenHash, s.ID, now)
			s.LastSeenAt = now
			return s, u, nil
		}
		// The cached last-seen time may be older than another replica's:
		// the database decides.
		db.sessionCache.drop(oneSession(s.ID))
	}
	gen := db.sessionCache.generation()
	var rows []sessionRow
	err := db.conn(ctx).Raw(`SELECT `+userColumns+`, s.id AS session_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id WHERE s.token_hash = ? AND u.active`, tokenHash).Scan(&rows).Error
	if err != nil {
		return Session{}, domain.User{}, fmt.Errorf("session: %w", translate(err))
	}
	if len(rows) == 0 {
		return Session{}, domain.User{}, domain.ErrUnauthenticated
	}
	r := rows[0]
	s := Session{ID: r.SessionID, UserID: r.User.ID, CSRFToken: r.CSRFToken, CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt, ExpiresAt: r.ExpiresAt}
	if t, ok := db.sessionCache.lastSeen(s.ID); ok && t.After(s.LastSeenAt) {
		s.LastSeenAt = t // used here, not written yet
	}
	if sessionEnded(s, p, now) {
		if err := db.endSession(ctx, s.ID); err != nil {
			return Session{}, domain.User{}, fmt.Errorf("session: %w", err)
		}
		return Session{}, domain.User{}, domain.ErrUnauthenticated
	}
	u := r.User.toDomain()
	db.sessionCache.put(tokenHash, s, u, now, gen)
	db.sessionCache.touch(tokenHash, s.ID, now)
	s.LastSeenAt = now
	return s, u, nil
}

func sessionEnded(s Session, p domain.SessionPolicy, now time.Time) bool {
	return p.Expired(s.CreatedAt, s.LastSeenAt, now) || !now.Before(s.ExpiresAt)
}

// endSession deletes an expired session and, in the same statement (one
// transaction), tells the other replicas to drop it.
func (db *DB) endSession(ctx context.Context, id int64) error {
	err := db.conn(ctx).Exec(`WITH gone AS (DELETE FROM sessions WHERE id = ? RETURNING id)
		SELECT pg_notify(?, 'session:' || id) FROM gone`, id, sessionChannel).Error
	db.sessionCache.drop(oneSession(id))
	return translate(err)
}

// dropCachedSessions is called by every change that ends sessions or
// alters what SessionUser returns for them (the user, its unit). It queues
// a NOTIFY in the transaction of ctx, which PostgreSQL delivers to the
// other replicas' listeners only if the transaction commits, and drops
// this replica's entries once the transaction has ended.
func (db *DB) dropCachedSessions(ctx context.Context, t sessionTarget) error {
	if err := db.conn(ctx).Exec(`SELECT pg_notify(?, ?)`, sessionChannel, t.String()).Error; err != nil {
		return fmt.Errorf("notify session change: %w", translate(err))
	}
	afterTx(ctx, func() { db.sessionCache.drop(t) })
	return nil
}

// FlushLastSeen writes, every interval until ctx ends, the last-seen times
// that requests noted, in one statement. Close writes what is left.
func (db *DB) FlushLastSeen(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := db.flushLastSeen(ctx); err != nil && ctx.Err() == nil {
				log.Warn("write sessions' last-seen times", "error", err)
			}
		}
	}
}

// flushLastSeen writes the pending last-seen times; a time never moves
// back. The times stay pending until written, so that a failed write is
// tried again and a lookup meanwhile still sees them.
func (db *DB) flushLastSeen(ctx context.Context) error {
	ids, times := db.sessionCache.pendingWrites()
	if len(ids) == 0 {
		return nil
	}
	// database/sql, not gorm, which would spread the slices into lists.
	if _, err := db.sql.ExecContext(ctx, `UPDATE sessions s SET last_seen_at = v.t
		FROM unnest($1::bigint[], $2::timestamptz[]) AS v (id, t) WHERE s.id = v.id AND s.last_seen_at < v.t`, ids, times); err != nil {
		return fmt.Errorf("write last seen: %w", translate(err))
	}
	db.sessionCache.written(ids, times)
	return nil
}

// DeleteSession ends a session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, id int64, u domain.User) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		res := db.conn(ctx).Exec(`DELETE FROM sessions WHERE id = ?`, id)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.ErrUnauthenticated
		}
		if err := db.dropCachedSessions(ctx, oneSession(id)); err != nil {
			return err
		}
		return db.audit(ctx, "logout", "session", id, u.UnitID, nil, nil)
	})
	if err != nil && !errors.Is(err, domain.ErrUnauthenticated) {
		return fmt.Errorf("delete session: %w", err)
	}
	return err
}
