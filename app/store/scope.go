package store

import (
	"strings"

	"procura/domain"
)

// scopeCondition is the one SQL filter for unit scope: a condition on the
// unit path column pathCol that holds exactly for the units in s. Paths
// hold only digits and slashes, so they need no LIKE escaping.
func scopeCondition(pathCol string, s domain.Scope) (string, []any) {
	exact, roots := s.Split()
	if len(exact)+len(roots) == 0 {
		return "false", nil
	}
	parts := make([]string, 0, len(exact)+len(roots))
	args := make([]any, 0, len(exact)+2*len(roots))
	for _, p := range exact {
		parts = append(parts, pathCol+" = ?")
		args = append(args, p)
	}
	for _, r := range roots {
		parts = append(parts, "("+pathCol+" = ? OR "+pathCol+" LIKE ?)")
		args = append(args, r, r+"/%")
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
