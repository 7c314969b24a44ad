package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type unitResponse struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Level     string `json:"level" enum:"unit_level"`
	ParentID  *int64 `json:"parent_id"`
	Path      string `json:"path"`
	Active    bool   `json:"active"`
	Version   int    `json:"version"`
	// The English names, null where none is set (the Chinese name is shown).
	NameEn      *string `json:"name_en"`
	ShortNameEn *string `json:"short_name_en"`
}

type createUnitRequest struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Level     string `json:"level" enum:"unit_level"`
	ParentID  int64  `json:"parent_id"`
	// Optional English names; blank or absent leaves them unset.
	NameEn      string `json:"name_en,omitempty"`
	ShortNameEn string `json:"short_name_en,omitempty"`
}

type updateUnitRequest struct {
	Name      *string `json:"name,omitempty"`
	ShortName *string `json:"short_name,omitempty"`
	// Level changes only between branch and city (they share a rank).
	Level    *string `json:"level,omitempty" enum:"unit_level"`
	ParentID *int64  `json:"parent_id,omitempty"`
	Active   *bool   `json:"active,omitempty"`
	Version  *int    `json:"version"`
	// The English names; an empty string clears one.
	NameEn      *string `json:"name_en,omitempty"`
	ShortNameEn *string `json:"short_name_en,omitempty"`
}

func (s *Server) registerUnitRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/units", Tag: "units", Access: Access{Resource: "unit", Action: "read"},
		Summary: "Every unit the caller can see", Response: listResponse[unitResponse]{}, Handler: s.listUnits})
	s.add(g, Route{Method: http.MethodPost, Path: "/units", Tag: "units", Access: Access{Resource: "unit", Action: "create", Targeted: true},
		Summary: "Create a unit below parent_id", Body: createUnitRequest{}, Response: unitResponse{}, Status: http.StatusCreated, Handler: s.createUnit})
	s.add(g, Route{Method: http.MethodGet, Path: "/units/:id", Tag: "units", Access: Access{Resource: "unit", Action: "read", Targeted: true},
		Summary: "One unit", Response: unitResponse{}, Handler: s.getUnit})
	s.add(g, Route{Method: http.MethodPatch, Path: "/units/:id", Tag: "units", Access: Access{Resource: "unit", Action: "update", Targeted: true},
		Summary: "Rename (also in English; \"\" clears an English name), move (parent_id), relevel (branch ↔ city), deactivate or reactivate a unit", Body: updateUnitRequest{}, Response: unitResponse{}, Handler: s.updateUnit})
	s.add(g, Route{Method: http.MethodDelete, Path: "/units/:id", Tag: "units", Access: Access{Resource: "unit", Action: "update", Targeted: true},
		Summary: "Delete a unit that has no sub-units, accounts or records", Query: []string{"version:integer"}, Status: http.StatusNoContent, Handler: s.deleteUnit})
}

func (s *Server) listUnits(c echo.Context) error {
	units, err := s.accounts.ListUnits(c.Request().Context(), s.authz.Scope(caller(c).User.ID, "unit", "read"))
	if err != nil {
		return err
	}
	out := make([]unitResponse, len(units))
	for i, u := range units {
		out[i] = toUnitResponse(u)
	}
	return c.JSON(http.StatusOK, listResponse[unitResponse]{Items: out})
}

// targetUnit loads a unit by id and authorises act on it.
func (s *Server) targetUnit(c echo.Context, id int64, resource, act string) (domain.Unit, error) {
	u, err := s.accounts.GetUnit(c.Request().Context(), id)
	if err != nil {
		return domain.Unit{}, err
	}
	return u, s.authorize(c, resource, act, u)
}

func (s *Server) getUnit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.targetUnit(c, id, "unit", "read")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUnitResponse(u))
}

func (s *Server) createUnit(c echo.Context) error {
	var req createUnitRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.ParentID <= 0 {
		return domain.Invalid(domain.Required("parent_id"))
	}
	if _, err := s.targetUnit(c, req.ParentID, "unit", "create"); err != nil {
		return err
	}
	u, err := s.accounts.CreateUnit(c.Request().Context(), domain.Unit{Code: req.Code, Name: req.Name, ShortName: req.ShortName,
		Level: domain.UnitLevel(req.Level), ParentID: req.ParentID, NameEn: req.NameEn, ShortNameEn: req.ShortNameEn})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toUnitResponse(u))
}

func (s *Server) updateUnit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req updateUnitRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if _, err := s.targetUnit(c, id, "unit", "update"); err != nil {
		return err
	}
	if req.Version == nil {
		return domain.Invalid(domain.Required("version"))
	}
	if req.ParentID != nil {
		if _, err := s.targetUnit(c, *req.ParentID, "unit", "update"); err != nil {
			return err
		}
	}
	u, err := s.accounts.UpdateUnit(c.Request().Context(), id, *req.Version, store.UnitPatch{
		Name: req.Name, ShortName: req.ShortName, Level: (*domain.UnitLevel)(req.Level), ParentID: req.ParentID, Active: req.Active,
		NameEn: req.NameEn, ShortNameEn: req.ShortNameEn})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUnitResponse(u))
}

func (s *Server) deleteUnit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.targetUnit(c, id, "unit", "update"); err != nil {
		return err
	}
	version, err := strconv.Atoi(c.QueryParam("version"))
	if err != nil {
		return domain.Invalid(domain.Required("version"))
	}
	if err := s.accounts.DeleteUnit(c.Request().Context(), id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func toUnitResponse(u domain.Unit) unitResponse {
	r := unitResponse{ID: u.ID, Code: u.Code, Name: u.Name, ShortName: u.ShortName, Level: string(u.Level),
		Path: u.Path, Active: u.Active, Version: u.Version, NameEn: optionalText(u.NameEn), ShortNameEn: optionalText(u.ShortNameEn)}
	if u.ParentID != 0 {
		r.ParentID = &u.ParentID
	}
	return r
}

// optionalText is nil for "", for a nullable member of a response.
func optionalText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
