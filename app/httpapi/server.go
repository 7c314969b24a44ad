// Package httpapi is Procura's HTTP face: the echo server, its middleware,
// the JSON API under /api/v1, the error mapping, the OpenAPI document and the
// embedded single-page application.
package httpapi

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"procura/app/authz"
	"procura/app/password"
	"procura/domain"
)

// Deps is what the server needs from the rest of the program.
type Deps struct {
	Log       *slog.Logger
	DB        Store
	Authz     *authz.Authorizer
	Hasher    *password.Hasher
	Metrics   *prometheus.Registry // the server registers its collectors here
	BodyLimit int64                // bytes
	UI        fs.FS                // the built frontend; nil serves a page saying how to build it
	Version   string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Sessions and Logins default to domain.DefaultSessionPolicy and
	// domain.DefaultLoginPolicy.
	Sessions *domain.SessionPolicy
	Logins   *domain.LoginPolicy
	// HearingRules are the numbers of the hearing rules (officers per
	// hearing, days of notice); nil means domain.DefaultHearingRules.
	HearingRules *domain.HearingRules
	// Imports runs uploaded imports in the background (required).
	Imports ImportQueue
	// ImportLimit caps an uploaded import file in bytes (default
	// DefaultImportLimit); BodyLimit does not apply to it.
	ImportLimit int64
	// MetricsAllow and MetricsToken admit scrapers of /metrics: a client
	// address in one of the networks, or the bearer token when set. Nobody
	// else reads it.
	MetricsAllow []netip.Prefix
	MetricsToken string
	// TrustedProxies are the load balancers in front: a request from one
	// of them comes from the address it adds to X-Forwarded-For. None:
	// the peer's address is the client's.
	TrustedProxies []netip.Prefix
}

// clientIP finds the client's address: the peer's, or, when the peer is
// one of the trusted proxies, the last address in X-Forwarded-For that is
// not one of them. Nothing else is trusted (not even loopback or private
// networks, which echo trusts by default), so that the sign-in throttle
// and the portal's limits cannot be dodged by a forged header.
func clientIP(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// Server is the configured echo instance and its API route table.
type Server struct {
	echo     *echo.Echo
	log      *slog.Logger
	deps     Deps
	authz    *authz.Authorizer
	now      func() time.Time
	sessions domain.SessionPolicy
	logins   domain.LoginPolicy
	// hearingRules are the configured numbers of the hearing rules.
	hearingRules domain.HearingRules
	// passwordChanges throttles wrong current passwords.
	passwordChanges domain.PasswordChangePolicy
	routes          []Route

	imports     ImportQueue
	importLimit int64

	// The database, seen by each group of handlers through what it needs.
	accounts    accountStore
	suggestions suggestionStore
	hearings    hearingStore
	cases       caseStore
	calendar    calendarStore
	reports     reportStore
	portal      portalStore
}

// New builds the server with every route registered.
func New(d Deps) *Server {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	s := &Server{echo: e, log: d.Log, deps: d, authz: d.Authz, now: d.Now,
		accounts: d.DB, suggestions: d.DB, hearings: d.DB, cases: d.DB, calendar: d.DB, reports: d.DB, portal: d.DB,
		sessions: domain.DefaultSessionPolicy, logins: domain.DefaultLoginPolicy, passwordChanges: domain.DefaultPasswordChangePolicy,
		imports: d.Imports, importLimit: d.ImportLimit}
	if s.importLimit <= 0 {
		s.importLimit = DefaultImportLimit
	}
	if s.now == nil {
		s.now = time.Now
	}
	if d.Sessions != nil {
		s.sessions = *d.Sessions
	}
	if d.Logins != nil {
		s.logins = *d.Logins
	}
	s.hearingRules = domain.DefaultHearingRules
	if d.HearingRules != nil {
		s.hearingRules = *d.HearingRules
	}
	e.HTTPErrorHandler = s.handleError
	e.JSONSerializer = jsonSerializer{}
	e.IPExtractor = clientIP(d.TrustedProxies)

	// The id is in the answer's X-Request-Id header, where requestID
	// reads it; the guard gives it to the audit log with the actor.
	e.Use(foreignRequestID, middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: newRequestID}))
	e.Use(newHTTPMetrics(d.Metrics).middleware)
	d.Metrics.MustRegister(newReplicaMetrics(d.DB))
	e.Use(s.accessLog())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableErrorHandler: true, // the recovered panic travels on as an error to handleError
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "request_id", requestID(c), "error", err, "stack", string(stack))
			return errPanic
		},
	}))
	e.Use(middleware.SecureWithConfig(pageHeaders))
	e.Use(middleware.SecureWithConfig(apiHeaders))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit: strconv.FormatInt(d.BodyLimit, 10),
		// Imports stream their file under their own, larger limit.
		Skipper: func(c echo.Context) bool {
			return c.Request().Method == http.MethodPost && c.Request().URL.Path == apiPrefix+"/imports"
		},
	}))

	e.Use(noStoreAPI)

	s.registerHealthRoutes()
	s.registerAPI()
	s.registerPublicRoutes()
	s.registerSPA()
	return s
}

// ServeHTTP lets the server be used with httptest.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists the API routes (for the OpenAPI document and the
// authorisation matrix).
func (s *Server) Routes() []Route { return s.routes }

// EchoRoutes lists every route echo knows, including non-API ones.
func (s *Server) EchoRoutes() []*echo.Route { return s.echo.Routes() }

// Run serves on addr until ctx ends, then shuts down gracefully, giving
// in-flight requests up to timeout to finish.
func (s *Server) Run(ctx context.Context, addr string, timeout time.Duration) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	s.log.Info("serving", "addr", "http://"+addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", timeout)
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) accessLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogLatency: true, LogMethod: true, LogURIPath: true, LogRoutePath: true, LogStatus: true,
		LogRemoteIP: true, LogRequestID: true, LogResponseSize: true, LogUserAgent: true,
		HandleError: true, // so the status logged is the one the error handler writes
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(c.Request().Context(), level, "request",
				slog.String("request_id", v.RequestID),
				slog.String("method", v.Method),
				slog.String("path", v.URIPath),
				slog.String("route", v.RoutePath),
				slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency),
				slog.Int64("bytes", v.ResponseSize),
				slog.String("remote_ip", v.RemoteIP),
				slog.String("user_agent", v.UserAgent),
			)
			return nil
		},
	})
}

// newRequestID makes a request's id: 128 random bits in hex. The id names
// a request in the logs, the audit log and error answers and guards
// nothing, so it comes from the runtime's generator (ChaCha8, seeded by
// the system) rather than from a read of the system's generator per
// request.
func newRequestID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	var out [32]byte
	hex.Encode(out[:], b[:])
	return string(out[:])
}

// foreignRequestID lets a request keep the id a proxy in front gave it
// (nginx's $request_id, a trace id) only when it is a short token: the id
// goes into every log line and audit row of the request, and a client
// could otherwise write a megabyte or markup there. Anything else is
// dropped, and the request gets an id of its own.
func foreignRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !validRequestID(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

func validRequestID(id string) bool {
	if len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':') {
			return false
		}
	}
	return true
}

// requestID returns the id of c's request.
func requestID(c echo.Context) string { return c.Response().Header().Get(echo.HeaderXRequestID) }
