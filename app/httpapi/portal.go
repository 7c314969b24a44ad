package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
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

// portalOutcomeNames name the outcomes on the page.
var portalOutcomeNames = map[domain.Outcome]string{domain.Adopted: "采纳", domain.PartiallyAdopted: "部分采纳", domain.NotAdopted: "未采纳"}

var portalKindNames = map[string]string{store.ReplyKind: "书面回复", store.EvidenceKind: "整改材料"}

var portalStateNames = map[string]string{store.PendingState: "待检察机关核收", store.AcceptedState: "已核收", store.ReturnedState: "已退回，请修改后重新提交"}

type portalItem struct {
	No   int
	Text string
}

type portalView struct {
	Token        string
	Gone         bool // revoked, expired or unknown: the page says so and nothing else
	TooLarge     bool // the upload was over the limit: the page says so, with a way back
	UnitName     string
	DocNo        string
	Title        string
	Recipient    string
	Facts        []string
	Problems     []string
	Items        []portalItem
	ServedOn     string
	ReplyDue     string
	ReplyPeriod  string
	Acked        bool
	AckedAt      string
	CanReply     bool
	CanEvidence  bool // a reply has been accepted: later evidence of rectification may follow
	Replies      []portalReply
	Outcomes     []portalOption
	Done         string
	Errors       []string
	Form         map[string]string
	MaxFiles     int
	ExpiresOn    string
	ItemOutcomes map[int]string
}

type portalReply struct {
	Kind        string // 书面回复 or 整改材料
	SubmittedAt string
	DocNo       string
	Outcome     string
	Interim     bool
	State       string
	Note        string
	Files       int
}

type portalOption struct{ Value, Label string }

var portalPage = template.Must(template.New("portal").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>检察建议书在线送达</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f5f7fa;color:#303133;line-height:1.7}
header{background:#1d3a6e;color:#fff;padding:16px 20px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.9;font-size:14px}
main{max-width:760px;margin:16px auto;padding:0 12px}section{background:#fff;border-radius:6px;padding:16px 18px;margin-bottom:14px}
h2{font-size:17px;margin:0 0 10px}.muted{color:#5f6368;font-size:14px}.letter p{text-indent:2em;margin:6px 0}.due{font-size:18px;color:#a35200;font-weight:600}
.ok{background:#eef6ee;border-left:4px solid #2b7a2b;padding:10px 12px}.err{background:#fbeeee;border-left:4px solid #bf2f2b;padding:10px 12px}
label{display:block;margin:10px 0 4px;font-weight:600}input[type=text],input[type=number],select,textarea{width:100%;box-sizing:border-box;padding:8px;font-size:16px;border:1px solid #8a8f98;border-radius:4px}
textarea{min-height:120px}button,.button{display:inline-block;background:#1a5fb4;color:#fff;border:0;border-radius:4px;padding:10px 18px;font-size:16px;text-decoration:none;cursor:pointer}
.secondary{background:#fff;color:#1a5fb4;border:1px solid #1a5fb4}table{width:100%;border-collapse:collapse}td,th{border-bottom:1px solid #e4e7ed;padding:6px;text-align:left;font-size:14px}
</style></head><body>
{{if .Gone}}<header><h1>检察建议书在线送达</h1></header>
<main><section><h2>该链接已失效</h2><p>该送达链接已撤销或已过期。如需帮助，请与制发检察建议的人民检察院联系。</p></section></main>
{{else if .TooLarge}}<header><h1>检察建议书在线送达</h1></header>
<main><section><h2>提交的内容过大</h2><p class="err" role="alert">本次提交的附件合计超过 20 MB，未能接收。请压缩扫描件或照片（如降低分辨率、转为 PDF），或分次提交。</p>
{{if .Token}}<p><a class="button" href="/r/{{.Token}}">返回送达页面</a></p>{{end}}</section></main>
{{else}}<header><h1>{{.UnitName}} 检察建议书</h1><p>{{.DocNo}} · 主送：{{.Recipient}}</p></header>
<main>
{{if eq .Done "ack"}}<p class="ok" role="status">已确认收到。回复期限自送达之日起计算。</p>{{end}}
{{if eq .Done "reply"}}<p class="ok" role="status">回复已提交，等待检察机关核收。核收结果将在本页显示。</p>{{end}}
{{if eq .Done "evidence"}}<p class="ok" role="status">整改材料已提交，等待检察机关核收。核收结果将在本页显示。</p>{{end}}
{{if .Errors}}<div class="err" role="alert"><strong>提交未成功：</strong><ul>{{range .Errors}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
<section><h2>送达与回复期限</h2>
{{if .Acked}}<p>贵单位已于 {{.AckedAt}} 确认收到本检察建议书。</p>{{else}}
<form method="post" action="/r/{{.Token}}/ack"><p>请核对下方检察建议书内容，确认收到：</p><button type="submit">确认收到</button></form>{{end}}
{{if .ReplyDue}}<p>送达日期：{{.ServedOn}}</p><p>请于 <span class="due">{{.ReplyDue}}</span> 前书面回复（回复期限 {{.ReplyPeriod}}）。</p>
{{else}}<p class="muted">回复期限为送达之日起 {{.ReplyPeriod}}，确认收到后即开始计算。</p>{{end}}
<p><a class="button secondary" href="/r/{{.Token}}/letter.docx">下载检察建议书（Word）</a></p>
<p class="muted">本链接有效期至 {{.ExpiresOn}}，仅供贵单位使用，请勿转发。</p></section>
<section class="letter"><h2>{{.Title}}</h2>
{{range .Facts}}<p>{{.}}</p>{{end}}
{{if .Problems}}<h2>存在的问题</h2>{{range .Problems}}<p>{{.}}</p>{{end}}{{end}}
<h2>检察建议</h2>{{range .Items}}<p>（{{.No}}）{{.Text}}</p>{{end}}</section>
{{if .Replies}}<section><h2>已提交的回复和材料</h2><table><thead><tr><th>提交时间</th><th>类型</th><th>复函文号</th><th>采纳情况</th><th>状态</th></tr></thead><tbody>
{{range .Replies}}<tr><td>{{.SubmittedAt}}</td><td>{{.Kind}}{{if .Files}}（附件 {{.Files}} 个）{{end}}</td><td>{{.DocNo}}</td><td>{{if .Outcome}}{{.Outcome}}{{if .Interim}}（阶段性）{{end}}{{else}}—{{end}}</td><td>{{.State}}{{if .Note}}<br><span class="muted">检察机关意见：{{.Note}}</span>{{end}}</td></tr>{{end}}
</tbody></table></section>{{end}}
{{if .CanEvidence}}<section><h2>提交整改材料</h2>
<p class="muted">贵单位的回复已经核收。整改推进中形成的材料（整改照片、验收文件、制度文件等）可在此补充提交，经检察机关核收后记入跟踪督促记录。</p>
<form method="post" action="/r/{{.Token}}/evidence" enctype="multipart/form-data">
<label for="description">整改情况说明</label><textarea id="description" name="description" required maxlength="20000">{{index .Form "description"}}</textarea>
<label for="evidence_files">证明材料（PDF、图片或 Word，合计不超过 20 MB，最多 {{.MaxFiles}} 个）</label><input id="evidence_files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.doc">
<p><button type="submit">提交整改材料</button></p></form></section>{{end}}
{{if .CanReply}}<section><h2>书面回复</h2>
<form method="post" action="/r/{{.Token}}/reply" enctype="multipart/form-data">
<label for="replier">回复单位</label><input id="replier" name="replier" type="text" required maxlength="200" value="{{index .Form "replier"}}">
<label for="doc_no">复函文号</label><input id="doc_no" name="doc_no" type="text" maxlength="100" value="{{index .Form "doc_no"}}">
<label for="outcome">总体采纳情况</label><select id="outcome" name="outcome" required>{{$o := index .Form "outcome"}}{{range .Outcomes}}<option value="{{.Value}}"{{if eq .Value $o}} selected{{end}}>{{.Label}}</option>{{end}}</select>
{{$io := .ItemOutcomes}}{{$opts := .Outcomes}}{{range .Items}}<label for="item_{{.No}}">第（{{.No}}）项建议的采纳情况</label><select id="item_{{.No}}" name="item_{{.No}}">{{$v := index $io .No}}{{range $opts}}<option value="{{.Value}}"{{if eq .Value $v}} selected{{end}}>{{.Label}}</option>{{end}}</select>{{end}}
<label for="measures">整改措施</label><textarea id="measures" name="measures" maxlength="20000">{{index .Form "measures"}}</textarea>
<label for="funds_yuan">投入资金（元）</label><input id="funds_yuan" name="funds_yuan" type="number" min="0" step="1" inputmode="numeric" value="{{index .Form "funds_yuan"}}">
<label for="personnel">投入人员（人）</label><input id="personnel" name="personnel" type="number" min="0" step="1" inputmode="numeric" value="{{index .Form "personnel"}}">
<label><input type="checkbox" name="interim" value="1"{{if index .Form "interim"}} checked{{end}}> 这是阶段性回复（整改尚未完成，之后还将提交最终回复）</label>
<label for="files">附件（复函扫描件、整改照片；PDF、图片或 Word，合计不超过 20 MB，最多 {{.MaxFiles}} 个）</label><input id="files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.doc">
<p><button type="submit">提交回复</button></p></form></section>{{end}}
</main>{{end}}</body></html>`))

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
	ctx := store.WithActor(c.Request().Context(), store.Actor{Username: "recipient", ClientIP: c.RealIP(), RequestID: requestID(c.Request().Context())})
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
		ClientIP: c.RealIP(), RequestID: requestID(ctx)})))
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
