package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Route is one entry of the API route table. The table is the single source
// for registering handlers, the OpenAPI document and the authorisation
// matrix test, so a route cannot exist without a description and a rule.
type Route struct {
	Method  string
	Path    string // echo syntax, e.g. /api/v1/units/:id
	Summary string
	Tag     string
	Access  Access
	// Body and Response are zero values of the request and success
	// response types, for the OpenAPI schemas; nil means none.
	Body     any
	Response any
	// Produces is the media type of a download (a workbook, a calendar,
	// an attachment) answered instead of JSON.
	Produces string
	// Query lists the query parameters the route reads, as name or
	// name:type with type integer, boolean or date (default string).
	Query   []string
	Status  int // success status
	Handler echo.HandlerFunc
}

// Access is a route's authorisation rule.
type Access struct {
	// Public routes need no session.
	Public bool
	// Resource and Action name the permission; both empty means any
	// signed-in user.
	Resource, Action string
	// Targeted routes act on a record of one unit: the handler resolves the
	// unit and calls authorize (404 outside the caller's scope, 403 inside
	// it without the permission). Other routes (collections) need the
	// permission in at least one unit, else 403, and filter rows by scope.
	Targeted bool
	// DuringPasswordChange routes stay open while the account must still
	// change its temporary password.
	DuringPasswordChange bool
}

var public = Access{Public: true}

const apiPrefix = "/api/v1"

// add registers r on echo and in the route table.
func (s *Server) add(g *echo.Group, r Route) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	g.Add(r.Method, r.Path, s.retryRead(s.guard(r)))
	r.Path = apiPrefix + r.Path
	s.routes = append(s.routes, r)
}

func (s *Server) registerAPI() {
	g := s.echo.Group(apiPrefix)
	s.registerMetaRoutes(g)
	s.registerRuleRoutes(g)
	s.registerAuthRoutes(g)
	s.registerUnitRoutes(g)
	s.registerUserRoutes(g)
	s.registerAuditRoutes(g)
	s.registerCalendarRoutes(g)
	s.registerSuggestionRoutes(g)
	s.registerSuggestionBatchRoutes(g)
	s.registerAttachmentRoutes(g)
	s.registerDeliveryRoutes(g)
	s.registerNotificationRoutes(g)
	s.registerHearingRoutes(g)
	s.registerParticipantRoutes(g)
	s.registerHearingDocumentRoutes(g)
	s.registerOfficerRoutes(g)
	s.registerCaseRoutes(g)
	s.registerImportRoutes(g)
	s.registerIndicatorRoutes(g)
	s.registerAnalysisRoutes(g)
	s.registerReportRoutes(g)
	s.registerOpenAPI()
	// Unknown API paths answer a JSON 404, never the SPA.
	g.Any("/*", func(echo.Context) error { return echo.ErrNotFound })
}

// metaResponse describes the running program.
type metaResponse struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

func (s *Server) registerMetaRoutes(g *echo.Group) {
	s.add(g, Route{
		Method: http.MethodGet, Path: "/meta", Tag: "meta", Access: public,
		Summary:  "Name and version of the running program",
		Response: metaResponse{},
		Handler: func(c echo.Context) error {
			return c.JSON(http.StatusOK, metaResponse{Name: "Procura", Version: s.deps.Version})
		},
	})
}
