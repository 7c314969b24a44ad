package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

const (
	sessionCookie = "procura_session"
	csrfHeader    = "X-CSRF-Token"
	principalKey  = "procura.principal"
)

// principal is the signed-in caller of a request.
type principal struct {
	User    domain.User
	Session store.Session
}

// guard wraps a route's handler with its access rule: session, CSRF
// token, forced password change and, for collection routes, the
// permission in at least one unit.
func (s *Server) guard(r Route) echo.HandlerFunc {
	return func(c echo.Context) error {
		// The request carries its actor for the audit log: anonymous while
		// the session is resolved, then the signed-in user. The request is
		// copied once, with the actor the handler sees.
		actor := store.Actor{RequestID: requestID(c), ClientIP: c.RealIP()}
		if err := checkParams(c); err != nil {
			return err
		}
		if r.Access.Public {
			c.SetRequest(c.Request().WithContext(store.WithActor(c.Request().Context(), actor)))
			return r.Handler(c)
		}
		p, err := s.sessionPrincipal(store.WithActor(c.Request().Context(), actor), c)
		if err != nil {
			return err
		}
		c.Set(principalKey, p)
		actor.UserID, actor.Username, actor.UnitID = p.User.ID, p.User.Username, p.User.UnitID
		c.SetRequest(c.Request().WithContext(store.WithActor(c.Request().Context(), actor)))
		if unsafeMethod(c.Request().Method) {
			got := c.Request().Header.Get(csrfHeader)
			if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.Session.CSRFToken)) != 1 {
				return s.denied(c, domain.ErrCSRF, r.Access.Resource, 0)
			}
		}
		if p.User.MustChangePassword && !r.Access.DuringPasswordChange {
			return domain.ErrPasswordChangeRequired
		}
		if r.Access.Resource != "" && !r.Access.Targeted &&
			s.authz.Scope(p.User.ID, r.Access.Resource, r.Access.Action).Empty() {
			return s.denied(c, domain.ErrForbidden, r.Access.Resource, 0)
		}
		return r.Handler(c)
	}
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// sessionPrincipal resolves the session cookie, in ctx.
func (s *Server) sessionPrincipal(ctx context.Context, c echo.Context) (principal, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return principal{}, domain.ErrUnauthenticated
	}
	sess, user, err := s.accounts.SessionUser(ctx, tokenHash(ck.Value), s.sessions, s.now())
	if err != nil {
		return principal{}, err
	}
	return principal{User: user, Session: sess}, nil
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// caller returns the principal the guard stored.
func caller(c echo.Context) principal {
	p, _ := c.Get(principalKey).(principal)
	return p
}

// authorize checks that the caller may do act on a record of resource in
// unit: 404 when the unit is outside every unit the caller can see (so
// that existence is not revealed), 403 when it is visible but the action
// is not granted there.
func (s *Server) authorize(c echo.Context, resource, act string, unit domain.Unit) error {
	p := caller(c)
	if s.authz.Allowed(p.User.ID, unit.Path, resource, act) {
		return nil
	}
	if !s.authz.Allowed(p.User.ID, unit.Path, "unit", "read") {
		return s.denied(c, domain.ErrNotFound, resource, unit.ID)
	}
	return s.denied(c, domain.ErrForbidden, resource, unit.ID)
}

// denied records a refused access in the audit log and returns err. When
// the database is unavailable the refusal cannot be recorded, and the
// answer is 503 (try again), not a refusal that left no trace.
func (s *Server) denied(c echo.Context, err error, resource string, unitID int64) error {
	status := http.StatusForbidden
	if errors.Is(err, domain.ErrNotFound) {
		status = http.StatusNotFound
	}
	if rerr := s.accounts.RecordAccessEvent(c.Request().Context(), "access_denied", resource, 0, unitID, map[string]any{
		"method": c.Request().Method, "path": c.Request().URL.Path, "status": status,
	}); rerr != nil {
		if store.Unavailable(rerr) {
			return fmt.Errorf("audit denied access: %w", rerr)
		}
		s.log.Error("audit denied access", "request_id", requestID(c), "error", rerr)
	}
	return err
}

// pathID parses the :id path parameter; a malformed id is simply absent.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.ErrNotFound
	}
	return id, nil
}
