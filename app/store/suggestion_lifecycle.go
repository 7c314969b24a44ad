package store

import (
	"context"
	"fmt"
	"time"

	"procura/domain"
)

// TransitionFunc computes the suggestion after an action from the locked
// current record; the store persists it.
type TransitionFunc func(current domain.Suggestion) (domain.Suggestion, error)

// Transition applies an action under the suggestion's row lock: it
// saves the new state, numbers the 文号 on issue (gap-free per unit,
// prefix and year), logs the transition and audits it.
func (db *DB) Transition(ctx context.Context, id int64, version int, action domain.SuggestionAction, opinion string, apply TransitionFunc) (SuggestionRecord, error) {
	var rec SuggestionRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockSuggestion(ctx, id)
		if err != nil {
			return err
		}
		if version != 0 && before.Version != version {
			return domain.ErrVersionConflict
		}
		s, err := apply(before.Suggestion)
		if err != nil {
			return err
		}
		if action == domain.ActIssue && before.DocNo == "" {
			// The 文号's year is the year of service; a suggestion issued
			// for electronic service has no day of service yet (the
			// recipient's confirmation sets it), so it takes the year it is
			// issued in.
			year := s.ServedOn.Year()
			if s.ServedOn.IsZero() {
				year = domain.DateOf(time.Now(), domain.Shanghai).Year()
			}
			if s.DocNo, err = db.nextDocNo(ctx, before, year); err != nil {
				return err
			}
		}
		if err := db.saveState(ctx, s); err != nil {
			return err
		}
		a := actorFrom(ctx)
		if err := db.conn(ctx).Exec(`INSERT INTO suggestion_transitions (suggestion_id, action, from_status, to_status, actor_id, opinion)
			VALUES (?, ?, ?, ?, ?, ?)`, id, string(action), string(before.Status), string(s.Status), a.UserID, opinion).Error; err != nil {
			return translate(err)
		}
		if err := db.handOff(ctx, false, id); err != nil {
			return err
		}
		if rec, err = db.GetSuggestion(ctx, id); err != nil {
			return err
		}
		if action == domain.ActIssue && rec.LetterID == 0 {
			if rec.LetterID, err = db.freezeLetter(ctx, rec); err != nil {
				return err
			}
		}
		return db.audit(ctx, string(action), "suggestion", id, s.UnitID, suggestionSnapshot(before.Suggestion), suggestionSnapshot(rec.Suggestion))
	})
	if err != nil {
		return SuggestionRecord{}, fmt.Errorf("%s suggestion: %w", action, err)
	}
	return rec, nil
}

// saveState writes the lifecycle fields of s.
func (db *DB) saveState(ctx context.Context, s domain.Suggestion) error {
	var docNo any
	if s.DocNo != "" {
		docNo = s.DocNo
	}
	return translate(db.conn(ctx).Exec(`UPDATE suggestions SET status = ?, doc_no = ?, served_on = ?, service_method = ?, reply_due_on = ?,
		objected_on = ?, paused_days = ?, filing_due_on = ?, filed_on = ?, extension_months = ?, escalation_level = ?, closed_reason = ?,
		has_final_reply = ?, version = version + 1 WHERE id = ?`,
		string(s.Status), docNo, dateArg(s.ServedOn), s.ServiceMethod, dateArg(s.ReplyDueOn), dateArg(s.ObjectedOn), s.PausedDays,
		dateArg(s.FilingDueOn), dateArg(s.FiledOn), s.ExtensionMonths, s.EscalationLevel, s.ClosedReason, s.HasFinalReply, s.ID).Error)
}

// nextDocNo takes the next number of the unit's counter for the type's
// prefix and the year. The counter row stays locked until commit, so
// concurrent issues queue and numbers have no gaps or duplicates.
func (db *DB) nextDocNo(ctx context.Context, rec SuggestionRecord, year int) (string, error) {
	var prefix string
	if err := db.conn(ctx).Raw(`SELECT prefix FROM doc_prefixes WHERE type = ?`, string(rec.Type)).Scan(&prefix).Error; err != nil {
		return "", translate(err)
	}
	if prefix == "" {
		prefix = domain.DefaultDocPrefixes[rec.Type]
	}
	var n int
	err := db.conn(ctx).Raw(`INSERT INTO doc_counters (unit_id, prefix, year, last) VALUES (?, ?, ?, 1)
		ON CONFLICT (unit_id, prefix, year) DO UPDATE SET last = doc_counters.last + 1 RETURNING last`,
		rec.UnitID, prefix, year).Scan(&n).Error
	if err != nil {
		return "", translate(err)
	}
	return domain.DocNumber(rec.UnitShortName, prefix, year, n), nil
}
