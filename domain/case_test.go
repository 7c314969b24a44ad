package domain

import (
	"strings"
	"testing"
)

// joinedCodes is fieldCodes as one string.
func joinedCodes(err error) string { return strings.Join(fieldCodes(err), ",") }

func TestValidateCase(t *testing.T) {
	today := NewDate(2026, 11, 26)
	ok := Case{UnifiedNo: "42900420260000123", Category: "drug", ReceivedOn: NewDate(2026, 3, 2), Persons: 1}
	if err := ValidateCase(ok, today); err != nil {
		t.Fatalf("valid case refused: %v", err)
	}
	tests := []struct {
		name string
		edit func(*Case)
		want string
	}{
		{"short number", func(c *Case) { c.UnifiedNo = "4290042026" }, "unified_no:format"},
		{"letters", func(c *Case) { c.UnifiedNo = "4290042026000012X" }, "unified_no:format"},
		{"no category", func(c *Case) { c.Category = " " }, "category:required"},
		{"no date", func(c *Case) { c.ReceivedOn = Date{} }, "received_on:required"},
		{"future", func(c *Case) { c.ReceivedOn = today.AddDays(1) }, "received_on:future"},
		{"no persons", func(c *Case) { c.Persons = 0 }, "persons:range"},
		{"too many persons", func(c *Case) { c.Persons = MaxCasePersons + 1 }, "persons:range"},
		{"long dept no", func(c *Case) { c.DeptNo = strings.Repeat("号", 101) }, "dept_no:too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			if got := joinedCodes(ValidateCase(c, today)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateCaseEvent(t *testing.T) {
	today, received := NewDate(2026, 11, 26), NewDate(2026, 3, 2)
	if err := ValidateCaseEvent(EventProsecuted, received, received, today, 2); err != nil {
		t.Fatalf("valid event refused: %v", err)
	}
	for _, tt := range []struct {
		ev      CaseEvent
		on      Date
		persons int
		want    string
	}{
		{"charged", received, 1, "event:invalid"},
		{EventProsecuted, Date{}, 1, "occurred_on:required"},
		{EventProsecuted, today.AddDays(1), 1, "occurred_on:future"},
		{EventProsecuted, received.AddDays(-1), 1, "occurred_on:before_received"},
		{EventProsecuted, received, 0, "persons:range"},
	} {
		if got := joinedCodes(ValidateCaseEvent(tt.ev, tt.on, received, today, tt.persons)); got != tt.want {
			t.Errorf("%s %s %d: got %q, want %q", tt.ev, tt.on, tt.persons, got, tt.want)
		}
	}
}
