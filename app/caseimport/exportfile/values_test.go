package exportfile

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"procura/domain"
)

func TestDetectEncoding(t *testing.T) {
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String("统一受案号,事件\n")
	zhong := "中" // 3 bytes in UTF-8: E4 B8 AD
	tests := []struct {
		name    string
		prefix  string
		atEOF   bool
		want    Encoding
		wantBOM int
	}{
		{"ascii", "unified_no,event\n", true, EncodingUTF8, 0},
		{"bom", "\uFEFFunified_no", true, EncodingUTF8, 3},
		{"utf-8 chinese", "统一受案号,事件\n", true, EncodingUTF8, 0},
		{"gb18030", gb, true, EncodingGB18030, 0},
		{"gb18030 after bom-less ascii", "unified_no," + gb, true, EncodingGB18030, 0},
		{"utf-8 cut after 1 of 3 bytes", "abc" + zhong[:1], false, EncodingUTF8, 0},
		{"utf-8 cut after 2 of 3 bytes", "abc" + zhong[:2], false, EncodingUTF8, 0},
		{"utf-8 cut at the end of the file", "abc" + zhong[:2], true, EncodingGB18030, 0},
		{"gb18030 cut in a character", gb[:len(gb)-2], false, EncodingGB18030, 0},
		{"a lone continuation byte is not a cut", "abc\xAD", false, EncodingGB18030, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bom := detectEncoding([]byte(tt.prefix), tt.atEOF)
			if got != tt.want || bom != tt.wantBOM {
				t.Errorf("detectEncoding = %v, %d; want %v, %d", got, bom, tt.want, tt.wantBOM)
			}
		})
	}
}

// TestEncodingWindow: the encoding is decided on the 64 KiB from the
// first byte beyond ASCII, wherever that is and wherever the window ends.
func TestEncodingWindow(t *testing.T) {
	header := "unified_no,event,occurred_on,persons,note\n"
	ascii := strings.Repeat("42900420240000123,appeal,2024-03-05,1,\n", 2000) // 78 KB
	chinese := strings.Repeat("42900420240000123,上诉,2024-03-05,1,中文备注\n", 2000)
	tests := []struct {
		name string
		enc  Encoding
		body string // UTF-8, encoded as enc
	}{
		{"utf-8 from the start", EncodingUTF8, chinese},
		{"gb18030 from the start", EncodingGB18030, chinese},
		{"utf-8 after 78 KB of ascii", EncodingUTF8, ascii + chinese},
		{"gb18030 after 78 KB of ascii", EncodingGB18030, ascii + chinese},
	}
	for _, tt := range tests {
		// Shifting the text by a byte or two moves the end of the window
		// across the bytes of the characters.
		for shift := range 4 {
			text := strings.Replace(header+tt.body, "中文备注", strings.Repeat("x", shift)+"中文备注", 1)
			data := []byte(text)
			if tt.enc == EncodingGB18030 {
				data, _ = simplifiedchinese.GB18030.NewEncoder().Bytes(data)
			}
			rd, err := Open(KindEvents, FormatCSV, bytes.NewReader(data), int64(len(data)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for {
				row, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s, shift %d: %v", tt.name, shift, err)
				}
				if e := row.(EventRow); e.Event != "appeal" {
					t.Fatalf("%s, shift %d: line %d: event %q", tt.name, shift, e.Line, e.Event)
				}
				n++
			}
			if rd.Encoding() != tt.enc || n != strings.Count(tt.body, "\n") {
				t.Errorf("%s, shift %d: %v, %d rows; want %v, %d", tt.name, shift, rd.Encoding(), n, tt.enc, strings.Count(tt.body, "\n"))
			}
		}
	}
}

// TestEncodingChange: a file that begins as UTF-8 and turns to GB18030
// after the prefix reports the rows it cannot read.
func TestEncodingChange(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("unified_no,event,occurred_on,persons\n")
	row := "42900420240000123,上诉,2024-03-05,1\n"
	n := sniffLen/len(row) + 10
	for range n {
		b.WriteString(row)
	}
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(row)
	b.WriteString(gb)
	rd, err := Open(KindEvents, FormatCSV, bytes.NewReader(b.Bytes()), int64(b.Len()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	good, bad := 0, []int(nil)
	for {
		_, err := rd.Next()
		if re, ok := err.(*RowError); ok {
			bad = append(bad, re.Line)
			if re.Code != "encoding" {
				t.Errorf("code %q, want encoding", re.Code)
			}
			continue
		}
		if err != nil {
			break
		}
		good++
	}
	if good != n || !cmp.Equal(bad, []int{n + 2}) {
		t.Errorf("good %d, bad lines %v; want %d and [%d]", good, bad, n, n+2)
	}
}

func TestParseDate(t *testing.T) {
	d := func(y int, m time.Month, day int) domain.Date { return domain.NewDate(y, m, day) }
	tests := []struct {
		in           string
		cells, d1904 bool
		want         domain.Date
		code         string
	}{
		{in: "2024-03-05", want: d(2024, 3, 5)},
		{in: "2024-3-5", want: d(2024, 3, 5)},
		{in: "2024/03/05", want: d(2024, 3, 5)},
		{in: "2024/3/5 0:00", want: d(2024, 3, 5)},
		{in: "2024-03-05 08:30:00", want: d(2024, 3, 5)},
		{in: "2024-03-05T08:30:00.000+08:00", want: d(2024, 3, 5)},
		{in: "2024年3月5日", want: d(2024, 3, 5)},
		{in: "2024年03月05日", want: d(2024, 3, 5)},
		{in: "２０２４－０３－０５", want: d(2024, 3, 5)},
		{in: "2024-02-29", want: d(2024, 2, 29)},
		{in: "", code: "required"},
		{in: "2023-02-29", code: "format"},
		{in: "2024-03-32", code: "format"},
		{in: "2024-00-05", code: "format"},
		{in: "2024/03-05", code: "format"},
		{in: "2024年3月5", code: "format"},
		{in: "2024年3月5日 08:00", code: "format"},
		{in: "2024-03-05 noon", code: "format"},
		{in: "24-03-05", code: "format"},
		{in: "20240305", code: "format"},
		{in: "0000-01-01", code: "format"},
		{in: "45356", code: "format"},
		{in: "45356", cells: true, want: d(2024, 3, 5)},
		{in: "45356.99", cells: true, want: d(2024, 3, 5)},
		{in: "43894", cells: true, d1904: true, want: d(2024, 3, 5)},
		{in: "18264", cells: true, want: d(1950, 1, 1)},
		{in: "18263", cells: true, code: "range"},
		{in: "2024", cells: true, code: "range"},
		{in: "3", cells: true, code: "range"},
		{in: "2958466", cells: true, code: "range"},
		{in: "2024-03-05", cells: true, want: d(2024, 3, 5)},
	}
	for _, tt := range tests {
		got, p := parseDate(tt.in, tt.cells, tt.d1904)
		code := ""
		if p != nil {
			code = p.code
		}
		if !got.Equal(tt.want) || code != tt.code {
			t.Errorf("parseDate(%q, %v, %v) = %v, %q; want %v, %q", tt.in, tt.cells, tt.d1904, got, code, tt.want, tt.code)
		}
	}
}

func TestParsePersons(t *testing.T) {
	tests := []struct {
		in    string
		cells bool
		want  int
		code  string
	}{
		{"1", false, 1, ""},
		{"10000", false, 10000, ""},
		{"３", false, 3, ""},
		{"3.0", true, 3, ""},
		{"3.0", false, 0, "format"},
		{"0", false, 0, "range"},
		{"10001", false, 0, "range"},
		{"1e3", true, 1000, ""},
		{"三", false, 0, "format"},
		{"", false, 0, "required"},
	}
	for _, tt := range tests {
		got, p := parsePersons(tt.in, tt.cells)
		code := ""
		if p != nil {
			code = p.code
		}
		if got != tt.want || code != tt.code {
			t.Errorf("parsePersons(%q, %v) = %d, %q; want %d, %q", tt.in, tt.cells, got, code, tt.want, tt.code)
		}
	}
}

// TestEventNames: every event has a code and a Chinese name, each unique.
func TestEventNames(t *testing.T) {
	codes := map[string]int{}
	for name, code := range events {
		codes[code]++
		if name != code && events[code] != code {
			t.Errorf("%s maps to %s, which is not a code", name, code)
		}
	}
	if len(codes) != 16 {
		t.Errorf("%d event codes, want 16", len(codes))
	}
	for code, n := range codes {
		if n != 2 {
			t.Errorf("%s has %d names, want a code and a Chinese name", code, n)
		}
	}
}
