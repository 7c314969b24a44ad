package store

import (
	"context"
	"fmt"

	"procura/domain"
)

// DeleteSuggestion deletes a suggestion that check allows to go (a draft
// never issued, by its author), under its lock, with its case numbers,
// attachment links, state changes and notifications; the audit log keeps
// the draft as it was. Errors: domain.ErrNotFound, and check's.
func (db *DB) DeleteSuggestion(ctx context.Context, id int64, check func(domain.Suggestion) error) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockSuggestion(ctx, id)
		if err != nil {
			return err
		}
		if err := check(before.Suggestion); err != nil {
			return err
		}
		c := db.conn(ctx)
		for _, table := range []string{"suggestion_attachments", "suggestion_transitions", "suggestion_cases", "notifications"} {
			if err := c.Exec(`DELETE FROM `+table+` WHERE suggestion_id = ?`, id).Error; err != nil {
				return translate(err)
			}
		}
		res := c.Exec(`DELETE FROM suggestions WHERE id = ?`, id)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.ErrNotFound
		}
		return db.audit(ctx, "delete", "suggestion", id, before.UnitID, suggestionSnapshot(before.Suggestion), nil)
	})
	if err != nil {
		return fmt.Errorf("delete suggestion: %w", err)
	}
	return nil
}
