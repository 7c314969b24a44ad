package store

import "github.com/prometheus/client_golang/prometheus"

// RegisterCacheMetrics exposes the session and record page caches' hits,
// misses and sizes on reg.
func (db *DB) RegisterCacheMetrics(reg prometheus.Registerer) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "procura_session_cache_hits_total",
			Help: "Signed-in requests whose session was answered from the in-process cache."},
			func() float64 { return float64(db.SessionCacheStats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "procura_session_cache_misses_total",
			Help: "Signed-in requests whose session was read from the database."},
			func() float64 { return float64(db.SessionCacheStats().Misses) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "procura_session_cache_entries",
			Help: "Sessions held in the in-process cache."},
			func() float64 { return float64(db.SessionCacheStats().Entries) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "procura_detail_cache_hits_total",
			Help: "Reads of a suggestion's, hearing's or case's page answered from the in-process cache."},
			func() float64 { return float64(db.DetailCacheStats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "procura_detail_cache_misses_total",
			Help: "Reads of a record's page made in the database."},
			func() float64 { return float64(db.DetailCacheStats().Misses) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "procura_detail_cache_bytes",
			Help: "Estimated size of the record pages held in the in-process cache."},
			func() float64 { return float64(db.DetailCacheStats().Bytes) }),
	)
}
