package httpapi

import (
	"crypto/subtle"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"procura/domain"
)

// noStoreAPI keeps API answers (personal data, CSRF tokens) out of
// browser and proxy caches.
func noStoreAPI(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isAPI(c) {
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		}
		return next(c)
	}
}

// metricsAccess admits a scraper of /metrics from an allowed network or
// with the configured bearer token; anyone else gets 403.
func (s *Server) metricsAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if tok := s.deps.MetricsToken; tok != "" {
			got, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
			if ok && subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1 {
				return next(c)
			}
		}
		if addr, err := netip.ParseAddr(c.RealIP()); err == nil {
			addr = addr.Unmap()
			for _, p := range s.deps.MetricsAllow {
				if p.Contains(addr) {
					return next(c)
				}
			}
		}
		return domain.ErrForbidden
	}
}

// isAPI tells the API's answers from the pages, assets and probes.
func isAPI(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }

// HSTS only where the request came over HTTPS (directly or as the proxy
// in front says); subdomains are left alone, since an intranet host's
// siblings may still serve plain HTTP.
const hstsMaxAge = 365 * 24 * 60 * 60

// pageHeaders are the security headers of the pages, their assets and
// the probes: the policy the single-page app runs under.
var pageHeaders = middleware.SecureConfig{
	Skipper:               isAPI,
	XSSProtection:         "0",
	ContentTypeNosniff:    "nosniff",
	XFrameOptions:         "DENY",
	ReferrerPolicy:        "same-origin",
	HSTSMaxAge:            hstsMaxAge,
	HSTSExcludeSubdomains: true,
	ContentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
}

// apiHeaders are those of the API's answers, as OWASP's REST security
// cheat sheet gives them: the pages' headers, except that an answer is
// data, never a document to run, so its policy allows nothing, and the
// legacy XSS filter's header, which only ever applied to documents, is
// left out. A route answering with a document of its own (a print view, a
// delivered file) sets its own policy over this one. Two headers fewer
// than a page's also keep an answer's header map within one group of Go's
// map, which a hot read otherwise grows on every request.
var apiHeaders = func() middleware.SecureConfig {
	h := pageHeaders
	h.Skipper = func(c echo.Context) bool { return !isAPI(c) }
	h.XSSProtection = ""
	h.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'"
	return h
}()
