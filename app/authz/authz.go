// Package authz decides whether a role may do a kind of thing in a unit,
// with casbin's RBAC-with-domains model: the domain is the unit path, the
// object a resource type ("unit", "suggestion"), the action a verb. Grants
// of admin, chief and supervisor carry a subtree pattern ("/420000/429000/*")
// so that they reach every unit below. Which rows a caller sees is decided
// by the store from the Scope computed here.
package authz

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"

	"procura/domain"
)

// modelText is casbin's RBAC-with-domains model. Permissions (p rows) hold
// for every unit ("*"); grants (g rows) hold in a unit or a subtree.
const modelText = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && keyMatch(r.dom, p.dom) && r.obj == p.obj && r.act == p.act
`

// PolicySource yields every policy row: ptype followed by its values.
type PolicySource interface {
	PolicyRules(ctx context.Context) ([][]string, error)
}

// Authorizer is the cached enforcer. Reload it after grants change. It
// fails closed: an error of the enforcer denies, and is logged.
type Authorizer struct {
	e   *casbin.SyncedEnforcer
	log *slog.Logger
	// decisions remembers Allowed's answers, grantsOf each user's grants
	// and scopes Scope's answers, each for the policy generation it was
	// computed in (see memo).
	decisions memo[decisionKey, bool]
	grantsOf  memo[int64, [][]string]
	scopes    memo[scopeKey, domain.Scope]
}

// New loads the policies from src; log receives the enforcer's errors.
func New(src PolicySource, log *slog.Logger) (*Authorizer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("authz model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, &adapter{src: src})
	if err != nil {
		return nil, fmt.Errorf("authz: %w", err)
	}
	e.EnableAutoSave(false)
	e.AddNamedDomainMatchingFunc("g", "unitPattern", domain.MatchUnitPattern)
	if err := e.LoadPolicy(); err != nil {
		return nil, fmt.Errorf("authz: load policy: %w", err)
	}
	return &Authorizer{e: e, log: log}, nil
}

// Reload reads the policies again (after a grant change, here or on
// another replica).
func (a *Authorizer) Reload() error {
	err := a.e.LoadPolicy()
	// Whether or not it loaded: a failed load may have left part of the
	// policy, and no answer of the one before may outlive it.
	a.decisions.forget()
	a.grantsOf.forget()
	a.scopes.forget()
	if err != nil {
		return fmt.Errorf("authz: reload policy: %w", err)
	}
	return nil
}

// Subject is the casbin subject of a user.
func Subject(userID int64) string { return domain.UserSubject(userID) }

// GroupingRule is the casbin g row of a grant of role at unitPath.
func GroupingRule(userID int64, role domain.Role, unitPath string) []string {
	return []string{"g", Subject(userID), string(role), domain.Grant{Role: role}.ScopePattern(unitPath)}
}

// Allowed reports whether the user may do act on obj in the unit at unitPath.
func (a *Authorizer) Allowed(userID int64, unitPath, obj, act string) bool {
	key := decisionKey{userID, unitPath, obj, act}
	if ok, found := a.decisions.get(key); found {
		return ok
	}
	gen := a.decisions.generation()
	ok, err := a.e.Enforce(Subject(userID), unitPath, obj, act)
	if err != nil {
		a.log.Error("authz: enforce (denied)", "user_id", userID, "unit_path", unitPath, "obj", obj, "act", act, "error", err)
		return false
	}
	a.decisions.put(key, ok, gen)
	return ok
}

// memo remembers answers derived from the policy: a record's page asks
// whether each of a dozen actions is allowed, and casbin evaluates its
// matcher expression over the user's grants for each (a sixth of the
// server's time on a record read, profiled); a user's grants are found
// by a scan of every grant, on every page that lists actions or filters
// by scope. An answer counts only in the policy generation it was
// computed in: forget starts a new one, so an answer computed while a
// reload ran (casbin's own cached enforcer can keep such a stale answer
// without end) is never used after it. Memory is bounded by starting
// afresh at memoMax entries. What is kept is shared by every caller, who
// must not modify it.
type memo[K comparable, V any] struct {
	mu  sync.RWMutex
	gen uint64
	m   map[K]memoEntry[V]
}

type memoEntry[V any] struct {
	v   V
	gen uint64
}

type decisionKey struct {
	user           int64
	path, obj, act string
}

type scopeKey struct {
	user     int64
	obj, act string
}

const memoMax = 100_000

func (d *memo[K, V]) generation() uint64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.gen
}

func (d *memo[K, V]) get(k K) (v V, found bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	e, found := d.m[k]
	if !found || e.gen != d.gen {
		return v, false
	}
	return e.v, true
}

// put keeps v as the answer for k if the policy is still that of
// generation gen, read before the answer was computed.
func (d *memo[K, V]) put(k K, v V, gen uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen != d.gen {
		return
	}
	if d.m == nil || len(d.m) >= memoMax {
		d.m = make(map[K]memoEntry[V])
	}
	d.m[k] = memoEntry[V]{v, gen}
}

// forget drops every answer: the policy changed.
func (d *memo[K, V]) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	d.m = nil
}

// Scope returns the units in which the user may do act on obj.
func (a *Authorizer) Scope(userID int64, obj, act string) domain.Scope {
	key := scopeKey{userID, obj, act}
	if s, found := a.scopes.get(key); found {
		return s
	}
	gen := a.scopes.generation()
	s := a.scope(userID, obj, act)
	a.scopes.put(key, s, gen)
	return s
}

func (a *Authorizer) scope(userID int64, obj, act string) domain.Scope {
	var s domain.Scope
	for _, g := range a.grants(userID) {
		ok, err := a.e.HasPolicy(g[1], "*", obj, act)
		if err != nil {
			a.log.Error("authz: policy lookup (denied)", "role", g[1], "obj", obj, "act", act, "error", err)
			continue
		}
		if ok {
			s.Patterns = append(s.Patterns, g[2])
		}
	}
	// Clipped: a caller appending to the shared patterns gets a copy.
	s.Patterns = slices.Clip(s.Patterns)
	return s
}

// Permissions lists "object:action" for everything the user may do in at
// least one unit, sorted, for the UI to show or hide actions.
func (a *Authorizer) Permissions(userID int64) []string {
	set := map[string]bool{}
	for _, g := range a.grants(userID) {
		rules, err := a.e.GetFilteredPolicy(0, g[1])
		if err != nil {
			a.log.Error("authz: permissions of a role (left out)", "role", g[1], "error", err)
			continue
		}
		for _, p := range rules {
			set[p[2]+":"+p[3]] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// grants returns the user's g rows: subject, role, domain pattern.
func (a *Authorizer) grants(userID int64) [][]string {
	if rows, found := a.grantsOf.get(userID); found {
		return rows
	}
	gen := a.grantsOf.generation()
	rows, err := a.e.GetFilteredGroupingPolicy(0, Subject(userID))
	if err != nil {
		a.log.Error("authz: grants of a user (none)", "user_id", userID, "error", err)
		return nil
	}
	rows = slices.Clip(rows)
	a.grantsOf.put(userID, rows, gen)
	return rows
}

// adapter loads policies from the store. It writes nothing: the store
// writes casbin_rule rows in the same transaction as the grants they mirror.
type adapter struct {
	src PolicySource
}

var errReadOnly = errors.New("authz: policies are written by the store, in the transaction of the data they belong to")

func (ad *adapter) LoadPolicy(m model.Model) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rules, err := ad.src.PolicyRules(ctx)
	if err != nil {
		return err
	}
	for _, r := range rules {
		if err := persist.LoadPolicyArray(trimEmpty(r), m); err != nil {
			return fmt.Errorf("policy %s: %w", strings.Join(r, ", "), err)
		}
	}
	return nil
}

func (ad *adapter) SavePolicy(model.Model) error                              { return errReadOnly }
func (ad *adapter) AddPolicy(string, string, []string) error                  { return errReadOnly }
func (ad *adapter) RemovePolicy(string, string, []string) error               { return errReadOnly }
func (ad *adapter) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }

func trimEmpty(r []string) []string {
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

// RolesIn lists the roles the user holds in the unit at unitPath, granted
// there or, for roles that reach below, above it.
func (a *Authorizer) RolesIn(userID int64, unitPath string) []domain.Role {
	var out []domain.Role
	for _, g := range a.grants(userID) {
		r := domain.Role(g[1])
		if domain.MatchUnitPattern(unitPath, g[2]) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// HasRole reports whether the user holds role in any unit.
func (a *Authorizer) HasRole(userID int64, role domain.Role) bool {
	for _, g := range a.grants(userID) {
		if g[1] == string(role) {
			return true
		}
	}
	return false
}
