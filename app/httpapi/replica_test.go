package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"procura/app/store"
	"procura/app/testdb"
)

// TestReadReplica runs on a primary with a streaming replica: the
// analyses and reports read the replica, a replica that lags beyond the
// bound is skipped, and one stopped under a request leaves the request to
// the primary with no error to the caller.
func TestReadReplica(t *testing.T) {
	rt := testdb.StartReplicated(t, true)
	db, err := store.Open(context.Background(), rt.PrimaryURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.AddReplicas([]string{rt.ReplicaURL()}, store.ReplicaOptions{MaxLag: time.Second, CheckEvery: 500 * time.Millisecond}, nil); err != nil {
		t.Fatal(err)
	}
	watchCtx, stopWatching := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() { defer close(watched); db.WatchReplicas(watchCtx) }()
	stop := func() { stopWatching(); <-watched }
	t.Cleanup(stop)
	ts := newTestServerOn(t, db, nil)
	rt.WaitReplayed(t)
	waitReplicaState(t, db, store.ReplicaHealthy)
	s := ts.login(t, "supervisor.hanjiang")

	// replicaReads is when the routed reads last ran a statement on the
	// replica (their pool's sessions there), zero before any.
	replicaReads := func() int64 {
		return rt.QueryInt(t, true, `SELECT coalesce(max(extract(epoch FROM query_start) * 1e6), 0)::bigint FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = 'procura-replica'`)
	}
	const analysis = "/api/v1/analysis/class-cases/drug?from=2026-01-01&to=2026-04-15"
	get := func(path string) (asOf time.Time) {
		t.Helper()
		rec := s.do(t, http.MethodGet, path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d %s", path, rec.Code, rec.Body)
		}
		var body struct {
			AsOf time.Time `json:"as_of"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		return body.AsOf
	}

	t.Run("analysis and report read the replica", func(t *testing.T) {
		before := replicaReads()
		for _, path := range []string{analysis, "/api/v1/reports/bimonthly?year=2026&bimonth=2",
			"/api/v1/metrics?indicator=case_ratio&from=2026-01-01&to=2026-02-28"} {
			asOf := get(path)
			if asOf.IsZero() || time.Since(asOf) > 5*time.Second {
				t.Errorf("%s: as_of %s", path, asOf)
			}
		}
		if after := replicaReads(); after <= before {
			t.Errorf("the replica ran no routed statement (query_start %d, before %d)", after, before)
		}
		if st := db.Replicas()[0]; st.Reads != 3 || st.Fallbacks != 0 {
			t.Errorf("replica state %+v, want 3 reads", st)
		}
		rec := ts.do(t, http.MethodGet, "/readyz", nil, nil)
		var ready healthResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &ready); err != nil || len(ready.Replicas) != 1 || ready.Replicas[0].State != store.ReplicaHealthy ||
			ready.Replicas[0].LagSeconds == nil {
			t.Errorf("readyz: %d %s", rec.Code, rec.Body)
		}
		rec = ts.do(t, http.MethodGet, "/metrics", nil, map[string]string{"Authorization": "Bearer " + testMetricsToken})
		name := db.Replicas()[0].Name
		for _, want := range []string{`procura_replica_up{replica="` + name + `"} 1`, `procura_replica_reads_total{replica="` + name + `"} 3`,
			`procura_replica_lag_seconds{replica="` + name + `"}`} {
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})

	t.Run("a replica behind the bound is skipped", func(t *testing.T) {
		rt.Exec(t, true, `SELECT pg_wal_replay_pause()`)
		// Something to replay, so that the replica is behind rather than
		// idle and caught up.
		rt.Exec(t, false, `CREATE TABLE lag_probe (n int); INSERT INTO lag_probe VALUES (1)`)
		waitReplicaState(t, db, store.ReplicaLagging)
		before, misses := replicaReads(), db.ReplicaMisses()
		if asOf, now := get(analysis), ts.clock.Now().Truncate(time.Second); !asOf.Equal(now) {
			t.Errorf("as_of %s, want the primary's now %s", asOf, now)
		}
		if after := replicaReads(); after != before {
			t.Errorf("a lagging replica ran a routed statement")
		}
		if db.ReplicaMisses() != misses+1 {
			t.Errorf("misses %d, want %d", db.ReplicaMisses(), misses+1)
		}
		rt.Exec(t, true, `SELECT pg_wal_replay_resume()`)
		waitReplicaState(t, db, store.ReplicaHealthy)
		rt.WaitReplayed(t)
	})

	t.Run("an idle primary is no lag", func(t *testing.T) {
		// Nothing written for longer than the bound: the last replayed
		// transaction grows old, but the replica has all there is.
		time.Sleep(1500 * time.Millisecond)
		// (A checkpoint record in flight at the last check may show as a
		// moment of lag, never as the age of the last transaction.)
		if st := db.Replicas()[0]; st.State != store.ReplicaHealthy || st.Lag < 0 || st.Lag > 500*time.Millisecond {
			t.Errorf("replica state %+v, want healthy without lag", st)
		}
	})

	t.Run("a replica stopped under a request leaves it to the primary", func(t *testing.T) {
		// The check no longer runs: the router still takes the replica for
		// healthy when the request reaches it (its last check counts for
		// three intervals and the check timeout, 3.5 s, longer than a fast
		// shutdown takes).
		stop()
		rt.StopReplica(t)
		get(analysis)
		st := db.Replicas()[0]
		if st.Fallbacks != 1 || st.State != store.ReplicaDown {
			t.Errorf("replica state %+v, want down after one fallback", st)
		}
		get(analysis) // skipped now, without a failed attempt
		if st := db.Replicas()[0]; st.Fallbacks != 1 {
			t.Errorf("fallbacks %d after the replica was known down", st.Fallbacks)
		}
		if strings.Contains(ts.log.String(), `"level":"ERROR"`) {
			t.Errorf("errors logged:\n%s", ts.log)
		}
	})
}

func waitReplicaState(t *testing.T, db *store.DB, want string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		st := db.Replicas()[0]
		if st.State == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("replica state %+v, want %s", st, want)
		}
	}
}
