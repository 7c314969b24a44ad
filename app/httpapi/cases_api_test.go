package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"procura/domain"
)

func wantError(t *testing.T, c *client, method, path string, body any, status int, field, code string) {
	t.Helper()
	rec := c.do(t, method, path, body)
	if rec.Code != status {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, rec.Code, status, rec.Body)
	}
	e := decodeErrorBody(t, rec)
	if field == "" {
		return
	}
	for _, f := range e.Fields {
		if f.Field == field && (code == "" || f.Code == code) {
			return
		}
	}
	t.Errorf("%s %s: no error on %s (%s): %s", method, path, field, code, rec.Body)
}

// TestCaseAPI: record a case and its events through the API, with the
// rules refused as field errors, and read it back with its links.
func TestCaseAPI(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "prosecutor.xiantao")
	body := map[string]any{"unified_no": "42900420269990001", "dept_no": "仙检刑诉受[2026]9990001号", "case_type": "审查起诉",
		"category": "drug", "prosecutor": "prosecutor.xiantao", "received_on": "2026-03-02", "persons": 2}
	rec := c.do(t, http.MethodPost, "/api/v1/cases", body)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var created caseResponse
	mustDecode(t, rec, &created)
	if created.Unit.Code != "429004" || created.Prosecutor.ID == nil || created.Prosecutor.Name != "张明" || created.Persons != 2 {
		t.Errorf("created %+v", created)
	}
	wantError(t, c, http.MethodPost, "/api/v1/cases", body, 422, "unified_no", "taken")
	bad := map[string]any{"unified_no": "123", "category": "cooking", "received_on": "2099-01-01", "persons": 0}
	wantError(t, c, http.MethodPost, "/api/v1/cases", bad, 422, "unified_no", "format")
	wantError(t, c, http.MethodPost, "/api/v1/cases", bad, 422, "persons", "range")
	wantError(t, c, http.MethodPost, "/api/v1/cases", bad, 422, "received_on", "future")
	wantError(t, c, http.MethodPost, "/api/v1/cases", `{"unified_no": 5}`, 400, "unified_no", "")

	events := fmt.Sprintf("/api/v1/cases/%d/events", created.ID)
	for _, d := range []string{"2026-03-20", "2026-05-20"} {
		if rec := c.do(t, http.MethodPost, events, map[string]any{"event": "returned_for_investigation", "occurred_on": d, "persons": 2}); rec.Code != 201 {
			t.Fatalf("return on %s: %d %s", d, rec.Code, rec.Body)
		}
	}
	wantError(t, c, http.MethodPost, events, map[string]any{"event": "returned_for_investigation", "occurred_on": "2026-07-20", "persons": 2}, 422, "event", "third_return")
	wantError(t, c, http.MethodPost, events, map[string]any{"event": "returned_for_investigation", "occurred_on": "2026-05-20", "persons": 2}, 422, "event", "duplicate")
	wantError(t, c, http.MethodPost, events, map[string]any{"event": "charged", "occurred_on": "2026-05-20", "persons": 1}, 422, "event", "invalid")
	wantError(t, c, http.MethodPost, events, map[string]any{"event": "prosecuted", "occurred_on": "2026-02-01", "persons": 1}, 422, "occurred_on", "before_received")

	// The demo's drug suggestion names 42900420260000123; its case shows it.
	var caseID int64
	if err := ts.db.SQL().QueryRow(`SELECT id FROM cases WHERE unified_no = '42900420260000123'`).Scan(&caseID); err != nil {
		t.Fatal(err)
	}
	rec = c.do(t, http.MethodGet, fmt.Sprintf("/api/v1/cases/%d", caseID), nil)
	var linked caseResponse
	mustDecode(t, rec, &linked)
	if len(linked.Suggestions) == 0 || !strings.Contains(linked.Suggestions[0].Title, "毒品") || len(linked.Events) == 0 {
		t.Errorf("linked case: %s", rec.Body)
	}

	// Lists: filters and keyset paging without repeats.
	seen := map[int64]bool{}
	next := "/api/v1/cases?category=drug&limit=50"
	for pages := 0; next != ""; pages++ {
		rec := c.do(t, http.MethodGet, next, nil)
		var page listResponse[caseSummary]
		mustDecode(t, rec, &page)
		for _, it := range page.Items {
			if seen[it.ID] || it.Category != "drug" || it.Unit.Code != "429004" {
				t.Fatalf("page %d: repeated or foreign item %+v", pages, it)
			}
			seen[it.ID] = true
		}
		next = ""
		if page.NextCursor != nil {
			next = "/api/v1/cases?category=drug&limit=50&cursor=" + *page.NextCursor
		}
	}
	var want int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM cases c JOIN units u ON u.id = c.unit_id WHERE u.code = '429004' AND c.category = 'drug'`).
		Scan(&want); err != nil || len(seen) != want || want == 0 {
		t.Errorf("paged %d cases, want %d (%v)", len(seen), want, err)
	}
	rec = c.do(t, http.MethodGet, "/api/v1/cases?q=9990001", nil)
	var found listResponse[caseSummary]
	mustDecode(t, rec, &found)
	if len(found.Items) != 1 || found.Items[0].ID != created.ID {
		t.Errorf("search: %s", rec.Body)
	}
	wantError(t, c, http.MethodGet, "/api/v1/cases?received_from=yesterday", nil, 422, "received_from", "invalid")
}

// TestImportUploadRefusals: a malformed upload is refused with a field
// error and leaves nothing behind.
func TestImportUploadRefusals(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.login(t, "supervisor.hanjiang")
	csv := []byte("unified_no,event,occurred_on,persons\n")
	wantError(t, c, http.MethodPost, "/api/v1/imports", multipartForm(t, nil, "e.csv", csv), 422, "kind", "invalid")
	wantError(t, c, http.MethodPost, "/api/v1/imports", multipartForm(t, [][2]string{{"kind", "people"}}, "e.csv", csv), 422, "kind", "invalid")
	wantError(t, c, http.MethodPost, "/api/v1/imports", multipartForm(t, [][2]string{{"kind", "events"}}, "e.csv", nil), 422, "file", "empty")
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	wantError(t, c, http.MethodPost, "/api/v1/imports", multipartForm(t, [][2]string{{"kind", "events"}}, "旧表.xls", ole), 422, "file", "")
	wantError(t, c, http.MethodPost, "/api/v1/imports", `{"kind": "events"}`, 422, "file", "multipart")
	// A header without the required columns fails the import, not the upload.
	rec := c.do(t, http.MethodPost, "/api/v1/imports", multipartForm(t, [][2]string{{"kind", "events"}}, "e.csv", []byte("a,b\n1,2\n")))
	var imp importResponse
	mustDecode(t, rec, &imp)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	rec = c.do(t, http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", imp.ID), nil)
	mustDecode(t, rec, &imp)
	if imp.Status != "failed" || imp.Failure == "" {
		t.Errorf("import with a bad header: %+v", imp)
	}
	// A prosecutor may not import; a supervisor of Xiantao may not import into Tianmen.
	p := ts.login(t, "prosecutor.xiantao")
	if rec := p.do(t, http.MethodPost, "/api/v1/imports", multipartForm(t, [][2]string{{"kind", "events"}}, "e.csv", csv)); rec.Code != 403 {
		t.Errorf("prosecutor import: %d", rec.Code)
	}
	// The queue failing after the file is stored leaves nothing behind:
	// the file, the import and its job are one transaction.
	var before int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM imports`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	ts.imports.fail = errors.New("queue unreachable")
	if rec := c.do(t, http.MethodPost, "/api/v1/imports", multipartForm(t, [][2]string{{"kind", "events"}}, "e.csv", csv)); rec.Code != 500 {
		t.Errorf("upload with the queue down: %d %s", rec.Code, rec.Body)
	}
	ts.imports.fail = nil
	var imports, uploading, chunks, audits int
	if err := ts.db.SQL().QueryRow(`SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM imports WHERE status = 'uploading'),
		(SELECT count(*) FROM import_chunks), (SELECT count(*) FROM audit_events WHERE entity = 'import' AND entity_id NOT IN (SELECT id::text FROM imports))`).
		Scan(&imports, &uploading, &chunks, &audits); err != nil || imports != before || uploading != 0 || chunks != 0 || audits != 0 {
		t.Errorf("left behind: %d imports (had %d), %d uploads, %d chunks, %d audit rows of no import (%v)", imports, before, uploading, chunks, audits, err)
	}
}

// TestIndicatorCatalogue: an administrator adds an indicator and revises
// it; the old version stays; a bad expression names its field.
func TestIndicatorCatalogue(t *testing.T) {
	ts := newTestServer(t, nil)
	a := ts.login(t, "admin")
	b := indicatorBody("appeal_count")
	rec := a.do(t, http.MethodPost, "/api/v1/indicators", b)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	wantError(t, a, http.MethodPost, "/api/v1/indicators", b, 422, "code", "taken")
	b["numerator"] = "count:appeal + count:protest"
	delete(b, "code")
	rec = a.do(t, http.MethodPut, "/api/v1/indicators/appeal_count", b)
	var revised indicatorResponse
	mustDecode(t, rec, &revised)
	if rec.Code != 200 || revised.Version != 2 || revised.Numerator != "count:appeal + count:protest" {
		t.Fatalf("revise: %d %s", rec.Code, rec.Body)
	}
	var versions int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM indicators WHERE code = 'appeal_count'`).Scan(&versions); err != nil || versions != 2 {
		t.Errorf("versions kept: %d (%v)", versions, err)
	}
	b["numerator"] = "count:appeal + count:bribery"
	wantError(t, a, http.MethodPut, "/api/v1/indicators/appeal_count", b, 422, "numerator", "")
	b["numerator"], b["unit"], b["denominator"] = "count:appeal", "percent", "1"
	wantError(t, a, http.MethodPut, "/api/v1/indicators/appeal_count", b, 422, "denominator", "constant_denominator")
	wantError(t, a, http.MethodPut, "/api/v1/indicators/no_such", indicatorBody(""), 404, "", "")

	// The revised indicator is used by metrics at once.
	s := ts.login(t, "supervisor.hanjiang")
	rec = s.do(t, http.MethodGet, "/api/v1/metrics?indicator=appeal_count&from=2026-01-01&to=2026-06-30", nil)
	var m metricsResponse
	mustDecode(t, rec, &m)
	if rec.Code != 200 || m.Indicator.Version != 2 || len(m.Rows) != 1 {
		t.Errorf("metrics with the revision: %d %s", rec.Code, rec.Body)
	}
	wantError(t, s, http.MethodGet, "/api/v1/metrics?indicator=nope&from=2026-01-01&to=2026-06-30", nil, 422, "indicator", "unknown")
	wantError(t, s, http.MethodGet, "/api/v1/metrics?indicator=case_ratio&from=2026-06-01&to=2026-01-01", nil, 422, "to", "before_from")
	wantError(t, s, http.MethodGet, "/api/v1/metrics?indicator=case_ratio&from=2026-01-01&to=2026-02-28&group_by=weekday", nil, 422, "group_by", "invalid")
	wantError(t, s, http.MethodGet, "/api/v1/metrics?indicator=case_ratio&to=2026-02-28", nil, 422, "from", "required")
	wantError(t, s, http.MethodGet, "/api/v1/metrics?indicator=case_ratio&from=2026-01-01&to=2026-02-28&compare=last", nil, 422, "compare", "invalid")
	// 上期 by choice: the same-length period before, or the same period a
	// year earlier, the compared dates in the answer.
	for _, tc := range []struct{ compare, from, to string }{
		{"", "2025-09-18", "2025-12-31"},
		{"previous", "2025-09-18", "2025-12-31"},
		{"year_ago", "2025-01-01", "2025-04-15"},
	} {
		rec = s.do(t, http.MethodGet, "/api/v1/analysis/class-cases/drug?from=2026-01-01&to=2026-04-15&compare="+tc.compare, nil)
		var a classCaseAnalysis
		mustDecode(t, rec, &a)
		if rec.Code != 200 || a.Previous.From != tc.from || a.Previous.To != tc.to {
			t.Errorf("compare=%q: %d, compared with %s – %s, want %s – %s", tc.compare, rec.Code, a.Previous.From, a.Previous.To, tc.from, tc.to)
		}
		// The trend's months carry the values they are compared with.
		if len(a.Trend.Series) == 0 || len(a.Trend.Series[0].Compared) != len(a.Trend.Months) {
			t.Errorf("compare=%q: trend without its compared values: %+v", tc.compare, a.Trend.Series)
		}
		rec = s.do(t, http.MethodGet, "/api/v1/metrics?indicator=case_ratio&from=2026-01-01&to=2026-04-15&compare="+tc.compare, nil)
		mustDecode(t, rec, &m)
		if rec.Code != 200 || m.Previous.From != tc.from {
			t.Errorf("metrics compare=%q: %d, compared with %+v", tc.compare, rec.Code, m.Previous)
		}
	}
}

// TestReportSnapshotsAndScoring: scoring adds scores and ranks among the
// children; a snapshot keeps the report byte for byte with its hash, even
// after the catalogue changes.
func TestReportSnapshotsAndScoring(t *testing.T) {
	ts := newTestServer(t, nil)
	a := ts.login(t, "admin")
	wantError(t, a, http.MethodPut, "/api/v1/reports/scoring", map[string]any{"enabled": true, "weights": map[string]any{"nope": 1}, "references": map[string]any{}}, 422, "weights.nope", "unknown")
	if rec := a.do(t, http.MethodPut, "/api/v1/reports/scoring", map[string]any{"enabled": true,
		"weights": map[string]any{"case_ratio": 50, "plea_leniency_rate": 30, "sentencing_adoption_rate": 20}, "references": map[string]any{"plea_leniency_rate": 90}}); rec.Code != 200 {
		t.Fatalf("scoring: %d %s", rec.Code, rec.Body)
	}
	s := ts.login(t, "supervisor.hanjiang")
	rec := s.do(t, http.MethodGet, "/api/v1/reports/bimonthly?year=2026&bimonth=5", nil)
	var rep bimonthlyReport
	mustDecode(t, rec, &rep)
	if rec.Code != 200 || rep.Unit.Code != "429000" || len(rep.Rows) != 5 || !rep.Scoring.Enabled {
		t.Fatalf("report: %d %.500s", rec.Code, rec.Body)
	}
	if rep.YearBefore.From != "2025-09-01" || rep.YearBefore.To != "2025-10-31" || rep.Rows[0].Cells[0].YearAgo == nil {
		t.Errorf("同比: period %+v, first cell %+v", rep.YearBefore, rep.Rows[0].Cells[0].YearAgo)
	}
	ranks := map[int]bool{}
	for _, r := range rep.Rows {
		if r.Kind == "child" {
			if r.Score == nil || r.Rank == nil {
				t.Errorf("child %s without score or rank", r.Unit.Name)
				continue
			}
			ranks[*r.Rank] = true
		} else if r.Rank != nil {
			t.Errorf("%s row %s ranked", r.Kind, r.Unit.Name)
		}
	}
	if !ranks[1] {
		t.Errorf("no first rank among %v", ranks)
	}
	wantError(t, s, http.MethodGet, "/api/v1/reports/bimonthly?year=2026&bimonth=7", nil, 422, "bimonth", "invalid")

	if len(rep.Summaries) != len(rep.Indicators) || rep.Summaries[0].Code != rep.Indicators[0].Code ||
		!strings.HasPrefix(rep.Summaries[0].Text, rep.Indicators[0].NameZh+" "+rep.Rows[0].Cells[0].Display+"，较上期") || rep.Summaries[0].Edited {
		t.Errorf("summaries %+v", rep.Summaries)
	}
	// A unit named as the main contributor comes with the term of the
	// definition that moved (e.g. 主要来自天门市院退回补充侦查增加 12 件).
	named := 0
	for _, x := range rep.Summaries {
		if _, after, ok := strings.Cut(x.Text, "主要来自"); ok {
			named++
			after, _, _ = strings.Cut(after, "（分子")
			if !strings.Contains(after, "增加") && !strings.Contains(after, "减少") {
				t.Errorf("summary without a term: %s", x.Text)
			}
		}
	}
	t.Logf("%d of %d summaries name a unit; first %s", named, len(rep.Summaries), rep.Summaries[0].Text)
	wantError(t, s, http.MethodPost, "/api/v1/reports/snapshots", map[string]any{"unit_id": rep.Unit.ID, "year": 2026, "bimonth": 5,
		"summaries": map[string]any{"nope": "x"}}, 422, "summaries.nope", "unknown")
	wantError(t, s, http.MethodPost, "/api/v1/reports/snapshots", map[string]any{"unit_id": rep.Unit.ID, "year": 2026, "bimonth": 5,
		"summaries": map[string]any{"case_ratio": strings.Repeat("长", maxSummaryLength+1)}}, 422, "summaries.case_ratio", "too_long")
	// The summary edited before saving is frozen as edited; the others as generated.
	edited := "案件比总体平稳，天门市院退回补充侦查偏多，需重点关注。"
	rec = s.do(t, http.MethodPost, "/api/v1/reports/snapshots", map[string]any{"unit_id": rep.Unit.ID, "year": 2026, "bimonth": 5,
		"summaries": map[string]any{"case_ratio": "  " + edited + "\n", rep.Summaries[1].Code: ""}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("snapshot: %d %s", rec.Code, rec.Body)
	}
	var snap snapshotResponse
	mustDecode(t, rec, &snap)
	for i, x := range snap.Report.Summaries {
		if x.Code == "case_ratio" && (x.Text != edited || !x.Edited) {
			t.Errorf("edited summary frozen as %+v", x)
		}
		if x.Code != "case_ratio" && (x.Text != rep.Summaries[i].Text || x.Edited) {
			t.Errorf("summary %s frozen as %+v, want %+v", x.Code, x, rep.Summaries[i])
		}
	}
	var stored string
	if err := ts.db.SQL().QueryRow(`SELECT report FROM report_snapshots WHERE id = $1`, snap.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(stored))
	if hex.EncodeToString(sum[:]) != snap.ContentHash || snap.IndicatorVersions["case_ratio"] != 1 {
		t.Errorf("hash %s of the stored report, snapshot says %s; versions %v", hex.EncodeToString(sum[:]), snap.ContentHash, snap.IndicatorVersions)
	}
	// Revise the case ratio: the frozen report does not move.
	b := indicatorBody("")
	b["name_zh"], b["numerator"], b["denominator"], b["unit"], b["direction"] = "案件比", "cases_received", "cases_received", "ratio", "lower_better"
	if rec := a.do(t, http.MethodPut, "/api/v1/indicators/case_ratio", b); rec.Code != 200 {
		t.Fatalf("revise: %d %s", rec.Code, rec.Body)
	}
	rec = s.do(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/snapshots/%d", snap.ID), nil)
	var again snapshotResponse
	mustDecode(t, rec, &again)
	first, _ := json.Marshal(snap.Report)
	second, _ := json.Marshal(again.Report)
	if string(first) != string(second) || again.ContentHash != snap.ContentHash {
		t.Error("the frozen report changed after the catalogue did")
	}
	rec = s.do(t, http.MethodGet, "/api/v1/reports/bimonthly?year=2026&bimonth=5", nil)
	var now bimonthlyReport
	mustDecode(t, rec, &now)
	if now.Indicators[0].Version != 2 || now.Rows[0].Cells[0].Display != "1:1.00" {
		t.Errorf("live report after the revision: v%d %s", now.Indicators[0].Version, now.Rows[0].Cells[0].Display)
	}
	rec = s.do(t, http.MethodGet, "/api/v1/reports/bimonthly/export.xlsx?year=2026&bimonth=5", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "PK") || !strings.Contains(rec.Header().Get("Content-Disposition"), "xlsx") {
		t.Errorf("export: %d %q", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	checkReportWorkbook(t, rec.Body.Bytes(), now)
	// A clerk of the branch reads the branch's own records only: a frozen
	// report of the whole subtree is not for them, nor listed.
	if _, err := ts.db.CreateUser(context.Background(), domain.User{Username: "branch.clerk", Name: "分院书记员", UnitID: rep.Unit.ID,
		Grants: []domain.Grant{{Role: domain.RoleClerk, UnitID: rep.Unit.ID}}}, mustHash(t, ts, "clerk-pass-2026")); err != nil {
		t.Fatal(err)
	}
	bc := ts.loginWith(t, "branch.clerk", "clerk-pass-2026")
	if rec := bc.do(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/snapshots/%d", snap.ID), nil); rec.Code != http.StatusForbidden {
		t.Errorf("branch clerk opens the subtree snapshot: %d", rec.Code)
	}
	rec = bc.do(t, http.MethodGet, "/api/v1/reports/snapshots", nil)
	var listed listResponse[snapshotSummary]
	mustDecode(t, rec, &listed)
	if len(listed.Items) != 0 {
		t.Errorf("branch clerk lists %d subtree snapshots", len(listed.Items))
	}
	rec = bc.do(t, http.MethodGet, "/api/v1/reports/bimonthly?year=2026&bimonth=5", nil)
	var own bimonthlyReport
	mustDecode(t, rec, &own)
	if rec.Code != 200 || len(own.Rows) != 1 {
		t.Errorf("branch clerk's report: %d with %d rows, want the unit's own row only", rec.Code, len(own.Rows))
	}
	// A prosecutor reads the report but may not freeze it.
	p := ts.login(t, "prosecutor.xiantao")
	if rec := p.do(t, http.MethodPost, "/api/v1/reports/snapshots", map[string]any{"unit_id": rep.Rows[2].Unit.ID, "year": 2026, "bimonth": 5}); rec.Code != 403 {
		t.Errorf("prosecutor snapshot: %d %s", rec.Code, rec.Body)
	}
}

// TestImportCancel: a queued import is cancelled by one who may import
// into its unit, once (then 409), audited; others do not see it.
func TestImportCancel(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	xiantao, err := ts.db.GetUnitByCode(ctx, "429004")
	if err != nil {
		t.Fatal(err)
	}
	id, err := ts.db.BeginImport(ctx, xiantao.ID, "events", "e.csv", domain.Scope{Patterns: []string{xiantao.Path}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.db.QueueImport(ctx, id, "csv", 10, "00"); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/imports/%d/cancel", id)
	if rec := ts.login(t, "prosecutor.tianmen").do(t, http.MethodPost, path, nil); rec.Code != http.StatusNotFound {
		t.Errorf("cancel from another unit: %d", rec.Code)
	}
	if rec := ts.login(t, "prosecutor.xiantao").do(t, http.MethodPost, path, nil); rec.Code != http.StatusForbidden {
		t.Errorf("cancel by a prosecutor of the unit: %d", rec.Code)
	}
	c := ts.login(t, "supervisor.hanjiang")
	rec := c.do(t, http.MethodPost, path, nil)
	var imp importResponse
	mustDecode(t, rec, &imp)
	if rec.Code != http.StatusOK || imp.Status != "cancelled" || imp.FinishedAt == nil {
		t.Fatalf("cancel: %d %s", rec.Code, rec.Body)
	}
	if rec := c.do(t, http.MethodPost, path, nil); rec.Code != http.StatusConflict || decodeErrorBody(t, rec).Code != "import_ended" {
		t.Errorf("cancelling again: %d %s", rec.Code, rec.Body)
	}
	var audits int
	if err := ts.db.SQL().QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'cancel' AND entity = 'import' AND entity_id = $1`,
		strconv.FormatInt(id, 10)).Scan(&audits); err != nil || audits != 1 {
		t.Errorf("%d audit events (%v)", audits, err)
	}
}

// checkReportWorkbook: the exported report names each unit row once (合计,
// 本院, the children), writes figures as numbers with their formats, sets
// column widths, and dates the overdue days.
func checkReportWorkbook(t *testing.T, body []byte, rep bimonthlyReport) {
	t.Helper()
	book, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows("指标")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rows[4:] {
		if seen[r[0]] {
			t.Errorf("unit row %q listed twice", r[0])
		}
		seen[r[0]] = true
	}
	if !seen[rep.Unit.Name+"（合计）"] || !seen[rep.Unit.Name+"（本院）"] || len(rows) != 4+len(rep.Rows) {
		t.Errorf("unit rows: %v", rows[4:])
	}
	if w, err := book.GetColWidth("指标", "A"); err != nil || w < 20 {
		t.Errorf("unit column width %v %v", w, err)
	}
	if sums, err := book.GetRows("研判摘要"); err != nil || len(sums) != 1+len(rep.Summaries) || len(rep.Summaries) == 0 || sums[1][1] != rep.Summaries[0].Text {
		t.Errorf("summary sheet %v %v", sums, err)
	}
	if h := rows[indicatorHeaderRow-1]; len(h) < 6 || h[4] != "较上期" || h[5] != "较上年同期" {
		t.Errorf("indicator header %v, want 较上期 and 较上年同期 after each indicator's figures", h)
	}
	var ratioCol int
	for i, ind := range rep.Indicators {
		if ind.Unit == string(domain.UnitRatio) {
			ratioCol = 2 + indicatorColumns*i
		}
	}
	cell, _ := excelize.CoordinatesToCellName(ratioCol, 5)
	style, err := book.GetCellStyle("指标", cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := book.GetStyle(style)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != `"1:"0.00` {
		t.Errorf("case ratio cell %s: style %+v %v", cell, st, err)
	}
	if typ, err := book.GetCellType("指标", cell); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("case ratio cell %s is not a number: %v %v", cell, typ, err)
	}
	overdue, err := book.GetRows("逾期未回复检察建议")
	if err != nil {
		t.Fatal(err)
	}
	if want := "逾期天数（截至 " + rep.OverdueAsOf + "）"; rep.OverdueAsOf == "" || overdue[0][5] != want {
		t.Errorf("overdue header %q, want %q", overdue[0][5], want)
	}
}
