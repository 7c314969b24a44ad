package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/pgserver"
	"procura/app/store"
)

// Replicated is a primary cluster with a streaming replica (a hot standby
// on another port) for one test. Both hold the migrated database Database;
// the replica stops and its directory goes when the test ends.
type Replicated struct {
	Primary, Replica *pgserver.Server
	Database         string
}

// StartReplicated gives t a database with a streaming replica: a fresh
// database on the test binary's cluster, from the demo template when
// withDemo is true (else the migrated one), then a copy of that cluster
// made with pg_basebackup -R into a second data directory and started as
// its hot standby. When the tests run on PROCURA_TEST_DATABASE_URL, a
// primary of the test's own is started and migrated instead (and the demo
// loaded), and stopped at the end. A few seconds.
func StartReplicated(t testing.TB, withDemo bool) *Replicated {
	t.Helper()
	if current == nil {
		t.Fatal("testdb: call testdb.Main(m) from TestMain in this package")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "procura-replicated-")
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	// The clusters' directories are inside; their owner, the postgres
	// user when the test runs as root, must be able to reach them.
	if err := os.Chmod(dir, 0o711); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	r := &Replicated{Primary: current.server}
	var stops []*pgserver.Server // stopped at the end, replica first
	t.Cleanup(func() {
		for i := len(stops) - 1; i >= 0; i-- {
			if err := stops[i].Stop(); err != nil {
				t.Errorf("testdb: %v", err)
			}
		}
		os.RemoveAll(dir)
	})
	if r.Primary != nil {
		template := current.template
		if withDemo {
			current.demoOnce.Do(func() { current.demoErr = current.prepareDemo() })
			if current.demoErr != nil {
				t.Fatalf("testdb: demo: %v", current.demoErr)
			}
			template = current.demoTemplate
		}
		r.Database = strings.TrimPrefix(mustParse(clone(t, template)).Path, "/")
	} else {
		if r.Primary, err = pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dir, "primary"), Ephemeral: true}); err != nil {
			t.Fatalf("testdb: start primary: %v", err)
		}
		stops = append(stops, r.Primary)
		r.Database = "procura"
		if err := prepareDatabase(ctx, r.Primary.URL("postgres"), r.Database, withDemo); err != nil {
			t.Fatalf("testdb: %v", err)
		}
	}
	if r.Replica, err = pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dir, "replica"), Ephemeral: true, ReplicaOf: r.Primary}); err != nil {
		t.Fatalf("testdb: start replica: %v", err)
	}
	stops = append(stops, r.Replica)
	return r
}

// prepareDatabase creates database name on the server of adminURL,
// migrates it and loads the demo when withDemo is true.
func prepareDatabase(ctx context.Context, adminURL, name string, withDemo bool) error {
	if err := store.CreateDatabase(ctx, adminURL, name); err != nil {
		return err
	}
	db, err := store.Open(ctx, withDatabase(adminURL, name), quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	mig, err := store.NewMigrator(db.SQL(), nil)
	if err != nil {
		return err
	}
	if _, err := mig.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if !withDemo {
		return nil
	}
	hasher, err := password.New(password.Fast)
	if err != nil {
		return err
	}
	_, err = demo.Load(ctx, db, hasher)
	return err
}

func mustParse(dsn string) *url.URL {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(fmt.Sprintf("testdb: bad database URL: %v", err))
	}
	return u
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
