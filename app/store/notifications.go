package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"procura/domain"
)

// holders selects the distinct active users holding one of roles in the
// unit of the record aliased rec (s or h, with its unit aliased un),
// granted there or (for roles that reach below) above it.
func holders(rec string, roles ...string) string {
	return `SELECT DISTINCT g.user_id FROM grants g JOIN units gu ON gu.id = g.unit_id JOIN users hu ON hu.id = g.user_id
	WHERE hu.active AND g.role IN ('` + strings.Join(roles, "', '") + `') AND (gu.id = ` + rec + `.unit_id OR (g.role IN ('admin', 'chief', 'supervisor') AND un.path LIKE gu.path || '/%'))`
}

// The handling prosecutor, as a one-row selection of user_id.
const handler = `SELECT s.handling_prosecutor_id AS user_id`

// lastTransition is the id of a suggestion's latest state change: a task
// entered anew (submitted again after a return) is a new round of it.
const lastTransition = `coalesce((SELECT max(t.id) FROM suggestion_transitions t WHERE t.suggestion_id = s.id), 0)::text`

// noticeRule is one kind of notification: to whom, while which condition
// on the record holds (the task is still to do; checked again whenever it
// is shown), made only within window, with its due date and stage. A
// change of stage brings the user's one item of the kind for the record
// back, unread, instead of adding another.
type noticeRule struct {
	kind    string
	hearing bool
	to      string
	open    string
	window  string
	due     string
	stage   string
}

var noticeRules = []noticeRule{
	{kind: domain.NoticeAwaitingApproval, to: holders("s", "chief"), open: `s.status = 'pending_approval'`, stage: lastTransition},
	{kind: domain.NoticeToIssue, to: holders("s", "clerk"), open: `s.status = 'approved'`, stage: lastTransition},
	{kind: domain.NoticeReturned, to: handler, stage: lastTransition,
		open: `s.status = 'draft' AND (SELECT t.action FROM suggestion_transitions t WHERE t.suggestion_id = s.id ORDER BY t.id DESC LIMIT 1) = 'return'`},
	{kind: domain.NoticeReplyReceived, to: handler + ` UNION ` + holders("s", "supervisor"),
		open:  `(s.status IN ('replied', 'rectifying') OR (s.status = 'issued' AND EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = s.id)))`,
		stage: `(SELECT count(*) FROM suggestion_replies r WHERE r.suggestion_id = s.id)::text`},
	{kind: domain.NoticeReplyPending, to: handler + ` UNION ` + holders("s", "clerk"),
		open:  `EXISTS (SELECT 1 FROM pending_replies p WHERE p.suggestion_id = s.id AND p.state = 'pending')`,
		stage: `(SELECT max(p.id) FROM pending_replies p WHERE p.suggestion_id = s.id)::text`},
	{kind: domain.NoticeReplyDue, to: handler + ` UNION ` + holders("s", "clerk", "supervisor"),
		open:   `s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on IS NOT NULL`,
		window: `s.reply_due_on <= CAST(@today AS date) + 7`, due: `s.reply_due_on`,
		stage: `CASE WHEN s.reply_due_on < CAST(@today AS date) THEN 'overdue' WHEN s.reply_due_on <= CAST(@today AS date) + 3 THEN '3d' ELSE '7d' END`},
	{kind: domain.NoticeFilingDue, to: handler + ` UNION ` + holders("s", "clerk"),
		open: `s.doc_no IS NOT NULL AND s.filed_on IS NULL AND s.filing_due_on IS NOT NULL AND s.status NOT IN ('withdrawn', 'closed')`, due: `s.filing_due_on`,
		stage: `CASE WHEN s.filing_due_on < CAST(@today AS date) THEN 'overdue' WHEN s.filing_due_on <= CAST(@today AS date) + 1 THEN 'due' ELSE '' END`},
	{kind: domain.NoticeHearingProposed, hearing: true, to: holders("h", "chief"), open: `h.status = 'proposed'`},
	{kind: domain.NoticeHearingToSchedule, hearing: true, to: holders("h", "clerk"), open: `h.status = 'approved'`},
	{kind: domain.NoticeHearingToRecord, hearing: true, to: holders("h", "clerk"), open: `h.status = 'scheduled' AND h.starts_at < now()`,
		due: `CAST(timezone('Asia/Shanghai', h.starts_at) AS date)`},
	{kind: domain.NoticeHearingMajorityAgainst, hearing: true, to: holders("h", "chief"), open: `h.status = 'held' AND NOT h.departure_approved AND ` + majorityAgainst},
}

// majorityAgainst: more of the hearing's counted officers (present, no
// conflict, not recused) disagree with the proposed decision than agree,
// as domain.Majority counts them.
const majorityAgainst = `(SELECT count(*) FILTER (WHERE p.position = 'disagree') > count(*) FILTER (WHERE p.position = 'agree')
	FROM hearing_participants p WHERE p.hearing_id = h.id AND p.role = 'hearing_officer' AND p.attended AND NOT p.conflict AND p.recusal_outcome <> 'granted')`

func (r noticeRule) insertSQL() string {
	rec, table, col := "s", "suggestions", "suggestion_id"
	if r.hearing {
		rec, table, col = "h", "hearings", "hearing_id"
	}
	window, due, stage := "true", "NULL::date", "''"
	if r.window != "" {
		window = r.window
	}
	if r.due != "" {
		due = r.due
	}
	if r.stage != "" {
		stage = r.stage
	}
	return `INSERT INTO notifications AS n (user_id, kind, ` + col + `, subject, due_on, stage, title_zh, title_en, dedupe_key)
		SELECT r.user_id, @kind, ` + rec + `.id, ` + rec + `.title, ` + due + `, ` + stage + `, '', '', @kind || ':` + rec + `' || ` + rec + `.id || ':' || r.user_id
		FROM ` + table + ` ` + rec + ` JOIN units un ON un.id = ` + rec + `.unit_id CROSS JOIN LATERAL (` + r.to + `) r
		WHERE r.user_id IS NOT NULL AND (` + r.open + `) AND (` + window + `) AND (CAST(@id AS bigint) = 0 OR ` + rec + `.id = @id)
		ON CONFLICT (dedupe_key) DO UPDATE SET subject = excluded.subject, due_on = excluded.due_on, stage = excluded.stage,
			created_at = now(), read_at = NULL
		WHERE n.stage IS DISTINCT FROM excluded.stage OR n.due_on IS DISTINCT FROM excluded.due_on`
}

// openSQL is true while a notification's task is still to do, for a row n
// joined with its suggestion s and hearing h.
var openSQL = func() string {
	var b strings.Builder
	b.WriteString("CASE n.kind")
	for _, r := range noticeRules {
		b.WriteString(" WHEN '" + r.kind + "' THEN coalesce((" + r.open + "), false)")
	}
	b.WriteString(" ELSE true END")
	return b.String()
}()

// GenerateReminders makes the notifications due on today for every
// record: tasks waiting for someone, replies due within 7 days or
// overdue, filings due. It is idempotent; it returns how many
// notifications it added or brought back.
func (db *DB) GenerateReminders(ctx context.Context, today domain.Date) (int64, error) {
	var total int64
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		total, err = db.notify(ctx, today, false, 0)
		if err != nil {
			return err
		}
		n, err := db.notify(ctx, today, true, 0)
		total += n
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("generate reminders: %w", err)
	}
	return total, nil
}

// notify runs the rules of suggestions (or hearings) for the record id (0:
// all) in the transaction of ctx.
func (db *DB) notify(ctx context.Context, today domain.Date, hearings bool, id int64) (int64, error) {
	var total int64
	for _, r := range noticeRules {
		if r.hearing != hearings {
			continue
		}
		res := db.conn(ctx).Exec(r.insertSQL(), map[string]any{"today": today.String(), "kind": r.kind, "id": id})
		if res.Error != nil {
			return 0, fmt.Errorf("%s: %w", r.kind, translate(res.Error))
		}
		total += res.RowsAffected
	}
	return total, nil
}

// handOff tells the next people of a suggestion (or hearing) that changed
// in the transaction of ctx that it is their turn.
func (db *DB) handOff(ctx context.Context, hearing bool, id int64) error {
	_, err := db.notify(ctx, domain.DateOf(time.Now(), domain.Shanghai), hearing, id)
	return err
}

// Notification is an in-app message to one user. Open says its task is
// still to do (always true for a message without a task).
type Notification struct {
	ID           int64
	Kind         string
	SuggestionID *int64
	HearingID    *int64
	Subject      string
	DueOn        *time.Time
	TitleZh      string
	TitleEn      string
	CreatedAt    time.Time
	ReadAt       *time.Time
	Open         bool
}

// Due is the notification's due date, zero when it has none.
func (n Notification) Due() domain.Date { return dateOf(n.DueOn) }

// NotificationFilter selects a user's notifications.
type NotificationFilter struct {
	UserID   int64
	Unread   bool   // unread and still to do
	OpenOnly bool   // still to do, read or not
	Kind     string // "" for all
	BeforeID int64
	Limit    int
}

const notificationColumns = `n.id, n.kind, n.suggestion_id, n.hearing_id, coalesce(s.title, h.title, n.subject) AS subject, n.due_on,
	n.title_zh, n.title_en, n.created_at, n.read_at, `

const notificationJoins = ` FROM notifications n LEFT JOIN suggestions s ON s.id = n.suggestion_id LEFT JOIN hearings h ON h.id = n.hearing_id`

// ListNotifications returns a user's notifications, newest first, and
// the number unread whose task is still to do (a task done by someone
// else no longer counts).
func (db *DB) ListNotifications(ctx context.Context, f NotificationFilter) ([]Notification, int64, error) {
	where, args := []string{"n.user_id = ?"}, []any{f.UserID}
	if f.Unread {
		where = append(where, "n.read_at IS NULL", openSQL)
	}
	if f.OpenOnly {
		where = append(where, openSQL)
	}
	if f.Kind != "" {
		where = append(where, "n.kind = ?")
		args = append(args, f.Kind)
	}
	if f.BeforeID > 0 {
		where = append(where, "n.id < ?")
		args = append(args, f.BeforeID)
	}
	var out []Notification
	if err := db.conn(ctx).Raw(`SELECT `+notificationColumns+openSQL+` AS open`+notificationJoins+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY n.id DESC LIMIT ?`, append(args, f.Limit)...).Scan(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("notifications: %w", translate(err))
	}
	var unread int64
	if err := db.conn(ctx).Raw(`SELECT count(*)`+notificationJoins+` WHERE n.user_id = ? AND n.read_at IS NULL AND `+openSQL, f.UserID).
		Scan(&unread).Error; err != nil {
		return nil, 0, fmt.Errorf("notifications: %w", translate(err))
	}
	return out, unread, nil
}

// TodoGroup is one kind of task waiting for a user: how many, and the
// first few (soonest due first, then newest).
type TodoGroup struct {
	Kind  string
	Count int64
	Items []Notification
}

// Todo returns the user's tasks still to do, by kind in the order of
// domain.NoticeKinds, with up to perKind items each.
func (db *DB) Todo(ctx context.Context, userID int64, perKind int) ([]TodoGroup, error) {
	var rows []struct {
		Notification
		Total int64
	}
	if err := db.conn(ctx).Raw(`SELECT * FROM (SELECT `+notificationColumns+`true AS open,
			count(*) OVER (PARTITION BY n.kind) AS total,
			row_number() OVER (PARTITION BY n.kind ORDER BY n.due_on NULLS LAST, n.id DESC) AS rn`+notificationJoins+`
		WHERE n.user_id = ? AND `+openSQL+`) x WHERE rn <= ? ORDER BY rn`, userID, perKind).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("to-do: %w", translate(err))
	}
	byKind := map[string]*TodoGroup{}
	for _, r := range rows {
		g := byKind[r.Kind]
		if g == nil {
			g = &TodoGroup{Kind: r.Kind, Count: r.Total}
			byKind[r.Kind] = g
		}
		g.Items = append(g.Items, r.Notification)
	}
	out := []TodoGroup{}
	for _, k := range domain.NoticeKinds {
		if g := byKind[k]; g != nil {
			out = append(out, *g)
		}
	}
	return out, nil
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

// MarkNotificationIDsRead marks those of ids that are the user's as read
// and says how many it marked; ids of other users' notifications are
// passed over, as if they did not exist.
func (db *DB) MarkNotificationIDsRead(ctx context.Context, userID int64, ids []int64) (int64, error) {
	var n int64
	err := db.WithTx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx).Exec(`UPDATE notifications SET read_at = now() WHERE user_id = ? AND read_at IS NULL AND id IN ?`, userID, ids)
		if q.Error != nil {
			return translate(q.Error)
		}
		n = q.RowsAffected
		return db.audit(ctx, "read", "notification", 0, 0, nil, map[string]any{"count": n, "ids": ids})
	})
	return n, err
}
