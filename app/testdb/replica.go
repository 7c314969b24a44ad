package testdb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"procura/app/pgserver"
	"procura/app/store"
)

// Replicated is a primary cluster with a streaming replica (a hot standby
// on another port), started for one test and stopped when it ends. Both
// hold the migrated database Database.
type Replicated struct {
	Primary, Replica *pgserver.Server
	Database         string
	dir              string
}

// StartReplicated starts a throwaway primary, creates and migrates a
// database on it, copies the cluster with pg_basebackup -R into a second
// data directory and starts that as its streaming replica. It takes a few
// seconds; both clusters stop and their directories go when t ends.
func StartReplicated(t testing.TB) *Replicated {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "procura-replicated-")
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	// The two clusters' directories are inside; their owner, the postgres
	// user when the test runs as root, must be able to reach them.
	if err := os.Chmod(dir, 0o711); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	r := &Replicated{Database: "procura", dir: dir}
	t.Cleanup(func() {
		for _, s := range []*pgserver.Server{r.Replica, r.Primary} {
			if s != nil {
				if err := s.Stop(); err != nil {
					t.Errorf("testdb: %v", err)
				}
			}
		}
		os.RemoveAll(dir)
	})
	if r.Primary, err = pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dir, "primary"), Ephemeral: true}); err != nil {
		t.Fatalf("testdb: start primary: %v", err)
	}
	if err := store.CreateDatabase(ctx, r.Primary.URL("postgres"), r.Database); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	db, err := store.Open(ctx, r.PrimaryURL(), quietLogger())
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	mig, err := store.NewMigrator(db.SQL(), nil)
	if err == nil {
		_, err = mig.Up(ctx)
	}
	db.Close()
	if err != nil {
		t.Fatalf("testdb: migrate: %v", err)
	}
	if r.Replica, err = pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dir, "replica"), Ephemeral: true, ReplicaOf: r.Primary}); err != nil {
		t.Fatalf("testdb: start replica: %v", err)
	}
	return r
}

// PrimaryURL is the connection string of the database on the primary.
func (r *Replicated) PrimaryURL() string { return r.Primary.URL(r.Database) }

// ReplicaURL is the connection string of the database on the replica.
func (r *Replicated) ReplicaURL() string { return r.Replica.URL(r.Database) }

// Exec runs statements on the database of the primary (onReplica false) or
// of the replica, on a connection of their own.
func (r *Replicated) Exec(t testing.TB, onReplica bool, query string, args ...any) {
	t.Helper()
	db := r.conn(t, onReplica)
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("testdb: %s: %v", query, err)
	}
}

// QueryInt answers a query of one integer on the primary or the replica.
func (r *Replicated) QueryInt(t testing.TB, onReplica bool, query string, args ...any) int64 {
	t.Helper()
	db := r.conn(t, onReplica)
	defer db.Close()
	var n int64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("testdb: %s: %v", query, err)
	}
	return n
}

func (r *Replicated) conn(t testing.TB, onReplica bool) *sql.DB {
	t.Helper()
	url := r.PrimaryURL()
	if onReplica {
		url = r.ReplicaURL()
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	return db
}

// WaitReplayed waits until the replica has replayed all the WAL the
// primary has written so far.
func (r *Replicated) WaitReplayed(t testing.TB) {
	t.Helper()
	primary := r.conn(t, false)
	defer primary.Close()
	var target string
	if err := primary.QueryRow(`SELECT pg_current_wal_lsn()::text`).Scan(&target); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	db := r.conn(t, true)
	defer db.Close()
	for deadline := time.Now().Add(30 * time.Second); ; {
		var done bool
		if err := db.QueryRow(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn`, target).Scan(&done); err != nil {
			t.Fatalf("testdb: %v", err)
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("testdb: the replica did not replay up to %s in 30 s", target)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// StopReplica stops the replica (fast shutdown: its sessions end).
func (r *Replicated) StopReplica(t testing.TB) {
	t.Helper()
	if err := r.Replica.Stop(); err != nil {
		t.Fatalf("testdb: %v", err)
	}
}
