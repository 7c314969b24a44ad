package httpapi

import (
	"crypto/subtle"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"

	"procura/domain"
)

// noStoreAPI keeps API answers (personal data, CSRF tokens) out of
// browser and proxy caches.
func noStoreAPI(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(c.Request().URL.Path, "/api/") {
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
