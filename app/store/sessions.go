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
