package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type hearingRequest struct {
	UnitID              int64      `json:"unit_id,omitempty"`
	Kind                *string    `json:"kind,omitempty" enum:"hearing_kind"`
	Title               *string    `json:"title,omitempty"`
	CaseNumber          *string    `json:"case_number,omitempty"`
	Public              *bool      `json:"public,omitempty"`
	InvolvesMinor       *bool      `json:"involves_minor,omitempty"`
	ClosedReason        *string    `json:"closed_reason,omitempty"`
	ProposedDecision    *string    `json:"proposed_decision,omitempty"`
	StartsAt            *time.Time `json:"starts_at,omitempty"`
	Location            *string    `json:"location,omitempty"`
	InHearingRoom       *bool      `json:"in_hearing_room,omitempty"`
	LivestreamRequested *bool      `json:"livestream_requested,omitempty"`
	Version             *int       `json:"version,omitempty"`
}

// majorityResponse counts the opinions of the hearing officers who count
// (seated, attended, not recused), abstentions aside. Position is "agree"
// or "disagree" when one side has more, "tie" when neither (also before
// any opinion).
type majorityResponse struct {
	Position string `json:"position" enum:"majority_position"`
	Agree    int    `json:"agree"`
	Disagree int    `json:"disagree"`
	Abstain  int    `json:"abstain"`
}

type personResponse struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	BirthDate    string `json:"birth_date"`
	IDNumber     string `json:"id_number"`
	Phone        string `json:"phone"`
	Organisation string `json:"organisation"`
	Occupation   string `json:"occupation"`
}

type participantResponse struct {
	ID               int64          `json:"id"`
	PersonID         int64          `json:"person_id"`
	Name             string         `json:"name"`
	Role             string         `json:"role" enum:"participant_role"`
	OfficerID        *int64         `json:"officer_id"`
	OfficerCategory  string         `json:"officer_category" enum:"officer_category,empty"`
	Attended         bool           `json:"attended"`
	Conflict         bool           `json:"conflict"`
	RecusalReason    string         `json:"recusal_reason"`
	RecusalOutcome   string         `json:"recusal_outcome" enum:"recusal_outcome,empty"`
	DecisionReported bool           `json:"decision_reported"`
	Position         string         `json:"position" enum:"opinion_position,empty"`
	Opinion          string         `json:"opinion"`
	Person           personResponse `json:"person"`
}

type hearingTransitionDTO struct {
	Action string    `json:"action" enum:"hearing_action"`
	From   string    `json:"from" enum:"hearing_status"`
	To     string    `json:"to" enum:"hearing_status"`
	Actor  string    `json:"actor"`
	Note   string    `json:"note"`
	At     time.Time `json:"at"`
}

type hearingResponse struct {
	hearingSummary
	ClosedReason          string                 `json:"closed_reason"`
	ProposedDecision      string                 `json:"proposed_decision"`
	PlannedStart          *time.Time             `json:"planned_start"`
	InHearingRoom         bool                   `json:"in_hearing_room"`
	InHearingRoomApproved bool                   `json:"in_hearing_room_approved"`
	LivestreamRequested   bool                   `json:"livestream_requested"`
	LivestreamApproved    bool                   `json:"livestream_approved"`
	DepartureApproved     bool                   `json:"departure_approved"`
	StatusReason          string                 `json:"status_reason"`
	Postponements         int                    `json:"postponements"`
	CreatedBy             personRef              `json:"created_by"`
	Attendance            string                 `json:"attendance"`
	Minutes               string                 `json:"minutes"`
	Decision              string                 `json:"decision"`
	Reasons               string                 `json:"reasons"`
	FollowsProposal       *bool                  `json:"follows_proposal"`
	DepartsFromMajority   bool                   `json:"departs_from_majority"`
	AnnouncedOnSpot       bool                   `json:"announced_on_spot"`
	AnnouncedAt           *time.Time             `json:"announced_at"`
	DecidedAt             *time.Time             `json:"decided_at"`
	CreatedAt             time.Time              `json:"created_at"`
	Participants          []participantResponse  `json:"participants"`
	Majority              majorityResponse       `json:"majority"`
	Transitions           []hearingTransitionDTO `json:"transitions"`
	History               []auditEventResponse   `json:"history"`
	Documents             []hearingDocumentLink  `json:"documents"` // the documents that apply now
}

type hearingTransitionRequest struct {
	Action               string     `json:"action" enum:"hearing_action"`
	Version              *int       `json:"version"` // required: the version the action was chosen on
	Reason               string     `json:"reason,omitempty"`
	StartsAt             *time.Time `json:"starts_at,omitempty"`
	Location             string     `json:"location,omitempty"`
	LivestreamURL        string     `json:"livestream_url,omitempty"`
	HeldAt               *time.Time `json:"held_at,omitempty"`
	Attendance           string     `json:"attendance,omitempty"`
	AbsentParticipantIDs []int64    `json:"absent_participant_ids,omitempty"`
	Minutes              string     `json:"minutes,omitempty"`
	Decision             string     `json:"decision,omitempty"`
	Reasons              string     `json:"reasons,omitempty"`
	FollowsProposal      *bool      `json:"follows_proposal,omitempty"`
	AnnouncedOnSpot      bool       `json:"announced_on_spot,omitempty"`
	AnnouncedAt          *time.Time `json:"announced_at,omitempty"`
}

func (s *Server) registerHearingRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings", Tag: "hearings", Access: Access{Resource: "hearing", Action: "read"},
		Summary: "Hearings in the caller's scope, newest first or sorted (sort: when, status; -key descending), with the total", Query: hearingListQuery,
		Response: pageResponse[hearingSummary]{}, Handler: s.listHearings})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings.ics", Tag: "hearings", Access: Access{Resource: "hearing", Action: "read"},
		Summary: "The caller's hearings in scope as iCalendar", Handler: s.hearingsICS, Produces: "text/calendar"})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/stats", Tag: "hearings", Access: Access{Resource: "hearing", Action: "read"},
		Summary: "Hearing statistics of a unit and its subtree for a year", Query: []string{"unit_id:integer", "year:integer"},
		Response: hearingStats{}, Handler: s.hearingStatistics})
	s.add(g, Route{Method: http.MethodPost, Path: "/hearings", Tag: "hearings", Access: Access{Resource: "hearing", Action: "create", Targeted: true},
		Summary: "Propose a hearing (in the caller's unit unless unit_id names another)", Body: hearingRequest{},
		Response: hearingResponse{}, Status: http.StatusCreated, Handler: s.createHearing})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/:id", Tag: "hearings", Access: Access{Resource: "hearing", Action: "read", Targeted: true},
		Summary: "One hearing with participants, majority and history", Response: hearingResponse{}, Handler: s.getHearing})
	s.add(g, Route{Method: http.MethodPatch, Path: "/hearings/:id", Tag: "hearings", Access: Access{Resource: "hearing", Action: "edit", Targeted: true},
		Summary: "Edit a hearing before it is held (with version)", Body: hearingRequest{}, Response: hearingResponse{}, Handler: s.updateHearing})
	s.add(g, Route{Method: http.MethodPost, Path: "/hearings/:id/transitions", Tag: "hearings", Access: Access{Resource: "hearing", Action: "transition", Targeted: true},
		Summary: "Take a lifecycle action (approve, reject, approve_livestream, schedule, postpone, cancel, hold, approve_departure, decide, announce, minutes, report_back)",
		Body:    hearingTransitionRequest{}, Response: hearingResponse{}, Handler: s.transitionHearing})
}

func (s *Server) hearingActor(c echo.Context, unitPath string) domain.HearingActor {
	p := caller(c)
	return domain.HearingActor{UserID: p.User.ID, Roles: s.authz.RolesIn(p.User.ID, unitPath)}
}

// allowedHearingActions are the actions the caller may take on r now.
func (s *Server) allowedHearingActions(c echo.Context, r store.HearingRecord) []string {
	out := []string{}
	for _, a := range domain.AllowedHearingActions(r.Hearing, s.hearingActor(c, r.UnitPath)) {
		out = append(out, string(a))
	}
	return out
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.In(domain.Shanghai)
	return &t
}

// applyHearingRequest overlays the fields a request sets on in.
func applyHearingRequest(in domain.HearingInput, req hearingRequest) domain.HearingInput {
	if req.Kind != nil {
		in.Kind = domain.HearingKind(*req.Kind)
	}
	if req.Title != nil {
		in.Title = *req.Title
	}
	if req.CaseNumber != nil {
		in.CaseNumber = *req.CaseNumber
	}
	if req.Public != nil {
		in.Public = req.Public
	}
	if req.InvolvesMinor != nil {
		in.InvolvesMinor = *req.InvolvesMinor
	}
	if req.ClosedReason != nil {
		in.ClosedReason = *req.ClosedReason
	}
	if req.ProposedDecision != nil {
		in.ProposedDecision = *req.ProposedDecision
	}
	if req.StartsAt != nil {
		in.StartsAt = *req.StartsAt
	}
	if req.Location != nil {
		in.Location = *req.Location
	}
	if req.InHearingRoom != nil {
		in.InHearingRoom = *req.InHearingRoom
	}
	if req.LivestreamRequested != nil {
		in.LivestreamRequested = *req.LivestreamRequested
	}
	return in
}

func (s *Server) createHearing(c echo.Context) error {
	var req hearingRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p := caller(c)
	unitID := req.UnitID
	if unitID == 0 {
		unitID = p.User.UnitID
	}
	unit, err := s.targetUnit(c, unitID, "hearing", "create")
	if err != nil {
		return err
	}
	in := applyHearingRequest(domain.HearingInput{InHearingRoom: true}, req)
	h, err := domain.NewHearing(unit.ID, unit.Path, in, s.hearingActor(c, unit.Path), s.now())
	if err != nil {
		return err
	}
	rec, err := s.hearings.CreateHearing(c.Request().Context(), h)
	if err != nil {
		return err
	}
	return s.respondHearing(c, http.StatusCreated, rec)
}

// targetHearing loads a hearing and authorises act in its unit.
func (s *Server) targetHearing(c echo.Context, act string) (store.HearingRecord, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return store.HearingRecord{}, err
	}
	rec, err := s.hearings.GetHearing(c.Request().Context(), id)
	if err != nil {
		return store.HearingRecord{}, err
	}
	return rec, s.authorize(c, "hearing", act, domain.Unit{ID: rec.UnitID, Path: rec.UnitPath})
}

// getHearing reads the whole page in one statement, then authorises the
// read on the hearing's unit, as targetHearing does.
func (s *Server) getHearing(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.hearings.GetHearingDetail(c.Request().Context(), id, maxLimit)
	if err != nil {
		return err
	}
	if err := s.authorize(c, "hearing", "read", domain.Unit{ID: d.UnitID, Path: d.UnitPath}); err != nil {
		return err
	}
	return s.writeHearing(c, http.StatusOK, d)
}

func (s *Server) updateHearing(c echo.Context) error {
	var req hearingRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.targetHearing(c, "edit")
	if err != nil {
		return err
	}
	if req.Version == nil {
		return domain.Invalid(domain.Required("version"))
	}
	actor, now := s.hearingActor(c, rec.UnitPath), s.now()
	updated, err := s.hearings.ChangeHearing(c.Request().Context(), rec.ID, *req.Version, domain.HearingActEdit, "",
		func(_ context.Context, cur domain.Hearing, _ []store.ParticipantRecord) (domain.Hearing, error) {
			return domain.ApplyHearingEdit(cur, applyHearingRequest(cur.Input(), req), actor, now)
		})
	if err != nil {
		return err
	}
	return s.respondHearing(c, http.StatusOK, updated)
}

// hearingOpinions are the opinions recorded on the participants.
func hearingOpinions(parts []store.ParticipantRecord) []domain.Opinion {
	var out []domain.Opinion
	for _, p := range parts {
		if p.Position != "" {
			out = append(out, domain.Opinion{ParticipantID: p.ID, Position: domain.OpinionPosition(p.Position), Text: p.Opinion})
		}
	}
	return out
}

func (s *Server) transitionHearing(c echo.Context) error {
	var req hearingTransitionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	action := domain.HearingAction(req.Action)
	known := action == domain.HearingActMinutes || action == domain.HearingActReportBack
	for _, a := range domain.HearingTransitionActions {
		known = known || a == action
	}
	if !known {
		return domain.Invalid(domain.Field("action", "unknown", "Unknown action.", "未知操作。"))
	}
	if req.Version == nil {
		return domain.Invalid(domain.Required("version"))
	}
	rec, err := s.targetHearing(c, string(action))
	if err != nil {
		return err
	}
	actor, now, today := s.hearingActor(c, rec.UnitPath), s.now(), s.today()
	params := domain.HearingParams{Reason: req.Reason, Location: req.Location, LivestreamURL: req.LivestreamURL, Attendance: req.Attendance,
		Minutes: req.Minutes, Decision: req.Decision, Reasons: req.Reasons, FollowsProposal: req.FollowsProposal, AnnouncedOnSpot: req.AnnouncedOnSpot}
	for _, t := range []struct {
		dst *time.Time
		src *time.Time
	}{{&params.StartsAt, req.StartsAt}, {&params.HeldAt, req.HeldAt}, {&params.AnnouncedAt, req.AnnouncedAt}} {
		if t.src != nil {
			*t.dst = *t.src
		}
	}
	updated, err := s.hearings.TransitionHearing(c.Request().Context(), rec.ID, *req.Version, action, strings.TrimSpace(req.Reason),
		req.AbsentParticipantIDs, today,
		func(cur domain.Hearing, parts []store.ParticipantRecord, officers []domain.Officer) (domain.Hearing, error) {
			params.Participants, params.Officers, params.Opinions = store.DomainParticipants(parts), officers, hearingOpinions(parts)
			return domain.ApplyHearingTransition(cur, action, params, actor, s.hearingRules, now)
		})
	if err != nil {
		return err
	}
	return s.respondHearing(c, http.StatusOK, updated)
}

// maskID shows the first 6 and last 4 characters of an ID number.
func maskID(s string) string {
	if len(s) <= 10 {
		return strings.Repeat("*", len(s))
	}
	return s[:6] + strings.Repeat("*", len(s)-10) + s[len(s)-4:]
}

// toPersonResponse shows a person's contact and ID numbers only to those
// whose units hold a record naming the person (held); ID numbers in full
// only to administrators among them.
func (s *Server) toPersonResponse(c echo.Context, p store.Person, held bool) personResponse {
	return personResponseFor(p, held, held && s.isAdmin(c))
}

// personResponseFor is toPersonResponse for a caller who is an
// administrator or not.
func personResponseFor(p store.Person, held, admin bool) personResponse {
	id, phone := p.IDNumber, p.Phone
	if !held || !admin {
		id = maskID(id)
	}
	if !held {
		phone = maskPhone(phone)
	}
	return personResponse{ID: p.ID, Name: p.Name, Gender: p.Gender, BirthDate: p.BirthDate.String(), IDNumber: id, Phone: phone,
		Organisation: p.Organisation, Occupation: p.Occupation}
}

// maskPhone keeps the first three and last four characters of a number
// long enough to keep them (13912345678 → 139****5678).
func maskPhone(s string) string {
	r := []rune(s)
	if len(r) < 9 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// isAdmin reports whether the caller holds the admin role anywhere: only
// administrators see ID numbers in full.
func (s *Server) isAdmin(c echo.Context) bool {
	return s.authz.HasRole(caller(c).User.ID, domain.RoleAdmin)
}

// respondHearing answers the full hearing after a change: its page as it
// now stands.
func (s *Server) respondHearing(c echo.Context, status int, r store.HearingRecord) error {
	d, err := s.hearings.GetHearingDetail(c.Request().Context(), r.ID, maxLimit)
	if err != nil {
		return err
	}
	return s.writeHearing(c, status, d)
}

// writeHearing answers the full hearing: participants (persons masked as
// toPersonResponse says), majority, lifecycle, history and the actions the
// caller may take now.
func (s *Server) writeHearing(c echo.Context, status int, d store.HearingDetail) error {
	admin, variant := s.isAdmin(c), "masked"
	if admin {
		variant = "admin"
	}
	return writePage(c, status, d.Memo, variant, s.allowedHearingActions(c, d.HearingRecord), func(actions []string) (any, error) {
		full, err := s.hearings.CompleteHearingDetail(c.Request().Context(), d)
		return renderHearing(full, admin, actions), err
	})
}

// renderHearing renders a hearing's page for an administrator or another
// caller.
func renderHearing(d store.HearingDetail, admin bool, actions []string) hearingResponse {
	r, parts := d.HearingRecord, d.Participants
	m := domain.Majority(domain.OpinionsOfOfficers(store.DomainParticipants(parts), hearingOpinions(parts)))
	out := hearingResponse{hearingSummary: toHearingSummary(r), ClosedReason: r.ClosedReason, ProposedDecision: r.ProposedDecision,
		PlannedStart: timePtr(r.PlannedStart), InHearingRoom: r.InHearingRoom, InHearingRoomApproved: r.InHearingRoomApproved,
		LivestreamRequested: r.LivestreamRequested, LivestreamApproved: r.LivestreamApproved, DepartureApproved: r.DepartureApproved,
		StatusReason: r.StatusReason, Postponements: r.Postponements, CreatedBy: personRef{ID: r.CreatedBy, Name: r.CreatorName},
		Attendance: r.Attendance, Minutes: r.Minutes, Decision: r.Decision, Reasons: r.Reasons, FollowsProposal: r.FollowsProposal,
		DepartsFromMajority: r.DepartsFromMajority, AnnouncedOnSpot: r.AnnouncedOnSpot, AnnouncedAt: timePtr(r.AnnouncedAt),
		DecidedAt: timePtr(r.DecidedAt), CreatedAt: r.CreatedAt.In(domain.Shanghai),
		Participants: []participantResponse{}, Transitions: []hearingTransitionDTO{}, History: []auditEventResponse{},
		Majority:  majorityResponse{Position: string(m.Position), Agree: m.Agree, Disagree: m.Disagree, Abstain: m.Abstain},
		Documents: hearingDocumentLinks(d)}
	for _, p := range parts {
		out.Participants = append(out.Participants, participantResponseFor(p, admin))
	}
	for _, t := range d.Transitions {
		out.Transitions = append(out.Transitions, hearingTransitionDTO{Action: t.Action, From: t.From, To: t.To, Actor: t.ActorName, Note: t.Note, At: t.At.In(domain.Shanghai)})
	}
	for _, e := range d.History {
		out.History = append(out.History, toAuditEventResponse(e))
	}
	out.AllowedActions = actions
	return out
}

func (s *Server) toParticipantResponse(c echo.Context, p store.ParticipantRecord) participantResponse {
	return participantResponseFor(p, s.isAdmin(c))
}

// participantResponseFor renders a participant for an administrator or
// another caller.
func participantResponseFor(p store.ParticipantRecord, admin bool) participantResponse {
	return participantResponse{ID: p.ID, PersonID: p.PersonID, Name: p.Name, Role: string(p.Role), OfficerID: idOrNil(p.OfficerID),
		OfficerCategory: p.OfficerCategory, Attended: p.Attended, Conflict: p.Conflict, RecusalReason: p.RecusalReason,
		RecusalOutcome: p.RecusalOutcome, DecisionReported: p.DecisionReported, Position: p.Position, Opinion: p.Opinion,
		Person: personResponseFor(p.Person, true, admin)}
}
