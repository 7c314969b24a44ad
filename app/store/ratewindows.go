package store

import (
	"context"
	"fmt"
	"time"
)

// RateLimit allows Limit hits of Key in each window of length Window;
// windows start at whole multiples of Window (whole minutes for a
// minute). Counts live in the database, so that every server on it
// counts the same hits.
type RateLimit struct {
	Key    string
	Limit  int
	Window time.Duration
}

// HitRateLimits counts one hit at now against each of limits, whose keys
// must differ, in one statement, and returns how long until the hit would
// have been within every limit: 0 when it is, else until the end of the
// latest window it exceeds. A refused hit counts too, so that a client
// that keeps trying stays refused until the window ends.
func (db *DB) HitRateLimits(ctx context.Context, now time.Time, limits []RateLimit) (time.Duration, error) {
	keys := make([]string, len(limits))
	starts := make([]time.Time, len(limits))
	for i, l := range limits {
		keys[i], starts[i] = l.Key, now.Truncate(l.Window)
	}
	// database/sql, not gorm, which would spread the slices into lists.
	rows, err := db.sql.QueryContext(ctx, `INSERT INTO rate_windows AS w (key, window_start, hits)
		SELECT key, window_start, 1 FROM unnest($1::text[], $2::timestamptz[]) AS v (key, window_start)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = w.hits + 1
		RETURNING key, hits`, keys, starts)
	if err != nil {
		return 0, fmt.Errorf("hit rate limits: %w", translate(err))
	}
	defer rows.Close()
	hits := make(map[string]int, len(limits))
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return 0, fmt.Errorf("hit rate limits: %w", translate(err))
		}
		hits[key] = n
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("hit rate limits: %w", translate(err))
	}
	var wait time.Duration
	for i, l := range limits {
		if hits[l.Key] > l.Limit {
			wait = max(wait, starts[i].Add(l.Window).Sub(now))
		}
	}
	return wait, nil
}

// DeleteRateWindows forgets the windows that started before before, and
// returns how many it deleted.
func (db *DB) DeleteRateWindows(ctx context.Context, before time.Time) (int64, error) {
	res := db.conn(ctx).Exec(`DELETE FROM rate_windows WHERE window_start < ?`, before)
	if res.Error != nil {
		return 0, fmt.Errorf("delete rate windows: %w", translate(res.Error))
	}
	return res.RowsAffected, nil
}
