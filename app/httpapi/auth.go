package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type userSummary struct {
	ID                 int64  `json:"id"`
	Username           string `json:"username"`
	Name               string `json:"name"`
	MustChangePassword bool   `json:"must_change_password"`
}

type loginResponse struct {
	User      userSummary `json:"user"`
	CSRFToken string      `json:"csrf_token"`
}

type unitRef struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name,omitempty"`
	Level     string `json:"level,omitempty" enum:"unit_level"`
}

type grantResponse struct {
	Role     string `json:"role" enum:"role"`
	UnitID   int64  `json:"unit_id"`
	UnitCode string `json:"unit_code"`
	UnitName string `json:"unit_name"`
}

type meResponse struct {
	User        userSummary     `json:"user"`
	Unit        unitRef         `json:"unit"`
	Grants      []grantResponse `json:"grants"`
	Permissions []string        `json:"permissions"`
	CSRFToken   string          `json:"csrf_token"`
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (s *Server) registerAuthRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodPost, Path: "/auth/login", Tag: "auth", Access: public,
		Summary: "Sign in; sets the session cookie", Body: loginRequest{}, Response: loginResponse{}, Handler: s.login})
	s.add(g, Route{Method: http.MethodGet, Path: "/auth/me", Tag: "auth", Access: Access{DuringPasswordChange: true},
		Summary: "The signed-in user, unit, grants and permissions", Response: meResponse{}, Handler: s.me})
	s.add(g, Route{Method: http.MethodPost, Path: "/auth/logout", Tag: "auth", Access: Access{DuringPasswordChange: true},
		Summary: "Sign out", Status: http.StatusNoContent, Handler: s.logout})
	s.add(g, Route{Method: http.MethodPost, Path: "/auth/password", Tag: "auth", Access: Access{DuringPasswordChange: true},
		Summary: "Change one's own password", Body: passwordRequest{}, Status: http.StatusNoContent, Handler: s.changePassword})
}

func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	// Refused before anything is looked up or hashed: a NUL cannot reach
	// the database, nor 100 kB the password hash.
	if err := domain.ValidateLogin(req.Username, req.Password); err != nil {
		return err
	}
	ctx := c.Request().Context()
	key := strings.ToLower(strings.TrimSpace(req.Username))
	ip := c.RealIP()
	now := s.now()
	acc, found, err := s.accounts.LoginGate(ctx, key, ip, s.logins, now)
	if err != nil {
		if de, ok := domain.AsError(err); ok && de.Kind == domain.KindRateLimited {
			if rerr := s.accounts.RecordAccessEvent(ctx, "login_refused", "session", 0, acc.User.UnitID, map[string]any{"username": key}); rerr != nil {
				s.log.Error("audit refused login", "error", rerr)
			}
		}
		return err
	}
	var ok, stale bool
	if found {
		ok, stale = s.deps.Hasher.Check(req.Password, acc.PasswordHash)
	} else {
		s.deps.Hasher.Dummy(req.Password) // same time as a wrong password
	}
	if !ok {
		wait, err := s.accounts.RecordLoginFailure(ctx, key, ip, acc.User.ID, acc.User.UnitID, s.logins, now)
		if err != nil {
			return err
		}
		if wait > 0 { // this failure started a delay or a lock: say so at once
			return domain.ErrLoginLocked(wait)
		}
		return domain.ErrInvalidCredentials
	}
	if stale {
		s.rehash(ctx, acc, req.Password)
	}
	token, csrf := randomToken(), randomToken()
	sess, err := s.accounts.CreateSession(ctx, acc.User, tokenHash(token), csrf, s.sessions, now)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure:  c.IsTLS() || c.Request().Header.Get(echo.HeaderXForwardedProto) == "https",
		Expires: sess.ExpiresAt, MaxAge: int(s.sessions.Absolute / time.Second),
	})
	return c.JSON(http.StatusOK, loginResponse{User: toUserSummary(acc.User), CSRFToken: csrf})
}

// rehash replaces a stored hash made with older parameters, on a
// successful sign-in (the one time the password is at hand). A failure
// is logged: the old hash still verifies.
func (s *Server) rehash(ctx context.Context, acc store.LoginAccount, pw string) {
	hash, err := s.deps.Hasher.Hash(pw)
	if err == nil {
		err = s.accounts.RehashPassword(ctx, acc.User, acc.PasswordHash, hash)
	}
	if err != nil {
		s.log.Error("rehash password", "user", acc.User.ID, "error", err)
	}
}

func (s *Server) me(c echo.Context) error {
	p := caller(c)
	u, unit, err := s.accounts.GetAccount(c.Request().Context(), p.User.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, meResponse{
		User: toUserSummary(u), Unit: toUnitRef(unit), Grants: toGrantResponses(u.Grants),
		Permissions: s.authz.Permissions(u.ID), CSRFToken: p.Session.CSRFToken,
	})
}

func (s *Server) logout(c echo.Context) error {
	p := caller(c)
	if err := s.accounts.DeleteSession(c.Request().Context(), p.Session.ID, p.User); err != nil {
		return err
	}
	clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) changePassword(c echo.Context) error {
	var req passwordRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p := caller(c)
	ctx := c.Request().Context()
	now := s.now()
	if err := s.accounts.PasswordChangeGate(ctx, p.User.ID, s.passwordChanges, now); err != nil {
		return err
	}
	if err := domain.CheckPasswordInput("current_password", req.CurrentPassword); err != nil {
		return err
	}
	hash, err := s.accounts.PasswordHash(ctx, p.User.ID)
	if err != nil {
		return err
	}
	if !s.deps.Hasher.Verify(req.CurrentPassword, hash) {
		return s.wrongCurrentPassword(c, p, now)
	}
	if err := domain.ValidatePassword("new_password", p.User.Username, req.NewPassword); err != nil {
		return err
	}
	if req.NewPassword == req.CurrentPassword {
		return domain.Invalid(domain.Field("new_password", "unchanged", "Choose a password different from the current one.", "新密码不能与当前密码相同。"))
	}
	newHash, err := s.deps.Hasher.Hash(req.NewPassword)
	if err != nil {
		return err
	}
	if err := s.accounts.SetPassword(ctx, p.User.ID, newHash, false, p.Session.ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// wrongCurrentPassword counts a wrong current password: 422 at first, 429
// once the user must wait, and the session ends (401) after repeated ones.
func (s *Server) wrongCurrentPassword(c echo.Context, p principal, now time.Time) error {
	ended, wait, err := s.accounts.RecordPasswordFailure(c.Request().Context(), p.User, p.Session.ID, s.passwordChanges, now)
	switch {
	case err != nil:
		return err
	case ended:
		clearSessionCookie(c)
		return domain.ErrSessionEnded
	case wait > 0:
		return domain.ErrPasswordAttempts(wait)
	}
	return domain.ErrWrongPassword
}

func clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func toUserSummary(u domain.User) userSummary {
	return userSummary{ID: u.ID, Username: u.Username, Name: u.Name, MustChangePassword: u.MustChangePassword}
}

func toUnitRef(u domain.Unit) unitRef {
	return unitRef{ID: u.ID, Code: u.Code, Name: u.Name, ShortName: u.ShortName, Level: string(u.Level)}
}

func toGrantResponses(gs []domain.Grant) []grantResponse {
	out := make([]grantResponse, len(gs))
	for i, g := range gs {
		out[i] = grantResponse{Role: string(g.Role), UnitID: g.UnitID, UnitCode: g.UnitCode, UnitName: g.UnitName}
	}
	return out
}
