package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type officerRequest struct {
	PersonID int64          `json:"person_id,omitempty"`
	Person   *personRequest `json:"person,omitempty"`
	Category string         `json:"category" enum:"officer_category"`
	UnitID   int64          `json:"unit_id"`
}

type officerPatchRequest struct {
	Category      *string `json:"category,omitempty" enum:"officer_category"`
	Status        *string `json:"status,omitempty" enum:"officer_status"`
	RevokedReason *string `json:"revoked_reason,omitempty"`
	Disqualified  *bool   `json:"disqualified,omitempty"`
	Version       *int    `json:"version,omitempty"`
}

type officerResponse struct {
	ID                   int64          `json:"id"`
	PersonID             int64          `json:"person_id"`
	Name                 string         `json:"name"`
	Unit                 unitRef        `json:"unit"`
	Category             string         `json:"category" enum:"officer_category"`
	Status               string         `json:"status" enum:"officer_status"`
	RevokedReason        string         `json:"revoked_reason"`
	Disqualified         bool           `json:"disqualified"`
	HearingsLast12Months int            `json:"hearings_last_12_months"`
	HearingsTotal        int            `json:"hearings_total"`
	LastHearingOn        *string        `json:"last_hearing_on"`
	Person               personResponse `json:"person"`
	Version              int            `json:"version"`
	DuplicateWarning     bool           `json:"duplicate_warning"`
}

type personCreated struct {
	Person           personResponse `json:"person"`
	DuplicateWarning bool           `json:"duplicate_warning"`
}

func (s *Server) registerOfficerRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/hearing-officers", Tag: "hearings", Access: Access{Resource: "officer", Action: "read"},
		Summary: "Hearing officers of the pools the caller's units keep or use", Query: []string{"unit_id:integer", "category", "status", "q", "limit:integer", "cursor"},
		Response: listResponse[officerResponse]{}, Handler: s.listOfficers})
	s.add(g, Route{Method: http.MethodPost, Path: "/hearing-officers", Tag: "hearings", Access: Access{Resource: "officer", Action: "manage", Targeted: true},
		Summary: "Enrol a person in a unit's officer pool (branch level and above)", Body: officerRequest{}, Response: officerResponse{},
		Status: http.StatusCreated, Handler: s.createOfficer})
	s.add(g, Route{Method: http.MethodPatch, Path: "/hearing-officers/:id", Tag: "hearings", Access: Access{Resource: "officer", Action: "manage", Targeted: true},
		Summary: "Change a pool entry (category, status active/revoked with reason, disqualification)", Body: officerPatchRequest{},
		Response: officerResponse{}, Handler: s.updateOfficer})
	s.add(g, Route{Method: http.MethodGet, Path: "/persons", Tag: "hearings", Access: Access{Resource: "person", Action: "read"},
		Summary: "Search the master name index by name", Query: []string{"q", "limit:integer", "cursor"}, Response: listResponse[personResponse]{},
		Handler: s.listPersons})
	s.add(g, Route{Method: http.MethodPost, Path: "/persons", Tag: "hearings", Access: Access{Resource: "person", Action: "create"},
		Summary: "Add a person; warns of a likely duplicate (same name and birth date)", Body: personRequest{}, Response: personCreated{},
		Status: http.StatusCreated, Handler: s.createPersonHandler})
}

func (s *Server) toOfficerResponse(c echo.Context, o store.OfficerRecord) officerResponse {
	return officerResponse{ID: o.ID, PersonID: o.PersonID, Name: o.Name, Unit: unitRef{ID: o.UnitID, Code: o.UnitCode, Name: o.UnitName},
		Category: string(o.Category), Status: string(o.Status), RevokedReason: o.RevokedReason, Disqualified: o.Disqualified,
		HearingsLast12Months: o.HearingsLast12Months, HearingsTotal: o.HearingsTotal, LastHearingOn: datePtr(o.LastHearingOn),
		Person: s.toPersonResponse(c, o.Person, s.authz.Allowed(caller(c).User.ID, o.UnitPath, "officer", "read")), Version: o.Version}
}

func (s *Server) listOfficers(c echo.Context) error {
	limit, after, err := pageParams(c)
	if err != nil {
		return err
	}
	var v domain.Validator
	f := store.OfficerFilter{Scope: s.authz.Scope(caller(c).User.ID, "officer", "read"), Category: c.QueryParam("category"),
		Status: c.QueryParam("status"), Q: c.QueryParam("q"), AfterID: after, Limit: limit, Today: s.today()}
	unitID := queryID(c, "unit_id", &v)
	if err := v.Err(); err != nil {
		return err
	}
	if unitID != 0 {
		u, err := s.hearings.GetUnit(c.Request().Context(), unitID)
		if err != nil {
			return err
		}
		f.UnitPath = u.Path
	}
	recs, err := s.hearings.ListOfficers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]officerResponse, len(recs))
	for i, r := range recs {
		out[i] = s.toOfficerResponse(c, r)
	}
	var last int64
	if len(recs) > 0 {
		last = recs[len(recs)-1].ID
	}
	return c.JSON(http.StatusOK, listResponse[officerResponse]{Items: out, NextCursor: nextCursor(len(recs), limit, last)})
}

func (s *Server) createOfficer(c echo.Context) error {
	var req officerRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.UnitID <= 0 {
		return domain.Invalid(domain.Required("unit_id"))
	}
	unit, err := s.targetUnit(c, req.UnitID, "officer", "manage")
	if err != nil {
		return err
	}
	var v domain.Validator
	var person store.Person
	switch {
	case req.PersonID != 0:
		if err := s.checkPersonVisible(c, req.PersonID); err != nil {
			return err
		}
	case req.Person != nil:
		person = toStorePerson(*req.Person, &v)
	default:
		v.Add(domain.Required("person"))
	}
	v.Check(domain.OfficerCategory(req.Category).Valid(), domain.Field("category", "invalid", "Unknown category.", "未知的听证员类别。"))
	if err := v.Err(); err != nil {
		return err
	}
	o, dup, err := s.hearings.CreateOfficer(c.Request().Context(), unit, req.PersonID, person, domain.OfficerCategory(req.Category), s.today())
	if err != nil {
		return err
	}
	out := s.toOfficerResponse(c, o)
	out.DuplicateWarning = dup
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) updateOfficer(c echo.Context) error {
	var req officerPatchRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := s.hearings.GetOfficer(c.Request().Context(), id, s.today())
	if err != nil {
		return err
	}
	if err := s.authorize(c, "officer", "manage", domain.Unit{ID: o.UnitID, Path: o.UnitPath}); err != nil {
		return err
	}
	if req.Version == nil {
		return domain.Invalid(domain.Required("version"))
	}
	var p store.OfficerPatch
	if req.Category != nil {
		cat := domain.OfficerCategory(*req.Category)
		p.Category = &cat
	}
	if req.Status != nil {
		st := domain.OfficerStatus(*req.Status)
		p.Status = &st
	}
	p.RevokedReason, p.Disqualified = req.RevokedReason, req.Disqualified
	updated, err := s.hearings.UpdateOfficer(c.Request().Context(), id, *req.Version, p, s.today())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toOfficerResponse(c, updated))
}

func (s *Server) listPersons(c echo.Context) error {
	limit, before, err := pageParams(c)
	if err != nil {
		return err
	}
	scope := s.authz.Scope(caller(c).User.ID, "person", "read")
	persons, err := s.hearings.SearchPersons(c.Request().Context(), scope, strings.TrimSpace(c.QueryParam("q")), before, limit)
	if err != nil {
		return err
	}
	out := make([]personResponse, len(persons))
	for i, p := range persons {
		out[i] = s.toPersonResponse(c, p.Person, p.Held)
	}
	var last int64
	if len(persons) > 0 {
		last = persons[len(persons)-1].ID
	}
	return c.JSON(http.StatusOK, listResponse[personResponse]{Items: out, NextCursor: nextCursor(len(persons), limit, last)})
}

func (s *Server) createPersonHandler(c echo.Context) error {
	var req personRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var v domain.Validator
	p := toStorePerson(req, &v)
	if err := v.Err(); err != nil {
		return err
	}
	p.UnitID = caller(c).User.UnitID
	created, dup, err := s.hearings.CreatePerson(c.Request().Context(), p, s.today())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, personCreated{Person: s.toPersonResponse(c, created, true), DuplicateWarning: dup})
}

// checkPersonVisible refuses a person_id the caller cannot see, in the
// same words as one that does not exist.
func (s *Server) checkPersonVisible(c echo.Context, id int64) error {
	_, err := s.hearings.PersonInScope(c.Request().Context(), id, s.authz.Scope(caller(c).User.ID, "person", "read"))
	if isNotFound(err) {
		return domain.Invalid(domain.Field("person_id", "unknown", "No such person.", "没有该人员。"))
	}
	return err
}
