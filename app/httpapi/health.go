package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"procura/domain"
)

type healthResponse struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
}

// errNotReady answers /readyz when the database does not answer the ping,
// whatever the cause; as an unavailable error it carries Retry-After.
var errNotReady = &domain.Error{Kind: domain.KindUnavailable, Code: "not_ready", Message: "The database does not answer.", MessageZh: "数据库无响应。"}

func (s *Server) registerHealthRoutes() {
	s.echo.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, healthResponse{Status: "ok", Version: s.deps.Version})
	})
	s.echo.GET("/readyz", func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := s.deps.DB.Ping(ctx); err != nil {
			s.log.Warn("readiness check failed", "error", err)
			return errNotReady
		}
		return c.JSON(http.StatusOK, healthResponse{Status: "ready"})
	})
	s.echo.GET("/metrics", s.metricsAccess(echo.WrapHandler(promhttp.HandlerFor(s.deps.Metrics, promhttp.HandlerOpts{}))))
}

// httpMetrics counts requests and their latency by route pattern, so that
// /api/v1/units/1 and /api/v1/units/2 share one series.
type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "procura_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "procura_http_request_duration_seconds", Help: "HTTP request latency by method, route and status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

func (m *httpMetrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // write the error now so that the status is known
		}
		route := c.Path()
		if route == "" || route == "/*" || route == apiPrefix+"/*" {
			route = "unmatched"
		}
		labels := prometheus.Labels{"method": c.Request().Method, "route": route, "status": strconv.Itoa(c.Response().Status)}
		m.requests.With(labels).Inc()
		m.latency.With(labels).Observe(time.Since(start).Seconds())
		return nil
	}
}
