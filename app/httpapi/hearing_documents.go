package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/document"
	"procura/app/store"
	"procura/domain"
)

// hearingDocumentLink is a document of the hearing that can be generated
// now, for the detail page's links; the server decides which apply
// (domain.CheckHearingDocument), the page only shows them.
type hearingDocumentLink struct {
	Kind          string `json:"kind" enum:"hearing_document"`
	ParticipantID *int64 `json:"participant_id"` // the officer an invitation is for
	Name          string `json:"name"`           // the officer's name, for an invitation; "" otherwise
	Href          string `json:"href"`
	PrintHref     string `json:"print_href"` // the A4 print view of the same document
}

func (s *Server) registerHearingDocumentRoutes(g *echo.Group) {
	read := Access{Resource: "hearing", Action: "read", Targeted: true}
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/:id/notice.docx", Tag: "hearings", Access: read,
		Summary: "The 听证公告 of a scheduled public hearing as a Word document (no personal data of the people in the case); 409 before scheduling or for a private hearing",
		Handler: s.getHearingNotice, Produces: docxType})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/:id/participants/:pid/invitation.docx", Tag: "hearings", Access: read,
		Summary: "The 听证员邀请函 to one seated hearing officer as a Word document; 409 before scheduling or for a participant who does not sit as an officer",
		Handler: s.getHearingInvitation, Produces: docxType})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/:id/minutes.docx", Tag: "hearings", Access: read,
		Summary: "The 听证笔录 pre-filled with participants, roles and the officers' opinions as a Word document; 409 before the hearing is held",
		Handler: s.getHearingMinutes, Produces: docxType})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/:id/notice.html", Tag: "hearings", Access: read,
		Summary: "The 听证公告 as an A4 print view (the same text as notice.docx)", Handler: s.printHearingNotice, Produces: htmlType})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/:id/participants/:pid/invitation.html", Tag: "hearings", Access: read,
		Summary: "The 听证员邀请函 as an A4 print view (the same text as invitation.docx)", Handler: s.printHearingInvitation, Produces: htmlType})
	s.add(g, Route{Method: http.MethodGet, Path: "/hearings/:id/minutes.html", Tag: "hearings", Access: read,
		Summary: "The 听证笔录 as an A4 print view (the same text as minutes.docx)", Handler: s.printHearingMinutes, Produces: htmlType})
}

// hearingForDocument loads a hearing with its participants and authorises
// reading it, as getHearing does.
func (s *Server) hearingForDocument(c echo.Context) (store.HearingDetail, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return store.HearingDetail{}, err
	}
	d, err := s.hearings.GetHearingDetail(c.Request().Context(), id, 0)
	if err != nil {
		return store.HearingDetail{}, err
	}
	if err := s.authorize(c, "hearing", "read", domain.Unit{ID: d.UnitID, Path: d.UnitPath}); err != nil {
		return store.HearingDetail{}, err
	}
	return s.hearings.CompleteHearingDetail(c.Request().Context(), d)
}

// scheduledOn is the day the hearing's time was last fixed (scheduled or
// postponed): the date of its notice and invitations.
func scheduledOn(d store.HearingDetail) domain.Date {
	for _, t := range slices.Backward(d.Transitions) {
		if t.Action == string(domain.HearingActSchedule) || t.Action == string(domain.HearingActPostpone) {
			return domain.DateOf(t.At, domain.Shanghai)
		}
	}
	return domain.DateOf(d.CreatedAt, domain.Shanghai)
}

// documentStamp dates the parts of a generated file: the hearing's last
// transition, or its creation.
func documentStamp(d store.HearingDetail) time.Time {
	if n := len(d.Transitions); n > 0 {
		return d.Transitions[n-1].At
	}
	return d.CreatedAt
}

func (s *Server) getHearingNotice(c echo.Context) error {
	d, n, err := s.hearingNotice(c)
	if err != nil {
		return err
	}
	return sendDocx(c, document.NoticeFileName(n), func(w io.Writer) error { return document.WriteHearingNotice(w, n, documentStamp(d)) })
}

func (s *Server) printHearingNotice(c echo.Context) error {
	_, n, err := s.hearingNotice(c)
	if err != nil {
		return err
	}
	return sendPrintView(c, func(w io.Writer) error { return document.WriteHearingNoticeHTML(w, n) })
}

// hearingNotice is what the notice of the requested hearing says.
func (s *Server) hearingNotice(c echo.Context) (store.HearingDetail, document.HearingNotice, error) {
	d, err := s.hearingForDocument(c)
	if err != nil {
		return d, document.HearingNotice{}, err
	}
	if err := domain.CheckHearingDocument(d.Hearing, domain.HearingDocNotice); err != nil {
		return d, document.HearingNotice{}, err
	}
	n := document.HearingNotice{UnitName: d.UnitName, Kind: d.Kind, Matter: domain.PublicHearingTitle(d.Title, store.DomainParticipants(d.Participants)),
		StartsAt: d.StartsAt, Location: d.Location, IssuedOn: scheduledOn(d)}
	if d.LivestreamApproved {
		n.LivestreamURL = d.LivestreamURL
	}
	return d, n, nil
}

func (s *Server) getHearingInvitation(c echo.Context) error {
	d, inv, err := s.hearingInvitation(c)
	if err != nil {
		return err
	}
	return sendDocx(c, document.InvitationFileName(inv), func(w io.Writer) error { return document.WriteInvitation(w, inv, documentStamp(d)) })
}

func (s *Server) printHearingInvitation(c echo.Context) error {
	_, inv, err := s.hearingInvitation(c)
	if err != nil {
		return err
	}
	return sendPrintView(c, func(w io.Writer) error { return document.WriteInvitationHTML(w, inv) })
}

// hearingInvitation is what the invitation to the requested participant
// of the requested hearing says.
func (s *Server) hearingInvitation(c echo.Context) (store.HearingDetail, document.Invitation, error) {
	d, err := s.hearingForDocument(c)
	if err != nil {
		return d, document.Invitation{}, err
	}
	pid, err := pathID(c, "pid")
	if err != nil {
		return d, document.Invitation{}, err
	}
	i := slices.IndexFunc(d.Participants, func(p store.ParticipantRecord) bool { return p.ID == pid })
	if i < 0 {
		return d, document.Invitation{}, domain.ErrNotFound
	}
	officer := d.Participants[i]
	if err := domain.CheckInvitation(d.Hearing, officer.Participant); err != nil {
		return d, document.Invitation{}, err
	}
	inv := document.Invitation{UnitName: d.UnitName, OfficerName: officer.Name, Kind: d.Kind,
		Matter: domain.PublicHearingTitle(d.Title, store.DomainParticipants(d.Participants)), Public: d.Public, StartsAt: d.StartsAt,
		Location: d.Location, IssuedOn: scheduledOn(d)}
	for _, role := range []domain.ParticipantRole{domain.ParticipantHandlingProsecutor, domain.ParticipantPresider} {
		if j := slices.IndexFunc(d.Participants, func(p store.ParticipantRecord) bool { return p.Role == role }); j >= 0 {
			inv.Contact, inv.ContactPhone = d.Participants[j].Name, d.Participants[j].Person.Phone
			break
		}
	}
	return d, inv, nil
}

func (s *Server) getHearingMinutes(c echo.Context) error {
	d, m, err := s.hearingMinutes(c)
	if err != nil {
		return err
	}
	return sendDocx(c, document.MinutesFileName(m), func(w io.Writer) error { return document.WriteMinutes(w, m, documentStamp(d)) })
}

func (s *Server) printHearingMinutes(c echo.Context) error {
	_, m, err := s.hearingMinutes(c)
	if err != nil {
		return err
	}
	return sendPrintView(c, func(w io.Writer) error { return document.WriteMinutesHTML(w, m) })
}

// hearingMinutes is what the minutes of the requested hearing hold.
func (s *Server) hearingMinutes(c echo.Context) (store.HearingDetail, document.Minutes, error) {
	d, err := s.hearingForDocument(c)
	if err != nil {
		return d, document.Minutes{}, err
	}
	if err := domain.CheckHearingDocument(d.Hearing, domain.HearingDocMinutes); err != nil {
		return d, document.Minutes{}, err
	}
	m := document.Minutes{UnitName: d.UnitName, Title: d.Title, CaseNumber: d.CaseNumber, Kind: d.Kind, Public: d.Public,
		ClosedReason: d.ClosedReason, HeldAt: d.HeldAt, Location: d.Location, Attendance: d.Attendance, ProposedDecision: d.ProposedDecision,
		Record: d.Minutes, Decided: d.Status == domain.HearingDecided, Decision: d.Decision, Reasons: d.Reasons}
	for _, p := range d.Participants {
		m.People = append(m.People, document.MinutesPerson{ID: p.ID, Name: p.Name, Role: p.Role, Category: domain.OfficerCategory(p.OfficerCategory),
			Organisation: p.Person.Organisation, Attended: p.Attended, Seated: p.Seated(), Conflict: p.Conflict, Recused: p.RecusalOutcome == "granted",
			Position: domain.OpinionPosition(p.Position), Opinion: p.Opinion})
	}
	return d, m, nil
}

// sendDocx answers the Word document write writes, named name.
func sendDocx(c echo.Context, name string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return serveDocx(c, name, buf.Bytes())
}

// hearingDocumentLinks lists the documents of the hearing that apply now.
func hearingDocumentLinks(d store.HearingDetail) []hearingDocumentLink {
	out := []hearingDocumentLink{}
	base := fmt.Sprintf("/api/v1/hearings/%d/", d.ID)
	if domain.CheckHearingDocument(d.Hearing, domain.HearingDocNotice) == nil {
		out = append(out, hearingDocumentLink{Kind: string(domain.HearingDocNotice), Href: base + "notice.docx", PrintHref: base + "notice.html"})
	}
	for _, p := range d.Participants {
		if domain.CheckInvitation(d.Hearing, p.Participant) == nil {
			out = append(out, hearingDocumentLink{Kind: string(domain.HearingDocInvitation), ParticipantID: &p.ID, Name: p.Name,
				Href: fmt.Sprintf("%sparticipants/%d/invitation.docx", base, p.ID), PrintHref: fmt.Sprintf("%sparticipants/%d/invitation.html", base, p.ID)})
		}
	}
	if domain.CheckHearingDocument(d.Hearing, domain.HearingDocMinutes) == nil {
		out = append(out, hearingDocumentLink{Kind: string(domain.HearingDocMinutes), Href: base + "minutes.docx", PrintHref: base + "minutes.html"})
	}
	return out
}
