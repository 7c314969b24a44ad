package store

import (
	"context"
	"fmt"
)

// SeedIfEmpty runs seed in one transaction when the database holds no
// unit yet, and reports whether it ran. An advisory lock keeps replicas
// that start together from seeding twice; a database with data is left
// alone, so restarting with PROCURA_DEMO=1 changes nothing.
func (db *DB) SeedIfEmpty(ctx context.Context, seed func(ctx context.Context) error) (bool, error) {
	ran := false
	err := db.WithTx(WithActor(ctx, Actor{Username: "system", RequestID: "seed"}), func(ctx context.Context) error {
		if err := db.conn(ctx).Exec(`SELECT pg_advisory_xact_lock(hashtext('procura:seed'))`).Error; err != nil {
			return translate(err)
		}
		var empty bool
		if err := db.conn(ctx).Raw(`SELECT NOT EXISTS (SELECT 1 FROM units)`).Scan(&empty).Error; err != nil {
			return translate(err)
		}
		if !empty {
			return nil
		}
		ran = true
		return seed(ctx)
	})
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	return ran, nil
}
