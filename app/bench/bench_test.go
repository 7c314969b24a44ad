package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"procura/app/caseimport"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// fakeDist writes a built frontend in miniature: an entry that imports
// one chunk statically (which imports another) and one dynamically.
func fakeDist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":             `<!doctype html><script type="module" crossorigin src="/assets/index-a1.js"></script>`,
		"assets/index-a1.js":     `import{a as e}from"./vendor-b2.js";const r=()=>import("./HomeView-c3.js");console.log(e,r);`,
		"assets/vendor-b2.js":    `import"./shared-d4.js";export const a=1;`,
		"assets/shared-d4.js":    `export const s=2;`,
		"assets/HomeView-c3.js":  `export default {}` + strings.Repeat(" ", 5000),
		"assets/unrelated-e5.js": `export const u=3;`,
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFirstLoadJSFollowsStaticImportsOnly(t *testing.T) {
	dist := fakeDist(t)
	files, raw, gz, err := firstLoadJS(dist)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, f := range []string{"index-a1.js", "vendor-b2.js", "shared-d4.js"} {
		b, err := os.ReadFile(filepath.Join(dist, "assets", f))
		if err != nil {
			t.Fatal(err)
		}
		want += int64(len(b))
	}
	if files != 3 || raw != want || gz <= 0 {
		t.Errorf("firstLoadJS = %d files, %d bytes (%d gzipped); want 3 files, %d bytes", files, raw, gz, want)
	}
}

// TestLoadCasesMatchesImport checks that the bench's set-based load of
// generated cases and events leaves the same cases, events and roll-ups
// as importing the same files through the import path.
func TestLoadCasesMatchesImport(t *testing.T) {
	ctx := context.Background()
	_, imported := testdb.WithDemo(t)
	dsn, loaded := testdb.WithDemo(t)
	dir := t.TempDir()
	today := domain.DateOf(time.Now(), domain.Shanghai)
	files, err := generateCases(ctx, imported, dir, 300, 0, 7, today)
	if err != nil {
		t.Fatal(err)
	}
	if files.nCases != 300 || files.nLoad == 0 || files.nImport != 0 {
		t.Fatalf("generated %+v", files)
	}

	units, err := imported.UnitsByCode(ctx)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := imported.AccountsByUsername(ctx)
	if err != nil {
		t.Fatal(err)
	}
	province := units[provinceCode]
	runner := &caseimport.Runner{DB: imported}
	for _, f := range []struct{ kind, path string }{{"cases", files.cases}, {"events", files.loadEvents}} {
		file, err := os.Open(f.path)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := imported.ReceiveImport(ctx, store.ImportUpload{UnitID: province.ID, Kind: f.kind, Filename: filepath.Base(f.path),
			Scope: domain.Scope{Patterns: []string{domain.SubtreePattern(province.Path)}}, By: accounts["admin"], File: file})
		file.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := runner.Run(ctx, rec.ID, 0); err != nil {
			t.Fatal(err)
		}
		if rec, err = imported.GetImport(ctx, rec.ID); err != nil || rec.Status != "done" || rec.RowsFailed != 0 {
			t.Fatalf("import of %s: %+v, %v", f.kind, rec, err)
		}
	}

	if err := loadCases(ctx, loaded, dsn, files); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(testdb.CaseData(t, imported.SQL()), testdb.CaseData(t, loaded.SQL())); diff != "" {
		t.Errorf("loaded data differs from imported (-imported +loaded):\n%s", diff)
	}
}

// TestBenchTiny runs the whole bench at a tiny size, the server in
// process, and checks that its last line is JSON with every figure
// measured and above zero. It asserts nothing about speed.
func TestBenchTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole bench takes about a minute")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := Run(ctx, Options{Suggestions: 200, Hearings: 50, Cases: 1000, ImportEvents: 500, Duration: 200 * time.Millisecond,
		PgbenchScale: 1, Dist: fakeDist(t), Progress: testWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := res.WriteTable(&out); err != nil {
		t.Fatal(err)
	}
	if err := res.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	t.Log(out.String())
	var got struct {
		Figures map[string]float64 `json:"figures"`
		Errors  map[string]int     `json:"errors"`
		Skipped map[string]string  `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, lines[len(lines)-1])
	}
	if len(got.Errors) > 0 || len(got.Skipped) > 0 {
		t.Errorf("errors %v, skipped %v", got.Errors, got.Skipped)
	}
	cached := 0.0
	for name, v := range got.Figures {
		if strings.HasSuffix(name, "_cached_share") {
			// None may come from the cache when a short run reads no
			// record twice; over all six runs some do.
			if !(v >= 0 && v <= 1) {
				t.Errorf("figure %s = %v, want a share", name, v)
			}
			cached += v
			continue
		}
		if !(v > 0) {
			t.Errorf("figure %s = %v, want > 0", name, v)
		}
	}
	if !(cached > 0) {
		t.Error("no record read was answered from the page cache")
	}
	for _, r := range []string{"suggestion", "hearing", "case"} {
		// Each record is read once before the timed reads: none can be
		// in the cache yet.
		if v := got.Figures["read_"+r+"_first_c16_cached_share"]; v != 0 {
			t.Errorf("first reads of %ss: %.0f%% from the cache, want none", r, 100*v)
		}
	}
	want := []string{"pgbench_c16_tps", "pgbench_c64_tps", "import_rows_per_s", "copy_ceiling_rows_per_s", "import_ratio",
		"rss_c200_mb", "js_first_load_gzip_kb", "analysis_class_case_drug_p50_ms", "analysis_bimonthly_report_p50_ms"}
	for _, r := range []string{"suggestion", "hearing", "case"} {
		for _, c := range []string{"first_c16", "c16", "c64"} {
			for _, f := range []string{"rps", "ratio", "p50_ms", "p99_ms", "cached_share"} {
				want = append(want, "read_"+r+"_"+c+"_"+f)
			}
		}
	}
	p := &plan{c: &cluster{}}
	for _, c := range listCases(p) {
		for _, f := range []string{"rps", "p50_ms", "p95_ms", "p99_ms"} {
			want = append(want, "list_"+c.resource+"_"+c.key+"_"+f)
		}
	}
	for _, name := range want {
		if _, ok := got.Figures[name]; !ok {
			t.Errorf("no figure %s", name)
		}
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

func TestPercentileIsNearestRank(t *testing.T) {
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		lat  []time.Duration
		p    float64
		want time.Duration
	}{
		{hundred, 50, 50 * time.Millisecond},
		{hundred, 95, 95 * time.Millisecond},
		{hundred, 99, 99 * time.Millisecond},
		{hundred, 99.9, 100 * time.Millisecond},
		{hundred[:1], 50, time.Millisecond},
		{nil, 50, 0},
	} {
		if got := (Stats{latencies: c.lat}).Percentile(c.p); got != c.want {
			t.Errorf("p%v of %d latencies = %v, want %v", c.p, len(c.lat), got, c.want)
		}
	}
}

// TestIndexesMadeAgain: the indexes dropped for a load are made again as
// they were, a partitioned table's on every partition (its definition
// reads ON ONLY the parent, which alone would leave the partitions
// without it and the index invalid).
func TestIndexesMadeAgain(t *testing.T) {
	dsn := testdb.URL(t, true)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	indexes := func() []string {
		rows, err := conn.Query(ctx, `SELECT c.relname || ':' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = 'cases' OR t.relname LIKE 'case_events%' ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := indexes()
	var defs []string
	for _, table := range []string{"cases", "case_events"} {
		d, err := dropSecondaryIndexes(ctx, conn, table)
		if err != nil {
			t.Fatal(err)
		}
		defs = append(defs, d...)
	}
	if len(indexes()) >= len(before) {
		t.Fatalf("nothing dropped: %v", defs)
	}
	for _, def := range defs {
		if _, err := conn.Exec(ctx, def); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(before, indexes()); diff != "" {
		t.Errorf("indexes after the rebuild (-before +after):\n%s", diff)
	}
}
