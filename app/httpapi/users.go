package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/password"
	"procura/app/store"
	"procura/domain"
)

type userResponse struct {
	ID                 int64           `json:"id"`
	Username           string          `json:"username"`
	Name               string          `json:"name"`
	Unit               unitRef         `json:"unit"`
	Active             bool            `json:"active"`
	MustChangePassword bool            `json:"must_change_password"`
	Grants             []grantResponse `json:"grants"`
	Version            int             `json:"version"`
	// Locked: the account cannot sign in now from at least one address,
	// because its name is locked (LockedUntil, everywhere) or delayed after
	// failures at some address (DelayedUntil); POST /users/{id}/unlock
	// lifts both.
	Locked       bool       `json:"locked"`
	LockedUntil  *time.Time `json:"locked_until"`
	DelayedUntil *time.Time `json:"delayed_until"`
}

type grantRequest struct {
	Role   string `json:"role" enum:"role"`
	UnitID int64  `json:"unit_id"`
}

type createUserRequest struct {
	Username string         `json:"username"`
	Name     string         `json:"name"`
	UnitID   int64          `json:"unit_id"`
	Grants   []grantRequest `json:"grants"`
}

type createUserResponse struct {
	User              userResponse `json:"user"`
	TemporaryPassword string       `json:"temporary_password"`
}

// resetPasswordResponse carries the one-time password, shown once: the
// server keeps only its hash, and the user must change it at next sign-in.
type resetPasswordResponse struct {
	User              userResponse `json:"user"`
	TemporaryPassword string       `json:"temporary_password"`
}

type updateUserRequest struct {
	Name    *string `json:"name,omitempty"`
	UnitID  *int64  `json:"unit_id,omitempty"`
	Active  *bool   `json:"active,omitempty"`
	Version *int    `json:"version"`
}

type grantsRequest struct {
	Grants []grantRequest `json:"grants"`
}

var errOwnPasswordReset = &domain.Error{Kind: domain.KindForbidden, Code: "own_password_reset",
	Message: "Change your own password under Change password; a reset is for other accounts.", MessageZh: "请通过“修改密码”修改自己的密码；重置密码用于他人账号。"}

var errOwnGrants = &domain.Error{Kind: domain.KindForbidden, Code: "own_grants",
	Message: "Nobody changes their own grants; ask another administrator.", MessageZh: "不能修改自己的角色授权，请由其他管理员操作。"}

func (s *Server) registerUserRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/users", Tag: "users", Access: Access{Resource: "user", Action: "read"},
		Summary: "Accounts in the caller's scope", Query: []string{"unit_id:integer", "q", "active:boolean", "limit:integer", "cursor"},
		Response: listResponse[userResponse]{}, Handler: s.listUsers})
	s.add(g, Route{Method: http.MethodPost, Path: "/users", Tag: "users", Access: Access{Resource: "user", Action: "create", Targeted: true},
		Summary: "Create an account with a temporary password", Body: createUserRequest{}, Response: createUserResponse{},
		Status: http.StatusCreated, Handler: s.createUser})
	s.add(g, Route{Method: http.MethodPatch, Path: "/users/:id", Tag: "users", Access: Access{Resource: "user", Action: "update", Targeted: true},
		Summary: "Rename, move or (de)activate an account; deactivation ends its sessions", Body: updateUserRequest{},
		Response: userResponse{}, Handler: s.updateUser})
	s.add(g, Route{Method: http.MethodPut, Path: "/users/:id/grants", Tag: "users", Access: Access{Resource: "user", Action: "grant", Targeted: true},
		Summary: "Replace an account's role grants", Body: grantsRequest{}, Response: userResponse{}, Handler: s.replaceGrants})
	s.add(g, Route{Method: http.MethodPost, Path: "/users/:id/unlock", Tag: "users", Access: Access{Resource: "user", Action: "update", Targeted: true},
		Summary: "Lift the sign-in lock of an account and forget its failed sign-ins", Response: userResponse{}, Handler: s.unlockUser})
	s.add(g, Route{Method: http.MethodPost, Path: "/users/:id/reset-password", Tag: "users", Access: Access{Resource: "user", Action: "update", Targeted: true},
		Summary:  "Reset another account's password to a one-time password (answered once), to be changed at next sign-in; ends the account's sessions",
		Response: resetPasswordResponse{}, Handler: s.resetPassword})
}

func (s *Server) listUsers(c echo.Context) error {
	limit, after, err := pageParams(c)
	if err != nil {
		return err
	}
	var v domain.Validator
	unitID := queryID(c, "unit_id", &v)
	active := queryBool(c, "active", &v)
	if err := v.Err(); err != nil {
		return err
	}
	f := store.UserFilter{Scope: s.authz.Scope(caller(c).User.ID, "user", "read"), Q: strings.TrimSpace(c.QueryParam("q")),
		Active: active, AfterID: after, Limit: limit}
	if unitID != 0 {
		u, err := s.targetUnit(c, unitID, "user", "read")
		if err != nil {
			return err
		}
		f.UnitPath = u.Path
	}
	users, err := s.accounts.ListUsers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out, err := s.userResponses(c, users...)
	if err != nil {
		return err
	}
	var last int64
	if len(users) > 0 {
		last = users[len(users)-1].ID
	}
	return c.JSON(http.StatusOK, listResponse[userResponse]{Items: out, NextCursor: nextCursor(len(users), limit, last)})
}

// authorizeGrants checks that the caller may grant roles in each unit.
func (s *Server) authorizeGrants(c echo.Context, reqs []grantRequest) ([]domain.Grant, error) {
	grants := make([]domain.Grant, len(reqs))
	for i, g := range reqs {
		grants[i] = domain.Grant{Role: domain.Role(g.Role), UnitID: g.UnitID}
	}
	if err := domain.ValidateGrants(grants); err != nil {
		return nil, err
	}
	for _, g := range grants {
		if _, err := s.targetUnit(c, g.UnitID, "user", "grant"); err != nil {
			return nil, err
		}
	}
	return grants, nil
}

func (s *Server) createUser(c echo.Context) error {
	var req createUserRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.UnitID <= 0 {
		return domain.Invalid(domain.Required("unit_id"))
	}
	if _, err := s.targetUnit(c, req.UnitID, "user", "create"); err != nil {
		return err
	}
	grants, err := s.authorizeGrants(c, req.Grants)
	if err != nil {
		return err
	}
	temp, hash, err := s.temporaryPassword()
	if err != nil {
		return err
	}
	u, err := s.accounts.CreateUser(c.Request().Context(), domain.User{Username: strings.TrimSpace(req.Username), Name: req.Name,
		UnitID: req.UnitID, MustChangePassword: true, Grants: grants}, hash)
	if err != nil {
		return err
	}
	out, err := s.userResponses(c, u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createUserResponse{User: out[0], TemporaryPassword: temp})
}

// temporaryPassword makes a one-time password and its hash; the password
// is answered once and never stored.
func (s *Server) temporaryPassword() (temp, hash string, err error) {
	if temp, err = password.Temporary(); err != nil {
		return "", "", err
	}
	if hash, err = s.deps.Hasher.Hash(temp); err != nil {
		return "", "", err
	}
	return temp, hash, nil
}

// targetUser loads an account and authorises act in its unit.
func (s *Server) targetUser(c echo.Context, act string) (domain.User, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return domain.User{}, err
	}
	u, err := s.accounts.GetUser(c.Request().Context(), id)
	if err != nil {
		return domain.User{}, err
	}
	return u, s.authorize(c, "user", act, domain.Unit{ID: u.UnitID, Path: u.UnitPath})
}

func (s *Server) updateUser(c echo.Context) error {
	var req updateUserRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	u, err := s.targetUser(c, "update")
	if err != nil {
		return err
	}
	if req.Version == nil {
		return domain.Invalid(domain.Required("version"))
	}
	if req.UnitID != nil {
		if _, err := s.targetUnit(c, *req.UnitID, "user", "update"); err != nil {
			return err
		}
	}
	if req.Active != nil && !*req.Active && u.ID == caller(c).User.ID {
		return domain.Invalid(domain.Field("active", "self", "You cannot deactivate your own account.", "不能停用自己的账号。"))
	}
	updated, err := s.accounts.UpdateUser(c.Request().Context(), u.ID, *req.Version, store.UserPatch{Name: req.Name, UnitID: req.UnitID, Active: req.Active})
	if err != nil {
		return err
	}
	return s.respondUser(c, updated)
}

func (s *Server) replaceGrants(c echo.Context) error {
	var req grantsRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	u, err := s.targetUser(c, "grant")
	if err != nil {
		return err
	}
	if u.ID == caller(c).User.ID {
		return errOwnGrants
	}
	grants, err := s.authorizeGrants(c, req.Grants)
	if err != nil {
		return err
	}
	updated, err := s.accounts.ReplaceGrants(c.Request().Context(), u.ID, grants)
	if err != nil {
		return err
	}
	return s.respondUser(c, updated)
}

func (s *Server) unlockUser(c echo.Context) error {
	u, err := s.targetUser(c, "update")
	if err != nil {
		return err
	}
	if err := s.accounts.UnlockUser(c.Request().Context(), u.ID, s.logins, s.now()); err != nil {
		return err
	}
	return s.respondUser(c, u)
}

func (s *Server) resetPassword(c echo.Context) error {
	u, err := s.targetUser(c, "update")
	if err != nil {
		return err
	}
	if u.ID == caller(c).User.ID {
		return errOwnPasswordReset
	}
	temp, hash, err := s.temporaryPassword()
	if err != nil {
		return err
	}
	updated, err := s.accounts.ResetPassword(c.Request().Context(), u.ID, hash)
	if err != nil {
		return err
	}
	out, err := s.userResponses(c, updated)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, resetPasswordResponse{User: out[0], TemporaryPassword: temp})
}

// respondUser answers 200 with one account.
func (s *Server) respondUser(c echo.Context, u domain.User) error {
	out, err := s.userResponses(c, u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out[0])
}

// userResponses converts accounts, with their sign-in locks now.
func (s *Server) userResponses(c echo.Context, users ...domain.User) ([]userResponse, error) {
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = u.Username
	}
	now := s.now()
	locks, err := s.accounts.LoginLocks(c.Request().Context(), names, s.logins, now)
	if err != nil {
		return nil, err
	}
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		t = t.In(domain.Shanghai)
		return &t
	}
	out := make([]userResponse, len(users))
	for i, u := range users {
		l := locks[u.Username]
		out[i] = toUserResponse(u)
		out[i].LockedUntil, out[i].DelayedUntil = at(l.LockedUntil), at(l.DelayedUntil)
		out[i].Locked = out[i].LockedUntil != nil || out[i].DelayedUntil != nil
	}
	return out, nil
}

func toUserResponse(u domain.User) userResponse {
	return userResponse{ID: u.ID, Username: u.Username, Name: u.Name, Unit: unitRef{ID: u.UnitID, Code: u.UnitCode, Name: u.UnitName},
		Active: u.Active, MustChangePassword: u.MustChangePassword, Grants: toGrantResponses(u.Grants), Version: u.Version}
}
