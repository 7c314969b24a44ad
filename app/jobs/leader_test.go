package jobs

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"procura/app/testdb"
)

// TestPeriodicJobsRunOnceAcrossServers: two servers' runners on one
// database schedule the periodic reminders once between them (River's
// elected leader alone enqueues them), also after the leader stops and
// the other takes over; each run is worked once.
func TestPeriodicJobsRunOnceAcrossServers(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	const every = 300 * time.Millisecond
	start := func() *Runner {
		r, err := Start(context.Background(), dsn, db, slog.New(slog.DiscardHandler), Options{ReminderEvery: every})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	stop := func(r *Runner) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Error(err)
		}
	}
	a := start()
	b := start()
	defer stop(b)
	time.Sleep(10 * every)
	var leader string
	if err := db.SQL().QueryRow(`SELECT leader_id FROM river_leader`).Scan(&leader); err != nil {
		t.Fatal(err)
	}
	if leader != a.client.ID() && leader != b.client.ID() {
		t.Fatalf("leader %q is neither runner (%q, %q)", leader, a.client.ID(), b.client.ID())
	}
	stopped := time.Now()
	stop(a)
	// The other takes over at once when told of the resignation, or at its
	// next election attempt (every 5 s) when it missed the notice.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(every) {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'reminders' AND scheduled_at > $1`, stopped).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= 3 || time.Now().After(deadline) {
			break
		}
	}
	stopB := time.Now()

	rows, err := db.SQL().Query(`SELECT scheduled_at, state, attempt FROM river_job WHERE kind = 'reminders' AND scheduled_at < $1 ORDER BY scheduled_at`, stopB)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var at []time.Time
	for rows.Next() {
		var s time.Time
		var state string
		var attempt int
		if err := rows.Scan(&s, &state, &attempt); err != nil {
			t.Fatal(err)
		}
		if attempt > 1 {
			t.Errorf("the run scheduled at %v was attempted %d times", s, attempt)
		}
		at = append(at, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// One schedule: runs every period; the leader's change may start one
	// early run (RunOnStart on the new leader). Two leaders would double
	// the count and put runs side by side throughout.
	close, after := 0, 0
	for i := range at {
		if i > 0 && at[i].Sub(at[i-1]) < every/2 {
			close++
		}
		if at[i].After(stopped) {
			after++
		}
	}
	want := int(stopB.Sub(at[0])/every) + 2
	t.Logf("%d runs in %v (leader %s), %d after the first runner stopped, %d close together", len(at), stopB.Sub(at[0]), leader, after, close)
	if len(at) > want || close > 1 {
		t.Errorf("%d runs (at most %d for one schedule), %d of them close to the one before: %v", len(at), want, close, at)
	}
	if after < 3 {
		t.Errorf("only %d runs after the first runner stopped: the other did not take over", after)
	}
}
