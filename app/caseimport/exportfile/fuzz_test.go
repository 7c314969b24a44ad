package exportfile_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"maps"
	"slices"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"procura/app/caseimport/exportfile"
	"procura/domain"
)

// The fuzz targets feed the readers arbitrary files and check that they
// neither panic nor return more than the limits allow; errors are fine.
// Seed corpora are in testdata/fuzz/<target>/; `go test` runs the seeds,
// `go test -fuzz FuzzCSV -fuzztime 60s ./app/importer/` explores.

// fuzzOpts are small limits, so that one input stays quick.
var fuzzOpts = func() exportfile.Options {
	o := testOpts
	o.MaxRows, o.MaxLineBytes, o.MaxFields = 500, 4096, 64
	o.MaxUnzippedBytes, o.MaxSharedStrings, o.MaxSharedBytes = 4<<20, 1000, 1<<20
	return o
}()

// fuzzRead reads data as a file of both kinds and checks the bounds.
func fuzzRead(t *testing.T, data []byte) {
	for _, kind := range []exportfile.Kind{exportfile.KindCases, exportfile.KindEvents} {
		r := bytes.NewReader(data)
		format, err := exportfile.Sniff(r, r.Size(), "fuzz")
		if err != nil {
			checkFileError(t, err)
			continue
		}
		rd, err := exportfile.Open(kind, format, r, r.Size(), fuzzOpts)
		if err != nil {
			checkFileError(t, err)
			continue
		}
		rows, lastLine := 0, rd.Line()
		for {
			row, err := rd.Next()
			if err == io.EOF {
				break
			}
			re, isRowErr := errors.AsType[*exportfile.RowError](err)
			if err != nil && !isRowErr {
				checkFileError(t, err)
				break
			}
			if rows++; rows > fuzzOpts.MaxRows {
				t.Fatalf("%d rows, over the limit of %d", rows, fuzzOpts.MaxRows)
			}
			line := rd.Line()
			if isRowErr {
				if re.Line != line || re.Message == "" || re.MessageZh == "" {
					t.Fatalf("row error %+v at line %d", re, line)
				}
			} else {
				checkRow(t, row)
			}
			if line <= lastLine {
				t.Fatalf("line %d after line %d", line, lastLine)
			}
			lastLine = line
		}
		if got := rd.BytesRead(); got < 0 || got > r.Size() {
			t.Fatalf("BytesRead %d of %d", got, r.Size())
		}
		if err := rd.Close(); err != nil {
			t.Fatalf("close: %v", err)
		}
	}
}

// checkFileError: a fatal error about the file is a domain error with
// both messages; any other error could only come from reading r, which
// cannot fail here.
func checkFileError(t *testing.T, err error) {
	t.Helper()
	de, ok := domain.AsError(err)
	if !ok || de.Message == "" || de.MessageZh == "" || len(de.Message) > 4096 {
		t.Fatalf("file error %T %q", err, err)
	}
}

func checkRow(t *testing.T, row exportfile.Row) {
	t.Helper()
	var text []string
	switch r := row.(type) {
	case exportfile.CaseRow:
		text = []string{r.UnifiedNo, r.DeptNo, r.UnitCode, r.CaseType, r.Category, r.Prosecutor}
		if r.Persons < 1 || r.Persons > 10000 {
			t.Fatalf("persons %d", r.Persons)
		}
	case exportfile.EventRow:
		text = []string{r.UnifiedNo, r.Event}
		if r.Persons < 1 || r.Persons > 10000 {
			t.Fatalf("persons %d", r.Persons)
		}
	}
	for _, s := range text {
		if len(s) > 800 {
			t.Fatalf("a value of %d bytes", len(s))
		}
		for _, c := range s {
			if c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				t.Fatalf("control character in %q", s)
			}
		}
	}
}

// FuzzCSV reads arbitrary bytes as a CSV file (mostly UTF-8).
func FuzzCSV(f *testing.F) {
	f.Add([]byte("unified_no,event,occurred_on,persons\n42900420240000123,appeal,2024-03-05,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data) })
}

// FuzzCSVGB18030 encodes arbitrary text as GB18030 and reads it as a CSV
// file, so that the fuzzer explores Chinese text as the national system
// exports it.
func FuzzCSVGB18030(f *testing.F) {
	f.Add("统一受案号,事件,发生日期,人数\r\n42900420240000123,批准逮捕,2024年3月5日,2\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
		if err != nil {
			return // not encodable (invalid UTF-8)
		}
		fuzzRead(t, data)
	})
}

// FuzzXLSX puts an arbitrary sheet and shared-strings part into a valid
// workbook archive and reads it.
func FuzzXLSX(f *testing.F) {
	f.Add([]byte(sheetHead+sheetRow+`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c><v>45383</v></c><c><v>1</v></c></row>`+sheetTail),
		[]byte(`<sst><si><t>42900420240000123</t></si><si><r><t>app</t></r><r><t>eal</t></r><rPh><t>x</t></rPh></si></sst>`))
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, name := range slices.Sorted(maps.Keys(workbookParts)) { // in one order: coverage must not vary
			w, _ := zw.Create(name)
			io.WriteString(w, workbookParts[name])
		}
		w, _ := zw.Create("xl/worksheets/sheet1.xml")
		w.Write(sheet)
		w, _ = zw.Create("xl/sharedStrings.xml")
		w.Write(sst)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		fuzzRead(t, b.Bytes())
	})
}

// FuzzZip reads arbitrary bytes as a workbook: the archive's directory,
// headers and compressed streams.
func FuzzZip(f *testing.F) {
	f.Add(bombXLSX(f, withParts(map[string]string{"xl/worksheets/sheet1.xml": sheetHead + sheetRow + sheetTail})))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data) })
}
