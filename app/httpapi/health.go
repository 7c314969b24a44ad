package httpapi

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"procura/app/store"
	"procura/domain"
)

type healthResponse struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
	// Replicas are the read replicas and their state (readiness only).
	Replicas []replicaHealth `json:"replicas,omitempty"`
}

// replicaHealth is a read replica as /readyz shows it. A replica that is
// down or behind does not make the server unready: its reads go to the
// primary.
type replicaHealth struct {
	Name  string `json:"name"`
	State string `json:"state"`
	// LagSeconds is null when unknown.
	LagSeconds *float64   `json:"lag_seconds"`
	AsOf       *time.Time `json:"as_of"`
	Error      string     `json:"error,omitempty"`
}

func toReplicaHealth(states []store.ReplicaState) []replicaHealth {
	out := make([]replicaHealth, len(states))
	for i, st := range states {
		out[i] = replicaHealth{Name: st.Name, State: st.State, Error: st.Error}
		if st.Lag >= 0 {
			lag := st.Lag.Seconds()
			out[i].LagSeconds = &lag
		}
		if !st.AsOf.IsZero() {
			at := st.AsOf.In(domain.Shanghai)
			out[i].AsOf = &at
		}
	}
	return out
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
		return c.JSON(http.StatusOK, healthResponse{Status: "ready", Replicas: toReplicaHealth(s.deps.DB.Replicas())})
	})
	s.echo.GET("/metrics", s.metricsAccess(echo.WrapHandler(promhttp.HandlerFor(s.deps.Metrics, promhttp.HandlerOpts{}))))
}

// replicaMetrics exposes each read replica's state and lag when scraped.
type replicaMetrics struct {
	db                             replicaRouter
	up, lag, reads, fallbacks, off *prometheus.Desc
}

func newReplicaMetrics(db replicaRouter) *replicaMetrics {
	l := []string{"replica"}
	return &replicaMetrics{db: db,
		up:        prometheus.NewDesc("procura_replica_up", "1 when the read replica serves reads (a standby within the lag bound), else 0.", l, nil),
		lag:       prometheus.NewDesc("procura_replica_lag_seconds", "Replay lag of the read replica at its last check (NaN when unknown).", l, nil),
		reads:     prometheus.NewDesc("procura_replica_reads_total", "Requests whose heavy reads were routed to the read replica.", l, nil),
		fallbacks: prometheus.NewDesc("procura_replica_fallbacks_total", "Routed requests that went on on the primary after the replica failed.", l, nil),
		off:       prometheus.NewDesc("procura_replica_misses_total", "Requests that asked for a replica while none was healthy and read the primary.", nil, nil),
	}
}

func (m *replicaMetrics) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{m.up, m.lag, m.reads, m.fallbacks, m.off} {
		ch <- d
	}
}

func (m *replicaMetrics) Collect(ch chan<- prometheus.Metric) {
	for _, st := range m.db.Replicas() {
		up, lag := 0.0, math.NaN()
		if st.State == store.ReplicaHealthy {
			up = 1
		}
		if st.Lag >= 0 {
			lag = st.Lag.Seconds()
		}
		ch <- prometheus.MustNewConstMetric(m.up, prometheus.GaugeValue, up, st.Name)
		ch <- prometheus.MustNewConstMetric(m.lag, prometheus.GaugeValue, lag, st.Name)
		ch <- prometheus.MustNewConstMetric(m.reads, prometheus.CounterValue, float64(st.Reads), st.Name)
		ch <- prometheus.MustNewConstMetric(m.fallbacks, prometheus.CounterValue, float64(st.Fallbacks), st.Name)
	}
	ch <- prometheus.MustNewConstMetric(m.off, prometheus.CounterValue, float64(m.db.ReplicaMisses()))
}

// httpMetrics counts requests and their latency by route pattern, so that
// /api/v1/units/1 and /api/v1/units/2 share one series.
type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// series keeps each label set's counter and histogram (a seriesKey to
	// a *series): found by one lookup, where the vectors hash and look up
	// their labels each.
	series sync.Map
}

type seriesKey struct {
	method, route string
	status        int
}

type series struct {
	requests prometheus.Counter
	latency  prometheus.Observer
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
		x := m.of(seriesKey{metricMethod(c.Request().Method), route, c.Response().Status})
		x.requests.Inc()
		x.latency.Observe(time.Since(start).Seconds())
		return nil
	}
}

// metricMethod names a request's method in the metrics: any token is a
// method to net/http, and a series per made-up method would let a client
// grow the metrics without end.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// of returns the series of k. There are as many as there are routes,
// methods and statuses answered: as many as the vectors hold anyway.
func (m *httpMetrics) of(k seriesKey) *series {
	if x, ok := m.series.Load(k); ok {
		return x.(*series)
	}
	status := strconv.Itoa(k.status)
	x, _ := m.series.LoadOrStore(k, &series{
		requests: m.requests.WithLabelValues(k.method, k.route, status),
		latency:  m.latency.WithLabelValues(k.method, k.route, status),
	})
	return x.(*series)
}
