package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", env: nil, check: func(t *testing.T, c Config) {
			if c.Addr != DefaultAddr || c.DataDir != DefaultDataDir || c.Demo || c.DatabaseURL != "" || c.ShutdownTimeout != 15*time.Second ||
				c.PageCache != 64<<20 {
				t.Errorf("unexpected defaults %+v", c)
			}
		}},
		{name: "all set", env: map[string]string{
			"PROCURA_ADDR": "0.0.0.0:9000", "DATABASE_URL": "postgres://u:p@db:5432/procura", "PROCURA_DEMO": "1",
			"PROCURA_LOG_LEVEL": "debug", "PROCURA_BODY_LIMIT_MB": "5", "PROCURA_SHUTDOWN_TIMEOUT": "3s", "PROCURA_PAGE_CACHE_MB": "0",
		}, check: func(t *testing.T, c Config) {
			if c.Addr != "0.0.0.0:9000" || !c.Demo || c.BodyLimit != 5<<20 || c.ShutdownTimeout != 3*time.Second || c.PageCache != 0 {
				t.Errorf("unexpected %+v", c)
			}
		}},
		{name: "hearing rules", env: map[string]string{"PROCURA_HEARING_OFFICERS": "5-9", "PROCURA_HEARING_NOTICE_DAYS": "7"},
			check: func(t *testing.T, c Config) {
				if r := c.HearingRules; r.MinOfficers != 5 || r.MaxOfficers != 9 || r.NoticeDays != 7 {
					t.Errorf("hearing rules %+v", r)
				}
			}},
		{name: "replicas", env: map[string]string{"PROCURA_REPLICA_URLS": "postgres://r1/procura, postgres://u:p@r2:5433/procura",
			"PROCURA_REPLICA_MAX_LAG": "5s"}, check: func(t *testing.T, c Config) {
			if len(c.ReplicaURLs) != 2 || c.ReplicaURLs[1] != "postgres://u:p@r2:5433/procura" || c.ReplicaMaxLag != 5*time.Second {
				t.Errorf("replicas %q, max lag %s", c.ReplicaURLs, c.ReplicaMaxLag)
			}
		}},
		{name: "replica lag default", env: nil, check: func(t *testing.T, c Config) {
			if len(c.ReplicaURLs) != 0 || c.ReplicaMaxLag != 30*time.Second {
				t.Errorf("replicas %q, max lag %s", c.ReplicaURLs, c.ReplicaMaxLag)
			}
		}},
		{name: "bad replica url", env: map[string]string{"PROCURA_REPLICA_URLS": "postgres://r1/procura,mysql://u:secret@x"}, wantErr: "PROCURA_REPLICA_URLS"},
		{name: "bad page cache", env: map[string]string{"PROCURA_PAGE_CACHE_MB": "-1"}, wantErr: "PROCURA_PAGE_CACHE_MB"},
		{name: "bad replica lag", env: map[string]string{"PROCURA_REPLICA_MAX_LAG": "-1s"}, wantErr: "PROCURA_REPLICA_MAX_LAG"},
		{name: "bad hearing officers", env: map[string]string{"PROCURA_HEARING_OFFICERS": "7-3"}, wantErr: "hearing rules"},
		{name: "bad hearing range", env: map[string]string{"PROCURA_HEARING_OFFICERS": "three"}, wantErr: "PROCURA_HEARING_OFFICERS"},
		{name: "trusted proxies", env: map[string]string{"PROCURA_TRUSTED_PROXIES": "10.0.0.7/32, 192.168.1.0/24"},
			check: func(t *testing.T, c Config) {
				if fmt.Sprint(c.TrustedProxies) != "[10.0.0.7/32 192.168.1.0/24]" {
					t.Errorf("trusted proxies %v", c.TrustedProxies)
				}
			}},
		{name: "bad trusted proxy", env: map[string]string{"PROCURA_TRUSTED_PROXIES": "lb.local"}, wantErr: "PROCURA_TRUSTED_PROXIES"},
		{name: "bad metrics network", env: map[string]string{"PROCURA_METRICS_ALLOW": "10.0.0.0/8, nope"}, wantErr: "PROCURA_METRICS_ALLOW"},
		{name: "bad addr", env: map[string]string{"PROCURA_ADDR": "8080"}, wantErr: "PROCURA_ADDR"},
		{name: "bad url", env: map[string]string{"DATABASE_URL": "mysql://x"}, wantErr: "DATABASE_URL"},
		{name: "bad demo", env: map[string]string{"PROCURA_DEMO": "yes please"}, wantErr: "PROCURA_DEMO"},
		{name: "several errors", env: map[string]string{"PROCURA_LOG_LEVEL": "loud", "PROCURA_BODY_LIMIT_MB": "0"}, wantErr: "PROCURA_BODY_LIMIT_MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want mention of %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestMaskURL(t *testing.T) {
	tests := map[string]string{
		"":                                      "(private cluster)",
		"postgres://app:s3cret@db:5432/procura": "postgres://app:xxxxx@db:5432/procura",
		"postgres://db/procura?password=s3cret": "postgres://db/procura?password=xxxxx",
		"postgres://postgres@127.0.0.1:5/procura": "postgres://postgres@127.0.0.1:5/procura",
	}
	for in, want := range tests {
		if got := MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}
