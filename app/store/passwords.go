package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"procura/domain"
)

// SetPassword stores a new password hash, ends the user's other sessions
// (keepSessionID stays) and forgets wrong current passwords. Errors: domain.ErrNotFound.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, keepSessionID int64) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		res := db.conn(ctx).Exec(`UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = now(), version = version + 1 WHERE id = ?`,
			hash, mustChange, userID)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.ErrNotFound
		}
		if err := db.conn(ctx).Exec(`DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keepSessionID).Error; err != nil {
			return translate(err)
		}
		// The kept session is dropped too: it carries must_change_password.
		if err := db.dropCachedSessions(ctx, userSessions(userID)); err != nil {
			return err
		}
		if err := db.conn(ctx).Exec(`DELETE FROM password_failures WHERE user_id = ?`, userID).Error; err != nil {
			return translate(err)
		}
		var unitID int64
		if err := db.conn(ctx).Raw(`SELECT unit_id FROM users WHERE id = ?`, userID).Scan(&unitID).Error; err != nil {
			return translate(err)
		}
		return db.audit(ctx, "change_password", "user", userID, unitID, nil, map[string]any{"must_change_password": mustChange})
	})
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}

// ResetPassword is an administrator's reset of another user's password:
// it stores hash (of a one-time password the caller shows once), requires
// a change at the next sign-in, ends every session of the user and forgets
// wrong current passwords, audited as reset_password (never with the
// password). Errors: domain.ErrNotFound.
func (db *DB) ResetPassword(ctx context.Context, userID int64, hash string) (domain.User, error) {
	var updated domain.User
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockUser(ctx, userID)
		if err != nil {
			return err
		}
		c := db.conn(ctx)
		if err := c.Exec(`UPDATE users SET password_hash = ?, must_change_password = true, password_changed_at = now(), version = version + 1 WHERE id = ?`,
			hash, userID).Error; err != nil {
			return translate(err)
		}
		var ended int64
		res := c.Exec(`DELETE FROM sessions WHERE user_id = ?`, userID)
		if res.Error != nil {
			return translate(res.Error)
		}
		ended = res.RowsAffected
		if err := db.dropCachedSessions(ctx, userSessions(userID)); err != nil {
			return err
		}
		if err := c.Exec(`DELETE FROM password_failures WHERE user_id = ?`, userID).Error; err != nil {
			return translate(err)
		}
		if updated, err = db.GetUser(ctx, userID); err != nil {
			return err
		}
		return db.audit(ctx, "reset_password", "user", userID, updated.UnitID,
			map[string]any{"must_change_password": before.MustChangePassword, "version": before.Version},
			map[string]any{"must_change_password": true, "version": updated.Version, "sessions_ended": ended})
	})
	if err != nil {
		return domain.User{}, fmt.Errorf("reset password: %w", err)
	}
	return updated, nil
}

// RehashPassword replaces the stored hash of u, when it is still oldHash,
// by newHash of the same password made with the current parameters (on
// sign-in, see password.Hasher.Check); the sessions stay, and the
// upgrade is audited as rehash_password under u. A hash changed since it
// was read is left as it is.
func (db *DB) RehashPassword(ctx context.Context, u domain.User, oldHash, newHash string) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		res := db.conn(ctx).Exec(`UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?`, newHash, u.ID, oldHash)
		if res.Error != nil || res.RowsAffected == 0 {
			return translate(res.Error)
		}
		a := actorFrom(ctx)
		return db.audit(WithActor(ctx, Actor{UserID: u.ID, Username: u.Username, UnitID: u.UnitID, RequestID: a.RequestID, ClientIP: a.ClientIP}),
			"rehash_password", "user", u.ID, u.UnitID, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("rehash password: %w", err)
	}
	return nil
}

// PasswordHash returns the stored hash of a user.
func (db *DB) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash []string
	if err := db.conn(ctx).Raw(`SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&hash).Error; err != nil {
		return "", fmt.Errorf("password hash: %w", translate(err))
	}
	if len(hash) == 0 {
		return "", fmt.Errorf("password hash: %w", domain.ErrNotFound)
	}
	return hash[0], nil
}

// PasswordChangeGate refuses a password change while the user has given
// too many wrong current passwords (domain.ErrPasswordAttempts).
func (db *DB) PasswordChangeGate(ctx context.Context, userID int64, p domain.PasswordChangePolicy, now time.Time) error {
	wait, err := db.passwordWait(ctx, userID, p, now)
	if err != nil {
		return fmt.Errorf("password change gate: %w", err)
	}
	if wait > 0 {
		return domain.ErrPasswordAttempts(wait)
	}
	return nil
}

func (db *DB) passwordWait(ctx context.Context, userID int64, p domain.PasswordChangePolicy, now time.Time) (time.Duration, error) {
	var times []time.Time
	if err := db.conn(ctx).Raw(`SELECT at FROM password_failures WHERE user_id = ? AND at > ? ORDER BY at DESC LIMIT ?`,
		userID, now.Add(-p.Window), p.MaxFailures).Scan(&times).Error; err != nil {
		return 0, translate(err)
	}
	return p.Wait(times, now), nil
}

// RecordPasswordFailure counts a wrong current password given in a
// session, audited. When the session has reached the policy's limit it
// ends the session (ended); else it returns how long the user must now
// wait, 0 when the next attempt may follow at once.
func (db *DB) RecordPasswordFailure(ctx context.Context, u domain.User, sessionID int64, p domain.PasswordChangePolicy, now time.Time) (ended bool, wait time.Duration, err error) {
	err = db.WithTx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		// Serialise one user's failures so that the counts are exact.
		if err := c.Exec(`SELECT pg_advisory_xact_lock(hashtext('password:' || ?))`, strconv.FormatInt(u.ID, 10)).Error; err != nil {
			return translate(err)
		}
		// Sessions last at most a day: older failures count for nothing.
		if err := c.Exec(`DELETE FROM password_failures WHERE user_id = ? AND at < ?`, u.ID, now.Add(-24*time.Hour)).Error; err != nil {
			return translate(err)
		}
		if err := c.Exec(`INSERT INTO password_failures (user_id, session_id, at) VALUES (?, ?, ?)`, u.ID, sessionID, now).Error; err != nil {
			return translate(err)
		}
		var inSession int
		if err := c.Raw(`SELECT count(*) FROM password_failures WHERE session_id = ?`, sessionID).Scan(&inSession).Error; err != nil {
			return translate(err)
		}
		details := map[string]any{"session_id": sessionID, "failures_in_session": inSession}
		if err := db.audit(ctx, "change_password_failed", "user", u.ID, u.UnitID, nil, details); err != nil {
			return err
		}
		if inSession >= p.EndSession {
			ended = true
			if err := c.Exec(`DELETE FROM sessions WHERE id = ?`, sessionID).Error; err != nil {
				return translate(err)
			}
			if err := db.dropCachedSessions(ctx, oneSession(sessionID)); err != nil {
				return err
			}
			return db.audit(ctx, "end_session", "session", sessionID, u.UnitID, nil, map[string]any{"reason": "wrong_current_password", "failures": inSession})
		}
		var err error
		wait, err = db.passwordWait(ctx, u.ID, p, now)
		return err
	})
	if err != nil {
		return false, 0, fmt.Errorf("record password failure: %w", err)
	}
	return ended, wait, nil
}
