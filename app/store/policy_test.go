package store_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// TestPolicyChangesReachOtherReplicas: a grant change committed through
// one connection pool is announced to a listener on another, as it would
// be to a second app replica.
func TestPolicyChangesReachOtherReplicas(t *testing.T) {
	dsn := testdb.URL(t, true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	writer, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	replica, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	h, err := password.New(password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, writer, h); err != nil {
		t.Fatal(err)
	}

	changed := make(chan struct{}, 10)
	go replica.ListenChanges(ctx, slog.New(slog.DiscardHandler), func() { changed <- struct{}{} })
	time.Sleep(300 * time.Millisecond) // let LISTEN take effect

	unit, err := writer.GetUnitByCode(ctx, "429004")
	if err != nil {
		t.Fatal(err)
	}
	u, err := writer.CreateUser(ctx, domain.User{Username: "replica.test", Name: "测试", UnitID: unit.ID,
		Grants: []domain.Grant{{Role: domain.RoleClerk, UnitID: unit.ID}}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("no notification after a grant change")
	}
	rules, err := replica.PolicyRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rules {
		if r[0] == "g" && r[1] == domain.UserSubject(u.ID) && r[2] == "clerk" && r[3] == unit.Path {
			found = true
		}
	}
	if !found {
		t.Errorf("the replica does not see the new grant rule: %v", rules)
	}

	// A failed transaction announces nothing.
	err = writer.WithTx(ctx, func(ctx context.Context) error {
		if _, err := writer.ReplaceGrants(ctx, u.ID, []domain.Grant{{Role: domain.RoleChief, UnitID: unit.ID}}); err != nil {
			return err
		}
		return domain.ErrConflict
	})
	if err == nil {
		t.Fatal("the transaction did not fail")
	}
	select {
	case <-changed:
		t.Error("a rolled-back grant change was announced")
	case <-time.After(500 * time.Millisecond):
	}
}

// TestListenerChecksItsConnection: a listener that hears nothing checks
// its connection now and then, and the check leaves it listening: a
// change announced after several checks still arrives.
func TestListenerChecksItsConnection(t *testing.T) {
	defer store.SetListenerCheck(20 * time.Millisecond)()
	dsn := testdb.URL(t, true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	changed := make(chan struct{}, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.ListenChanges(ctx, slog.New(slog.DiscardHandler), func() { changed <- struct{}{} })
	}()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(5 * time.Second); !db.SessionCacheStats().Listening; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the listener never listened")
		}
	}
	time.Sleep(200 * time.Millisecond) // about ten checks
	if !db.SessionCacheStats().Listening || !db.DetailCacheStats().Listening {
		t.Fatal("the listener stopped listening while checking its connection")
	}
	if _, err := db.SQL().ExecContext(ctx, `SELECT pg_notify('procura_policy', '')`); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("no notification after the connection checks")
	}
}
