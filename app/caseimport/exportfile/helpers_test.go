package exportfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"procura/app/caseimport/exportfile"
)

var testOpts = exportfile.Options{
	Categories: []string{"drug", "dangerous_driving", "traffic_accident", "fraud", "telecom_fraud",
		"financial", "environment", "work_safety", "campus_safety", "juvenile", "other"},
	CategoryNames: map[string]string{
		"毒品犯罪": "drug", "危险驾驶": "dangerous_driving", "交通肇事": "traffic_accident", "诈骗": "fraud",
		"电信网络诈骗": "telecom_fraud", "金融犯罪": "financial", "破坏环境资源": "environment",
		"安全生产": "work_safety", "校园安全": "campus_safety", "未成年人犯罪": "juvenile", "其他": "other",
	},
}

// csvFile writes records as CSV text. Fields are quoted when they hold a
// comma, a quote or a line break, so the physical lines follow the data.
type csvFile struct {
	bom, crlf, gb18030 bool
}

func (c csvFile) build(t testing.TB, records [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	if c.bom {
		b.WriteString("\uFEFF")
	}
	nl := "\n"
	if c.crlf {
		nl = "\r\n"
	}
	for _, rec := range records {
		for i, f := range rec {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(f, ",\"\r\n") {
				f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
			b.WriteString(strings.ReplaceAll(f, "\n", nl))
		}
		b.WriteString(nl)
	}
	if !c.gb18030 {
		return b.Bytes()
	}
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// xlsxFile writes rows to the first sheet of a workbook saved in a temporary
// directory, and returns the open file. A nil row leaves the sheet's row
// empty. A second sheet holds text that must not be read.
func xlsxFile(t testing.TB, rows [][]any) *os.File {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "案件"); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("案件", cell, &row); err != nil {
			t.Fatal(err)
		}
		for j, v := range row {
			if v, ok := v.(rawNumber); ok {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if err := f.SetCellDefault("案件", cell, string(v)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// Excel declares the used range; excelize leaves "A1" unless told.
	width := 1
	for _, row := range rows {
		width = max(width, len(row))
	}
	last, _ := excelize.CoordinatesToCellName(width, max(len(rows), 1))
	if err := f.SetSheetDimension("案件", "A1:"+last); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("说明"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("说明", "A1", &[]any{"这不是数据", "unified_no"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "import.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { file.Close() })
	return file
}

// rawNumber is a number cell written as Excel writes it.
type rawNumber string

// strings2any turns CSV records into spreadsheet rows of text cells.
func strings2any(records [][]string) [][]any {
	rows := make([][]any, len(records))
	for i, rec := range records {
		rows[i] = make([]any, len(rec))
		for j, f := range rec {
			rows[i][j] = f
		}
	}
	return rows
}

func size(t testing.TB, r io.ReaderAt) int64 {
	t.Helper()
	switch r := r.(type) {
	case *bytes.Reader:
		return r.Size()
	case *os.File:
		fi, err := r.Stat()
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	t.Fatalf("size of %T", r)
	return 0
}

// result is everything a file yields.
type result struct {
	Rows []exportfile.Row
	Bad  []string // "line field code", one per bad row
}

// readAll sniffs and reads a file to its end. A fatal error fails the
// test unless wantErr matches it, in which case it is returned.
func readAll(t testing.TB, kind exportfile.Kind, r io.ReaderAt, opts exportfile.Options) (result, *exportfile.Reader, error) {
	t.Helper()
	n := size(t, r)
	format, err := exportfile.Sniff(r, n, "upload")
	if err != nil {
		return result{}, nil, err
	}
	rd, err := exportfile.Open(kind, format, r, n, opts)
	if err != nil {
		return result{}, nil, err
	}
	t.Cleanup(func() {
		if err := rd.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	var res result
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return res, rd, nil
		}
		if re, ok := errors.AsType[*exportfile.RowError](err); ok {
			res.Bad = append(res.Bad, describe(re))
			continue
		}
		if err != nil {
			return res, rd, err
		}
		res.Rows = append(res.Rows, row)
	}
}

func describe(re *exportfile.RowError) string {
	s := fmt.Sprintf("%d %s %s", re.Line, re.Field, re.Code)
	for _, m := range re.More {
		s += fmt.Sprintf(" + %s %s", m.Field, m.Code)
	}
	return s
}

func mustRead(t testing.TB, kind exportfile.Kind, r io.ReaderAt) result {
	t.Helper()
	res, _, err := readAll(t, kind, r, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
