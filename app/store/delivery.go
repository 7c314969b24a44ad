package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"procura/domain"
)

// DeliveryLink is a recipient's way to its suggestion (the token itself is
// never stored).
type DeliveryLink struct {
	ID             int64
	SuggestionID   int64
	ExpiresOn      domain.Date
	CreatedBy      string
	CreatedAt      time.Time
	RevokedAt      *time.Time
	AcknowledgedAt *time.Time
	AcknowledgedIP string
}

type deliveryLinkRow struct {
	ID             int64
	SuggestionID   int64
	ExpiresOn      time.Time
	CreatedBy      string
	CreatedAt      time.Time
	RevokedAt      *time.Time
	AcknowledgedAt *time.Time
	AcknowledgedIP string
}

func (r deliveryLinkRow) link() DeliveryLink {
	return DeliveryLink{ID: r.ID, SuggestionID: r.SuggestionID, ExpiresOn: domain.DateOf(r.ExpiresOn, time.UTC), CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt, RevokedAt: r.RevokedAt, AcknowledgedAt: r.AcknowledgedAt, AcknowledgedIP: r.AcknowledgedIP}
}

const deliveryLinkSelect = `SELECT l.id, l.suggestion_id, l.expires_on, u.name AS created_by, l.created_at, l.revoked_at, l.acknowledged_at, l.acknowledged_ip
	FROM delivery_links l JOIN users u ON u.id = l.created_by`

// CreateDeliveryLink makes the link of a suggestion for the token whose
// SHA-256 is tokenHash, revoking the links made before (a recipient has
// one live link). check runs under the suggestion's row lock and returns
// the link's expiry.
func (db *DB) CreateDeliveryLink(ctx context.Context, suggestionID int64, tokenHash string,
	check func(domain.Suggestion) (domain.Date, error)) (DeliveryLink, error) {
	var out DeliveryLink
	err := db.WithTx(ctx, func(ctx context.Context) error {
		rec, err := db.lockSuggestion(ctx, suggestionID)
		if err != nil {
			return err
		}
		expires, err := check(rec.Suggestion)
		if err != nil {
			return err
		}
		a := actorFrom(ctx)
		c := db.conn(ctx)
		var revoked []int64
		if err := c.Raw(`UPDATE delivery_links SET revoked_at = now(), revoked_by = ? WHERE suggestion_id = ? AND revoked_at IS NULL RETURNING id`,
			a.UserID, suggestionID).Scan(&revoked).Error; err != nil {
			return translate(err)
		}
		var id int64
		if err := c.Raw(`INSERT INTO delivery_links (suggestion_id, token_hash, expires_on, created_by) VALUES (?, ?, ?, ?) RETURNING id`,
			suggestionID, tokenHash, expires.String(), a.UserID).Scan(&id).Error; err != nil {
			return translate(err)
		}
		var row deliveryLinkRow
		if err := c.Raw(deliveryLinkSelect+` WHERE l.id = ?`, id).Scan(&row).Error; err != nil {
			return translate(err)
		}
		out = row.link()
		return db.audit(ctx, "create_delivery_link", "suggestion", suggestionID, rec.UnitID, nil,
			map[string]any{"link_id": id, "expires_on": expires.String(), "revoked": revoked})
	})
	if err != nil {
		return DeliveryLink{}, fmt.Errorf("create delivery link: %w", err)
	}
	return out, nil
}

// DeliveryLinks lists the links of a suggestion, newest first.
func (db *DB) DeliveryLinks(ctx context.Context, suggestionID int64) ([]DeliveryLink, error) {
	var rows []deliveryLinkRow
	if err := db.conn(ctx).Raw(deliveryLinkSelect+` WHERE l.suggestion_id = ? ORDER BY l.id DESC`, suggestionID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("delivery links: %w", translate(err))
	}
	out := make([]DeliveryLink, len(rows))
	for i, r := range rows {
		out[i] = r.link()
	}
	return out, nil
}

// DeliveryLinkSuggestion is the suggestion a link belongs to, for
// authorising a change to the link.
func (db *DB) DeliveryLinkSuggestion(ctx context.Context, linkID int64) (SuggestionRecord, error) {
	var sid int64
	if err := db.conn(ctx).Raw(`SELECT suggestion_id FROM delivery_links WHERE id = ?`, linkID).Scan(&sid).Error; err != nil {
		return SuggestionRecord{}, translate(err)
	}
	if sid == 0 {
		return SuggestionRecord{}, domain.ErrNotFound
	}
	return db.GetSuggestion(ctx, sid)
}

// RevokeDeliveryLink ends a link at once; revoking a revoked link changes
// nothing.
func (db *DB) RevokeDeliveryLink(ctx context.Context, linkID int64) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		rec, err := db.DeliveryLinkSuggestion(ctx, linkID)
		if err != nil {
			return err
		}
		res := db.conn(ctx).Exec(`UPDATE delivery_links SET revoked_at = now(), revoked_by = ? WHERE id = ? AND revoked_at IS NULL`,
			actorFrom(ctx).UserID, linkID)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return db.audit(ctx, "revoke_delivery_link", "suggestion", rec.ID, rec.UnitID, nil, map[string]any{"link_id": linkID})
	})
}

// HashToken is how a delivery token is kept: its SHA-256, in hex.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ResolveDeliveryLink finds the link of a token and its suggestion;
// domain.ErrNotFound when no link has it. Whether it is revoked or expired is
// the caller's to judge.
func (db *DB) ResolveDeliveryLink(ctx context.Context, token string) (DeliveryLink, SuggestionRecord, error) {
	var row deliveryLinkRow
	if err := db.conn(ctx).Raw(deliveryLinkSelect+` WHERE l.token_hash = ?`, HashToken(token)).Scan(&row).Error; err != nil {
		return DeliveryLink{}, SuggestionRecord{}, translate(err)
	}
	if row.ID == 0 {
		return DeliveryLink{}, SuggestionRecord{}, domain.ErrNotFound
	}
	rec, err := db.GetSuggestion(ctx, row.SuggestionID)
	return row.link(), rec, err
}

// RecordPortalVisit audits a recipient's look at its link.
func (db *DB) RecordPortalVisit(ctx context.Context, link DeliveryLink, rec SuggestionRecord, what string) error {
	return db.RecordAccessEvent(ctx, "portal_"+what, "suggestion", rec.ID, rec.UnitID, map[string]any{"link_id": link.ID})
}

// AcknowledgeService records the recipient's confirmation of receipt
// through its link; serve (under the suggestion's row lock) decides
// whether that serves the suggestion, which is then saved with its new
// deadline. A second confirmation changes nothing.
func (db *DB) AcknowledgeService(ctx context.Context, linkID int64, serve func(domain.Suggestion) (domain.Suggestion, bool)) (SuggestionRecord, error) {
	var out SuggestionRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		owner, err := db.DeliveryLinkSuggestion(ctx, linkID)
		if err != nil {
			return err
		}
		before, err := db.lockSuggestion(ctx, owner.ID)
		if err != nil {
			return err
		}
		a := actorFrom(ctx)
		res := db.conn(ctx).Exec(`UPDATE delivery_links SET acknowledged_at = now(), acknowledged_ip = ? WHERE id = ? AND acknowledged_at IS NULL`,
			a.ClientIP, linkID)
		if res.Error != nil {
			return translate(res.Error)
		}
		out = before
		if res.RowsAffected == 0 {
			return nil
		}
		if next, ok := serve(before.Suggestion); ok {
			if err := db.saveState(ctx, next); err != nil {
				return err
			}
			if out, err = db.GetSuggestion(ctx, before.ID); err != nil {
				return err
			}
		}
		return db.audit(ctx, "acknowledge_service", "suggestion", before.ID, before.UnitID, suggestionSnapshot(before.Suggestion),
			map[string]any{"link_id": linkID, "served_on": out.ServedOn.String(), "reply_due_on": out.ReplyDueOn.String()})
	})
	if err != nil {
		return SuggestionRecord{}, fmt.Errorf("acknowledge service: %w", err)
	}
	return out, nil
}
