package httpapi

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/document"
	"procura/app/store"
	"procura/domain"
)

// The staff side of the recipient portal: a clerk makes the delivery link
// of an issued suggestion (the URL, with its token, is shown once), can
// revoke it, and accepts into the record or returns the replies the
// recipient submits through it.

type deliveryLinkResponse struct {
	ID             int64      `json:"id"`
	ExpiresOn      string     `json:"expires_on"`
	CreatedBy      string     `json:"created_by"`
	CreatedAt      time.Time  `json:"created_at"`
	Revoked        bool       `json:"revoked"`
	Expired        bool       `json:"expired"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	// URL is the link itself, only in the answer that made it: the token
	// is not kept.
	URL string `json:"url,omitempty"`
}

type pendingFileResponse struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	// URL opens the file, for the clerk to look at before accepting.
	URL string `json:"url"`
}

// pendingReplyResponse is a submission through the portal: a reply, or
// (kind evidence) evidence of rectification, its description in measures
// and without an outcome.
type pendingReplyResponse struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind" enum:"pending_reply_kind"`
	SubmittedAt time.Time `json:"submitted_at"`
	replyContent
	State      string                `json:"state" enum:"pending_reply_state"`
	DecidedBy  string                `json:"decided_by"`
	DecidedAt  *time.Time            `json:"decided_at"`
	Note       string                `json:"note"`
	ReplyID    int64                 `json:"reply_id"`
	FollowUpID int64                 `json:"followup_id"`
	Files      []pendingFileResponse `json:"files"`
}

type portalResponse struct {
	Links          []deliveryLinkResponse `json:"links"`
	PendingReplies []pendingReplyResponse `json:"pending_replies"`
}

type serviceReceiptRequest struct {
	// URL is the delivery link just made (shown once); "" for a receipt
	// without one.
	URL string `json:"url"`
}

type returnReplyRequest struct {
	Note string `json:"note"`
}

// pendingReplyStates are the states of a submitted reply.
var pendingReplyStates = []string{store.PendingState, store.AcceptedState, store.ReturnedState}

// pendingReplyKinds are the kinds of submission.
var pendingReplyKinds = []string{store.ReplyKind, store.EvidenceKind}

func (s *Server) registerDeliveryRoutes(g *echo.Group) {
	issue := Access{Resource: "suggestion", Action: "issue", Targeted: true}
	reply := Access{Resource: "suggestion", Action: "reply", Targeted: true}
	s.add(g, Route{Method: http.MethodGet, Path: "/suggestions/:id/portal", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "read", Targeted: true},
		Summary: "The suggestion's delivery links and the replies submitted through them", Response: portalResponse{}, Handler: s.getPortal})
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/:id/delivery-links", Tag: "suggestions", Access: issue,
		Summary:  "Make the recipient's delivery link (revoking the one before); the answer holds the URL, shown only this once",
		Response: deliveryLinkResponse{}, Status: http.StatusCreated, Handler: s.createDeliveryLink})
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/:id/service-receipt", Tag: "suggestions", Access: issue,
		Summary: "The 送达回证 as a Word document; given the live delivery link, with its address and QR code", Body: serviceReceiptRequest{},
		Handler: s.serviceReceipt, Produces: docxType})
	s.add(g, Route{Method: http.MethodPost, Path: "/delivery-links/:id/revoke", Tag: "suggestions", Access: issue,
		Summary: "Revoke a delivery link", Status: http.StatusNoContent, Handler: s.revokeDeliveryLink})
	// Taking in what the recipient sent is the reply permission, for
	// evidence too (whose follow-up the lifecycle still checks).
	s.add(g, Route{Method: http.MethodPost, Path: "/pending-replies/:id/accept", Tag: "suggestions", Access: reply,
		Summary:  "Accept a submission through the portal into the record: a reply as a reply, evidence of rectification as a follow-up; answers the decided submission",
		Response: pendingReplyResponse{}, Handler: s.acceptPendingReply})
	s.add(g, Route{Method: http.MethodPost, Path: "/pending-replies/:id/return", Tag: "suggestions", Access: reply,
		Summary: "Return a submission to the recipient with a note", Body: returnReplyRequest{}, Status: http.StatusNoContent, Handler: s.returnPendingReply})
	s.add(g, Route{Method: http.MethodGet, Path: "/pending-replies/:id/files/:fid", Tag: "suggestions", Access: Access{Resource: "suggestion", Action: "read", Targeted: true},
		Summary: "Open a file of a submission (a picture or PDF shown inline, others downloaded)", Handler: s.getPendingReplyFile, Produces: "application/octet-stream"})
}

func (s *Server) toLinkResponse(l store.DeliveryLink) deliveryLinkResponse {
	return deliveryLinkResponse{ID: l.ID, ExpiresOn: l.ExpiresOn.String(), CreatedBy: l.CreatedBy, CreatedAt: l.CreatedAt.In(domain.Shanghai),
		Revoked: l.RevokedAt != nil, Expired: s.today().After(l.ExpiresOn), AcknowledgedAt: inShanghai(l.AcknowledgedAt)}
}

func toPendingReplyResponse(p store.PendingReply) pendingReplyResponse {
	out := pendingReplyResponse{ID: p.ID, Kind: p.Kind, SubmittedAt: p.SubmittedAt.In(domain.Shanghai), replyContent: toReplyContent(p.Reply),
		State: p.State, DecidedBy: p.DecidedBy, DecidedAt: inShanghai(p.DecidedAt), Note: p.Note, ReplyID: p.ReplyID, FollowUpID: p.FollowUpID,
		Files: []pendingFileResponse{}}
	for _, f := range p.Files {
		out.Files = append(out.Files, pendingFileResponse{ID: f.ID, Filename: f.Filename, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256,
			URL: fmt.Sprintf("%s/pending-replies/%d/files/%d", apiPrefix, p.ID, f.ID)})
	}
	return out
}

func (s *Server) getPortal(c echo.Context) error {
	rec, err := s.targetSuggestion(c, "read")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	links, err := s.portal.DeliveryLinks(ctx, rec.ID)
	if err != nil {
		return err
	}
	pending, err := s.portal.PendingReplies(ctx, rec.ID, 0)
	if err != nil {
		return err
	}
	out := portalResponse{Links: []deliveryLinkResponse{}, PendingReplies: []pendingReplyResponse{}}
	for _, l := range links {
		out.Links = append(out.Links, s.toLinkResponse(l))
	}
	for _, p := range pending {
		out.PendingReplies = append(out.PendingReplies, toPendingReplyResponse(p))
	}
	return c.JSON(http.StatusOK, out)
}

// errNotDeliverable answers a link asked for a suggestion not issued, or
// ended.
var errNotDeliverable = &domain.Error{Kind: domain.KindConflict, Code: "not_deliverable",
	Message: "Only an issued suggestion that has not ended can be delivered online.", MessageZh: "只有已制发且未终结的检察建议才能在线送达。"}

// deliverable are the states in which a recipient may use its link.
var deliverable = []domain.SuggestionStatus{domain.StatusIssued, domain.StatusObjectionReview, domain.StatusReplied,
	domain.StatusRectifying, domain.StatusVerified, domain.StatusEscalated, domain.StatusLitigation}

// linkExpiry is when a link made today stops working: 90 days after the
// reply is due (for a suggestion not yet served, after the day it would be
// due if served today).
func linkExpiry(cur domain.Suggestion, cal domain.Calendar, today domain.Date) domain.Date {
	due := cur.ReplyDueOn
	if due.IsZero() {
		due = cal.Deadline(today, domain.ReplyPeriod(cur))
	}
	return due.AddDays(90)
}

func (s *Server) createDeliveryLink(c echo.Context) error {
	rec, err := s.targetSuggestion(c, "issue")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cal, err := s.portal.Calendar(ctx)
	if err != nil {
		return err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return err
	}
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	today := s.today()
	link, err := s.portal.CreateDeliveryLink(ctx, rec.ID, store.HashToken(token), func(cur domain.Suggestion) (domain.Date, error) {
		if !slices.Contains(deliverable, cur.Status) {
			return domain.Date{}, errNotDeliverable
		}
		return linkExpiry(cur, cal, today), nil
	})
	if err != nil {
		return err
	}
	out := s.toLinkResponse(link)
	out.URL = c.Scheme() + "://" + c.Request().Host + "/r/" + token
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) revokeDeliveryLink(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rec, err := s.portal.DeliveryLinkSuggestion(ctx, id)
	if err != nil {
		return err
	}
	if err := s.authorize(c, "suggestion", "issue", domain.Unit{ID: rec.UnitID, Path: rec.UnitPath}); err != nil {
		return err
	}
	if err := s.portal.RevokeDeliveryLink(ctx, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// targetPendingReply reads the suggestion of a submission and its kind,
// and authorises act on it.
func (s *Server) targetPendingReply(c echo.Context, act string) (int64, store.SuggestionRecord, string, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, store.SuggestionRecord{}, "", err
	}
	rec, kind, err := s.portal.PendingReplySuggestion(c.Request().Context(), id)
	if err != nil {
		return 0, store.SuggestionRecord{}, "", err
	}
	return id, rec, kind, s.authorize(c, "suggestion", act, domain.Unit{ID: rec.UnitID, Path: rec.UnitPath})
}

// acceptPendingReply records a submitted reply as if typed in by the
// clerk, received on the day it was submitted, with late computed; and
// submitted evidence as a follow-up of method evidence on that day, its
// description the findings.
func (s *Server) acceptPendingReply(c echo.Context) error {
	id, rec, kind, err := s.targetPendingReply(c, "reply")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	actor, today := s.suggestionActor(c, rec), s.today()
	if kind == store.EvidenceKind {
		_, err = s.portal.AcceptPendingEvidence(ctx, id, func(cur domain.Suggestion, p store.PendingReply) (domain.Suggestion, domain.FollowUp, error) {
			f := domain.FollowUp{On: p.ReceivedOn, Method: domain.FollowUpEvidence, Findings: p.Measures}
			if err := domain.CheckSuggestionAction(cur, domain.ActFollowUp, actor); err != nil {
				return cur, f, err
			}
			if err := domain.ValidateFollowUp(cur, f, today); err != nil {
				return cur, f, err
			}
			return domain.ApplyFollowUp(cur), f, nil
		})
	} else {
		_, err = s.portal.AcceptPendingReply(ctx, id, func(cur domain.Suggestion, p store.PendingReply) (domain.Suggestion, domain.Reply, error) {
			r := p.Reply
			r.ID = 0
			return recordReply(cur, r, actor, today)
		})
	}
	if err != nil {
		return err
	}
	return s.sendPendingReply(c, rec.ID, id)
}

// sendPendingReply answers submission id of suggestion sid as it stands.
func (s *Server) sendPendingReply(c echo.Context, sid, id int64) error {
	all, err := s.portal.PendingReplies(c.Request().Context(), sid, 0)
	if err != nil {
		return err
	}
	for _, p := range all {
		if p.ID == id {
			return c.JSON(http.StatusOK, toPendingReplyResponse(p))
		}
	}
	return domain.ErrNotFound
}

// getPendingReplyFile opens a submitted file for the clerk. Pictures and
// PDFs (their type decided by content on upload) show in the browser, in a
// sandbox; anything else downloads.
func (s *Server) getPendingReplyFile(c echo.Context) error {
	id, _, _, err := s.targetPendingReply(c, "read")
	if err != nil {
		return err
	}
	fid, err := pathID(c, "fid")
	if err != nil {
		return err
	}
	f, err := s.portal.PendingReplyFile(c.Request().Context(), id, fid)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	disposition := "attachment"
	switch {
	case strings.HasPrefix(f.ContentType, "image/"):
		disposition = "inline"
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
	case f.ContentType == "application/pdf":
		// Chrome's PDF viewer does not run in a CSP sandbox; the pages'
		// own policy (no foreign scripts) applies, not the API's, which
		// allows nothing.
		disposition = "inline"
		h.Set("Content-Security-Policy", pageHeaders.ContentSecurityPolicy)
	}
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType(disposition, map[string]string{"filename": f.Filename}))
	h.Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, f.ContentType, f.Data)
}

func (s *Server) returnPendingReply(c echo.Context) error {
	var req returnReplyRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	note := strings.TrimSpace(req.Note)
	var v domain.Validator
	v.Check(note != "", domain.Required("note"))
	v.Check(len([]rune(note)) <= 2000, domain.Field("note", "too_long", "At most 2,000 characters.", "不超过 2000 字。"))
	if err := v.Err(); err != nil {
		return err
	}
	id, _, _, err := s.targetPendingReply(c, "reply")
	if err != nil {
		return err
	}
	if err := s.portal.ReturnPendingReply(c.Request().Context(), id, note); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// errUnknownLink answers a receipt asked for with a URL that is not a live
// delivery link of the suggestion.
var errUnknownLink = domain.Invalid(domain.Field("url", "unknown_link",
	"This is not a valid delivery link of this suggestion; make a new one.", "不是本检察建议有效的送达链接，请重新生成。"))

// serviceReceipt writes the 送达回证 of an issued suggestion. The link's
// token is not kept, so the QR code can only be printed from the URL the
// clerk was just shown; the server checks it is this suggestion's live link.
func (s *Server) serviceReceipt(c echo.Context) error {
	var req serviceReceiptRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.targetSuggestion(c, "issue")
	if err != nil {
		return err
	}
	if rec.DocNo == "" {
		return errNotDeliverable
	}
	url := strings.TrimSpace(req.URL)
	if url != "" {
		i := strings.LastIndex(url, "/r/")
		if i < 0 || len(url) > 2000 {
			return errUnknownLink
		}
		link, owner, err := s.portal.ResolveDeliveryLink(c.Request().Context(), url[i+3:])
		if errors.Is(err, domain.ErrNotFound) || (err == nil && (owner.ID != rec.ID || link.RevokedAt != nil || s.today().After(link.ExpiresOn))) {
			return errUnknownLink
		}
		if err != nil {
			return err
		}
	}
	r := document.ServiceReceipt{UnitName: rec.UnitName, DocName: "检察建议书", DocNo: rec.DocNo, Recipient: rec.Recipient.Name,
		Address: rec.Recipient.Address, ServiceMethod: rec.ServiceMethod, LinkURL: url, IssuedOn: rec.ServedOn}
	var buf bytes.Buffer
	if err := document.WriteServiceReceipt(&buf, r, s.now()); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": document.ReceiptFileName(r)}))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, docxType, buf.Bytes())
}
