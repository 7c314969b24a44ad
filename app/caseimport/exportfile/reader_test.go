package exportfile_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"procura/app/caseimport/exportfile"
	"procura/domain"
)

func date(y int, m time.Month, d int) domain.Date { return domain.NewDate(y, m, d) }

var (
	caseRecords = [][]string{
		{"unified_no", "dept_no", "unit_code", "case_type", "category", "prosecutor", "received_on", "persons"},
		{"42900420240000123", "仙检刑诉受[2024]429004000123号", "429004", "危险驾驶罪", "dangerous_driving", "张三", "2024-03-05", "1"},
		{"42900420240000124", "", "429004", "贩卖毒品罪", "毒品犯罪", "", "2024/3/12", "3"},
		{"42900420240000125", "仙检刑诉受[2024]429004000125号", "429004", "诈骗罪", "TELECOM_FRAUD", "李四", "2024年4月1日", "12"},
	}
	// caseCells are caseRecords as a spreadsheet holds them: numbers and
	// dates in typed cells, 17-digit numbers as text.
	caseCells = [][]any{
		{"unified_no", "dept_no", "unit_code", "case_type", "category", "prosecutor", "received_on", "persons"},
		{"42900420240000123", "仙检刑诉受[2024]429004000123号", 429004, "危险驾驶罪", "dangerous_driving", "张三", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), 1},
		{"42900420240000124", nil, 429004, "贩卖毒品罪", "毒品犯罪", nil, "2024/3/12", 3},
		{"42900420240000125", "仙检刑诉受[2024]429004000125号", "429004", "诈骗罪", "TELECOM_FRAUD", "李四", 45383.0, 12.0},
	}
	caseRows = []exportfile.Row{
		exportfile.CaseRow{Line: 2, UnifiedNo: "42900420240000123", DeptNo: "仙检刑诉受[2024]429004000123号", UnitCode: "429004",
			CaseType: "危险驾驶罪", Category: "dangerous_driving", Prosecutor: "张三", ReceivedOn: date(2024, 3, 5), Persons: 1},
		exportfile.CaseRow{Line: 3, UnifiedNo: "42900420240000124", UnitCode: "429004",
			CaseType: "贩卖毒品罪", Category: "drug", ReceivedOn: date(2024, 3, 12), Persons: 3},
		exportfile.CaseRow{Line: 4, UnifiedNo: "42900420240000125", DeptNo: "仙检刑诉受[2024]429004000125号", UnitCode: "429004",
			CaseType: "诈骗罪", Category: "telecom_fraud", Prosecutor: "李四", ReceivedOn: date(2024, 4, 1), Persons: 12},
	}

	eventRecords = [][]string{
		{"unified_no", "event", "occurred_on", "persons"},
		{"42900420240000123", "arrest_review_received", "2024-03-05", "2"},
		{"42900420240000123", "批准逮捕", "2024/3/12", "2"},
		{"42900420240000124", "prosecuted", "2024年4月1日", "1"},
		{"42900420240000124", "量刑建议被采纳", "2024-04-01 00:00:00", "1"},
	}
	eventCells = [][]any{
		{"unified_no", "event", "occurred_on", "persons"},
		{"42900420240000123", "arrest_review_received", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), 2},
		{"42900420240000123", "批准逮捕", "2024/3/12", 2},
		{"42900420240000124", "prosecuted", 45383, "1"},
		{"42900420240000124", "量刑建议被采纳", "2024-04-01 00:00:00", 1},
	}
	eventRows = []exportfile.Row{
		exportfile.EventRow{Line: 2, UnifiedNo: "42900420240000123", Event: "arrest_review_received", OccurredOn: date(2024, 3, 5), Persons: 2},
		exportfile.EventRow{Line: 3, UnifiedNo: "42900420240000123", Event: "arrest_approved", OccurredOn: date(2024, 3, 12), Persons: 2},
		exportfile.EventRow{Line: 4, UnifiedNo: "42900420240000124", Event: "prosecuted", OccurredOn: date(2024, 4, 1), Persons: 1},
		exportfile.EventRow{Line: 5, UnifiedNo: "42900420240000124", Event: "sentencing_adopted", OccurredOn: date(2024, 4, 1), Persons: 1},
	}
)

// TestFormatsAgree reads the same rows from every format and encoding.
func TestFormatsAgree(t *testing.T) {
	for _, kind := range []struct {
		kind    exportfile.Kind
		records [][]string
		cells   [][]any
		want    []exportfile.Row
	}{
		{exportfile.KindCases, caseRecords, caseCells, caseRows},
		{exportfile.KindEvents, eventRecords, eventCells, eventRows},
	} {
		tests := []struct {
			name       string
			file       func(t *testing.T) io.ReaderAt
			wantFormat exportfile.Format
			wantEnc    exportfile.Encoding
		}{
			{"utf-8", func(t *testing.T) io.ReaderAt { return bytes.NewReader(csvFile{}.build(t, kind.records)) },
				exportfile.FormatCSV, exportfile.EncodingUTF8},
			{"utf-8 with BOM", func(t *testing.T) io.ReaderAt { return bytes.NewReader(csvFile{bom: true}.build(t, kind.records)) },
				exportfile.FormatCSV, exportfile.EncodingUTF8},
			{"gb18030", func(t *testing.T) io.ReaderAt { return bytes.NewReader(csvFile{gb18030: true}.build(t, kind.records)) },
				exportfile.FormatCSV, exportfile.EncodingGB18030},
			{"gb18030 crlf", func(t *testing.T) io.ReaderAt {
				return bytes.NewReader(csvFile{gb18030: true, crlf: true}.build(t, kind.records))
			}, exportfile.FormatCSV, exportfile.EncodingGB18030},
			{"xlsx text cells", func(t *testing.T) io.ReaderAt { return xlsxFile(t, strings2any(kind.records)) },
				exportfile.FormatXLSX, exportfile.EncodingUTF8},
			{"xlsx typed cells", func(t *testing.T) io.ReaderAt { return xlsxFile(t, kind.cells) },
				exportfile.FormatXLSX, exportfile.EncodingUTF8},
		}
		for _, tt := range tests {
			t.Run(kind.kind.String()+"/"+tt.name, func(t *testing.T) {
				file := tt.file(t)
				res, rd, err := readAll(t, kind.kind, file, testOpts)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(kind.want, res.Rows); diff != "" {
					t.Errorf("rows (-want +got):\n%s", diff)
				}
				if len(res.Bad) > 0 {
					t.Errorf("bad rows: %v", res.Bad)
				}
				if rd.Format() != tt.wantFormat || rd.Encoding() != tt.wantEnc {
					t.Errorf("format, encoding = %v, %v; want %v, %v", rd.Format(), rd.Encoding(), tt.wantFormat, tt.wantEnc)
				}
				if got, want := rd.BytesRead(), size(t, file); got != want {
					t.Errorf("BytesRead at the end = %d, want the size %d", got, want)
				}
				if got, want := rd.Line(), len(kind.want)+1; got != want {
					t.Errorf("Line at the end = %d, want %d", got, want)
				}
			})
		}
	}
}

// TestHeaders: Chinese names, any order, spaces, extra columns.
func TestHeaders(t *testing.T) {
	tests := []struct {
		name    string
		kind    exportfile.Kind
		records [][]string
		want    []exportfile.Row
	}{
		{"chinese events", exportfile.KindEvents, [][]string{
			{"统一受案号", "事件", "发生日期", "人数"},
			{"42900420240000123", "审查逮捕受理", "2024-03-05", "2"},
			{"42900420240000123", "退回补充侦查", "2024年5月6日", "2"},
		}, []exportfile.Row{
			exportfile.EventRow{Line: 2, UnifiedNo: "42900420240000123", Event: "arrest_review_received", OccurredOn: date(2024, 3, 5), Persons: 2},
			exportfile.EventRow{Line: 3, UnifiedNo: "42900420240000123", Event: "returned_for_investigation", OccurredOn: date(2024, 5, 6), Persons: 2},
		}},
		{"reordered, padded, extra columns, mixed languages", exportfile.KindEvents, [][]string{
			{" 人数 ", "备注", "Occurred_On", "事件\u3000", "序号", " unified_no"},
			{"3", "无关", "2024/1/2", "不起诉", "1", " 42900420240000123 "},
		}, []exportfile.Row{
			exportfile.EventRow{Line: 2, UnifiedNo: "42900420240000123", Event: "not_prosecuted", OccurredOn: date(2024, 1, 2), Persons: 3},
		}},
		{"chinese cases without the optional columns", exportfile.KindCases, [][]string{
			{"类案类别", "人数", "受理日期", "案件类型", "单位编码", "统一受案号", "来源"},
			{"校园安全", "2", "2025-12-31", "故意伤害罪", "429004", "42900420250000001", "x"},
		}, []exportfile.Row{
			exportfile.CaseRow{Line: 2, UnifiedNo: "42900420250000001", UnitCode: "429004", CaseType: "故意伤害罪",
				Category: "campus_safety", ReceivedOn: date(2025, 12, 31), Persons: 2},
		}},
	}
	for _, tt := range tests {
		for _, enc := range []struct {
			name string
			file func(t *testing.T) io.ReaderAt
		}{
			{"utf-8", func(t *testing.T) io.ReaderAt { return bytes.NewReader(csvFile{bom: true}.build(t, tt.records)) }},
			{"gb18030", func(t *testing.T) io.ReaderAt { return bytes.NewReader(csvFile{gb18030: true}.build(t, tt.records)) }},
			{"xlsx", func(t *testing.T) io.ReaderAt { return xlsxFile(t, strings2any(tt.records)) }},
		} {
			t.Run(tt.name+"/"+enc.name, func(t *testing.T) {
				res := mustRead(t, tt.kind, enc.file(t))
				if diff := cmp.Diff(tt.want, res.Rows); diff != "" {
					t.Errorf("rows (-want +got):\n%s", diff)
				}
				if len(res.Bad) > 0 {
					t.Errorf("bad rows: %v", res.Bad)
				}
			})
		}
	}
}

// TestBadRows: exactly the bad rows are reported, by line and field, and
// the good ones around them still come through.
func TestBadRows(t *testing.T) {
	records := [][]string{
		{"unified_no", "event", "occurred_on", "persons"},
		{"42900420240000123", "arrest_review_received", "2024-03-05", "2"}, // 2
		{"42900420240000123", "arrest_approved", "2024-02-30", "2"},        // 3: no such day
		{"42900420240000123", "prosecution_review_received", "2024-04-01", "2"},
		{"42900420240000123", "prosecuted", "2024-05-01", "0"}, // 5: persons 0
		{"42900420240000123", "plea_leniency", "2024-05-01", "2"},
		{"42900420240000123", "认罪", "2024-05-02", "2"}, // 7: unknown event
		{"42900420240000123", "sentencing_recommended", "2024-05-02", "2"},
	}
	want := []string{"3 occurred_on format", "5 persons range", "7 event unknown"}
	files := map[string]func(t *testing.T) io.ReaderAt{
		"utf-8": func(t *testing.T) io.ReaderAt { return bytes.NewReader(csvFile{}.build(t, records)) },
		"gb18030": func(t *testing.T) io.ReaderAt {
			return bytes.NewReader(csvFile{gb18030: true, crlf: true}.build(t, records))
		},
		"xlsx": func(t *testing.T) io.ReaderAt { return xlsxFile(t, strings2any(records)) },
	}
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			res := mustRead(t, exportfile.KindEvents, file(t))
			if diff := cmp.Diff(want, res.Bad); diff != "" {
				t.Errorf("bad rows (-want +got):\n%s", diff)
			}
			var lines []int
			for _, r := range res.Rows {
				lines = append(lines, r.(exportfile.EventRow).Line)
			}
			if diff := cmp.Diff([]int{2, 4, 6, 8}, lines); diff != "" {
				t.Errorf("good lines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRowProblems checks each rule once, and that one RowError carries
// every problem of its row.
func TestRowProblems(t *testing.T) {
	header := append(slices.Clone(caseRecords[0]), "note")
	tests := []struct {
		name string
		row  []string
		want string
	}{
		{"short unified number", []string{"4290042024000012", "", "429004", "盗窃罪", "other", "", "2024-01-01", "1"}, "2 unified_no format"},
		{"unified number in scientific notation", []string{"4.29004E+16", "", "429004", "盗窃罪", "other", "", "2024-01-01", "1"}, "2 unified_no lost_digits"},
		{"full-width digits are fine", []string{"４２９００４２０２４００００１２３", "", "４２９００４", "盗窃罪", "other", "", "２０２４／１／１", "１"}, ""},
		{"unit code", []string{"42900420240000123", "", "42900", "盗窃罪", "other", "", "2024-01-01", "1"}, "2 unit_code format"},
		{"missing case type", []string{"42900420240000123", "", "429004", " ", "other", "", "2024-01-01", "1"}, "2 case_type required"},
		{"unknown category", []string{"42900420240000123", "", "429004", "盗窃罪", "theft", "", "2024-01-01", "1"}, "2 category unknown"},
		{"long prosecutor", []string{"42900420240000123", "", "429004", "盗窃罪", "other", strings.Repeat("张", 201), "2024-01-01", "1"}, "2 prosecutor too_long"},
		{"control character", []string{"42900420240000123", "a\x01b", "429004", "盗窃罪", "other", "", "2024-01-01", "1"}, "2 dept_no control_chars"},
		{"date serial in CSV", []string{"42900420240000123", "", "429004", "盗窃罪", "other", "", "45383", "1"}, "2 received_on format"},
		{"month 13", []string{"42900420240000123", "", "429004", "盗窃罪", "other", "", "2024/13/1", "1"}, "2 received_on format"},
		{"fractional persons", []string{"42900420240000123", "", "429004", "盗窃罪", "other", "", "2024-01-01", "1.5"}, "2 persons format"},
		{"negative persons", []string{"42900420240000123", "", "429004", "盗窃罪", "other", "", "2024-01-01", "-1"}, "2 persons range"},
		{"absurd persons", []string{"42900420240000123", "", "429004", "盗窃罪", "other", "", "2024-01-01", "99999999999999999999"}, "2 persons range"},
		{"everything wrong", []string{"", "", "", "", "", "", "", ""},
			"2 unified_no required + unit_code required + case_type required + category required + received_on required + persons required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The note keeps a row of empty values from being blank.
			file := csvFile{}.build(t, [][]string{header, append(tt.row, "x")})
			res := mustRead(t, exportfile.KindCases, bytes.NewReader(file))
			if got := strings.Join(res.Bad, "; "); got != tt.want {
				t.Errorf("bad rows = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMissingColumns: a file-level error naming every missing column.
func TestMissingColumns(t *testing.T) {
	tests := []struct {
		name    string
		kind    exportfile.Kind
		header  []string
		want    error
		columns []string
	}{
		{"events without event and persons", exportfile.KindEvents, []string{"unified_no", "occurred_on", "人 数"},
			exportfile.ErrMissingColumns, []string{"event", "persons"}},
		{"cases without category", exportfile.KindCases, []string{"unified_no", "unit_code", "case_type", "received_on", "persons"},
			exportfile.ErrMissingColumns, []string{"category"}},
		{"an events file read as cases", exportfile.KindCases, eventRecords[0],
			exportfile.ErrMissingColumns, []string{"unit_code", "case_type", "category", "received_on"}},
		{"duplicate column", exportfile.KindEvents, []string{"unified_no", "event", "occurred_on", "persons", "统一受案号"},
			exportfile.ErrDuplicateColumn, nil},
	}
	for _, tt := range tests {
		for name, file := range map[string]func(t *testing.T) io.ReaderAt{
			"csv":  func(t *testing.T) io.ReaderAt { return bytes.NewReader(csvFile{}.build(t, [][]string{tt.header})) },
			"xlsx": func(t *testing.T) io.ReaderAt { return xlsxFile(t, strings2any([][]string{tt.header})) },
		} {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				_, _, err := readAll(t, tt.kind, file(t), testOpts)
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				de, _ := domain.AsError(err)
				if tt.columns == nil {
					return
				}
				if diff := cmp.Diff(tt.columns, de.Details["columns"]); diff != "" {
					t.Errorf("columns (-want +got):\n%s", diff)
				}
				for _, c := range tt.columns {
					if !strings.Contains(de.Message, c) {
						t.Errorf("message %q does not name %s", de.Message, c)
					}
				}
			})
		}
	}
}

// TestLineNumbers: CRLF, empty lines, and quoted fields holding commas and
// line breaks. Lines are physical lines; a row is reported at its first.
func TestLineNumbers(t *testing.T) {
	text := "unified_no,dept_no,unit_code,case_type,category,prosecutor,received_on,persons\r\n" + // 1
		"\r\n" + // 2: empty
		"42900420240000123,\"仙检刑诉受[2024]\r\n429004000123号\",429004,\"盗窃, 诈骗\",other,张三,2024-03-05,1\r\n" + // 3-4
		",,,,,,,\r\n" + // 5: blank fields, skipped
		"42900420240000124,,429004,\"他称\"\"不知情\"\"\",fraud,,2024-03-06,0\r\n" + // 6: bad persons
		"42900420240000125,\"a\r\n\r\nb\",429004,诈骗罪,fraud,,2024-03-07,2\r\n" + // 7-9
		"42900420240000126,,429004,诈骗罪,fraud,,2024-13-07,2\r\n" + // 10: bad date
		"42900420240000127,,429004,诈骗罪,fraud,,2024-03-08,2" // 11, no final line break
	for _, crlf := range []bool{true, false} {
		src := text
		if !crlf {
			src = strings.ReplaceAll(text, "\r\n", "\n")
		}
		res := mustRead(t, exportfile.KindCases, bytes.NewReader([]byte(src)))
		want := []exportfile.Row{
			exportfile.CaseRow{Line: 3, UnifiedNo: "42900420240000123", DeptNo: "仙检刑诉受[2024]\n429004000123号", UnitCode: "429004",
				CaseType: "盗窃, 诈骗", Category: "other", Prosecutor: "张三", ReceivedOn: date(2024, 3, 5), Persons: 1},
			exportfile.CaseRow{Line: 7, UnifiedNo: "42900420240000125", DeptNo: "a\n\nb", UnitCode: "429004",
				CaseType: "诈骗罪", Category: "fraud", ReceivedOn: date(2024, 3, 7), Persons: 2},
			exportfile.CaseRow{Line: 11, UnifiedNo: "42900420240000127", UnitCode: "429004",
				CaseType: "诈骗罪", Category: "fraud", ReceivedOn: date(2024, 3, 8), Persons: 2},
		}
		if diff := cmp.Diff(want, res.Rows); diff != "" {
			t.Errorf("crlf %v: rows (-want +got):\n%s", crlf, diff)
		}
		if diff := cmp.Diff([]string{"6 persons range", "10 received_on format"}, res.Bad); diff != "" {
			t.Errorf("crlf %v: bad rows (-want +got):\n%s", crlf, diff)
		}
	}
}

// TestXLSXRowNumbers: spreadsheet row numbers, across empty rows and a
// header below blank rows.
func TestXLSXRowNumbers(t *testing.T) {
	rows := [][]any{
		nil,
		{"unified_no", "event", "occurred_on", "persons"}, // 2
		{"42900420240000123", "appeal", "2024-03-05", 1},
		nil,
		{"", nil, "  "}, // 5: blank cells
		{"42900420240000123", "protest", "2024-03-06", 0}, // 6
		{"42900420240000123", "petition", "2024-03-07", 1},
	}
	res := mustRead(t, exportfile.KindEvents, xlsxFile(t, rows))
	want := []exportfile.Row{
		exportfile.EventRow{Line: 3, UnifiedNo: "42900420240000123", Event: "appeal", OccurredOn: date(2024, 3, 5), Persons: 1},
		exportfile.EventRow{Line: 7, UnifiedNo: "42900420240000123", Event: "petition", OccurredOn: date(2024, 3, 7), Persons: 1},
	}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"6 persons range"}, res.Bad); diff != "" {
		t.Errorf("bad rows (-want +got):\n%s", diff)
	}
}

// TestXLSXNumbers: what spreadsheets do to numbers and dates.
func TestXLSXNumbers(t *testing.T) {
	rows := [][]any{
		{"unified_no", "event", "occurred_on", "persons"},
		{42900420240000123, "appeal", 45356, 1},                                           // 2: exact digits in a number cell
		{rawNumber("4.2900420240000096E+16"), "appeal", 45356.75, 1},                      // 3: lost digits
		{"42900420240000123", "appeal", 12, 1},                                            // 4: a number, not a date
		{"42900420240000123", "appeal", "2024-03-05T00:00:00Z", 2.5},                      // 5: fractional persons
		{"42900420240000123", "appeal", time.Date(2024, 3, 5, 15, 30, 0, 0, time.UTC), 1}, // 6
	}
	res := mustRead(t, exportfile.KindEvents, xlsxFile(t, rows))
	want := []exportfile.Row{
		exportfile.EventRow{Line: 2, UnifiedNo: "42900420240000123", Event: "appeal", OccurredOn: date(2024, 3, 5), Persons: 1},
		exportfile.EventRow{Line: 6, UnifiedNo: "42900420240000123", Event: "appeal", OccurredOn: date(2024, 3, 5), Persons: 1},
	}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"3 unified_no lost_digits", "4 occurred_on range", "5 persons format"}, res.Bad); diff != "" {
		t.Errorf("bad rows (-want +got):\n%s", diff)
	}
}

// TestMalformedCSV: bad quoting and misaligned rows are row errors; the
// reader goes on.
func TestMalformedCSV(t *testing.T) {
	text := "unified_no,event,occurred_on,persons\n" +
		"42900420240000123,appeal,2024-03-05,1\n" +
		"42900420240000123,ap\"peal,2024-03-05,1\n" + // 3: bare quote
		"42900420240000123,\"appeal\"x,2024-03-05,1\n" + // 4: text after a closing quote
		"42900420240000123,appeal,2024-03-05,1,extra\n" + // 5: one field too many
		"42900420240000123,appeal,2024-03-05,1,,\n" + // 6: empty extra fields are fine
		"42900420240000123,appeal,2024-03-05\n" + // 7: one field short
		"42900420240000123,appeal,2024-03-05,1\n" // 8
	res := mustRead(t, exportfile.KindEvents, bytes.NewReader([]byte(text)))
	if diff := cmp.Diff([]string{"3  quote", "4  quote", "5  field_count", "7  field_count"}, res.Bad); diff != "" {
		t.Errorf("bad rows (-want +got):\n%s", diff)
	}
	if len(res.Rows) != 3 {
		t.Errorf("%d good rows, want 3", len(res.Rows))
	}
}

// TestLimits: the guards against abuse fail the file with a clear error.
func TestLimits(t *testing.T) {
	header := "unified_no,event,occurred_on,persons\n"
	row := "42900420240000123,appeal,2024-03-05,1\n"
	tests := []struct {
		name     string
		text     string
		opts     exportfile.Options
		want     error
		wantRows int
	}{
		{"rows at the limit", header + strings.Repeat(row, 5), exportfile.Options{MaxRows: 5}, nil, 5},
		{"one row too many", header + strings.Repeat(row, 6), exportfile.Options{MaxRows: 5}, exportfile.ErrTooManyRows, 5},
		{"bad rows count too", header + strings.Repeat("x\n", 6), exportfile.Options{MaxRows: 5}, exportfile.ErrTooManyRows, 0},
		{"long line", header + row + strings.Repeat("x", 300) + "," + row, exportfile.Options{MaxLineBytes: 200}, exportfile.ErrLineTooLong, 1},
		{"no line breaks at all", header + row + strings.Repeat("x", 1<<20), exportfile.Options{MaxLineBytes: 1000}, exportfile.ErrLineTooLong, 1},
		{"unclosed quote", header + row + `"` + strings.Repeat(row, 2000), exportfile.Options{MaxLineBytes: 1000}, exportfile.ErrLineTooLong, 1},
		{"unclosed quote within the limit", header + row + `"` + strings.Repeat(row, 3), exportfile.Options{}, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _, err := readAll(t, exportfile.KindEvents, bytes.NewReader([]byte(tt.text)), tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if len(res.Rows) != tt.wantRows {
				t.Errorf("%d rows before the error, want %d", len(res.Rows), tt.wantRows)
			}
		})
	}
}

// TestOpenErrors: errors found before the first row.
func TestOpenErrors(t *testing.T) {
	events := bytes.NewReader(csvFile{}.build(t, eventRecords))
	cases := bytes.NewReader(csvFile{}.build(t, caseRecords))
	tests := []struct {
		name string
		kind exportfile.Kind
		r    *bytes.Reader
		opts exportfile.Options
		want error
	}{
		{"empty file", exportfile.KindEvents, bytes.NewReader(nil), testOpts, exportfile.ErrEmptyFile},
		{"only blank lines", exportfile.KindEvents, bytes.NewReader([]byte("\n\r\n,,\n")), testOpts, exportfile.ErrEmptyFile},
		{"malformed header", exportfile.KindEvents, bytes.NewReader([]byte("a\"b,c\n")), testOpts, exportfile.ErrMalformedHeader},
		{"cases without categories", exportfile.KindCases, cases, exportfile.Options{}, nil},
		{"category name to an unknown code", exportfile.KindCases, cases,
			exportfile.Options{Categories: []string{"drug"}, CategoryNames: map[string]string{"盗窃": "theft"}}, nil},
		{"events need no categories", exportfile.KindEvents, events, exportfile.Options{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := exportfile.Open(tt.kind, exportfile.FormatCSV, tt.r, tt.r.Size(), tt.opts)
			switch {
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("err = %v, want %v", err, tt.want)
			case tt.want == nil && tt.kind == exportfile.KindCases && err == nil:
				t.Errorf("bad category options accepted")
			case tt.want == nil && tt.kind == exportfile.KindEvents && err != nil:
				t.Errorf("err = %v", err)
			}
			if rd != nil {
				rd.Close()
			}
		})
	}
}

// TestProgress: BytesRead grows with the rows read, to the file's size.
func TestProgress(t *testing.T) {
	records := [][]string{eventRecords[0]}
	for range 5000 {
		records = append(records, eventRecords[1])
	}
	files := map[string]io.ReaderAt{
		"csv":  bytes.NewReader(csvFile{gb18030: true}.build(t, records)),
		"xlsx": xlsxFile(t, strings2any(records)),
	}
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			n := size(t, file)
			format, err := exportfile.Sniff(file, n, "")
			if err != nil {
				t.Fatal(err)
			}
			rd, err := exportfile.Open(exportfile.KindEvents, format, file, n, testOpts)
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			var last, half int64
			for i := 0; ; i++ {
				_, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got := rd.BytesRead()
				if got < last || got > n {
					t.Fatalf("row %d: BytesRead %d after %d, size %d", i, got, last, n)
				}
				if i == 2500 {
					half = got
				}
				last = got
			}
			if got := rd.BytesRead(); got != n {
				t.Errorf("BytesRead at the end = %d, want %d", got, n)
			}
			if half <= 0 || half >= n {
				t.Errorf("BytesRead half-way = %d of %d", half, n)
			}
			if err := rd.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}
