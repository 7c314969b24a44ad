package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"procura/app/gendata"
)

func warmup(d time.Duration) time.Duration { return min(d/5, time.Second) }

func pick(prefix string, ids []int64) target {
	return func(rng *rand.Rand) string { return prefix + strconv.FormatInt(ids[rng.IntN(len(ids))], 10) }
}

// measureReads compares single-record reads, signed in as the province
// supervisor, with pgbench's select-only rate at the same client counts.
// The records read are a working set of a few thousand. Each is first read
// once (at 16 clients, in a random order): those are the reads the record
// page cache cannot answer, one statement each, and are shown on rows of
// their own. The timed reads that follow are of the working set the cache
// then holds, as a day's pages are read again and again; the share of
// them it answered is printed beside each.
func measureReads(ctx context.Context, p *plan, o Options, step func(string, ...any)) error {
	s := p.res.section("Authorised read: GET one record as the province supervisor, against `pgbench -S -M prepared -j2`",
		"record", "clients", "req/s", "pgbench tps", "ratio", "p50", "p99", "errors", "from cache")
	for _, clients := range []int{readClients, highClients} {
		step("pgbench -S -M prepared -c%d -j2 for %v", clients, o.Duration)
		tps, err := pgbenchSelect(ctx, p.c.pg.Port(), clients, o.Duration)
		if err != nil {
			return err
		}
		p.res.fig(fmt.Sprintf("pgbench_c%d_tps", clients), tps)
		for _, r := range []struct {
			name, prefix string
			ids          []int64
		}{
			{"suggestion", "/api/v1/suggestions/", p.suggestionIDs},
			{"hearing", "/api/v1/hearings/", p.hearingIDs},
			{"case", "/api/v1/cases/", p.caseIDs},
		} {
			if clients == readClients {
				step("GET %s{id} of each of %d records once, %d clients", r.prefix, len(r.ids), clients)
				paths := make([]string, len(r.ids))
				for i, id := range r.ids {
					paths[i] = r.prefix + strconv.FormatInt(id, 10)
				}
				rand.New(rand.NewPCG(2026, 12)).Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
				if err := p.readRow(ctx, s, r.name+", first read", fmt.Sprintf("read_%s_first_c%d", r.name, clients), clients, tps, func() Stats {
					return p.load.each(ctx, clients, p.supervisor, paths)
				}); err != nil {
					return err
				}
			}
			step("GET %s{id}, %d clients", r.prefix, clients)
			if err := p.readRow(ctx, s, r.name, fmt.Sprintf("read_%s_c%d", r.name, clients), clients, tps, func() Stats {
				return p.load.run(ctx, clients, warmup(o.Duration), o.Duration, p.supervisor, pick(r.prefix, r.ids))
			}); err != nil {
				return err
			}
		}
		// The same load on the liveness probe, which signs nobody in and
		// reads nothing: the most this HTTP stack and load generator give
		// on this machine, the ceiling of any read above.
		step("GET /healthz, %d clients", clients)
		st := p.load.run(ctx, clients, warmup(o.Duration), o.Duration, http.Header{}, func(*rand.Rand) string { return "/healthz" })
		key := fmt.Sprintf("read_healthz_c%d", clients)
		p.res.fig(key+"_rps", st.RPS())
		p.res.fig(key+"_ratio", st.RPS()/tps)
		p.res.fig(key+"_p99_ms", ms(st.Percentile(99)))
		p.res.failed(key, st)
		s.row("/healthz (no work)", strconv.Itoa(clients), rate(st.RPS()), rate(tps), fmt.Sprintf("%.2f", st.RPS()/tps),
			msText(st.Percentile(50)), msText(st.Percentile(99)), strconv.Itoa(st.Errors), "-")
	}
	return nil
}

// readRow times the reads run sends and adds their row and figures (under
// key), with the share of them the record page cache answered.
func (p *plan) readRow(ctx context.Context, s *section, name, key string, clients int, tps float64, run func() Stats) error {
	hits0, misses0, err := p.load.pageCacheCounts(ctx)
	if err != nil {
		return err
	}
	st := run()
	hits, misses, err := p.load.pageCacheCounts(ctx)
	if err != nil {
		return err
	}
	cached := 0.0
	if n := hits - hits0 + misses - misses0; n > 0 {
		cached = (hits - hits0) / n
	}
	p.res.fig(key+"_cached_share", cached)
	p.res.fig(key+"_rps", st.RPS())
	p.res.fig(key+"_ratio", st.RPS()/tps)
	p.res.fig(key+"_p50_ms", ms(st.Percentile(50)))
	p.res.fig(key+"_p99_ms", ms(st.Percentile(99)))
	p.res.failed(key, st)
	s.row(name, strconv.Itoa(clients), rate(st.RPS()), rate(tps), fmt.Sprintf("%.2f", st.RPS()/tps),
		msText(st.Percentile(50)), msText(st.Percentile(99)), strconv.Itoa(st.Errors), fmt.Sprintf("%.0f%%", 100*cached))
	return nil
}

// listCase is one filter combination of a list page.
type listCase struct {
	resource, key, label string
	query                url.Values
	as                   http.Header
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// listCases are the filter combinations the UI's filter bars offer, alone
// and combined, including combinations that match nothing.
func listCases(p *plan) []listCase {
	f, t := p.files.from, p.files.to
	mid := f.AddMonths(12)
	month := p.today.AddMonths(-6)
	monthFrom := month.AddDays(1 - month.Day())
	monthTo := monthFrom.AddMonths(1).AddDays(-1)
	xt, hj, tm := p.unitID(xiantaoCode), p.unitID(hanjiangCode), p.unitID(tianmenCode)
	es, ss, est := p.emptySuggestion, p.someSuggestion, p.emptyStatusType
	eh, sh := p.emptyHearing, p.someHearing
	hFrom, hTo := monthFrom.String()+"T00:00:00+08:00", monthTo.String()+"T23:59:59+08:00"
	xtPros := gendata.ProsecutorName(xiantaoCode, 1)
	sug := []listCase{
		{key: "all", label: "no filter", query: q()},
		{key: "unit_subtree", label: "unit subtree (branch)", query: q("unit_id", hj)},
		{key: "unit", label: "unit (basic)", query: q("unit_id", xt)},
		{key: "status", label: "status", query: q("status", "issued")},
		{key: "statuses", label: "three statuses", query: q("status", "draft,pending_approval,approved")},
		{key: "type", label: "type", query: q("type", "public_interest")},
		{key: "category", label: "category", query: q("category", "drug")},
		{key: "overdue", label: "overdue", query: q("overdue", "true")},
		{key: "due_before", label: "due before", query: q("due_before", mid.String())},
		{key: "q_common", label: "q: common word", query: q("q", "毒品")},
		{key: "q_docno", label: "q: one document number", query: q("q", p.docNo)},
		{key: "q_none", label: "q: matches nothing", query: q("q", "量子纠缠")},
		{key: "unit_status_category", label: "unit + status + category", query: q("unit_id", ss[0], "status", ss[1], "category", ss[2])},
		{key: "unit_status_category_none", label: "unit + status + category, nothing", query: q("unit_id", es[0], "status", es[1], "category", es[2])},
		{key: "status_type_none", label: "status + type, nothing", query: q("status", est[0], "type", est[2])},
		{key: "overdue_draft_none", label: "overdue + status draft, nothing", query: q("overdue", "true", "status", "draft")},
		{key: "subtree_overdue_category", label: "subtree + overdue + category", query: q("unit_id", hj, "overdue", "true", "category", "fraud")},
		{key: "q_unit_status", label: "q + unit + status", query: q("q", "检察建议", "unit_id", ss[0], "status", ss[1])},
		{key: "due_status_type", label: "due before + status + type", query: q("due_before", mid.String(), "status", "issued", "type", "social_governance")},
		{key: "as_prosecutor", label: "no filter, as a basic unit's prosecutor", query: q(), as: p.prosecutor},
	}
	hear := []listCase{
		{key: "all", label: "no filter", query: q()},
		{key: "unit_subtree", label: "unit subtree (branch)", query: q("unit_id", hj)},
		{key: "unit", label: "unit (basic)", query: q("unit_id", xt)},
		{key: "status", label: "status", query: q("status", "decided")},
		{key: "statuses", label: "two statuses", query: q("status", "approved,scheduled")},
		{key: "kind", label: "kind", query: q("kind", "non_prosecution")},
		{key: "range", label: "one month", query: q("from", hFrom, "to", hTo)},
		{key: "q_common", label: "q: common word", query: q("q", "不起诉")},
		{key: "q_none", label: "q: matches nothing", query: q("q", "量子纠缠")},
		{key: "unit_status_kind", label: "unit + status + kind", query: q("unit_id", sh[0], "status", sh[1], "kind", sh[2])},
		{key: "unit_status_kind_none", label: "unit + status + kind, nothing", query: q("unit_id", eh[0], "status", eh[1], "kind", eh[2])},
		{key: "status_range", label: "status + one month", query: q("status", "decided", "from", hFrom, "to", hTo)},
	}
	cases := []listCase{
		{key: "all", label: "no filter", query: q()},
		{key: "unit_subtree", label: "unit subtree (branch)", query: q("unit_id", hj)},
		{key: "unit", label: "unit (basic)", query: q("unit_id", xt)},
		{key: "category", label: "category", query: q("category", "drug")},
		{key: "prosecutor", label: "prosecutor", query: q("prosecutor", xtPros)},
		{key: "received", label: "received in one month", query: q("received_from", monthFrom.String(), "received_to", monthTo.String())},
		{key: "q_number", label: "q: one unified number", query: q("q", p.caseNo)},
		{key: "q_common", label: "q: common word", query: q("q", "审查逮捕")},
		{key: "q_none", label: "q: matches nothing", query: q("q", "量子纠缠")},
		{key: "unit_category_prosecutor", label: "unit + category + prosecutor", query: q("unit_id", xt, "category", "drug", "prosecutor", xtPros)},
		{key: "unit_prosecutor_none", label: "unit + another unit's prosecutor + category, nothing",
			query: q("unit_id", tm, "prosecutor", xtPros, "category", "drug")},
		{key: "category_received", label: "category + two years", query: q("category", "environment", "received_from", f.String(), "received_to", t.String())},
	}
	var out []listCase
	for _, g := range []struct {
		resource string
		cases    []listCase
	}{{"suggestions", sug}, {"hearings", hear}, {"cases", cases}} {
		for _, c := range g.cases {
			c.resource = g.resource
			if c.as == nil {
				c.as = p.supervisor
			}
			c.query.Set("limit", "20")
			out = append(out, c)
		}
	}
	return out
}

// measureLists drives each filter combination of each list with 16
// clients; the page column is the number of rows of its first page.
func measureLists(ctx context.Context, p *plan, o Options, step func(string, ...any)) error {
	s := p.res.section(fmt.Sprintf("Lists: first page of 20, %d clients, as the province supervisor unless said", listClients),
		"list", "filters", "page", "req/s", "p50", "p95", "p99", "errors")
	for _, c := range listCases(p) {
		if !listWanted(o.Lists, c.resource+"_"+c.key) {
			continue
		}
		path := "/api/v1/" + c.resource + "?" + c.query.Encode()
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		probe := time.Now()
		if err := p.load.getJSON(ctx, path, c.as, &page); err != nil {
			return err
		}
		// A query slower than the warm-up has been warmed by the probe;
		// a warm-up would only wait for 16 more of it.
		warm := warmup(o.Duration)
		if time.Since(probe) > warm {
			warm = 0
		}
		step("GET %s, %d clients", path, listClients)
		st := p.load.run(ctx, listClients, warm, o.Duration, c.as, func(*rand.Rand) string { return path })
		key := "list_" + c.resource + "_" + c.key
		p.res.fig(key+"_rps", st.RPS())
		p.res.fig(key+"_p50_ms", ms(st.Percentile(50)))
		p.res.fig(key+"_p95_ms", ms(st.Percentile(95)))
		p.res.fig(key+"_p99_ms", ms(st.Percentile(99)))
		p.res.failed(key, st)
		s.row(c.resource, c.label, strconv.Itoa(len(page.Items)), rate(st.RPS()), msText(st.Percentile(50)), msText(st.Percentile(95)),
			msText(st.Percentile(99)), strconv.Itoa(st.Errors))
	}
	return nil
}

// listWanted reports whether the list measurement key is among those
// named (by a part of the key); all are when none are named.
func listWanted(named []string, key string) bool {
	for _, n := range named {
		if strings.Contains(key, n) {
			return true
		}
	}
	return len(named) == 0
}

// measureAnalysis times the analysis calls of a province supervisor's
// pages one after another, warm (after one call not counted): for at
// least the measurement duration and at least three times unless that
// takes longer than four durations (then at least once), at most 50.
func measureAnalysis(ctx context.Context, p *plan, o Options, step func(string, ...any)) error {
	s := p.res.section("Analysis: one call at a time, warm, as the province supervisor", "call", "range", "runs", "p50", "max")
	prov := p.unitID(provinceCode)
	f, t := p.files.from, p.files.to
	// A range that starts and ends inside months.
	cf, ct := f.AddMonths(3).AddDays(16), t.AddMonths(-3).AddDays(-21)
	for _, a := range []struct{ key, label, rng, path string }{
		{"case_ratio_by_unit", "metrics case_ratio by unit", f.String() + " – " + t.String(),
			"/api/v1/metrics?" + q("indicator", "case_ratio", "unit_id", prov, "from", f.String(), "to", t.String(), "group_by", "unit").Encode()},
		{"bimonthly_report", "two-monthly report", "the last ended two months",
			"/api/v1/reports/bimonthly?" + q("unit_id", prov).Encode()},
		{"case_ratio_cut_months", "metrics case_ratio by unit, range cutting months", cf.String() + " – " + ct.String(),
			"/api/v1/metrics?" + q("indicator", "case_ratio", "unit_id", prov, "from", cf.String(), "to", ct.String(), "group_by", "unit").Encode()},
		{"class_case_drug", "class-case analysis, drug", f.String() + " – " + t.String(),
			"/api/v1/analysis/class-cases/drug?" + q("unit_id", prov, "from", f.String(), "to", t.String()).Encode()},
	} {
		step("GET %s", a.path)
		var times []time.Duration
		began := time.Now()
		more := func(i int) bool {
			took := time.Since(began)
			return i < 51 && (i < 2 || took < o.Duration || (i < 4 && took < 4*o.Duration))
		}
		for i := 0; more(i); i++ {
			t0 := time.Now()
			status, body, err := p.load.get(ctx, p.load.base+a.path, p.supervisor)
			if err != nil || status != http.StatusOK {
				return fmt.Errorf("GET %s: %s", a.path, describeFailure(status, body, err))
			}
			if i > 0 {
				times = append(times, time.Since(t0))
			}
		}
		slices.Sort(times)
		st := Stats{latencies: times}
		key := "analysis_" + a.key
		p.res.fig(key+"_p50_ms", ms(st.Percentile(50)))
		p.res.fig(key+"_max_ms", ms(st.Max()))
		s.row(a.label, a.rng, strconv.Itoa(len(times)), msText(st.Percentile(50)), msText(st.Max()))
	}
	return nil
}

// measureImport times the COPY ceiling and then the real import of the
// same events file: uploaded through the API as the UI does, run by the
// server's background job, polled until done.
func measureImport(ctx context.Context, p *plan, o Options, step func(string, ...any)) error {
	s := p.res.section("Import of a generated events file: the real path (upload, background job) against COPY + one INSERT … ON CONFLICT",
		"path", "rows", "seconds", "rows/s", "ratio")
	step("COPY ceiling on %d events", p.files.nImport)
	rows, took, err := copyCeiling(ctx, p.c.dsn, p.files.importEvents)
	if err != nil {
		return err
	}
	ceiling := float64(rows) / took.Seconds()
	step("importing %d events through POST /api/v1/imports", p.files.nImport)
	st, took2, err := p.load.importFile(ctx, p.supervisor, p.c.units[provinceCode].ID, "events", p.files.importEvents)
	if err != nil {
		return err
	}
	if st.RowsFailed > 0 {
		return fmt.Errorf("the import refused %d of %d rows", st.RowsFailed, st.RowsTotal)
	}
	real := float64(st.RowsOK) / took2.Seconds()
	p.res.fig("import_rows", float64(st.RowsOK))
	p.res.fig("import_rows_per_s", real)
	p.res.fig("copy_ceiling_rows_per_s", ceiling)
	p.res.fig("import_ratio", real/ceiling)
	s.row("COPY into staging + INSERT … SELECT … ON CONFLICT DO NOTHING", strconv.FormatInt(rows, 10), secs(took), rate(ceiling), "1")
	s.row("POST /api/v1/imports until done", strconv.Itoa(st.RowsOK), secs(took2), rate(real), fmt.Sprintf("%.2f", real/ceiling))
	return nil
}

// measureMemory drives the server with 200 clients reading records and
// list pages, sampling its resident memory every 50 ms.
func measureMemory(ctx context.Context, p *plan, o Options, step func(string, ...any)) error {
	s := p.res.section(fmt.Sprintf("Server memory (VmRSS) with %d clients reading records and list pages", rssClients), "state", "RSS", "req/s", "errors")
	idle, err := rssBytes(p.srv.pid)
	if err != nil {
		return err
	}
	targets := []target{
		pick("/api/v1/suggestions/", p.suggestionIDs), pick("/api/v1/hearings/", p.hearingIDs), pick("/api/v1/cases/", p.caseIDs),
		func(*rand.Rand) string { return "/api/v1/suggestions?limit=20" },
		func(*rand.Rand) string { return "/api/v1/cases?limit=20" },
	}
	mixed := func(rng *rand.Rand) string { return targets[rng.IntN(len(targets))](rng) }
	step("%d clients for %v", rssClients, o.Duration)
	var peak int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if n, err := rssBytes(p.srv.pid); err == nil {
				peak = max(peak, n)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	st := p.load.run(ctx, rssClients, warmup(o.Duration), o.Duration, p.supervisor, mixed)
	close(done)
	wg.Wait()
	p.res.fig("rss_idle_mb", mb(idle))
	p.res.fig(fmt.Sprintf("rss_c%d_mb", rssClients), mb(peak))
	p.res.fig(fmt.Sprintf("rss_c%d_rps", rssClients), st.RPS())
	p.res.failed(fmt.Sprintf("rss_c%d", rssClients), st)
	s.row("idle, before", fmt.Sprintf("%.1f MB", mb(idle)), "", "")
	s.row(fmt.Sprintf("peak, %d clients", rssClients), fmt.Sprintf("%.1f MB", mb(peak)), rate(st.RPS()), strconv.Itoa(st.Errors))
	return nil
}

// measureJS records the first-load JavaScript of the built frontend, or
// why it was skipped.
func measureJS(res *Result, dist string) {
	const key = "js_first_load_gzip_kb"
	s := res.section("Frontend: JavaScript loaded before the first route (entry module and its static imports)", "files", "raw", "gzip")
	files, raw, gz, err := firstLoadJS(dist)
	if err != nil {
		res.Skipped[key] = fmt.Sprintf("no built frontend (%v); build it with `make ui`", err)
		s.row("skipped: "+res.Skipped[key], "", "")
		return
	}
	res.fig("js_first_load_files", float64(files))
	res.fig("js_first_load_raw_kb", float64(raw)/1024)
	res.fig(key, float64(gz)/1024)
	s.row(strconv.Itoa(files), fmt.Sprintf("%.1f kB", float64(raw)/1024), fmt.Sprintf("%.1f kB", float64(gz)/1024))
}
