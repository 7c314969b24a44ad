package store

import (
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// TestStatementDialector: the dialect gives statements without their
// values, and keeps what gorm looks for besides the dialect itself
// (translated errors, savepoints for nested transactions).
func TestStatementDialector(t *testing.T) {
	var d gorm.Dialector = statementDialector{&postgres.Dialector{Config: &postgres.Config{}}}
	if got := d.Explain(`SELECT id FROM sessions WHERE token_hash = $1`, "secret-token-hash"); got != `SELECT id FROM sessions WHERE token_hash = $1` {
		t.Errorf("Explain = %q: a value was written into the statement", got)
	}
	if _, ok := d.(gorm.ErrorTranslator); !ok {
		t.Error("the dialect no longer translates errors (gorm.Config.TranslateError)")
	}
	if _, ok := d.(gorm.SavePointerDialectorInterface); !ok {
		t.Error("the dialect no longer makes savepoints (nested transactions)")
	}
	if d.Name() != "postgres" {
		t.Errorf("Name = %q", d.Name())
	}
}
