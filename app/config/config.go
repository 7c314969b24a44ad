// Package config reads Procura's settings from the environment, once, at
// start, and validates them.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"procura/domain"
)

// Config is every setting of the program.
type Config struct {
	// Addr is the HTTP listen address (PROCURA_ADDR).
	Addr string
	// DatabaseURL is a PostgreSQL connection string (DATABASE_URL). When
	// empty, the program runs a private cluster under DataDir.
	DatabaseURL string
	// ReplicaURLs are streaming replicas of the database that serve the
	// heavy reads: metrics, analyses, reports and list exports
	// (PROCURA_REPLICA_URLS, comma-separated PostgreSQL URLs).
	ReplicaURLs []string
	// ReplicaMaxLag is the replay lag beyond which a replica is skipped
	// (PROCURA_REPLICA_MAX_LAG, default 30s).
	ReplicaMaxLag time.Duration
	// DataDir holds the private cluster (PROCURA_DATA_DIR).
	DataDir string
	// Demo loads the demo data set into an empty database (PROCURA_DEMO).
	Demo bool
	// LogLevel is debug, info, warn or error (PROCURA_LOG_LEVEL).
	LogLevel slog.Level
	// BodyLimit caps request bodies, in bytes (PROCURA_BODY_LIMIT_MB).
	BodyLimit int64
	// ImportLimit caps an uploaded case or event file, in bytes
	// (PROCURA_IMPORT_LIMIT_MB).
	ImportLimit int64
	// ShutdownTimeout bounds the graceful shutdown (PROCURA_SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
	// PageCache bounds the in-process cache of record pages, in bytes
	// (PROCURA_PAGE_CACHE_MB, default 64; 0 turns it off).
	PageCache int
	// MetricsAllow lists the client networks that may read /metrics
	// (PROCURA_METRICS_ALLOW, comma-separated CIDRs; default loopback).
	MetricsAllow []netip.Prefix
	// MetricsToken, when set, also admits a scraper that sends it as a
	// bearer token (PROCURA_METRICS_TOKEN).
	MetricsToken string
	// TrustedProxies are the load balancers and reverse proxies in front
	// (PROCURA_TRUSTED_PROXIES, comma-separated CIDRs; default none): a
	// request from one of them is taken to come from the address it adds
	// to X-Forwarded-For, so that the sign-in throttle, the portal's
	// limits, /metrics and the audit log see the client, not the proxy.
	TrustedProxies []netip.Prefix
	// HearingRules: hearing officers per hearing and full days of notice
	// (PROCURA_HEARING_OFFICERS "3-7", PROCURA_HEARING_NOTICE_DAYS 3).
	HearingRules domain.HearingRules
}

// Defaults.
const (
	DefaultAddr    = "127.0.0.1:8080"
	DefaultDataDir = "./.data"
)

// FromEnv reads the configuration through getenv (os.Getenv in production).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:            or(getenv("PROCURA_ADDR"), DefaultAddr),
		DatabaseURL:     strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:         or(getenv("PROCURA_DATA_DIR"), DefaultDataDir),
		BodyLimit:       21 << 20, // attachments up to 20 MiB plus form overhead
		ImportLimit:     512 << 20,
		ShutdownTimeout: 15 * time.Second,
		PageCache:       64 << 20,
		ReplicaMaxLag:   30 * time.Second,
		MetricsAllow:    []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
		MetricsToken:    strings.TrimSpace(getenv("PROCURA_METRICS_TOKEN")),
		HearingRules:    domain.DefaultHearingRules,
	}
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("PROCURA_ADDR %q: want host:port: %w", c.Addr, err))
	}
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("DATABASE_URL: want postgres://user:password@host:port/dbname"))
		}
	}
	if v := getenv("PROCURA_REPLICA_URLS"); strings.TrimSpace(v) != "" {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if u, err := url.Parse(part); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
				errs = append(errs, fmt.Errorf("PROCURA_REPLICA_URLS %q: want comma-separated postgres://user:password@host:port/dbname", MaskURL(part)))
				continue
			}
			c.ReplicaURLs = append(c.ReplicaURLs, part)
		}
	}
	if v := getenv("PROCURA_REPLICA_MAX_LAG"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("PROCURA_REPLICA_MAX_LAG %q: want a duration such as 30s", v))
		}
		c.ReplicaMaxLag = d
	}
	if v := getenv("PROCURA_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PROCURA_DEMO %q: want 1 or 0", v))
		}
		c.Demo = b
	}
	if v := getenv("PROCURA_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("PROCURA_LOG_LEVEL %q: want debug, info, warn or error", v))
		}
	}
	if v := getenv("PROCURA_BODY_LIMIT_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1024 {
			errs = append(errs, fmt.Errorf("PROCURA_BODY_LIMIT_MB %q: want 1..1024", v))
		}
		c.BodyLimit = int64(n) << 20
	}
	if v := getenv("PROCURA_IMPORT_LIMIT_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 8192 {
			errs = append(errs, fmt.Errorf("PROCURA_IMPORT_LIMIT_MB %q: want 1..8192", v))
		}
		c.ImportLimit = int64(n) << 20
	}
	if v := getenv("PROCURA_PAGE_CACHE_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 4096 {
			errs = append(errs, fmt.Errorf("PROCURA_PAGE_CACHE_MB %q: want 0..4096", v))
		}
		c.PageCache = n << 20
	}
	if v := getenv("PROCURA_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("PROCURA_SHUTDOWN_TIMEOUT %q: want a duration such as 15s", v))
		}
		c.ShutdownTimeout = d
	}
	if v := getenv("PROCURA_METRICS_ALLOW"); strings.TrimSpace(v) != "" {
		c.MetricsAllow = prefixes("PROCURA_METRICS_ALLOW", v, &errs)
	}
	c.TrustedProxies = prefixes("PROCURA_TRUSTED_PROXIES", getenv("PROCURA_TRUSTED_PROXIES"), &errs)
	if v := getenv("PROCURA_HEARING_OFFICERS"); v != "" {
		lo, hi, ok := strings.Cut(v, "-")
		minN, err1 := strconv.Atoi(strings.TrimSpace(lo))
		maxN, err2 := strconv.Atoi(strings.TrimSpace(hi))
		if !ok || err1 != nil || err2 != nil {
			errs = append(errs, fmt.Errorf("PROCURA_HEARING_OFFICERS %q: want a range such as 3-7", v))
		}
		c.HearingRules.MinOfficers, c.HearingRules.MaxOfficers = minN, maxN
	}
	if v := getenv("PROCURA_HEARING_NOTICE_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PROCURA_HEARING_NOTICE_DAYS %q: want a whole number of days", v))
		}
		c.HearingRules.NoticeDays = n
	}
	if err := c.HearingRules.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("hearing rules: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
}

// prefixes reads the comma-separated CIDRs of variable name, nil when
// blank, adding what it cannot read to errs.
func prefixes(name, v string, errs *[]error) []netip.Prefix {
	var out []netip.Prefix
	if strings.TrimSpace(v) == "" {
		return out
	}
	for _, part := range strings.Split(v, ",") {
		p, err := netip.ParsePrefix(strings.TrimSpace(part))
		if err != nil {
			*errs = append(*errs, fmt.Errorf("%s %q: want CIDRs such as 10.0.0.0/8: %w", name, part, err))
			continue
		}
		out = append(out, p.Masked())
	}
	return out
}

// LogValue prints the configuration with the database password masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.String("database_url", MaskURL(c.DatabaseURL)),
		slog.Any("replica_urls", maskURLs(c.ReplicaURLs)),
		slog.Duration("replica_max_lag", c.ReplicaMaxLag),
		slog.String("data_dir", c.DataDir),
		slog.Bool("demo", c.Demo),
		slog.String("log_level", c.LogLevel.String()),
		slog.Int64("body_limit_bytes", c.BodyLimit),
		slog.Int64("import_limit_bytes", c.ImportLimit),
		slog.Duration("shutdown_timeout", c.ShutdownTimeout),
		slog.Any("metrics_allow", c.MetricsAllow),
		slog.Bool("metrics_token_set", c.MetricsToken != ""),
		slog.Any("trusted_proxies", c.TrustedProxies),
		slog.String("hearing_officers", fmt.Sprintf("%d-%d", c.HearingRules.MinOfficers, c.HearingRules.MaxOfficers)),
		slog.Int("hearing_notice_days", c.HearingRules.NoticeDays),
	)
}

// MaskURL hides the password of a connection URL.
func MaskURL(s string) string {
	if s == "" {
		return "(private cluster)"
	}
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func maskURLs(urls []string) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = MaskURL(u)
	}
	return out
}

func or(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}
