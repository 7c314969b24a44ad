package store

import (
	"context"
	"errors"
	"fmt"
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

// LoginAccount is what a sign-in needs to know of the account named.
type LoginAccount struct {
	User         domain.User
	PasswordHash string
}

type loginRow struct {
	User         userRow `gorm:"embedded"`
	PasswordHash string
}

type sessionRow struct {
	User       userRow `gorm:"embedded"`
	SessionID  int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// LoginGate checks the throttles before a password is verified: a locked
// username or a throttled address answers domain.ErrLoginLocked. It then
// returns the active account of usernameKey, or ok=false when there is none.
func (db *DB) LoginGate(ctx context.Context, usernameKey, clientIP string, p domain.LoginPolicy, now time.Time) (acc LoginAccount, ok bool, err error) {
	var lockedUntil []time.Time
	if err := db.conn(ctx).Raw(`SELECT locked_until FROM login_locks WHERE username_key = ? AND locked_until > ?`, usernameKey, now).
		Scan(&lockedUntil).Error; err != nil {
		return acc, false, fmt.Errorf("login gate: %w", translate(err))
	}
	if len(lockedUntil) > 0 {
		return acc, false, domain.ErrLoginLocked(lockedUntil[0].Sub(now))
	}
	var ipFailures struct {
		N      int
		Oldest *time.Time
	}
	if err := db.conn(ctx).Raw(`SELECT count(*) AS n, min(at) AS oldest FROM login_failures WHERE client_ip = ? AND at > ?`,
		clientIP, now.Add(-p.IPWindow)).Scan(&ipFailures).Error; err != nil {
		return acc, false, fmt.Errorf("login gate: %w", translate(err))
	}
	if ipFailures.N >= p.MaxIPFailures && ipFailures.Oldest != nil {
		return acc, false, domain.ErrLoginLocked(ipFailures.Oldest.Add(p.IPWindow).Sub(now))
	}
	var rows []loginRow
	if err := db.conn(ctx).Raw("SELECT "+userColumns+", u.password_hash FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = ? AND u.active", usernameKey).
		Scan(&rows).Error; err != nil {
		return acc, false, fmt.Errorf("login gate: %w", translate(err))
	}
	if len(rows) == 0 {
		return acc, false, nil
	}
	return LoginAccount{User: rows[0].User.toDomain(), PasswordHash: rows[0].PasswordHash}, true, nil
}

// RecordLoginFailure counts a failed sign-in and locks the username when
// it reaches the policy's limit. It reports whether this failure locked it.
func (db *DB) RecordLoginFailure(ctx context.Context, usernameKey, clientIP string, userID, unitID int64, p domain.LoginPolicy, now time.Time) (locked bool, err error) {
	err = db.WithTx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		// Serialise the failures of one username so that the count is exact.
		if err := c.Exec(`SELECT pg_advisory_xact_lock(hashtext('login:' || ?))`, usernameKey).Error; err != nil {
			return translate(err)
		}
		if err := c.Exec(`INSERT INTO login_failures (username_key, client_ip, at) VALUES (?, ?, ?)`, usernameKey, clientIP, now).Error; err != nil {
			return translate(err)
		}
		var n int
		if err := c.Raw(`SELECT count(*) FROM login_failures WHERE username_key = ? AND counts_for_user AND at > ?`,
			usernameKey, now.Add(-p.UserWindow)).Scan(&n).Error; err != nil {
			return translate(err)
		}
		if n >= p.MaxUserFailures {
			locked = true
			if err := c.Exec(`INSERT INTO login_locks (username_key, locked_until) VALUES (?, ?)
				ON CONFLICT (username_key) DO UPDATE SET locked_until = excluded.locked_until`, usernameKey, now.Add(p.LockFor)).Error; err != nil {
				return translate(err)
			}
			if err := c.Exec(`UPDATE login_failures SET counts_for_user = false WHERE username_key = ? AND counts_for_user`, usernameKey).Error; err != nil {
				return translate(err)
			}
		}
		details := map[string]any{"username": usernameKey, "locked": locked}
		return db.audit(ctx, "login_failed", "user", userID, unitID, nil, details)
	})
	if err != nil {
		return false, fmt.Errorf("record login failure: %w", err)
	}
	return locked, nil
}

// CreateSession records a successful sign-in: it clears the username's
// failures and stores the session (by token hash).
func (db *DB) CreateSession(ctx context.Context, u domain.User, tokenHash string, csrf string, p domain.SessionPolicy, now time.Time) (Session, error) {
	a := actorFrom(ctx)
	s := Session{UserID: u.ID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(p.Absolute)}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		if err := c.Exec(`UPDATE login_failures SET counts_for_user = false WHERE username_key = ? AND counts_for_user`, u.Username).Error; err != nil {
			return translate(err)
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
// user, touching last_seen_at at most once a minute. An unknown, expired
// or ended session, or an inactive user, is domain.ErrUnauthenticated.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, p domain.SessionPolicy, now time.Time) (Session, domain.User, error) {
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
	if p.Expired(s.CreatedAt, s.LastSeenAt, now) || !now.Before(s.ExpiresAt) {
		if err := db.conn(ctx).Exec(`DELETE FROM sessions WHERE id = ?`, s.ID).Error; err != nil {
			return Session{}, domain.User{}, fmt.Errorf("session: %w", translate(err))
		}
		return Session{}, domain.User{}, domain.ErrUnauthenticated
	}
	if now.Sub(s.LastSeenAt) > time.Minute {
		if err := db.conn(ctx).Exec(`UPDATE sessions SET last_seen_at = ? WHERE id = ?`, now, s.ID).Error; err != nil {
			return Session{}, domain.User{}, fmt.Errorf("session: %w", translate(err))
		}
	}
	return s, r.User.toDomain(), nil
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
		return db.audit(ctx, "logout", "session", id, u.UnitID, nil, nil)
	})
	if err != nil && !errors.Is(err, domain.ErrUnauthenticated) {
		return fmt.Errorf("delete session: %w", err)
	}
	return err
}
