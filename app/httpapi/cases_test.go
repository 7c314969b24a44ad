package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"procura/domain"
)

// The hand-built data set: a test branch (429900) with two basic units
// (429901, 429902), six cases in two categories and their events, dated
// around March–April 2026 (the period under test) and January–February
// (the previous period). Every figure the tests assert was computed by
// hand from these rows; see the comments at each assertion.
const (
	noA1 = "42990120260000001" // 429901 drug, 2 persons: arrest review, one arrested one not, prosecution review, returned once
	noA2 = "42990120260000002" // 429901 drug: straight to prosecution review, plea, prosecuted, sentencing recommended and adopted
	noA3 = "42990120260000003" // 429901 dangerous driving: prosecution review in February, extended, plea, not prosecuted
	noB1 = "42990220260000001" // 429902 dangerous driving: prosecution review, plea, prosecuted, recommended, appealed
	noB2 = "42990220260000002" // 429902 drug, 3 persons: arrest review in April, all arrested
	noB3 = "42990220260000003" // 429902 dangerous driving: arrest review in January (denied), prosecution review in March, not prosecuted
)

var handCases = [][]string{
	{"unified_no", "dept_no", "unit_code", "case_type", "category", "prosecutor", "received_on", "persons"},
	{noA1, "测检刑诉受[2026]1号", "429901", "审查逮捕", "drug", "hand.prosecutor", "2026-03-02", "2"},
	{noA2, "", "429901", "审查起诉", "drug", "hand.prosecutor", "2026-03-05", "1"},
	{noA3, "", "429901", "审查起诉", "dangerous_driving", "李四", "2026-02-20", "1"},
	{noB1, "", "429902", "审查起诉", "dangerous_driving", "王五", "2026-03-10", "1"},
	{noB2, "", "429902", "审查逮捕", "drug", "王五", "2026-04-01", "3"},
	{noB3, "", "429902", "审查逮捕", "dangerous_driving", "王五", "2026-01-10", "1"},
}

var handEvents = [][]string{
	{"unified_no", "event", "occurred_on", "persons"},
	{noA1, "arrest_review_received", "2026-03-02", "2"},
	{noA1, "arrest_approved", "2026-03-09", "1"},
	{noA1, "arrest_denied", "2026-03-09", "1"},
	{noA1, "prosecution_review_received", "2026-04-10", "1"},
	{noA1, "returned_for_investigation", "2026-04-20", "1"},
	{noA2, "prosecution_review_received", "2026-03-05", "1"},
	{noA2, "plea_leniency", "2026-03-25", "1"},
	{noA2, "prosecuted", "2026-03-28", "1"},
	{noA2, "sentencing_recommended", "2026-03-28", "1"},
	{noA2, "sentencing_adopted", "2026-04-25", "1"},
	{noA3, "prosecution_review_received", "2026-02-20", "1"},
	{noA3, "review_extended", "2026-03-22", "1"},
	{noA3, "plea_leniency", "2026-04-01", "1"},
	{noA3, "not_prosecuted", "2026-04-02", "1"},
	{noB1, "prosecution_review_received", "2026-03-10", "1"},
	{noB1, "plea_leniency", "2026-04-03", "1"},
	{noB1, "prosecuted", "2026-04-05", "1"},
	{noB1, "sentencing_recommended", "2026-04-05", "1"},
	{noB1, "appeal", "2026-04-28", "1"},
	{noB2, "arrest_review_received", "2026-04-01", "3"},
	{noB2, "arrest_approved", "2026-04-08", "3"},
	{noB3, "arrest_review_received", "2026-01-10", "1"},
	{noB3, "arrest_denied", "2026-01-17", "1"},
	{noB3, "prosecution_review_received", "2026-03-15", "1"},
	{noB3, "not_prosecuted", "2026-04-20", "1"},
}

// caseWorld is a test server with the test branch, its two units and a
// supervisor of the branch.
type caseWorld struct {
	ts                   *testServer
	branch, unit1, unit2 domain.Unit
	sup                  *client
}

func newCaseWorld(t *testing.T) *caseWorld {
	t.Helper()
	ts := newTestServer(t, nil)
	ctx := context.Background()
	province, err := ts.db.GetUnitByCode(ctx, "420000")
	if err != nil {
		t.Fatal(err)
	}
	w := &caseWorld{ts: ts}
	mk := func(code, name string, level domain.UnitLevel, parent int64) domain.Unit {
		u, err := ts.db.CreateUnit(ctx, domain.Unit{Code: code, Name: name, ShortName: "测检", Level: level, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.branch = mk("429900", "测试分院", domain.LevelBranch, province.ID)
	w.unit1 = mk("429901", "测试一院", domain.LevelBasic, w.branch.ID)
	w.unit2 = mk("429902", "测试二院", domain.LevelBasic, w.branch.ID)
	for _, a := range []struct {
		name string
		role domain.Role
		unit domain.Unit
	}{{"hand.supervisor", domain.RoleSupervisor, w.branch}, {"hand.prosecutor", domain.RoleProsecutor, w.unit1}} {
		if _, err := ts.db.CreateUser(ctx, domain.User{Username: a.name, Name: "测试" + string(a.role), UnitID: a.unit.ID,
			Grants: []domain.Grant{{Role: a.role, UnitID: a.unit.ID}}}, mustHash(t, ts, "hand-pass-2026")); err != nil {
			t.Fatal(err)
		}
	}
	w.sup = ts.loginWith(t, "hand.supervisor", "hand-pass-2026")
	return w
}

func csvBytes(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gb18030(t *testing.T, rows [][]string) []byte {
	t.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csvBytes(t, rows))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func xlsxBytes(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		vals := make([]any, len(r))
		for k, v := range r {
			vals[k] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importFile uploads a file and returns the finished import (the test
// server runs imports inline).
func (w *caseWorld) importFile(t *testing.T, kind, name string, content []byte) importResponse {
	t.Helper()
	rec := w.sup.do(t, http.MethodPost, "/api/v1/imports", multipartForm(t, [][2]string{{"kind", kind},
		{"unit_id", strconv.FormatInt(w.branch.ID, 10)}}, name, content))
	if rec.Code != http.StatusAccepted {
		t.Fatalf("import %s: %d %s", name, rec.Code, rec.Body)
	}
	var started importResponse
	mustDecode(t, rec, &started)
	rec = w.sup.do(t, http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", started.ID), nil)
	var done importResponse
	mustDecode(t, rec, &done)
	if done.Status != "done" {
		t.Fatalf("import %s: status %s, failure %q", name, done.Status, done.Failure)
	}
	return done
}

func (w *caseWorld) metrics(t *testing.T, query string) metricsResponse {
	t.Helper()
	rec := w.sup.do(t, http.MethodGet, "/api/v1/metrics?"+query, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics %s: %d %s", query, rec.Code, rec.Body)
	}
	var out metricsResponse
	mustDecode(t, rec, &out)
	return out
}

// figure is numerator, denominator and value (NaN for none).
type fig struct {
	num, den int64
	value    float64
}

func (w *caseWorld) expect(t *testing.T, query string, want map[string]fig) {
	t.Helper()
	m := w.metrics(t, query)
	for _, r := range m.Rows {
		exp, ok := want[r.Key]
		if !ok {
			continue
		}
		delete(want, r.Key)
		got := math.NaN()
		if r.Value != nil {
			got = *r.Value
		}
		if r.Numerator != exp.num || r.Denominator != exp.den || !(math.IsNaN(exp.value) && math.IsNaN(got) || math.Abs(got-exp.value) < 1e-9) {
			t.Errorf("%s row %s: %d/%d = %v, want %d/%d = %v", query, r.Key, r.Numerator, r.Denominator, got, exp.num, exp.den, exp.value)
		}
	}
	for k := range want {
		t.Errorf("%s: no row %s", query, k)
	}
}

// seedHandRecords adds suggestions and hearings in the test units, dated
// for the period under test, straight into the tables.
func (w *caseWorld) seedHandRecords(t *testing.T) {
	t.Helper()
	db := w.ts.db.SQL()
	var uid int64
	if err := db.QueryRow(`SELECT id FROM users WHERE username = 'hand.prosecutor'`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	sugg := func(unit domain.Unit, category, status, served, due string) int64 {
		var id int64
		if err := db.QueryRow(`INSERT INTO suggestions (unit_id, type, category, title, recipient_name, recipient_kind, status,
			handling_prosecutor_id, created_by, served_on, reply_due_on, has_final_reply)
			VALUES ($1, 'social_governance', $2, '测试建议', '测试机关', 'government', $3, $4, $4, $5, $6, false) RETURNING id`,
			unit.ID, category, status, uid, served, due).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	reply := func(id int64, on, outcome string) {
		if _, err := db.Exec(`INSERT INTO suggestion_replies (suggestion_id, received_on, replier, outcome, created_by) VALUES ($1, $2, '测试机关', $3, $4)`,
			id, on, outcome, uid); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE suggestions SET has_final_reply = true, status = 'replied' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
	}
	verify := func(id int64, on, result string) {
		if _, err := db.Exec(`INSERT INTO suggestion_verifications (suggestion_id, on_date, result, created_by) VALUES ($1, $2, $3, $4)`,
			id, on, result, uid); err != nil {
			t.Fatal(err)
		}
	}
	sugg(w.unit1, "drug", "issued", "2026-03-03", "2026-05-02")                    // S1: issued in the period, due after it
	s2 := sugg(w.unit1, "drug", "issued", "2026-01-05", "2026-03-06")              // S2: due in the period
	reply(s2, "2026-03-01", "adopted")                                             //     replied on time, adopted
	verify(s2, "2026-04-15", "rectified")                                          //     verified rectified
	s3 := sugg(w.unit2, "dangerous_driving", "issued", "2026-01-20", "2026-03-20") // S3: due in the period
	reply(s3, "2026-03-25", "not_adopted")                                         //     replied late, not adopted
	verify(s3, "2026-04-28", "not_rectified")                                      //     verified, not rectified
	sugg(w.unit2, "drug", "issued", "2026-02-01", "2026-04-01")                    // S4: due, no reply
	sugg(w.unit1, "drug", "withdrawn", "2026-02-10", "2026-04-10")                 // S5: withdrawn: not due

	hearing := func(unit domain.Unit, kind string, public bool, heldAt, caseNo string, officers, absent int) {
		var id int64
		if err := db.QueryRow(`INSERT INTO hearings (unit_id, kind, title, case_number, public, status, created_by, held_at)
			VALUES ($1, $2, '测试听证', $3, $4, 'decided', $5, $6) RETURNING id`, unit.ID, kind, caseNo, public, uid, heldAt).Scan(&id); err != nil {
			t.Fatal(err)
		}
		for k := 0; k < officers+absent; k++ {
			var pid int64
			if err := db.QueryRow(`INSERT INTO persons (name) VALUES ('听证员') RETURNING id`).Scan(&pid); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`INSERT INTO hearing_participants (hearing_id, person_id, role, attended) VALUES ($1, $2, 'hearing_officer', $3)`,
				id, pid, k < officers); err != nil {
				t.Fatal(err)
			}
		}
	}
	hearing(w.unit1, "non_prosecution", true, "2026-03-20T10:00:00+08:00", noA3, 3, 1) // H1: public, 3 officers took part, 1 absent
	hearing(w.unit2, "arrest_review", false, "2026-04-30T23:30:00+08:00", noB2, 5, 0)  // H2: last evening of the period, Shanghai time
	hearing(w.unit1, "non_prosecution", true, "2026-05-01T00:30:00+08:00", noA1, 3, 0) // H3: first minutes of May, Shanghai time: outside
}

const handPeriod = "from=2026-03-01&to=2026-04-30"

// TestHandComputedIndicators imports the hand-built CSV pair and checks
// every built-in indicator against the figures worked out by hand, then
// imports the same files again and finds nothing changed.
func TestHandComputedIndicators(t *testing.T) {
	w := newCaseWorld(t)
	cases := w.importFile(t, "cases", "cases.csv", csvBytes(t, handCases))
	events := w.importFile(t, "events", "events.csv", csvBytes(t, handEvents))
	if cases.RowsOK != 6 || cases.RowsFailed != 0 || events.RowsOK != 25 || events.RowsFailed != 0 || events.RowsTotal != 25 {
		t.Fatalf("imports: cases %+v, events %+v", cases, events)
	}
	w.seedHandRecords(t)
	all := func() {
		t.Helper()
		b := fmt.Sprintf("unit_id=%d&%s", w.branch.ID, handPeriod)
		nan := math.NaN()
		for code, f := range map[string]fig{
			// 案: arrest reviews A1 (03-02) and B2 (04-01), prosecution reviews without an arrest review A2 (03-05) and B1 (03-10) = 4;
			// A1's and B3's prosecution reviews follow an arrest review. 件 = 4 + return A1 + extension A3 + appeal B1 = 7.
			"case_ratio": {7, 4, 1.75},
			// persons denied A1 1 / (arrested A1 1 + B2 3 + denied 1); B3's denial is in January.
			"non_arrest_rate": {1, 5, 20},
			// not prosecuted A3 1 + B3 1 / (prosecuted A2 1 + B1 1 + 2)
			"non_prosecution_rate": {2, 4, 50},
			// plea A2, A3, B1 / concluded 4
			"plea_leniency_rate": {3, 4, 75},
			// returns 1 / prosecution reviews received in the period A1, A2, B1, B3 = 4
			"supplementary_investigation_rate": {1, 4, 25},
			"extension_rate":                   {1, 4, 25},
			// adopted A2 1 / recommended A2 1 + B1 1
			"sentencing_adoption_rate": {1, 2, 50},
			// due in the period: S2, S3, S4 (S5 withdrawn); replied S2, S3; on time S2; adopted S2; issued in the period S1.
			"suggestion_reply_rate":           {2, 3, 200.0 / 3},
			"suggestion_on_time_rate":         {1, 3, 100.0 / 3},
			"suggestion_adoption_rate":        {1, 2, 50},
			"suggestion_adoption_rate_issued": {1, 1, 100},
			// verified S2 (rectified), S3 (not)
			"rectification_rate": {1, 2, 50},
			// held H1 and H2 (H3 is on 1 May in Shanghai)
			"hearings_held":        {2, 1, 2},
			"public_hearing_share": {1, 2, 50},
			// officers who took part: H1 3 (one absent), H2 5
			"officers_per_hearing": {8, 2, 4},
			// non-prosecution hearings H1 / persons not prosecuted 2
			"non_prosecution_hearing_coverage": {1, 2, 50},
		} {
			w.expect(t, "indicator="+code+"&"+b, map[string]fig{"total": f})
		}
		// By unit: 429901 案 A1 AR + A2 PR = 2, 件 + A1 return + A3 extension = 4; 429902 案 B2 AR + B1 PR = 2, 件 + B1 appeal = 3.
		w.expect(t, "indicator=case_ratio&group_by=unit&"+b, map[string]fig{
			strconv.FormatInt(w.branch.ID, 10): {7, 4, 1.75}, "own:" + strconv.FormatInt(w.branch.ID, 10): {0, 0, nan},
			strconv.FormatInt(w.unit1.ID, 10): {4, 2, 2}, strconv.FormatInt(w.unit2.ID, 10): {3, 2, 1.5}})
		// By category: drug 案 A1, A2, B2 = 3, 件 + return = 4; dangerous driving 案 B1 = 1, 件 + extension + appeal = 3.
		w.expect(t, "indicator=case_ratio&group_by=category&"+b, map[string]fig{"drug": {4, 3, 4.0 / 3}, "dangerous_driving": {3, 1, 3}, "fraud": {0, 0, nan}})
		// By month: March 案 A1, A2, B1 = 3, extension = 4; April 案 B2 = 1, return + appeal = 3. February: A3's review = 1 案.
		w.expect(t, "indicator=case_ratio&group_by=month&"+b, map[string]fig{"2026-03": {4, 3, 4.0 / 3}, "2026-04": {3, 1, 3}})
		// The previous period (Jan–Feb): 案 A3 PR 02-20 + B3 AR 01-10 = 2, no 件 beyond: 1.00.
		m := w.metrics(t, "indicator=case_ratio&"+b)
		if pv := m.Rows[0].PreviousValue; pv == nil || *pv != 1 || m.Previous.From != "2026-01-01" || m.Previous.To != "2026-02-28" {
			t.Errorf("previous: %v over %s–%s, want 1 over 2026-01-01–2026-02-28", pv, m.Previous.From, m.Previous.To)
		}
		// By prosecutor in 429901: the account hand.prosecutor (A1, A2) and 李四 (A3, known by name only).
		w.expect(t, fmt.Sprintf("indicator=case_ratio&group_by=prosecutor&unit_id=%d&%s", w.unit1.ID, handPeriod), map[string]fig{
			"李四": {1, 0, nan}})
		// A range that cuts months (03-05 to 04-09): 案 A2 PR 03-05 + B1 PR 03-10 + B2 AR 04-01 = 3 (A1's AR is 03-02);
		// 件 + A3 extension 03-22 = 4.
		w.expect(t, fmt.Sprintf("indicator=case_ratio&unit_id=%d&from=2026-03-05&to=2026-04-09", w.branch.ID), map[string]fig{"total": {4, 3, 4.0 / 3}})
	}
	all()

	again := w.importFile(t, "cases", "cases.csv", csvBytes(t, handCases))
	againEv := w.importFile(t, "events", "events.csv", csvBytes(t, handEvents))
	if again.RowsChanged != 0 || againEv.RowsChanged != 0 || again.RowsOK != 6 || againEv.RowsOK != 25 {
		t.Errorf("re-import changed rows: cases %+v, events %+v", again, againEv)
	}
	all()
}

// TestImportReportsBadRows: three bad rows among good ones are reported by
// line (the header is line 1) and reason; the good rows are kept.
func TestImportReportsBadRows(t *testing.T) {
	w := newCaseWorld(t)
	w.importFile(t, "cases", "cases.csv", csvBytes(t, handCases))
	rows := [][]string{
		{"统一受案号", "事件", "发生日期", "人数"},
		{noA1, "arrest_review_received", "2026-03-02", "2"},
		{"42990120269999999", "arrest_approved", "2026-03-09", "1"}, // line 3: no such case
		{noA1, "returned_for_investigation", "2026-04-20", "1"},
		{noA1, "returned_for_investigation", "2026-31-05", "1"}, // line 5: bad date
		{noA1, "returned_for_investigation", "2026-06-20", "1"},
		{noA1, "returned_for_investigation", "2026-08-01", "1"}, // line 7: a third return
		{noA2, "prosecution_review_received", "2026-03-05", "1"},
	}
	got := w.importFile(t, "events", "事件.csv", csvBytes(t, rows))
	if got.RowsTotal != 7 || got.RowsOK != 4 || got.RowsFailed != 3 {
		t.Fatalf("counts %+v", got)
	}
	var lines []string
	for _, e := range got.Errors {
		lines = append(lines, fmt.Sprintf("%d:%s:%s", e.Line, e.Field, e.Column))
		if e.Message == "" || e.MessageZh == "" {
			t.Errorf("error without message: %+v", e)
		}
	}
	// Each names its column by the file's own header.
	if strings.Join(lines, ",") != "3:unified_no:统一受案号,5:occurred_on:发生日期,7:event:事件" {
		t.Errorf("errors %v, want lines 3, 5 and 7 with the file's headers", lines)
	}
	var n int
	if err := w.ts.db.SQL().QueryRow(`SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.unified_no IN ($1, $2)`,
		noA1, noA2).Scan(&n); err != nil || n != 4 {
		t.Errorf("events kept: %d (%v), want 4", n, err)
	}
}

// TestImportFormatsAgree: the same rows as UTF-8 CSV, GB18030 CSV with
// Chinese headers, and XLSX give the same figures.
func TestImportFormatsAgree(t *testing.T) {
	zhCases := append([][]string{{"统一受案号", "部门受案号", "单位编码", "案件类型", "类案类别", "承办检察官", "受理日期", "人数"}}, handCases[1:]...)
	zhEvents := append([][]string{{"统一受案号", "事件", "发生日期", "人数"}}, handEvents[1:]...)
	var results []string
	for _, f := range []struct {
		name           string
		cases, events  []byte
		casesN, eventN string
	}{
		{"utf-8", csvBytes(t, handCases), csvBytes(t, handEvents), "cases.csv", "events.csv"},
		{"gb18030", gb18030(t, zhCases), gb18030(t, zhEvents), "案件.csv", "事件.csv"},
		{"xlsx", xlsxBytes(t, handCases), xlsxBytes(t, zhEvents), "cases.xlsx", "events.xlsx"},
	} {
		w := newCaseWorld(t)
		c := w.importFile(t, "cases", f.casesN, f.cases)
		e := w.importFile(t, "events", f.eventN, f.events)
		if c.RowsOK != 6 || e.RowsOK != 25 {
			t.Fatalf("%s: cases %+v events %+v", f.name, c, e)
		}
		var b strings.Builder
		for _, code := range []string{"case_ratio", "non_arrest_rate", "non_prosecution_rate", "plea_leniency_rate",
			"supplementary_investigation_rate", "extension_rate", "sentencing_adoption_rate"} {
			for _, g := range []string{"unit", "category", "month"} {
				m := w.metrics(t, fmt.Sprintf("indicator=%s&group_by=%s&unit_id=%d&%s", code, g, w.branch.ID, handPeriod))
				for _, r := range m.Rows {
					fmt.Fprintf(&b, "%s %s %s %d/%d %s\n", code, g, r.Label, r.Numerator, r.Denominator, r.Display)
				}
			}
		}
		results = append(results, b.String())
	}
	for i := 1; i < len(results); i++ {
		if results[i] != results[0] {
			t.Errorf("format %d gives other figures:\n%s\nthan UTF-8 CSV:\n%s", i, results[i], results[0])
		}
	}
}

// TestImportKeepsToItsScope: a cases file cannot take over a case of a
// unit outside the importer's scope by naming its number, and a number
// given twice in one file is written once, the later row winning.
func TestImportKeepsToItsScope(t *testing.T) {
	w := newCaseWorld(t)
	const foreign = "42900420260000123" // a Xiantao case of the demo, outside the test branch
	var before string
	if err := w.ts.db.SQL().QueryRow(`SELECT u.code || c.category FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.unified_no = $1`, foreign).
		Scan(&before); err != nil {
		t.Fatal(err)
	}
	rows := [][]string{handCases[0],
		{foreign, "", "429901", "审查起诉", "fraud", "", "2026-03-02", "1"},
		{noA1, "", "429901", "审查逮捕", "drug", "", "2026-03-02", "2"},
		{noA1, "", "429901", "审查逮捕", "drug", "", "2026-03-02", "3"},
		{noB1, "", "429006", "审查起诉", "drug", "", "2026-03-10", "1"}, // Tianmen: outside the branch
	}
	got := w.importFile(t, "cases", "cases.csv", csvBytes(t, rows))
	var lines []string
	for _, e := range got.Errors {
		lines = append(lines, fmt.Sprintf("%d:%s", e.Line, e.Field))
	}
	if got.RowsOK != 2 || got.RowsFailed != 2 || strings.Join(lines, ",") != "2:unified_no,5:unit_code" {
		t.Errorf("import %+v, errors %v", got, lines)
	}
	var after string
	if err := w.ts.db.SQL().QueryRow(`SELECT u.code || c.category FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.unified_no = $1`, foreign).
		Scan(&after); err != nil || after != before {
		t.Errorf("the foreign case is now %q (was %q): %v", after, before, err)
	}
	var persons int
	if err := w.ts.db.SQL().QueryRow(`SELECT persons FROM cases WHERE unified_no = $1`, noA1).Scan(&persons); err != nil || persons != 3 {
		t.Errorf("repeated number: persons %d, want the later row's 3 (%v)", persons, err)
	}
}

// TestImportDoesNotRevealForeignCases: an events row naming a case of a
// unit outside the import's scope is refused exactly as one naming no
// case at all, and a cases row naming it says only that the number is
// not in the import's scope.
func TestImportDoesNotRevealForeignCases(t *testing.T) {
	w := newCaseWorld(t)
	const foreign = "42900420260000123" // a Xiantao case of the demo, outside the test branch
	const absent = "42990120269999999"
	events := w.importFile(t, "events", "events.csv", csvBytes(t, [][]string{handEvents[0],
		{foreign, "appeal", "2026-03-02", "1"}, {absent, "appeal", "2026-03-02", "1"}}))
	if len(events.Errors) != 2 {
		t.Fatalf("errors %+v", events.Errors)
	}
	a, b := events.Errors[0], events.Errors[1]
	if a.Field != b.Field || a.Message != b.Message || a.MessageZh != b.MessageZh {
		t.Errorf("a foreign case and an absent one are told apart: %+v vs %+v", a, b)
	}
	cases := w.importFile(t, "cases", "cases.csv", csvBytes(t, [][]string{handCases[0],
		{foreign, "", "429901", "审查起诉", "fraud", "", "2026-03-02", "1"}}))
	if len(cases.Errors) != 1 {
		t.Fatalf("errors %+v", cases.Errors)
	}
	e := cases.Errors[0]
	for _, s := range []string{"belongs", "unit", "属于", "单位"} {
		if strings.Contains(e.Message+e.MessageZh, s) {
			t.Errorf("the refusal says %q: %s / %s", s, e.Message, e.MessageZh)
		}
	}
}

// TestImportControlCharacters: a NUL in a cell (past the first 64 KiB of
// a CSV file, which the upload would refuse as binary, or escaped in a
// workbook) is a row error with its line and column, not a failed
// import.
func TestImportControlCharacters(t *testing.T) {
	w := newCaseWorld(t)
	w.importFile(t, "cases", "cases.csv", csvBytes(t, handCases))
	rows := [][]string{handEvents[0]}
	for len(rows) < 2000 {
		rows = append(rows, handEvents[1])
	}
	rows = append(rows, []string{noA1, "appeal\x00", "2026-03-02", "1"}, []string{noA1, "appeal", "2026-03-0\x01", "1"})
	for name, content := range map[string][]byte{"events.csv": csvBytes(t, rows), "events.xlsx": xlsxBytes(t, rows)} {
		got := w.importFile(t, "events", name, content)
		var errs []string
		for _, e := range got.Errors {
			errs = append(errs, fmt.Sprintf("%d:%s", e.Line, e.Field))
		}
		if got.RowsFailed != 2 || strings.Join(errs, ",") != "2001:event,2002:occurred_on" {
			t.Errorf("%s: %d failed, errors %v", name, got.RowsFailed, errs)
		}
	}
}
