package store_test

import (
	"context"
	"testing"
	"time"

	"procura/app/store"
	"procura/app/testdb"
)

// TestReplicaConflictReadsThePrimary: a routed read that replay on the
// standby cancels after its first rows (a real recovery conflict: the
// primary locks the table the read holds, and the standby waits for no
// query), or that loses the standby midway, runs again on the primary
// through ReadSource.Read, and the caller gets the primary's rows and no
// error.
func TestReplicaConflictReadsThePrimary(t *testing.T) {
	rt := testdb.StartReplicated(t, false)
	rt.Exec(t, true, `ALTER SYSTEM SET max_standby_streaming_delay = 0`)
	rt.Exec(t, true, `SELECT pg_reload_conf()`)
	// Rows of 10 kB reach the client one by one (the server's send buffer
	// is 8 kB); on the standby each takes 20 ms more.
	rt.Exec(t, false, `CREATE TABLE conflict_probe AS SELECT g AS n FROM generate_series(1, 100) g`)
	rt.WaitReplayed(t)
	const slowRead = `SELECT n, pg_is_in_recovery() AS standby, repeat('x', 10000) AS pad,
		pg_sleep(CASE WHEN pg_is_in_recovery() THEN 0.02 ELSE 0 END)::text AS slept FROM conflict_probe ORDER BY n`
	type row struct {
		N       int
		Standby bool
	}

	db, err := store.Open(context.Background(), rt.PrimaryURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.AddReplicas([]string{rt.ReplicaURL()}, store.ReplicaOptions{CheckEvery: 200 * time.Millisecond}, nil); err != nil {
		t.Fatal(err)
	}
	watchCtx, stopWatching := context.WithCancel(context.Background())
	t.Cleanup(stopWatching)
	go db.WatchReplicas(watchCtx)
	for deadline := time.Now().Add(15 * time.Second); db.Replicas()[0].State != store.ReplicaHealthy; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("replica state %+v", db.Replicas()[0])
		}
	}

	// Interruptions of a read on the standby once it has its first rows:
	// an ACCESS EXCLUSIVE lock on its table taken on the primary, whose
	// replay cancels it, or the standby stopping.
	lock := func() {
		rt.Exec(t, false, `BEGIN; SET LOCAL synchronous_commit = on; LOCK TABLE conflict_probe IN ACCESS EXCLUSIVE MODE; COMMIT`)
	}
	stop := func() { rt.StopReplica(t) }
	for _, tc := range []struct {
		name      string
		interrupt func()
		viaRead   bool // through ReadSource.Read, else a plain routed read
		broke     func(error) bool
	}{
		{"without Read the conflict reaches the caller", lock, false, store.RecoveryConflict},
		{"Read runs the read again on the primary after a conflict", lock, true, store.RecoveryConflict},
		{"Read runs the read again on the primary after the replica stopped", stop, true, store.ConnectionLost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt.WaitReplayed(t)
			fellBack := db.Replicas()[0].Fallbacks
			ctx, src := db.OnReplica(context.Background())
			if src.Replica() == "" {
				t.Fatal("the read is not routed to the replica")
			}
			var (
				rows []row
				errs []error
			)
			read := func(ctx context.Context) error {
				rows = nil
				err := db.ScanRaw(ctx, &rows, slowRead)
				errs = append(errs, err)
				return err
			}
			done := make(chan error)
			go func() {
				if tc.viaRead {
					done <- src.Read(ctx, read)
				} else {
					done <- read(ctx)
				}
			}()
			time.Sleep(500 * time.Millisecond)
			tc.interrupt()
			err := <-done
			if !tc.viaRead {
				if !tc.broke(err) || len(rows) == 0 {
					t.Fatalf("err = %v after %d rows, want it to break off after the first rows", err, len(rows))
				}
				return
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if len(rows) != 100 || rows[0].Standby || rows[99].N != 100 {
				t.Errorf("%d rows (first %+v), want the primary's 100", len(rows), rows[0])
			}
			if len(errs) != 2 || !tc.broke(errs[0]) {
				t.Errorf("attempts ended with %v, want the replica's read broken off, then success", errs)
			}
			if st := db.Replicas()[0]; st.Fallbacks != fellBack+1 || src.Replica() != "" {
				t.Errorf("replica state %+v, source on %q: want one more fallback, the rest on the primary", st, src.Replica())
			}
		})
	}
}
