package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

// The recipient portal: /r/{token}, a Chinese page that works on a phone,
// for the agency a suggestion was sent to. No account, nothing but its own
// suggestion: the letter and its due date, confirming receipt, the DOCX,
// and a structured reply (with scans) that waits for a clerk to accept it.
// Rate-limited per token and address; every view, confirmation and
// submission is audited with time and address.

const (
	portalMaxFiles     = 10
	portalTokenLen     = 43 // 32 random bytes, base64url without padding
	portalReplyMaxText = 20000
)

// The portal's limits, per address and per address and link: a phone
// refreshing is fine, a script guessing or flooding is not. Counted in
// the database (store.HitRateLimits), so that they hold across all the
// servers behind a load balancer instead of multiplying by their number.
const (
	portalLimitWindow     = time.Minute
	portalLimitPerAddress = 120
	portalLimitPerLink    = 60
)

func (s *Server) registerPortalRoutes() {
	s.echo.GET("/r/:token", s.retryRead(s.portalPage), s.portalRateLimit)
	s.echo.GET("/r/:token/letter.docx", s.retryRead(s.portalLetter), s.portalRateLimit)
	s.echo.POST("/r/:token/ack", s.portalAck, s.portalRateLimit)
	s.echo.POST("/r/:token/reply", s.portalReply, s.portalRateLimit)
	s.echo.POST("/r/:token/evidence", s.portalEvidence, s.portalRateLimit)
}

// portalRateLimit counts the request against the portal's limits and
// answers 429 once either is spent. Addresses count as the sign-in
// throttle counts them (an IPv6 address as its /64); the link's key holds
// a hash of the token, never the token itself.
func (s *Server) portalRateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ip := domain.AddressKey(c.RealIP())
		token := sha256.Sum256([]byte(c.Param("token")))
		wait, err := s.portal.HitRateLimits(c.Request().Context(), s.now(), []store.RateLimit{
			{Key: "portal:" + ip, Limit: portalLimitPerAddress, Window: portalLimitWindow},
			{Key: "portal:" + ip + "|" + hex.EncodeToString(token[:16]), Limit: portalLimitPerLink, Window: portalLimitWindow},
		})
		if err != nil {
			return err
		}
		if wait > 0 {
			return s.portalDenied(c, wait)
		}
		return next(c)
	}
}

func (s *Server) portalDenied(c echo.Context, wait time.Duration) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	return c.HTML(http.StatusTooManyRequests, `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请稍后再试</title><p>访问过于频繁，请一分钟后再试。</p></html>`)
}

// portalLink resolves the token of the request: ok is false (and the
// "no longer valid" page is written) for an unknown, revoked or expired
// link. The request's context then carries the recipient as actor.
func (s *Server) portalLink(c echo.Context) (store.DeliveryLink, store.SuggestionRecord, bool, error) {
	ctx := store.WithActor(c.Request().Context(), store.Actor{Username: "recipient", ClientIP: c.RealIP(), RequestID: requestID(c)})
	c.SetRequest(c.Request().WithContext(ctx))
	c.Response().Header().Set("Cache-Control", "no-store")
	token := c.Param("token")
	if len(token) != portalTokenLen {
		return store.DeliveryLink{}, store.SuggestionRecord{}, false, s.portalGone(c, http.StatusNotFound)
	}
	link, rec, err := s.portal.ResolveDeliveryLink(ctx, token)
	if errors.Is(err, domain.ErrNotFound) {
		return link, rec, false, s.portalGone(c, http.StatusNotFound)
	}
	if err != nil {
		return link, rec, false, err
	}
	if link.RevokedAt != nil || s.today().After(link.ExpiresOn) {
		return link, rec, false, s.portalGone(c, http.StatusGone)
	}
	c.SetRequest(c.Request().WithContext(store.WithActor(ctx, store.Actor{Username: "recipient:" + strconv.FormatInt(link.ID, 10),
		ClientIP: c.RealIP(), RequestID: requestID(c)})))
	return link, rec, true, nil
}

// portalTooLarge answers an upload over the body limit with the portal's
// own page (the recipient has a browser, not an API client), and a way
// back to its link.
func (s *Server) portalTooLarge(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	v := portalView{TooLarge: true}
	if t := c.Param("token"); len(t) == portalTokenLen && strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == "" {
		v.Token = t
	}
	return s.renderPortal(c, http.StatusRequestEntityTooLarge, v)
}

func (s *Server) portalGone(c echo.Context, status int) error {
	return s.renderPortal(c, status, portalView{Gone: true})
}

func (s *Server) renderPortal(c echo.Context, status int, v portalView) error {
	var b bytes.Buffer
	if err := portalPage.Execute(&b, v); err != nil {
		return err
	}
	return c.HTMLBlob(status, b.Bytes())
}

// portalView builds the page of a link.
func (s *Server) portalView(c echo.Context, link store.DeliveryLink, rec store.SuggestionRecord) (portalView, error) {
	v := portalView{Token: c.Param("token"), UnitName: rec.UnitName, DocNo: rec.DocNo, Title: rec.Title, Recipient: rec.Recipient.Name,
		Facts: paragraphsOf(rec.Facts), Problems: paragraphsOf(rec.Problems), Acked: link.AcknowledgedAt != nil,
		ReplyPeriod: domain.ChinesePeriod(domain.ReplyPeriod(rec.Suggestion)), ExpiresOn: domain.ChineseDate(link.ExpiresOn),
		CanReply: slices.Contains(deliverable, rec.Status) && rec.Status != domain.StatusObjectionReview,
		MaxFiles: portalMaxFiles, Form: map[string]string{"replier": rec.Recipient.Name}, ItemOutcomes: map[int]string{}}
	if v.Acked {
		v.AckedAt = link.AcknowledgedAt.In(domain.Shanghai).Format("2006-01-02 15:04")
	}
	if !rec.ServedOn.IsZero() {
		v.ServedOn, v.ReplyDue = domain.ChineseDate(rec.ServedOn), domain.ChineseDate(rec.ReplyDueOn)
	}
	for _, it := range rec.Items {
		v.Items = append(v.Items, portalItem{No: it.No, Text: it.Text})
	}
	for _, o := range domain.Outcomes {
		v.Outcomes = append(v.Outcomes, portalOption{Value: string(o), Label: portalOutcomeNames[o]})
	}
	replies, err := s.portal.PendingReplies(c.Request().Context(), rec.ID, 0)
	if err != nil {
		return v, err
	}
	accepted := false
	for _, r := range replies {
		accepted = accepted || (r.Kind == store.ReplyKind && r.State == store.AcceptedState)
		if r.LinkID != link.ID {
			continue // another link's: not this recipient's to see
		}
		v.Replies = append(v.Replies, portalReply{Kind: portalKindNames[r.Kind], SubmittedAt: r.SubmittedAt.In(domain.Shanghai).Format("2006-01-02 15:04"),
			DocNo: r.DocNo, Outcome: portalOutcomeNames[r.Outcome], Interim: r.Interim, State: portalStateNames[r.State], Note: r.Note, Files: len(r.Files)})
	}
	// Evidence follows an accepted reply, while the suggestion is followed up.
	err = domain.CheckSuggestionAction(rec.Suggestion, domain.ActFollowUp, domain.Actor{})
	v.CanEvidence = accepted && (err == nil || errors.Is(err, domain.ErrForbidden))
	return v, nil
}

func paragraphsOf(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// portalOpen resolves the request's link and builds its page, the start
// of every page the portal renders; ok is false when the answer is
// written already (a link no longer valid).
func (s *Server) portalOpen(c echo.Context) (store.DeliveryLink, store.SuggestionRecord, portalView, bool, error) {
	link, rec, ok, err := s.portalLink(c)
	if !ok || err != nil {
		return link, rec, portalView{}, false, err
	}
	v, err := s.portalView(c, link, rec)
	return link, rec, v, err == nil, err
}

func (s *Server) portalPage(c echo.Context) error {
	link, rec, v, ok, err := s.portalOpen(c)
	if !ok {
		return err
	}
	v.Done = c.QueryParam("done")
	if err := s.portal.RecordPortalVisit(c.Request().Context(), link, rec, "view"); err != nil {
		return err
	}
	return s.renderPortal(c, http.StatusOK, v)
}

// portalLetter serves the letter as the staff see it: frozen on issue.
func (s *Server) portalLetter(c echo.Context) error {
	link, rec, ok, err := s.portalLink(c)
	if !ok || err != nil {
		return err
	}
	ctx := c.Request().Context()
	name, data, err := s.letterFile(ctx, rec)
	if err != nil {
		return err
	}
	if err := s.portal.RecordPortalVisit(ctx, link, rec, "download"); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, docxType, data)
}

// portalAck records the confirmation of receipt; a suggestion issued for
// electronic service is served by it, today.
func (s *Server) portalAck(c echo.Context) error {
	link, _, ok, err := s.portalLink(c)
	if !ok || err != nil {
		return err
	}
	ctx := c.Request().Context()
	cal, err := s.portal.Calendar(ctx)
	if err != nil {
		return err
	}
	today := s.today()
	if _, err := s.portal.AcknowledgeService(ctx, link.ID, func(cur domain.Suggestion) (domain.Suggestion, bool) {
		if cur.ServiceMethod != domain.ServiceElectronic {
			return cur, false
		}
		return domain.Serve(cur, today, cal)
	}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("token")+"?done=ack")
}

// portalReply takes a structured reply; it waits for a clerk to accept it.
func (s *Server) portalReply(c echo.Context) error {
	link, rec, v, ok, err := s.portalSubmission(c, func(v portalView) bool { return v.CanReply }, "本检察建议当前不接受在线回复，请与检察机关联系。")
	if !ok {
		return err
	}
	r, files, problems := s.readPortalReply(c, rec, &v)
	if len(problems) == 0 {
		r.ReceivedOn = s.today()
		if err := domain.ValidateReply(rec.Suggestion, r.Reply, r.ReceivedOn); err != nil {
			e, ok := domain.AsError(err)
			if !ok {
				return err
			}
			for _, f := range e.Fields {
				problems = append(problems, f.MessageZh)
			}
		}
	}
	if len(problems) > 0 {
		v.Errors = problems
		return s.renderPortal(c, http.StatusUnprocessableEntity, v)
	}
	r.Files = files
	if _, err := s.portal.SubmitPendingReply(c.Request().Context(), link, rec.UnitID, r); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("token")+"?done=reply")
}

// portalSubmission opens a form's submission like portalOpen, reads the
// multipart body (so that a body over the limit sent without its length,
// which the limit middleware cannot refuse up front, is answered 413 too,
// by handleError with the portal's page), and answers the page with
// refusal when allowed says the page does not take this form now.
func (s *Server) portalSubmission(c echo.Context, allowed func(portalView) bool, refusal string) (store.DeliveryLink, store.SuggestionRecord, portalView, bool, error) {
	link, rec, v, ok, err := s.portalOpen(c)
	if !ok {
		return link, rec, v, false, err
	}
	if _, err := c.MultipartForm(); errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		return link, rec, v, false, err
	}
	if !allowed(v) {
		v.Errors = []string{refusal}
		return link, rec, v, false, s.renderPortal(c, http.StatusConflict, v)
	}
	return link, rec, v, true, nil
}

// portalEvidence takes later evidence of rectification (a description and
// files); like a reply, it waits for a clerk to accept it.
func (s *Server) portalEvidence(c echo.Context) error {
	link, rec, v, ok, err := s.portalSubmission(c, func(v portalView) bool { return v.CanEvidence }, "回复核收后方可提交整改材料；如有疑问，请与检察机关联系。")
	if !ok {
		return err
	}
	var problems []string
	description := strings.TrimSpace(c.FormValue("description"))
	v.Form["description"] = description
	switch {
	case description == "":
		problems = append(problems, "请填写整改情况说明。")
	case domain.TextProblem(description) != "":
		problems = append(problems, "整改情况说明含有无法保存的字符。")
	case len([]rune(description)) > portalReplyMaxText:
		problems = append(problems, "整改情况说明过长（不超过 "+strconv.Itoa(portalReplyMaxText)+" 字）。")
	}
	files, fileProblems := readPortalFiles(c)
	if problems = append(problems, fileProblems...); len(problems) > 0 {
		v.Errors = problems
		return s.renderPortal(c, http.StatusUnprocessableEntity, v)
	}
	e := store.PendingReply{Kind: store.EvidenceKind, Files: files}
	e.Replier, e.Measures = rec.Recipient.Name, description
	if _, err := s.portal.SubmitPendingReply(c.Request().Context(), link, rec.UnitID, e); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("token")+"?done=evidence")
}

// readPortalReply reads the reply form, keeping what was typed in v.Form
// for a page that shows the problems.
func (s *Server) readPortalReply(c echo.Context, rec store.SuggestionRecord, v *portalView) (store.PendingReply, []store.PendingFile, []string) {
	var problems []string
	text := func(name string, max int, label string) string {
		x := strings.TrimSpace(c.FormValue(name))
		v.Form[name] = x
		switch {
		case domain.TextProblem(x) != "":
			problems = append(problems, label+"含有无法保存的字符。")
		case len([]rune(x)) > max:
			problems = append(problems, label+"过长（不超过 "+strconv.Itoa(max)+" 字）。")
		}
		return x
	}
	number := func(name, label string) int64 {
		x := strings.TrimSpace(c.FormValue(name))
		v.Form[name] = x
		if x == "" {
			return 0
		}
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil || n < 0 || n > 1<<31-1 {
			problems = append(problems, label+"应为不小于 0 的整数。")
			return 0
		}
		return n
	}
	r := store.PendingReply{}
	r.Replier = text("replier", 200, "回复单位")
	r.DocNo = text("doc_no", 100, "复函文号")
	r.Measures = text("measures", portalReplyMaxText, "整改措施")
	r.Outcome = domain.Outcome(text("outcome", 40, "采纳情况"))
	v.Form["outcome"] = string(r.Outcome)
	r.FundsYuan = number("funds_yuan", "投入资金")
	r.Personnel = int(number("personnel", "投入人员"))
	r.Interim = c.FormValue("interim") != ""
	if r.Interim {
		v.Form["interim"] = "1"
	}
	for _, it := range rec.Items {
		o := domain.Outcome(c.FormValue("item_" + strconv.Itoa(it.No)))
		if o == "" {
			continue
		}
		v.ItemOutcomes[it.No] = string(o)
		r.ItemOutcomes = append(r.ItemOutcomes, domain.ItemOutcome{Item: it.No, Outcome: o})
	}
	files, fileProblems := readPortalFiles(c)
	return r, files, append(problems, fileProblems...)
}

// readPortalFiles reads the attached files: at most portalMaxFiles, each
// at most maxAttachment, its type decided by its content.
func readPortalFiles(c echo.Context) ([]store.PendingFile, []string) {
	form, err := c.MultipartForm()
	if err != nil {
		if errors.Is(err, http.ErrNotMultipart) {
			return nil, nil
		}
		return nil, []string{"附件无法读取，请重新选择后提交。"}
	}
	headers := form.File["files"]
	if len(headers) > portalMaxFiles {
		return nil, []string{"附件最多 " + strconv.Itoa(portalMaxFiles) + " 个。"}
	}
	var out []store.PendingFile
	var problems []string
	for _, fh := range headers {
		name := domain.StripFormatting(strings.TrimSpace(fh.Filename))
		if fh.Size > maxAttachment {
			problems = append(problems, name+"：超过 20 MB。")
			continue
		}
		f, err := fh.Open()
		if err != nil {
			problems = append(problems, name+"：无法读取。")
			continue
		}
		data, err := io.ReadAll(io.LimitReader(f, maxAttachment+1))
		f.Close()
		if err != nil || len(data) > maxAttachment {
			problems = append(problems, name+"：无法读取或超过 20 MB。")
			continue
		}
		ct, ok := sniffAttachment(data, name)
		if !ok {
			problems = append(problems, name+"：仅接受 PDF、图片或 Word/Excel 文件。")
			continue
		}
		if name == "" || domain.TextProblem(name) != "" || len([]rune(name)) > 200 {
			name = "附件" + strconv.Itoa(len(out)+1)
		}
		out = append(out, store.PendingFile{Filename: name, ContentType: ct, Size: int64(len(data)), Data: data})
	}
	return out, problems
}
