package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type personRequest struct {
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	BirthDate    string `json:"birth_date"`
	IDNumber     string `json:"id_number"`
	Phone        string `json:"phone"`
	Organisation string `json:"organisation"`
	Occupation   string `json:"occupation"`
}

type participantRequest struct {
	PersonID  int64          `json:"person_id,omitempty"`
	OfficerID int64          `json:"officer_id,omitempty"`
	Person    *personRequest `json:"person,omitempty"`
	Role      string         `json:"role" enum:"participant_role"`
	Conflict  bool           `json:"conflict,omitempty"`
}

type recusalRequest struct {
	Reason  string `json:"reason"`
	Outcome string `json:"outcome" enum:"recusal_outcome"`
}

type opinionRequest struct {
	Position string `json:"position" enum:"opinion_position"`
	Text     string `json:"text"`
}

type drawRequest struct {
	Count      int      `json:"count"`
	Mode       string   `json:"mode" enum:"draw_mode"`
	Categories []string `json:"categories" enum:"officer_category"`
	Seed       *uint64  `json:"seed,omitempty"`
}

type drawnOfficer struct {
	OfficerID            int64  `json:"officer_id"`
	PersonID             int64  `json:"person_id"`
	Name                 string `json:"name"`
	Category             string `json:"category" enum:"officer_category"`
	HearingsLast12Months int    `json:"hearings_last_12_months"`
	LastHearingOn        string `json:"last_hearing_on"`
}

type drawResponse struct {
	Proposed []drawnOfficer `json:"proposed"`
	Seed     uint64         `json:"seed"`
	Mode     string         `json:"mode" enum:"draw_mode"`
}

func (s *Server) registerParticipantRoutes(g *echo.Group) {
	acc := Access{Resource: "hearing", Action: "participants", Targeted: true}
	s.add(g, Route{Method: http.MethodPost, Path: "/hearings/:id/participants", Tag: "hearings", Access: acc,
		Summary: "Seat a participant (person_id, a new person, or officer_id for a hearing officer)", Body: participantRequest{},
		Response: participantResponse{}, Status: http.StatusCreated, Handler: s.addParticipant})
	s.add(g, Route{Method: http.MethodDelete, Path: "/hearings/:id/participants/:pid", Tag: "hearings", Access: acc,
		Summary: "Remove a participant", Status: http.StatusNoContent, Handler: s.removeParticipant})
	s.add(g, Route{Method: http.MethodPost, Path: "/hearings/:id/participants/:pid/recusal", Tag: "hearings", Access: acc,
		Summary: "Record a recusal request and its outcome", Body: recusalRequest{}, Response: participantResponse{}, Handler: s.recusal})
	s.add(g, Route{Method: http.MethodPut, Path: "/hearings/:id/participants/:pid/opinion", Tag: "hearings",
		Access:  Access{Resource: "hearing", Action: "opinion", Targeted: true},
		Summary: "Record a hearing officer's opinion", Body: opinionRequest{}, Response: participantResponse{}, Handler: s.opinion})
	s.add(g, Route{Method: http.MethodPost, Path: "/hearings/:id/officer-draw", Tag: "hearings",
		Access:  Access{Resource: "hearing", Action: "draw", Targeted: true},
		Summary: "Propose eligible hearing officers from the pools serving the hearing (least_used or random)", Body: drawRequest{},
		Response: drawResponse{}, Handler: s.drawOfficers})
}

func toStorePerson(p personRequest, v *domain.Validator) store.Person {
	return store.Person{Name: p.Name, Gender: p.Gender, BirthDate: parseOptionalDate("person.birth_date", p.BirthDate, v),
		IDNumber: strings.TrimSpace(p.IDNumber), Phone: p.Phone, Organisation: p.Organisation, Occupation: p.Occupation}
}

func (s *Server) addParticipant(c echo.Context) error {
	var req participantRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.targetHearing(c, "participants")
	if err != nil {
		return err
	}
	today := s.today()
	p := domain.Participant{PersonID: req.PersonID, Role: domain.ParticipantRole(req.Role), OfficerID: req.OfficerID, Attended: true, Conflict: req.Conflict}
	var newPerson *store.Person
	var officer *domain.Officer
	var v domain.Validator
	switch {
	case req.OfficerID != 0:
		o, err := s.hearings.GetOfficer(c.Request().Context(), req.OfficerID, today)
		if isNotFound(err) {
			return domain.Invalid(domain.Field("officer_id", "unknown", "No such hearing officer.", "没有该听证员。"))
		} else if err != nil {
			return err
		}
		if !domain.InSubtree(rec.UnitPath, o.UnitPath) {
			return domain.Invalid(domain.Field("officer_id", "other_pool", "The officer's pool does not serve this unit.", "该听证员所在听证员库不服务本院。"))
		}
		p.PersonID, officer = o.PersonID, &o.Officer
	case req.Person != nil:
		np := toStorePerson(*req.Person, &v)
		newPerson = &np
	case req.PersonID == 0:
		v.Add(domain.Required("person_id"))
	default:
		if err := s.checkPersonVisible(c, req.PersonID); err != nil {
			return err
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	actor := s.hearingActor(c, rec.UnitPath)
	added, err := s.hearings.AddParticipant(c.Request().Context(), rec.ID, p, newPerson, today,
		func(_ context.Context, h domain.Hearing, p domain.Participant, existing []domain.Participant) error {
			if err := domain.CheckHearingAction(h, domain.HearingActParticipants, actor); err != nil {
				return err
			}
			return domain.CheckSeat(h, p, existing, officer, s.hearingRules, today)
		})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.toParticipantResponse(c, added))
}

func (s *Server) changeParticipant(c echo.Context, act, auditAction string, remove bool, change func(domain.Hearing, store.ParticipantRecord, []domain.Participant) (store.ParticipantRecord, error)) (store.ParticipantRecord, error) {
	rec, err := s.targetHearing(c, act)
	if err != nil {
		return store.ParticipantRecord{}, err
	}
	pid, err := pathID(c, "pid")
	if err != nil {
		return store.ParticipantRecord{}, err
	}
	actor := s.hearingActor(c, rec.UnitPath)
	return s.hearings.ChangeParticipant(c.Request().Context(), rec.ID, pid, auditAction, remove,
		func(h domain.Hearing, p store.ParticipantRecord, all []domain.Participant) (store.ParticipantRecord, error) {
			if err := domain.CheckHearingAction(h, domain.HearingAction(act), actor); err != nil {
				return p, err
			}
			return change(h, p, all)
		})
}

func (s *Server) removeParticipant(c echo.Context) error {
	_, err := s.changeParticipant(c, "participants", "remove_participant", true,
		func(_ domain.Hearing, p store.ParticipantRecord, _ []domain.Participant) (store.ParticipantRecord, error) {
			return p, nil
		})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) recusal(c echo.Context) error {
	var req recusalRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	today := s.today()
	p, err := s.changeParticipant(c, "participants", "recusal", false,
		func(h domain.Hearing, p store.ParticipantRecord, all []domain.Participant) (store.ParticipantRecord, error) {
			p.RecusalReason, p.RecusalOutcome = strings.TrimSpace(req.Reason), req.Outcome
			if req.Outcome == "" {
				p.RecusalOutcome = "pending"
			}
			return p, domain.CheckSeat(h, p.Participant, all, nil, s.hearingRules, today)
		})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toParticipantResponse(c, p))
}

func (s *Server) opinion(c echo.Context) error {
	var req opinionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p, err := s.changeParticipant(c, "opinion", "opinion", false,
		func(_ domain.Hearing, p store.ParticipantRecord, all []domain.Participant) (store.ParticipantRecord, error) {
			op := domain.Opinion{ParticipantID: p.ID, Position: domain.OpinionPosition(req.Position), Text: req.Text}
			if err := domain.ValidateOpinion(op, all); err != nil {
				return p, err
			}
			p.Position, p.Opinion = req.Position, strings.TrimSpace(req.Text)
			return p, nil
		})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toParticipantResponse(c, p))
}

func (s *Server) drawOfficers(c echo.Context) error {
	var req drawRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.targetHearing(c, "draw")
	if err != nil {
		return err
	}
	if err := domain.CheckHearingAction(rec.Hearing, domain.HearingActDraw, s.hearingActor(c, rec.UnitPath)); err != nil {
		return err
	}
	day := rec.HearingDate(s.today())
	mode := domain.DrawMode(req.Mode)
	if mode == "" {
		mode = domain.DrawLeastUsed
	}
	dr := domain.DrawRequest{Count: req.Count, Mode: mode, On: day}
	if req.Seed != nil {
		dr.Seed = *req.Seed
	} else {
		dr.Seed = uint64(s.now().UnixNano())
	}
	for _, cat := range req.Categories {
		dr.Categories = append(dr.Categories, domain.OfficerCategory(cat))
	}
	out := drawResponse{Proposed: []drawnOfficer{}, Seed: dr.Seed, Mode: string(mode)}
	_, err = s.hearings.DrawOfficers(c.Request().Context(), rec, day, func(cands []domain.DrawCandidate) ([]domain.DrawCandidate, any, error) {
		picked, err := domain.DrawOfficers(cands, dr)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range picked {
			out.Proposed = append(out.Proposed, drawnOfficer{OfficerID: p.ID, PersonID: p.PersonID, Name: p.Name, Category: string(p.Category),
				HearingsLast12Months: p.HearingsLast12Months, LastHearingOn: p.LastHearingOn.String()})
		}
		return picked, map[string]any{"mode": mode, "seed": dr.Seed, "count": req.Count, "proposed": out.Proposed}, nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
