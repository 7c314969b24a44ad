package exportfile_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"procura/app/caseimport/exportfile"
)

func TestSniff(t *testing.T) {
	var plainZip bytes.Buffer
	zw := zip.NewWriter(&plainZip)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document/>"))
	zw.Close()
	xlsx := xlsxFile(t, strings2any(eventRecords))
	xlsxBytes := make([]byte, size(t, xlsx))
	if _, err := xlsx.ReadAt(xlsxBytes, 0); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		data     []byte
		filename string
		want     exportfile.Format
		wantErr  error
		wantText string // in the error message
	}{
		{"xlsx", xlsxBytes, "export.csv", exportfile.FormatXLSX, nil, ""},
		{"csv utf-8", csvFile{}.build(t, eventRecords), "export.xlsx", exportfile.FormatCSV, nil, ""},
		{"csv gb18030", csvFile{gb18030: true}.build(t, eventRecords), "export.csv", exportfile.FormatCSV, nil, ""},
		{"csv starting with a quote", []byte(`"unified_no",event` + "\n"), "", exportfile.FormatCSV, nil, ""},
		{"empty", nil, "export.csv", 0, exportfile.ErrEmptyFile, ""},
		{"truncated xlsx", xlsxBytes[:len(xlsxBytes)/2], "export.xlsx", 0, exportfile.ErrUnsupportedFile, "damaged"},
		{"other zip", plainZip.Bytes(), "export.docx", 0, exportfile.ErrUnsupportedFile, "not an XLSX"},
		{"xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "export.XLS", 0, exportfile.ErrUnsupportedFile, "(.xls) are not supported"},
		{"ole without a name", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "", 0, exportfile.ErrUnsupportedFile, "password-protected"},
		{"utf-16", []byte("\xFF\xFEu\x00n\x00"), "export.txt", 0, exportfile.ErrUnsupportedFile, "UTF-16"},
		{"binary", []byte("unified_no\x00\x01\x02"), "/tmp/x/export.bin", 0, exportfile.ErrUnsupportedFile, `"export.bin" is a binary file`},
		{"html saved as xls", []byte("\uFEFF  <HTML><table><tr><td>统一受案号</td></tr></table>"), "export.xls", 0, exportfile.ErrUnsupportedFile, "web page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := exportfile.Sniff(bytes.NewReader(tt.data), int64(len(tt.data)), tt.filename)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("err = %q, want it to say %q", err, tt.wantText)
			}
			if got != tt.want {
				t.Errorf("format = %v, want %v", got, tt.want)
			}
		})
	}
}
