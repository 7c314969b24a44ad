package domain

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScope(t *testing.T) {
	s := Scope{Patterns: []string{"/420000/429000/*", "/420000/420100"}}
	tests := []struct {
		path string
		want bool
	}{
		{"/420000/429000", true},
		{"/420000/429000/429004", true},
		{"/420000/420100", true},
		{"/420000/420100/420102", false}, // exact grant does not reach below
		{"/420000", false},               // nor above
		{"/420000/4290001", false},       // no false prefix match
	}
	for _, tt := range tests {
		if got := s.Contains(tt.path); got != tt.want {
			t.Errorf("Contains(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
	exact, roots := s.Split()
	if diff := cmp.Diff([]string{"/420000/420100"}, exact); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"/420000/429000"}, roots); diff != "" {
		t.Error(diff)
	}
	if !(Scope{}).Empty() || s.Empty() {
		t.Error("Empty")
	}
}

func TestScopeWithin(t *testing.T) {
	s := Scope{Patterns: []string{"/420000/429000/*", "/420000/420100"}}
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/420000/429000/429004", []string{"/420000/429000/429004/*"}},
		{"/420000/429000", []string{"/420000/429000/*"}},
		{"/420000", []string{"/420000/429000/*", "/420000/420100"}},
		{"/420000/420100", []string{"/420000/420100"}},
		{"/420000/420100/420101", nil},
	} {
		if got := s.Within(tt.path).Patterns; strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Within(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
