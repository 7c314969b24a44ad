package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorIsMatchesKindAndCode(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"wrapped sentinel", fmt.Errorf("get unit: %w", ErrNotFound), ErrNotFound, true},
		{"different code same kind", ErrVersionConflict, ErrConflict, false},
		{"validation with fields", Invalid(Required("name")), ErrInvalid, true},
		{"plain error", errors.New("boom"), ErrNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidatorCollectsFields(t *testing.T) {
	var v Validator
	if v.Err() != nil {
		t.Fatal("empty validator must yield nil")
	}
	v.Check(true, Required("a"))
	v.Check(false, Required("b"))
	v.Add(Field("c", "too_long", "Too long.", "过长。"))
	e, ok := AsError(v.Err())
	if !ok || e.Kind != KindInvalid || len(e.Fields) != 2 || e.Fields[0].Field != "b" || e.Fields[1].Field != "c" {
		t.Fatalf("unexpected error %#v", v.Err())
	}
	if got, want := e.Error(), "Some fields are invalid. (b: This field is required.; c: Too long.)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
