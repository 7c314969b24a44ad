package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"procura/domain"
)

// Actor is who makes a change, and from where; handlers put it in the
// context and every audit event reads it from there.
type Actor struct {
	UserID    int64
	Username  string
	UnitID    int64
	RequestID string
	ClientIP  string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

func actorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// ActorFrom returns the actor ctx carries (the zero Actor when none): a
// statement tracer tells by it what ran on behalf of a signed-in user.
func ActorFrom(ctx context.Context) Actor { return actorFrom(ctx) }

// AuditEvent is one row of the audit log.
type AuditEvent struct {
	ID        int64
	At        time.Time
	ActorID   int64
	Actor     string // the account name as signed in (or typed, for a failed sign-in)
	ActorName string // the person's name, "" when the account is unknown
	UnitID    int64
	Action    string
	Entity    string
	EntityID  string
	// EntityLabel names the record in words: a suggestion's 文号 (its
	// title before issue), a hearing's title, a person's or an account's
	// name, a unit's name, a case's unified number, a session's account
	// (its owner's, or the actor's once the session is gone); "" when none.
	EntityLabel string
	Before      json.RawMessage
	After       json.RawMessage
	RequestID   string
	ClientIP    string
}

type auditRow struct {
	ID          int64
	At          time.Time
	ActorID     *int64
	Actor       string
	ActorName   string
	EntityLabel string
	UnitID      *int64
	Action      string
	Entity      string
	EntityID    string
	Before      []byte
	After       []byte
	RequestID   string
	ClientIP    string
}

// audit appends an event in the transaction of ctx (or on its own). unitID
// is the unit the entity belongs to (0: none); before and after are
// marshalled to JSON (nil: none).
func (db *DB) audit(ctx context.Context, action, entity string, entityID int64, unitID int64, before, after any) error {
	id := ""
	if entityID != 0 {
		id = strconv.FormatInt(entityID, 10)
	}
	return db.auditKey(ctx, action, entity, id, unitID, before, after)
}

// auditKey is audit for an entity identified by a string (a code).
func (db *DB) auditKey(ctx context.Context, action, entity, id string, unitID int64, before, after any) error {
	a := actorFrom(ctx)
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	af, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	err = db.conn(ctx).Exec(`INSERT INTO audit_events (actor_id, actor, unit_id, action, entity, entity_id, before, after, request_id, client_ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(a.UserID), a.Username, nullID(unitID), action, entity, id, b, af, a.RequestID, a.ClientIP).Error
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, entity, err)
	}
	db.dropCachedDetails(ctx, action, entity, id)
	return nil
}

// RecordAccessEvent appends an event that is not part of a change: a
// sign-in, a sign-out, a denied access.
func (db *DB) RecordAccessEvent(ctx context.Context, action, entity string, entityID int64, unitID int64, details any) error {
	return db.audit(ctx, action, entity, entityID, unitID, nil, details)
}

// AuditFilter selects audit events. Events of units outside Scope are
// never returned; events without a unit only when IncludeUnitless.
type AuditFilter struct {
	Scope           domain.Scope
	IncludeUnitless bool
	Actor           string
	Entity          string
	EntityID        string
	Action          string
	From, To        time.Time // zero: open
	BeforeID        int64     // keyset cursor: events older than this id
	Limit           int
}

// auditActorName is the name of an audit event e's actor.
const auditActorName = `coalesce((SELECT au.name FROM users au WHERE au.id = e.actor_id), '')`

// auditEntityLabel names the record of an audit event e in words (see
// AuditEvent.EntityLabel); each branch probes a primary key, and only ids
// of digits are looked up.
const auditEntityLabel = `coalesce(CASE WHEN e.entity_id ~ '^[0-9]{1,18}$' THEN CASE e.entity
		WHEN 'suggestion' THEN (SELECT coalesce(x.doc_no, x.title) FROM suggestions x WHERE x.id = e.entity_id::bigint)
		WHEN 'hearing' THEN (SELECT x.title FROM hearings x WHERE x.id = e.entity_id::bigint)
		WHEN 'user' THEN (SELECT x.name || ' (' || x.username || ')' FROM users x WHERE x.id = e.entity_id::bigint)
		WHEN 'unit' THEN (SELECT x.name FROM units x WHERE x.id = e.entity_id::bigint)
		WHEN 'case' THEN (SELECT x.unified_no FROM cases x WHERE x.id = e.entity_id::bigint)
		WHEN 'person' THEN (SELECT x.name FROM persons x WHERE x.id = e.entity_id::bigint)
		WHEN 'hearing_officer' THEN (SELECT p.name FROM hearing_officers x JOIN persons p ON p.id = x.person_id WHERE x.id = e.entity_id::bigint)
		WHEN 'import' THEN (SELECT x.filename FROM imports x WHERE x.id = e.entity_id::bigint)
		WHEN 'session' THEN coalesce((SELECT su.name || ' (' || su.username || ')' FROM sessions x JOIN users su ON su.id = x.user_id
			WHERE x.id = e.entity_id::bigint), (SELECT au.name || ' (' || au.username || ')' FROM users au WHERE au.id = e.actor_id))
		END END, '')`

// ListAuditEvents returns events newest first.
func (db *DB) ListAuditEvents(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	cond, args := scopeCondition("u.path", f.Scope)
	unitCond := "e.unit_id IN (SELECT u.id FROM units u WHERE " + cond + ")"
	if f.IncludeUnitless {
		unitCond = "(" + unitCond + " OR e.unit_id IS NULL)"
	}
	q := db.conn(ctx).Table("audit_events e").Where(unitCond, args...)
	if f.Actor != "" {
		q = q.Where("e.actor = ?", f.Actor)
	}
	if f.Entity != "" {
		q = q.Where("e.entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		q = q.Where("e.entity_id = ?", f.EntityID)
	}
	if f.Action != "" {
		q = q.Where("e.action = ?", f.Action)
	}
	if !f.From.IsZero() {
		q = q.Where("e.at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("e.at < ?", f.To)
	}
	if f.BeforeID > 0 {
		q = q.Where("e.id < ?", f.BeforeID)
	}
	var rows []auditRow
	if err := q.Select("e.*, " + auditActorName + " AS actor_name, " + auditEntityLabel + " AS entity_label").Order("e.id DESC").Limit(f.Limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list audit events: %w", translate(err))
	}
	out := make([]AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = r.toEvent()
	}
	return out, nil
}

func (r auditRow) toEvent() AuditEvent {
	return AuditEvent{ID: r.ID, At: r.At, ActorID: deref(r.ActorID), Actor: r.Actor, ActorName: r.ActorName, UnitID: deref(r.UnitID),
		Action: r.Action, Entity: r.Entity, EntityID: r.EntityID, EntityLabel: r.EntityLabel, Before: r.Before, After: r.After,
		RequestID: r.RequestID, ClientIP: r.ClientIP}
}

func jsonOrNil(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: marshal: %w", err)
	}
	return b, nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// Snapshots: what the audit log keeps of a record, with the API's
// snake_case names, so that before/after read the same as the API.

func unitSnapshot(u domain.Unit) map[string]any {
	return map[string]any{"id": u.ID, "code": u.Code, "name": u.Name, "short_name": u.ShortName, "level": u.Level,
		"parent_id": nullID(u.ParentID), "path": u.Path, "active": u.Active, "version": u.Version,
		"name_en": englishName(u.NameEn), "short_name_en": englishName(u.ShortNameEn)}
}

func grantsSnapshot(gs []domain.Grant) []map[string]any {
	out := make([]map[string]any, len(gs))
	for i, g := range gs {
		out[i] = map[string]any{"role": g.Role, "unit_id": g.UnitID, "unit_code": g.UnitCode}
	}
	return out
}

func userSnapshot(u domain.User) map[string]any {
	return map[string]any{"id": u.ID, "username": u.Username, "name": u.Name, "unit_id": u.UnitID, "unit_code": u.UnitCode,
		"active": u.Active, "must_change_password": u.MustChangePassword, "version": u.Version, "grants": grantsSnapshot(u.Grants)}
}
