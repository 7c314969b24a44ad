package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/pgserver"
	"procura/app/store"
	"procura/domain"
)

// Demo unit codes the bench filters by.
const (
	provinceCode  = "420000"
	hanjiangCode  = "429000"
	xiantaoCode   = "429004"
	qianjiangCode = "429005"
	tianmenCode   = "429006"
)

// provinceSupervisor is the account the bench signs in as: a supervisor
// (案管办) of the province, who sees every unit.
const provinceSupervisor = "supervisor.province"

// demoPassword is every demo account's password, and the supervisor's.
const demoPassword = demo.Password

// cluster is the bench's own PostgreSQL with Procura's database migrated
// and the demo loaded.
type cluster struct {
	pg    *pgserver.Server
	dsn   string
	db    *store.DB
	units map[string]domain.Unit
}

// startCluster starts a cluster in dir/pg, creates and migrates the
// database, loads the demo, adds the province supervisor, and creates
// pgbench's database beside Procura's.
func startCluster(ctx context.Context, dir string, log *slog.Logger) (_ *cluster, err error) {
	c, err := openCluster(ctx, dir, log, true)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, c.close())
		}
	}()
	if err := c.db.EnsureBuiltinIndicators(ctx); err != nil {
		return c, err
	}
	hasher, err := password.New(password.Production)
	if err != nil {
		return c, err
	}
	if _, err := demo.Load(ctx, c.db, hasher); err != nil {
		return c, fmt.Errorf("bench: demo: %w", err)
	}
	if c.units, err = c.db.UnitsByCode(ctx); err != nil {
		return c, err
	}
	province := c.units[provinceCode]
	hash, err := hasher.Hash(demo.Password)
	if err != nil {
		return c, err
	}
	if _, err := c.db.CreateUser(ctx, domain.User{Username: provinceSupervisor, Name: "省院案管办", UnitID: province.ID,
		Grants: []domain.Grant{{Role: domain.RoleSupervisor, UnitID: province.ID}}}, hash); err != nil {
		return c, err
	}
	return c, nil
}

// openCluster starts the cluster in dir/pg (creating the databases
// first when create) and migrates Procura's database to the newest
// schema.
func openCluster(ctx context.Context, dir string, log *slog.Logger, create bool) (_ *cluster, err error) {
	// The postgres system user must reach dir/pg.
	if err := os.Chmod(dir, 0o711); err != nil {
		return nil, err
	}
	pg, err := pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dir, "pg"), Logger: log})
	if err != nil {
		return nil, err
	}
	c := &cluster{pg: pg, dsn: pg.URL("procura")}
	defer func() {
		if err != nil {
			err = errors.Join(err, c.close())
		}
	}()
	for _, name := range []string{"procura", pgbenchDB} {
		if create {
			if err := store.CreateDatabase(ctx, pg.URL("postgres"), name); err != nil {
				return c, err
			}
		}
	}
	if c.db, err = store.Open(ctx, c.dsn, log); err != nil {
		return c, err
	}
	m, err := store.NewMigrator(c.db.SQL(), log)
	if err != nil {
		return c, err
	}
	if _, err := m.Up(ctx); err != nil {
		return c, err
	}
	if !create {
		c.units, err = c.db.UnitsByCode(ctx)
	}
	return c, err
}

func (c *cluster) close() error {
	if c.db != nil {
		c.db.Close()
	}
	return c.pg.Stop()
}
