package store

import (
	"context"
	"fmt"
	"time"

	"procura/domain"
)

// LoginAccount is what a sign-in needs to know of the account named.
type LoginAccount struct {
	User         domain.User
	PasswordHash string
}

type loginRow struct {
	User         userRow `gorm:"embedded"`
	PasswordHash string
}

// LoginGate checks the throttles before a password is verified (see
// domain.LoginPolicy): a locked name, a delayed (name, address) pair, or
// an address over its limit for a name not used from it answers
// domain.ErrLoginLocked. It then returns the active account of
// usernameKey, or ok=false when there is none. Addresses are counted by
// domain.AddressKey.
func (db *DB) LoginGate(ctx context.Context, usernameKey, clientIP string, p domain.LoginPolicy, now time.Time) (acc LoginAccount, ok bool, err error) {
	if wait, err := db.loginWait(ctx, usernameKey, domain.AddressKey(clientIP), p, now); err != nil {
		return acc, false, fmt.Errorf("login gate: %w", err)
	} else if wait > 0 {
		return acc, false, domain.ErrLoginLocked(wait)
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

// loginWait is how long the name must wait at the address, 0 when free.
func (db *DB) loginWait(ctx context.Context, usernameKey, clientKey string, p domain.LoginPolicy, now time.Time) (time.Duration, error) {
	c := db.conn(ctx)
	var lockedUntil []time.Time
	if err := c.Raw(`SELECT locked_until FROM login_locks WHERE username_key = ? AND locked_until > ?`, usernameKey, now).
		Scan(&lockedUntil).Error; err != nil {
		return 0, translate(err)
	}
	if len(lockedUntil) > 0 {
		return lockedUntil[0].Sub(now), nil
	}
	if wait, err := db.pairWait(ctx, usernameKey, clientKey, p, now); err != nil || wait > 0 {
		return wait, err
	}
	var ip struct {
		N      int
		Oldest *time.Time
		Known  bool
	}
	if err := c.Raw(`SELECT count(*) AS n, min(at) AS oldest,
			EXISTS (SELECT 1 FROM login_known WHERE username_key = ? AND client_ip = ? AND last_success_at > ?) AS known
		FROM login_failures WHERE client_ip = ? AND at > ?`,
		usernameKey, clientKey, now.Add(-p.KnownFor), clientKey, now.Add(-p.IPWindow)).Scan(&ip).Error; err != nil {
		return 0, translate(err)
	}
	if ip.N >= p.MaxIPFailures && ip.Oldest != nil && !ip.Known {
		return ip.Oldest.Add(p.IPWindow).Sub(now), nil
	}
	return 0, nil
}

// pairWait is what is left of the delay that the pair's failures impose.
func (db *DB) pairWait(ctx context.Context, usernameKey, clientKey string, p domain.LoginPolicy, now time.Time) (time.Duration, error) {
	var pair struct {
		N    int
		Last *time.Time
	}
	if err := db.conn(ctx).Raw(`SELECT count(*) AS n, max(at) AS last FROM login_failures
		WHERE username_key = ? AND client_ip = ? AND counts_for_pair AND at > ?`,
		usernameKey, clientKey, now.Add(-p.PairWindow)).Scan(&pair).Error; err != nil {
		return 0, translate(err)
	}
	if pair.Last == nil {
		return 0, nil
	}
	return max(pair.Last.Add(p.PairWait(pair.N)).Sub(now), 0), nil
}

// RecordLoginFailure counts a failed sign-in of a name (an account's or
// not) from an address, and locks the name when failures from many
// addresses reach the policy's limit. It returns how long the pair must
// now wait (the name's lock, when this failure locked it): 0 when the
// next attempt may follow at once.
func (db *DB) RecordLoginFailure(ctx context.Context, usernameKey, clientIP string, userID, unitID int64, p domain.LoginPolicy, now time.Time) (wait time.Duration, err error) {
	clientKey := domain.AddressKey(clientIP)
	err = db.WithTx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		// Serialise the failures of one name so that the counts are exact.
		if err := c.Exec(`SELECT pg_advisory_xact_lock(hashtext('login:' || ?))`, usernameKey).Error; err != nil {
			return translate(err)
		}
		// Forget what no window looks at any more, for this name and address.
		stale := now.Add(-max(p.PairWindow, p.NameWindow, p.IPWindow))
		if err := c.Exec(`DELETE FROM login_failures WHERE (username_key = ? OR client_ip = ?) AND at < ?`, usernameKey, clientKey, stale).Error; err != nil {
			return translate(err)
		}
		if err := c.Exec(`INSERT INTO login_failures (username_key, client_ip, at) VALUES (?, ?, ?)`, usernameKey, clientKey, now).Error; err != nil {
			return translate(err)
		}
		var err error
		if wait, err = db.pairWait(ctx, usernameKey, clientKey, p, now); err != nil {
			return err
		}
		var name struct{ N, Addresses int }
		if err := c.Raw(`SELECT count(*) AS n, count(DISTINCT client_ip) AS addresses FROM login_failures
			WHERE username_key = ? AND counts_for_user AND at > ?`, usernameKey, now.Add(-p.NameWindow)).Scan(&name).Error; err != nil {
			return translate(err)
		}
		locked := p.NameLocks(name.N, name.Addresses)
		if locked {
			wait = max(wait, p.LockFor)
			if err := c.Exec(`INSERT INTO login_locks (username_key, locked_until) VALUES (?, ?)
				ON CONFLICT (username_key) DO UPDATE SET locked_until = excluded.locked_until`, usernameKey, now.Add(p.LockFor)).Error; err != nil {
				return translate(err)
			}
			// A lock consumes the failures that caused it.
			if err := c.Exec(`UPDATE login_failures SET counts_for_user = false WHERE username_key = ? AND counts_for_user`, usernameKey).Error; err != nil {
				return translate(err)
			}
		}
		details := map[string]any{"username": usernameKey, "locked": locked, "wait_seconds": int(wait / time.Second)}
		return db.audit(ctx, "login_failed", "user", userID, unitID, nil, details)
	})
	if err != nil {
		return 0, fmt.Errorf("record login failure: %w", err)
	}
	return wait, nil
}

// loginSucceeded clears the failures of a name at the address it signed
// in from (they neither delay it nor count towards its lock any more) and
// records the address as one the name uses. Part of CreateSession.
func (db *DB) loginSucceeded(ctx context.Context, usernameKey, clientIP string, now time.Time) error {
	c, clientKey := db.conn(ctx), domain.AddressKey(clientIP)
	if err := c.Exec(`UPDATE login_failures SET counts_for_user = false, counts_for_pair = false
		WHERE username_key = ? AND client_ip = ? AND (counts_for_user OR counts_for_pair)`, usernameKey, clientKey).Error; err != nil {
		return translate(err)
	}
	return translate(c.Exec(`INSERT INTO login_known (username_key, client_ip, last_success_at) VALUES (?, ?, ?)
		ON CONFLICT (username_key, client_ip) DO UPDATE SET last_success_at = excluded.last_success_at`, usernameKey, clientKey, now).Error)
}

// LoginLock is what keeps a name from signing in: its lock (zero when
// none) and the latest end of the delays that its failures impose at
// some address (zero when none).
type LoginLock struct {
	LockedUntil  time.Time
	DelayedUntil time.Time
}

// LoginLocks returns the locks and delays in effect at now for the given
// names; names without either are absent.
func (db *DB) LoginLocks(ctx context.Context, usernames []string, p domain.LoginPolicy, now time.Time) (map[string]LoginLock, error) {
	out := map[string]LoginLock{}
	if len(usernames) == 0 {
		return out, nil
	}
	var locks []struct {
		UsernameKey string
		LockedUntil time.Time
	}
	if err := db.conn(ctx).Raw(`SELECT username_key, locked_until FROM login_locks WHERE username_key IN ? AND locked_until > ?`,
		usernames, now).Scan(&locks).Error; err != nil {
		return nil, fmt.Errorf("login locks: %w", translate(err))
	}
	for _, l := range locks {
		out[l.UsernameKey] = LoginLock{LockedUntil: l.LockedUntil}
	}
	var pairs []struct {
		UsernameKey string
		N           int
		Last        time.Time
	}
	if err := db.conn(ctx).Raw(`SELECT username_key, count(*) AS n, max(at) AS last FROM login_failures
		WHERE username_key IN ? AND counts_for_pair AND at > ? GROUP BY username_key, client_ip HAVING count(*) >= ?`,
		usernames, now.Add(-p.PairWindow), p.PairFreeFailures).Scan(&pairs).Error; err != nil {
		return nil, fmt.Errorf("login locks: %w", translate(err))
	}
	for _, r := range pairs {
		if until := r.Last.Add(p.PairWait(r.N)); until.After(now) {
			l := out[r.UsernameKey]
			if until.After(l.DelayedUntil) {
				l.DelayedUntil = until
			}
			out[r.UsernameKey] = l
		}
	}
	return out, nil
}

// UnlockUser lifts the lock of an account's name and forgets its failures
// at every address, so that neither lock nor delays hold it back, audited.
// Errors: domain.ErrNotFound.
func (db *DB) UnlockUser(ctx context.Context, id int64, p domain.LoginPolicy, now time.Time) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		u, err := db.lockUser(ctx, id)
		if err != nil {
			return err
		}
		before, err := db.LoginLocks(ctx, []string{u.Username}, p, now)
		if err != nil {
			return err
		}
		c := db.conn(ctx)
		if err := c.Exec(`DELETE FROM login_locks WHERE username_key = ?`, u.Username).Error; err != nil {
			return translate(err)
		}
		if err := c.Exec(`UPDATE login_failures SET counts_for_user = false, counts_for_pair = false
			WHERE username_key = ? AND (counts_for_user OR counts_for_pair)`, u.Username).Error; err != nil {
			return translate(err)
		}
		if err := db.dropCachedSessions(ctx, userSessions(id)); err != nil {
			return err
		}
		return db.audit(ctx, "unlock", "user", id, u.UnitID, lockSnapshot(before[u.Username]), lockSnapshot(LoginLock{}))
	})
	if err != nil {
		return fmt.Errorf("unlock user: %w", err)
	}
	return nil
}

func lockSnapshot(l LoginLock) map[string]any {
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	return map[string]any{"locked_until": at(l.LockedUntil), "delayed_until": at(l.DelayedUntil)}
}
