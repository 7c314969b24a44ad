package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"procura/domain"
)

// hearingKindRule is how a hearing kind is heard unless there is reason
// otherwise.
type hearingKindRule struct {
	Kind          string `json:"kind" enum:"hearing_kind"`
	DefaultPublic bool   `json:"default_public"`
}

// rulesResponse carries the rules the client applies before the server
// does (form defaults, previews), so that it never keeps copies of them.
type rulesResponse struct {
	HearingKinds []hearingKindRule `json:"hearing_kinds"`
	// MinOfficers and MaxOfficers bound the hearing officers who count.
	MinOfficers int `json:"min_officers"`
	MaxOfficers int `json:"max_officers"`
	// NoticeDays are the full days between scheduling and the hearing day.
	NoticeDays   int       `json:"notice_days"`
	FilingPeriod periodDTO `json:"filing_period"`
	// MaxExtensionMonths bounds one extension of a suggestion's reply period.
	MaxExtensionMonths int `json:"max_extension_months"`
}

func (s *Server) registerRuleRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/rules", Tag: "meta", Access: Access{},
		Summary:  "The rules the client applies before the server: hearing kinds' default publicity, officers per hearing, notice, filing period, longest extension",
		Response: rulesResponse{}, Handler: func(c echo.Context) error {
			out := rulesResponse{MinOfficers: s.hearingRules.MinOfficers, MaxOfficers: s.hearingRules.MaxOfficers,
				NoticeDays: s.hearingRules.NoticeDays, FilingPeriod: periodDTO(domain.FilingPeriod), MaxExtensionMonths: domain.MaxExtensionMonths}
			for _, k := range domain.HearingKinds {
				out.HearingKinds = append(out.HearingKinds, hearingKindRule{Kind: string(k), DefaultPublic: k.DefaultPublic()})
			}
			return c.JSON(http.StatusOK, out)
		}})
}
