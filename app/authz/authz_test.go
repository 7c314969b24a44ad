package authz

import (
	"context"
	"log/slog"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"procura/domain"
)

type staticSource [][]string

func (s staticSource) PolicyRules(context.Context) ([][]string, error) { return s, nil }

func TestAllowedScopePermissions(t *testing.T) {
	src := staticSource{
		{"p", "chief", "*", "unit", "read"},
		{"p", "admin", "*", "unit", "update"},
		{"p", "admin", "*", "unit", "read"},
		{"p", "prosecutor", "*", "unit", "read"},
		GroupingRule(1, domain.RoleChief, "/420000/429000"),
		GroupingRule(2, domain.RoleProsecutor, "/420000/429000"),
		GroupingRule(3, domain.RoleAdmin, "/420000"),
	}
	a, err := New(src, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		user     int64
		path     string
		obj, act string
		want     bool
	}{
		{1, "/420000/429000", "unit", "read", true},
		{1, "/420000/429000/429004", "unit", "read", true}, // chief reaches below
		{1, "/420000", "unit", "read", false},              // not above
		{1, "/420000/420100", "unit", "read", false},       // not sideways
		{1, "/420000/429000", "unit", "update", false},     // no such permission
		{2, "/420000/429000", "unit", "read", true},
		{2, "/420000/429000/429004", "unit", "read", false}, // prosecutor: own unit only
		{3, "/420000/429000/429006", "unit", "update", true},
		{4, "/420000", "unit", "read", false}, // no grants at all
	}
	for _, tt := range tests {
		if got := a.Allowed(tt.user, tt.path, tt.obj, tt.act); got != tt.want {
			t.Errorf("Allowed(%d, %s, %s, %s) = %v, want %v", tt.user, tt.path, tt.obj, tt.act, got, tt.want)
		}
	}
	if diff := cmp.Diff([]string{"/420000/429000/*"}, a.Scope(1, "unit", "read").Patterns); diff != "" {
		t.Errorf("chief scope: %s", diff)
	}
	if !a.Scope(1, "unit", "update").Empty() {
		t.Error("chief has update scope")
	}
	if diff := cmp.Diff([]string{"unit:read", "unit:update"}, a.Permissions(3)); diff != "" {
		t.Errorf("admin permissions: %s", diff)
	}
}

// switchSource answers one policy or another.
type switchSource struct {
	rules *[][]string
}

func (s switchSource) PolicyRules(context.Context) ([][]string, error) { return *s.rules, nil }

// TestRememberedDecisionsEndWithThePolicy: an answer remembered before a
// reload is not given after it, both ways; and one computed for a
// generation that has ended is not kept.
func TestRememberedDecisionsEndWithThePolicy(t *testing.T) {
	granted := [][]string{{"p", "chief", "*", "suggestion", "approve"}, GroupingRule(1, domain.RoleChief, "/420000/429000")}
	revoked := [][]string{{"p", "chief", "*", "suggestion", "approve"}}
	rules := granted
	a, err := New(switchSource{&rules}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	holds := func() bool {
		allowed := a.Allowed(1, "/420000/429000/429004", "suggestion", "approve")
		scoped := !a.Scope(1, "suggestion", "approve").Empty()
		chief := slices.Contains(a.RolesIn(1, "/420000/429000/429004"), domain.RoleChief) && a.HasRole(1, domain.RoleChief)
		if allowed != scoped || allowed != chief {
			t.Fatalf("Allowed %v, a scope %v, the role %v: the answers disagree", allowed, scoped, chief)
		}
		return allowed
	}
	for i := 0; i < 2; i++ { // the second answers come from the memos
		if !holds() {
			t.Fatal("not allowed with the grant")
		}
	}
	rules = revoked
	if err := a.Reload(); err != nil {
		t.Fatal(err)
	}
	if holds() {
		t.Error("allowed after the grant was revoked and the policy reloaded")
	}
	rules = granted
	if err := a.Reload(); err != nil {
		t.Fatal(err)
	}
	if !holds() {
		t.Error("denied after the grant came back")
	}

	// A decision computed while a reload ran belongs to the generation
	// before it and is dropped.
	key := decisionKey{1, "/420000/429000", "suggestion", "approve"}
	gen := a.decisions.generation()
	a.decisions.forget()
	a.decisions.put(key, true, gen)
	if _, found := a.decisions.get(key); found {
		t.Error("a decision of an ended generation was kept")
	}
}
