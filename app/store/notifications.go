package store

import (
	"context"
	"fmt"
	"time"

	"procura/domain"
)

// holdersSQL selects the active users holding role in the unit of
// suggestion s, granted there or (for roles that reach below) above it.
const holdersSQL = `SELECT g.user_id FROM grants g JOIN units gu ON gu.id = g.unit_id JOIN users hu ON hu.id = g.user_id
	WHERE hu.active AND g.role = '%s' AND (gu.id = s.unit_id OR (g.role IN ('admin', 'chief', 'supervisor') AND un.path LIKE gu.path || '/%%'))`

// reminderRules are the reminders, each one INSERT … SELECT whose
// dedupe_key makes a rerun (or a second replica) add nothing new.
var reminderRules = []struct {
	kind, sql string
}{
	{"reply_due_7d", `SELECT r.user_id, s.id, '检察建议回复期限还有 7 天：' || s.title, 'Reply due in 7 days: ' || s.title,
		'due7:' || s.id || ':' || s.reply_due_on || ':' || r.user_id
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		CROSS JOIN LATERAL (SELECT s.handling_prosecutor_id AS user_id UNION ` + fmt.Sprintf(holdersSQL, "supervisor") + `) r
		WHERE s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on > CAST(@today AS date) + 1 AND s.reply_due_on <= CAST(@today AS date) + 7`},
	{"reply_due_1d", `SELECT r.user_id, s.id, '检察建议明日到期：' || s.title, 'Reply due tomorrow: ' || s.title,
		'due1:' || s.id || ':' || s.reply_due_on || ':' || r.user_id
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		CROSS JOIN LATERAL (SELECT s.handling_prosecutor_id AS user_id UNION ` + fmt.Sprintf(holdersSQL, "supervisor") + `) r
		WHERE s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on >= CAST(@today AS date) AND s.reply_due_on <= CAST(@today AS date) + 1`},
	{"overdue", `SELECT r.user_id, s.id, '检察建议逾期未回复：' || s.title, 'Reply overdue: ' || s.title,
		'overdue:' || s.id || ':' || CAST(@today AS date) || ':' || r.user_id
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		CROSS JOIN LATERAL (SELECT s.handling_prosecutor_id AS user_id UNION ` + fmt.Sprintf(holdersSQL, "supervisor") + `) r
		WHERE s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on < CAST(@today AS date)`},
	{"awaiting_approval", `SELECT r.user_id, s.id, '检察建议待您审批：' || s.title, 'Awaiting your approval: ' || s.title,
		'approval:' || s.id || ':' || s.version || ':' || r.user_id
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		CROSS JOIN LATERAL (` + fmt.Sprintf(holdersSQL, "chief") + `) r
		WHERE s.status = 'pending_approval'`},
	{"filing_due", `SELECT s.handling_prosecutor_id, s.id, '检察建议备案期限将至：' || s.title, 'Upward filing due: ' || s.title,
		'filing:' || s.id || ':' || s.filing_due_on
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		WHERE s.doc_no IS NOT NULL AND s.filed_on IS NULL AND s.status NOT IN ('withdrawn', 'closed') AND s.filing_due_on <= CAST(@today AS date) + 1`},
}

// GenerateReminders adds the reminders due on today: replies due in 7
// days and in 1 day, overdue replies (once a day), suggestions awaiting
// approval, and filings due. It is idempotent; it returns how many
// notifications it added.
func (db *DB) GenerateReminders(ctx context.Context, today domain.Date) (int64, error) {
	var total int64
	err := db.WithTx(ctx, func(ctx context.Context) error {
		for _, r := range reminderRules {
			res := db.conn(ctx).Exec(`INSERT INTO notifications (user_id, suggestion_id, title_zh, title_en, dedupe_key, kind)
				SELECT x.*, @kind FROM (`+r.sql+`) x ON CONFLICT (dedupe_key) DO NOTHING`, map[string]any{"today": today.String(), "kind": r.kind})
			if res.Error != nil {
				return fmt.Errorf("%s: %w", r.kind, translate(res.Error))
			}
			total += res.RowsAffected
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("generate reminders: %w", err)
	}
	return total, nil
}

// Notification is an in-app message to one user.
type Notification struct {
	ID           int64
	Kind         string
	SuggestionID *int64
	TitleZh      string
	TitleEn      string
	CreatedAt    time.Time
	ReadAt       *time.Time
}

// ListNotifications returns a user's notifications, newest first, and
// the number unread.
func (db *DB) ListNotifications(ctx context.Context, userID int64, unreadOnly bool, beforeID int64, limit int) ([]Notification, int64, error) {
	q := db.conn(ctx).Table("notifications").Where("user_id = ?", userID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	var out []Notification
	if err := q.Select("id, kind, suggestion_id, title_zh, title_en, created_at, read_at").Order("id DESC").Limit(limit).Scan(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("notifications: %w", translate(err))
	}
	var unread int64
	if err := db.conn(ctx).Raw(`SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&unread).Error; err != nil {
		return nil, 0, fmt.Errorf("notifications: %w", translate(err))
	}
	return out, unread, nil
}

// MarkNotificationsRead marks one notification (id > 0) or all of a
// user's as read. Errors: domain.ErrNotFound for another user's id.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID, id int64) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx).Exec(`UPDATE notifications SET read_at = now() WHERE user_id = ? AND read_at IS NULL AND (CAST(? AS bigint) = 0 OR id = ?)`, userID, id, id)
		if q.Error != nil {
			return translate(q.Error)
		}
		if id != 0 && q.RowsAffected == 0 {
			var n int64
			if err := db.conn(ctx).Raw(`SELECT count(*) FROM notifications WHERE id = ? AND user_id = ?`, id, userID).Scan(&n).Error; err != nil {
				return translate(err)
			}
			if n == 0 {
				return domain.ErrNotFound
			}
			return nil // already read
		}
		return db.audit(ctx, "read", "notification", id, 0, nil, map[string]any{"count": q.RowsAffected})
	})
}
