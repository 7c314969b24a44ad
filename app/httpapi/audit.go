package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type auditEventResponse struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	Actor     string          `json:"actor"`
	ActorID   *int64          `json:"actor_id"`
	UnitID    *int64          `json:"unit_id"`
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  string          `json:"entity_id"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
	RequestID string          `json:"request_id"`
	ClientIP  string          `json:"client_ip"`

	// ActorName is the actor's name ("" for an unknown account; actor is
	// the account name). EntityLabel names the record in words: a
	// suggestion's 文号 or title, a hearing's title, a name ("" if none).
	ActorName   string `json:"actor_name"`
	EntityLabel string `json:"entity_label"`
}

func (s *Server) registerAuditRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/audit-events", Tag: "audit", Access: Access{Resource: "audit", Action: "read"},
		Summary:  "The audit log of the caller's scope, newest first",
		Query:    []string{"actor", "entity", "entity_id", "action", "from", "to", "limit:integer", "cursor"},
		Response: listResponse[auditEventResponse]{}, Handler: s.listAuditEvents})
}

func (s *Server) listAuditEvents(c echo.Context) error {
	limit, before, err := pageParams(c)
	if err != nil {
		return err
	}
	var v domain.Validator
	from, to := queryTime(c, "from", &v), queryTime(c, "to", &v)
	if err := v.Err(); err != nil {
		return err
	}
	if d := c.QueryParam("to"); len(d) == len(time.DateOnly) && !to.IsZero() {
		to = to.AddDate(0, 0, 1) // a date "to" includes that whole day
	}
	scope := s.authz.Scope(caller(c).User.ID, "audit", "read")
	events, err := s.accounts.ListAuditEvents(c.Request().Context(), store.AuditFilter{
		Scope: scope, IncludeUnitless: coversRoot(scope),
		Actor: strings.TrimSpace(c.QueryParam("actor")), Entity: c.QueryParam("entity"), EntityID: c.QueryParam("entity_id"),
		Action: c.QueryParam("action"), From: from, To: to, BeforeID: before, Limit: limit,
	})
	if err != nil {
		return err
	}
	out := make([]auditEventResponse, len(events))
	for i, e := range events {
		out[i] = toAuditEventResponse(e)
	}
	var last int64
	if len(events) > 0 {
		last = events[len(events)-1].ID
	}
	return c.JSON(http.StatusOK, listResponse[auditEventResponse]{Items: out, NextCursor: nextCursor(len(events), limit, last)})
}

// coversRoot reports whether the scope reaches a whole top-level tree;
// only then are events without a unit (sign-ins of unknown names) shown.
func coversRoot(s domain.Scope) bool {
	_, roots := s.Split()
	for _, r := range roots {
		if strings.Count(r, "/") == 1 {
			return true
		}
	}
	return false
}

func idOrNil(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func rawOrNull(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("null")
	}
	return b
}

func toAuditEventResponse(e store.AuditEvent) auditEventResponse {
	return auditEventResponse{ID: e.ID, At: e.At.In(domain.Shanghai), Actor: e.Actor, ActorID: idOrNil(e.ActorID), UnitID: idOrNil(e.UnitID),
		Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, Before: rawOrNull(e.Before), After: rawOrNull(e.After),
		RequestID: e.RequestID, ClientIP: e.ClientIP, ActorName: e.ActorName, EntityLabel: e.EntityLabel}
}
