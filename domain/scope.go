package domain

import (
	"strconv"
	"strings"
)

// Scope is the set of units in which a user may do one kind of thing: a
// list of unit paths, each either exact ("/420000/429000/429004") or a
// subtree ("/420000/429000/*": that unit and every unit below it).
type Scope struct {
	Patterns []string
}

// SubtreePattern is the pattern covering path and everything below it.
func SubtreePattern(path string) string { return path + "/*" }

// MatchUnitPattern reports whether the unit at path is covered by pattern.
func MatchUnitPattern(path, pattern string) bool {
	if root, ok := strings.CutSuffix(pattern, "/*"); ok {
		return InSubtree(path, root)
	}
	return path == pattern
}

// Contains reports whether the unit at path is in the scope.
func (s Scope) Contains(path string) bool {
	for _, p := range s.Patterns {
		if MatchUnitPattern(path, p) {
			return true
		}
	}
	return false
}

// Empty reports whether the scope covers no unit.
func (s Scope) Empty() bool { return len(s.Patterns) == 0 }

// Split returns the exact paths and the subtree roots of the scope, the
// form in which SQL filters take it.
func (s Scope) Split() (exact, roots []string) {
	exact, roots = []string{}, []string{}
	for _, p := range s.Patterns {
		if root, ok := strings.CutSuffix(p, "/*"); ok {
			roots = append(roots, root)
		} else {
			exact = append(exact, p)
		}
	}
	return exact, roots
}

// ScopePattern is the unit pattern a grant covers: the unit, or for roles
// that reach below, its whole subtree. unitPath is the grant's unit's path.
func (g Grant) ScopePattern(unitPath string) string {
	if g.Role.ReachesSubtree() {
		return SubtreePattern(unitPath)
	}
	return unitPath
}

// UserSubject names a user as the subject of authorisation policies.
func UserSubject(userID int64) string { return "user:" + strconv.FormatInt(userID, 10) }

// Within narrows s to the unit at path and the units below it.
func (s Scope) Within(path string) Scope {
	var out []string
	for _, p := range s.Patterns {
		root, sub := strings.CutSuffix(p, "/*")
		switch {
		case sub && InSubtree(path, root):
			return Scope{Patterns: []string{SubtreePattern(path)}} // covers all of it
		case InSubtree(root, path):
			out = append(out, p)
		}
	}
	return Scope{Patterns: out}
}
