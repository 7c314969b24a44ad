package jobs

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/store"
	"procura/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestRemindersRunOnStart: the runner generates the reminders through the
// queue as soon as it starts.
func TestRemindersRunOnStart(t *testing.T) {
	dsn := testdb.URL(t, true)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := password.New(password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, h); err != nil {
		t.Fatal(err)
	}
	r, err := Start(ctx, dsn, db, slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := r.Stop(stopCtx); err != nil {
			t.Error(err)
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM notifications`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no reminders 20 s after start")
		}
		time.Sleep(200 * time.Millisecond)
	}
	var done int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'reminders'`).Scan(&done); err != nil || done == 0 {
		t.Errorf("no reminders job in river_job: %d %v", done, err)
	}
}
