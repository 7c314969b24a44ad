package httpapi

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

// publicHearing is what the public notice board shows: no personal data.
type publicHearing struct {
	Unit          string    `json:"unit"`
	Kind          string    `json:"kind"`
	KindName      string    `json:"kind_name"`
	Title         string    `json:"title"`
	StartsAt      time.Time `json:"starts_at"`
	Location      string    `json:"location"`
	LivestreamURL string    `json:"livestream_url,omitempty"`
}

// publicText is the wording of the public page in one language.
type publicText struct {
	Lang, Title, Lead, Time, Unit, Kind, Matter, Place, Live, Watch, Empty string
	// Switch links to the page in the other language.
	SwitchLang, SwitchHref, SwitchLabel string
}

var publicTexts = map[string]publicText{
	"zh": {Lang: "zh-CN", Title: "检察听证公告", Lead: "未来 30 日内公开举行的检察听证", Time: "时间", Unit: "单位", Kind: "类型",
		Matter: "听证事项", Place: "地点", Live: "直播", Watch: "观看直播", Empty: "近期暂无公开听证。",
		SwitchLang: "en", SwitchHref: "?lang=en", SwitchLabel: "English"},
	"en": {Lang: "en", Title: "Public hearings", Lead: "Public procuratorial hearings in the next 30 days", Time: "Time",
		Unit: "Procuratorate", Kind: "Kind", Matter: "Matter", Place: "Place", Live: "Live", Watch: "Watch live",
		Empty:      "No public hearings are scheduled in the next 30 days.",
		SwitchLang: "zh-CN", SwitchHref: "?lang=zh", SwitchLabel: "中文"},
}

var publicPage = template.Must(template.New("public").Parse(`<!doctype html>
<html lang="{{.T.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f5f7fa;color:#303133}
header{background:#1d3a6e;color:#fff;padding:20px 32px;display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
h1{margin:0;font-size:22px}header p{margin:6px 0 0;opacity:.85}header a{color:#fff}
main{max-width:960px;margin:24px auto;padding:0 16px}table{width:100%;border-collapse:collapse;background:#fff}
th,td{padding:12px;border-bottom:1px solid #ebeef5;text-align:left;vertical-align:top}th{background:#fafafa;color:#606266}
html[lang="en"] th,html[lang="en"] td{word-break:normal;overflow-wrap:normal;hyphens:manual}
.empty{background:#fff;padding:32px;text-align:center;color:#909399}a{color:#1d6fd6}
</style></head><body>
<header><div><h1>{{.T.Title}}</h1><p>{{.T.Lead}}</p></div>
<a href="{{.T.SwitchHref}}" hreflang="{{.T.SwitchLang}}" lang="{{.T.SwitchLang}}">{{.T.SwitchLabel}}</a></header>
<main>{{if .Items}}<table><thead><tr><th>{{.T.Time}}</th><th>{{.T.Unit}}</th><th>{{.T.Kind}}</th><th>{{.T.Matter}}</th><th>{{.T.Place}}</th><th>{{.T.Live}}</th></tr></thead><tbody>
{{range .Items}}<tr><td>{{.StartsAt.Format "2006-01-02 15:04"}}</td><td>{{.Unit}}</td><td>{{.KindName}}</td><td>{{.Title}}</td><td>{{.Location}}</td>
<td>{{if .LivestreamURL}}<a href="{{.LivestreamURL}}" rel="noopener">{{$.T.Watch}}</a>{{else}}—{{end}}</td></tr>{{end}}
</tbody></table>{{else}}<div class="empty">{{.T.Empty}}</div>{{end}}
</main></body></html>`))

func (s *Server) registerPublicRoutes() {
	s.echo.GET("/public/hearings", s.retryRead(s.publicHearings))
	s.registerPortalRoutes()
}

// publicHearings lists the scheduled public hearings of the next 30 days,
// everywhere, for anyone: no login, no personal data, no minors' hearings.
// The page is in one language: Chinese, or English when ?lang=en or the
// browser's Accept-Language prefers it; unit and kind names follow (a
// unit without an English name keeps its Chinese one), while titles and
// places are shown as the procuratorate wrote them.
func (s *Server) publicHearings(c echo.Context) error {
	ctx := c.Request().Context()
	now := s.now()
	units, err := s.hearings.ListUnits(ctx, domain.Scope{Patterns: []string{"/*"}})
	if err != nil {
		return err
	}
	recs, err := s.hearings.ListHearings(ctx, store.HearingFilter{
		Scope: domain.Scope{Patterns: rootPatterns(units)}, PublicOnly: true,
		Status: []domain.HearingStatus{domain.HearingScheduled}, From: now, To: now.Add(30 * 24 * time.Hour), Limit: 500, OrderByTime: true})
	if err != nil {
		return err
	}
	l := lang(c)
	en := l == "en"
	nameEn := map[int64]string{}
	for _, u := range units {
		nameEn[u.ID] = u.NameEn
	}
	out := make([]publicHearing, 0, len(recs))
	for _, r := range recs {
		ph := publicHearing{Unit: r.UnitName, Kind: string(r.Kind), KindName: domain.HearingKindNameZh[r.Kind], Title: r.Title,
			StartsAt: r.StartsAt.In(domain.Shanghai), Location: r.Location}
		if en {
			ph.KindName = domain.HearingKindNameEn[r.Kind]
			if n := nameEn[r.UnitID]; n != "" {
				ph.Unit = n
			}
		}
		if r.LivestreamApproved {
			ph.LivestreamURL = r.LivestreamURL
		}
		out = append(out, ph)
	}
	h := c.Response().Header()
	h.Add("Vary", "Accept-Language")
	h.Set("Content-Language", publicTexts[l].Lang)
	if c.QueryParam("format") == "json" {
		return c.JSON(http.StatusOK, map[string]any{"items": out})
	}
	var b strings.Builder
	if err := publicPage.Execute(&b, struct {
		T     publicText
		Items []publicHearing
	}{publicTexts[l], out}); err != nil {
		return err
	}
	return c.HTML(http.StatusOK, b.String())
}

// rootPatterns covers every unit: the subtree of every top-level unit.
func rootPatterns(units []domain.Unit) []string {
	var out []string
	for _, u := range units {
		if u.ParentID == 0 {
			out = append(out, domain.SubtreePattern(u.Path))
		}
	}
	return out
}

// hearingsICS exports the hearings in the caller's scope that have a
// start time as an iCalendar feed.
func (s *Server) hearingsICS(c echo.Context) error {
	recs, err := s.hearings.ListHearings(c.Request().Context(), store.HearingFilter{
		Scope: s.authz.Scope(caller(c).User.ID, "hearing", "read"), From: s.now().AddDate(-1, 0, 0), Limit: 2000, OrderByTime: true})
	if err != nil {
		return err
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICSLine(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Procura//Hearings//ZH")
	line("CALSCALE:GREGORIAN")
	stamp := s.now().UTC().Format("20060102T150405Z")
	for _, r := range recs {
		if r.StartsAt.IsZero() || r.Status == domain.HearingCancelled || r.Status == domain.HearingRejected {
			continue
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:hearing-%d@procura", r.ID))
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + r.StartsAt.UTC().Format("20060102T150405Z"))
		line("DTEND:" + r.StartsAt.Add(2*time.Hour).UTC().Format("20060102T150405Z"))
		line("SUMMARY:" + icsText("【"+domain.HearingKindNameZh[r.Kind]+"】"+r.Title))
		line("LOCATION:" + icsText(r.Location))
		line("DESCRIPTION:" + icsText(r.UnitName+" · "+domain.HearingStatusNameZh[r.Status]))
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="hearings.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", []byte(b.String()))
}

// foldICSLine ends a content line with CRLF, folding it so that no line
// is longer than 75 octets (RFC 5545 §3.1): each continuation starts with
// a space, and a UTF-8 sequence is never split.
func foldICSLine(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "")

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string { return icsEscaper.Replace(s) }

type hearingStats struct {
	Year                   int            `json:"year"`
	Held                   int            `json:"held"`
	Public                 int            `json:"public"`
	PublicShare            *float64       `json:"public_share"`
	OfficersPerHearing     *float64       `json:"officers_per_hearing"`
	ParticipantsByCategory map[string]int `json:"officers_by_category"`
	ByKind                 map[string]int `json:"by_kind"`
}

func (s *Server) hearingStatistics(c echo.Context) error {
	var v domain.Validator
	year := s.today().Year()
	if y := c.QueryParam("year"); y != "" {
		n, err := strconv.Atoi(y)
		v.Check(err == nil && n >= 2000 && n <= 2100, domain.Field("year", "invalid", "Expected a year.", "年份无效。"))
		year = n
	}
	unitID := queryID(c, "unit_id", &v)
	if err := v.Err(); err != nil {
		return err
	}
	scope := s.authz.Scope(caller(c).User.ID, "hearing", "read")
	if unitID != 0 {
		u, err := s.targetUnit(c, unitID, "hearing", "read")
		if err != nil {
			return err
		}
		scope = intersectSubtree(scope, u.Path)
	}
	st, err := s.hearings.HearingStatistics(c.Request().Context(), scope, year)
	if err != nil {
		return err
	}
	out := hearingStats{Year: year, Held: st.Held, Public: st.Public, ParticipantsByCategory: st.OfficersByCategory, ByKind: st.ByKind}
	if st.Held > 0 {
		share := float64(st.Public) / float64(st.Held)
		per := float64(st.Officers) / float64(st.Held)
		out.PublicShare, out.OfficersPerHearing = &share, &per
	}
	return c.JSON(http.StatusOK, out)
}

// intersectSubtree narrows a scope to the subtree at path (which the
// caller can see, checked before).
func intersectSubtree(s domain.Scope, path string) domain.Scope {
	var out domain.Scope
	for _, p := range s.Patterns {
		switch {
		case domain.MatchUnitPattern(path, p) && strings.HasSuffix(p, "/*"):
			out.Patterns = append(out.Patterns, domain.SubtreePattern(path))
		case domain.MatchUnitPattern(path, p):
			out.Patterns = append(out.Patterns, path)
		case domain.InSubtree(strings.TrimSuffix(p, "/*"), path):
			out.Patterns = append(out.Patterns, p)
		}
	}
	return out
}
