package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Stats are the figures of one load run.
type Stats struct {
	Requests int
	Errors   int
	// FirstError describes the first failed request (status and the start
	// of the body), to tell a wrong query from an overloaded server.
	FirstError string
	Elapsed    time.Duration
	latencies  []time.Duration // sorted
}

// RPS is the rate of successful requests.
func (s Stats) RPS() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Requests-s.Errors) / s.Elapsed.Seconds()
}

// Percentile returns the p-th percentile latency (0 < p ≤ 100) by the
// nearest-rank method over every request of the run.
func (s Stats) Percentile(p float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	rank := int(math.Ceil(p/100*float64(len(s.latencies)))) - 1
	return s.latencies[max(0, min(rank, len(s.latencies)-1))]
}

// Max is the slowest request.
func (s Stats) Max() time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[len(s.latencies)-1]
}

// loader drives a server with a fixed number of clients, each sending its
// next request as soon as the previous answer has been read, over
// keep-alive connections that stay open across runs (as a browser's do).
// The load goes over rawConn (rawhttp.go); the bench's other requests
// (signing in, imports, the analysis calls timed one by one) through
// client.
type loader struct {
	base   string
	addr   string // host:port of base
	client *http.Client
	pool   connPool
}

func newLoader(base string) *loader {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        1000,
		MaxIdleConnsPerHost: 1000,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &loader{base: base, addr: strings.TrimPrefix(base, "http://"), client: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

func (l *loader) close() {
	l.client.CloseIdleConnections()
	l.pool.closeAll()
}

// target picks the path of a client's next request.
type target func(rng *rand.Rand) string

// source gives a client's next path, or false when the client is done.
type source func(rng *rand.Rand) (string, bool)

// run sends GET requests with the given headers from clients concurrent
// clients for d after a warm-up of warm (not counted), and returns the
// figures. A request fails on a transport error or a status other than
// 2xx.
func (l *loader) run(ctx context.Context, clients int, warm, d time.Duration, header http.Header, next target) Stats {
	if warm > 0 {
		l.phase(ctx, clients, header, until(warm, next), 1)
	}
	return l.phase(ctx, clients, header, until(d, next), 2)
}

// each sends GET path once for every path, from clients concurrent
// clients, and returns the figures.
func (l *loader) each(ctx context.Context, clients int, header http.Header, paths []string) Stats {
	var taken atomic.Int64
	return l.phase(ctx, clients, header, func(*rand.Rand) (string, bool) {
		i := taken.Add(1) - 1
		if i >= int64(len(paths)) {
			return "", false
		}
		return paths[i], true
	}, 3)
}

// until gives next's paths for d from now.
func until(d time.Duration, next target) source {
	deadline := time.Now().Add(d)
	return func(rng *rand.Rand) (string, bool) {
		if !time.Now().Before(deadline) {
			return "", false
		}
		return next(rng), true
	}
}

// phase lets each client send the requests src gives it; a request under
// way when src ends is waited for and counted, so that a stalled server
// shows in the latencies instead of leaving them out, and the rate is
// over the time until the last answer.
func (l *loader) phase(ctx context.Context, clients int, header http.Header, src source, seed uint64) Stats {
	type result struct {
		lat    []time.Duration
		errors int
		first  string
	}
	results := make([]result, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			r := &results[i]
			r.lat = make([]time.Duration, 0, 4096)
			k := l.pool.take(l.addr, header)
			defer l.pool.give(k)
			for ctx.Err() == nil {
				path, ok := src(rng)
				if !ok {
					break
				}
				t0 := time.Now()
				status, body, err := k.get(ctx, path)
				r.lat = append(r.lat, time.Since(t0))
				if err != nil || status/100 != 2 {
					r.errors++
					if r.first == "" {
						r.first = describeFailure(status, body, err)
					}
				}
			}
		})
	}
	wg.Wait()
	s := Stats{Elapsed: time.Since(start)}
	for _, r := range results {
		s.latencies = append(s.latencies, r.lat...)
		s.Errors += r.errors
		if s.FirstError == "" {
			s.FirstError = r.first
		}
	}
	s.Requests = len(s.latencies)
	slices.Sort(s.latencies)
	return s
}

// get sends one GET and reads the whole answer, keeping the connection
// reusable; body is kept only for failures.
func (l *loader) get(ctx context.Context, url string, header http.Header) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header = header
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return resp.StatusCode, b, nil
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil, err
}

func describeFailure(status int, body []byte, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("HTTP %d: %s", status, body)
}
