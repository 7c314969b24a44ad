package store

import (
	"context"
	"fmt"
	"time"

	"procura/domain"
)

// RecordFunc validates a record against the locked suggestion and returns
// the suggestion after it (and the record, completed).
type RecordFunc[T any] func(current domain.Suggestion) (domain.Suggestion, T, error)

// AddReply stores a reply and the state change it causes.
func (db *DB) AddReply(ctx context.Context, id int64, fn RecordFunc[domain.Reply]) (domain.Reply, error) {
	var r domain.Reply
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockSuggestion(ctx, id)
		if err != nil {
			return err
		}
		s, rep, err := fn(before.Suggestion)
		if err != nil {
			return err
		}
		type io struct {
			Item    int    `json:"item"`
			Outcome string `json:"outcome"`
		}
		ios := make([]io, len(rep.ItemOutcomes))
		for i, x := range rep.ItemOutcomes {
			ios[i] = io{x.Item, string(x.Outcome)}
		}
		a := actorFrom(ctx)
		if err := db.conn(ctx).Raw(`INSERT INTO suggestion_replies (suggestion_id, received_on, doc_no, replier, outcome, item_outcomes,
			measures, funds_yuan, personnel, interim, late, created_by) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) RETURNING id`,
			id, rep.ReceivedOn.String(), rep.DocNo, rep.Replier, string(rep.Outcome), mustJSON(ios), rep.Measures, rep.FundsYuan,
			rep.Personnel, rep.Interim, rep.Late, a.UserID).Scan(&rep.ID).Error; err != nil {
			return translate(err)
		}
		if err := db.afterRecord(ctx, before, s, domain.ActReply); err != nil {
			return err
		}
		r = rep
		return db.audit(ctx, "reply", "suggestion", id, s.UnitID, nil, map[string]any{"reply_id": rep.ID, "received_on": rep.ReceivedOn.String(),
			"doc_no": rep.DocNo, "replier": rep.Replier, "outcome": rep.Outcome, "funds_yuan": rep.FundsYuan, "personnel": rep.Personnel,
			"interim": rep.Interim, "late": rep.Late, "status": s.Status})
	})
	if err != nil {
		return domain.Reply{}, fmt.Errorf("add reply: %w", err)
	}
	return r, nil
}

// AddFollowUp stores a follow-up and the state change it causes.
func (db *DB) AddFollowUp(ctx context.Context, id int64, fn RecordFunc[domain.FollowUp]) (domain.FollowUp, error) {
	var f domain.FollowUp
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockSuggestion(ctx, id)
		if err != nil {
			return err
		}
		s, fu, err := fn(before.Suggestion)
		if err != nil {
			return err
		}
		if err := db.conn(ctx).Raw(`INSERT INTO suggestion_followups (suggestion_id, on_date, method, findings, created_by)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, id, fu.On.String(), fu.Method, fu.Findings, actorFrom(ctx).UserID).Scan(&fu.ID).Error; err != nil {
			return translate(err)
		}
		if err := db.afterRecord(ctx, before, s, domain.ActFollowUp); err != nil {
			return err
		}
		f = fu
		return db.audit(ctx, "followup", "suggestion", id, s.UnitID, nil, map[string]any{"followup_id": fu.ID, "on": fu.On.String(),
			"method": fu.Method, "findings": fu.Findings, "status": s.Status})
	})
	if err != nil {
		return domain.FollowUp{}, fmt.Errorf("add follow-up: %w", err)
	}
	return f, nil
}

// AddVerification stores a verification and the state change it causes.
func (db *DB) AddVerification(ctx context.Context, id int64, fn RecordFunc[domain.Verification]) (domain.Verification, error) {
	var out domain.Verification
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockSuggestion(ctx, id)
		if err != nil {
			return err
		}
		s, v, err := fn(before.Suggestion)
		if err != nil {
			return err
		}
		codes := v.NonPerformanceCodes
		if codes == nil {
			codes = []string{}
		}
		if err := db.conn(ctx).Raw(`INSERT INTO suggestion_verifications (suggestion_id, on_date, result, non_performance_codes, notes, created_by)
			VALUES (?, ?, ?, ?::jsonb, ?, ?) RETURNING id`, id, v.On.String(), v.Result, mustJSON(codes), v.Notes, actorFrom(ctx).UserID).
			Scan(&v.ID).Error; err != nil {
			return translate(err)
		}
		if err := db.afterRecord(ctx, before, s, domain.ActVerify); err != nil {
			return err
		}
		out = v
		return db.audit(ctx, "verify", "suggestion", id, s.UnitID, nil, map[string]any{"verification_id": v.ID, "on": v.On.String(),
			"result": v.Result, "non_performance_codes": codes, "notes": v.Notes, "status": s.Status})
	})
	if err != nil {
		return domain.Verification{}, fmt.Errorf("add verification: %w", err)
	}
	return out, nil
}

// afterRecord saves the state a record caused, tells whose turn it is
// now, and logs the state change.
func (db *DB) afterRecord(ctx context.Context, before SuggestionRecord, after domain.Suggestion, action domain.SuggestionAction) error {
	if err := db.saveState(ctx, after); err != nil {
		return err
	}
	if err := db.handOff(ctx, false, before.ID); err != nil {
		return err
	}
	if after.Status == before.Status {
		return nil
	}
	return translate(db.conn(ctx).Exec(`INSERT INTO suggestion_transitions (suggestion_id, action, from_status, to_status, actor_id)
		VALUES (?, ?, ?, ?, ?)`, before.ID, string(action), string(before.Status), string(after.Status), actorFrom(ctx).UserID).Error)
}

// ReplyRecord is a reply with when it was recorded.
type ReplyRecord struct {
	domain.Reply
	CreatedAt time.Time
}

// FollowUpRecord is a follow-up with when it was recorded.
type FollowUpRecord struct {
	domain.FollowUp
	CreatedAt time.Time
}

// VerificationRecord is a verification with when it was recorded.
type VerificationRecord struct {
	domain.Verification
	CreatedAt time.Time
}
