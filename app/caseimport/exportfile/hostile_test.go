package exportfile_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

	"procura/app/caseimport/exportfile"
)

// The hostile workbooks below are built in memory: a deflate stream that
// unpacks to gigabytes is a few megabytes of repeated compressed blocks
// (each block refers back only to its own bytes, so copies chain), and
// archive/zip's CreateRaw writes it with whatever sizes the test declares.

// deflated compresses s into complete, non-final deflate blocks that can
// be repeated and chained.
func deflated(t testing.TB, s []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(s); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombPart is an entry of text head, then repeat times fill, then tail.
type bombPart struct {
	name             string
	head, fill, tail string
	repeat           int
	declared         uint64 // the size the directory declares; 0 is the true size
}

// repeatReader yields parts, the middle one n times, without copying.
type repeatReader struct {
	head, mid, tail []byte
	n               int
	stage           int
	off             int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	for {
		var cur []byte
		switch {
		case r.stage == 0:
			cur = r.head
		case r.stage <= r.n:
			cur = r.mid
		case r.stage == r.n+1:
			cur = r.tail
		default:
			return 0, io.EOF
		}
		if r.off < len(cur) {
			n := copy(p, cur[r.off:])
			r.off += n
			return n, nil
		}
		r.stage, r.off = r.stage+1, 0
	}
}

// bombXLSX writes a workbook whose parts are given as text or as bombs.
func bombXLSX(t testing.TB, parts map[string]string, bombs ...bombPart) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"} {
		text, ok := parts[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, text)
	}
	for _, b := range bombs {
		head, fill, tail := deflated(t, []byte(b.head)), deflated(t, []byte(b.fill)), deflated(t, []byte(b.tail))
		var end bytes.Buffer // a final empty block
		fw, _ := flate.NewWriter(&end, flate.BestCompression)
		fw.Close()
		size := uint64(len(b.head)+len(b.tail)) + uint64(len(b.fill))*uint64(b.repeat)
		crc := crc32.ChecksumIEEE([]byte(b.head))
		for range b.repeat {
			crc = crc32.Update(crc, crc32.IEEETable, []byte(b.fill))
		}
		crc = crc32.Update(crc, crc32.IEEETable, []byte(b.tail))
		declared := size
		if b.declared > 0 {
			declared = b.declared
		}
		packed := uint64(len(head)+len(tail)+end.Len()) + uint64(len(fill))*uint64(b.repeat)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: b.name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: packed, UncompressedSize64: declared})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, &repeatReader{head: head, mid: fill, tail: append(tail, end.Bytes()...), n: b.repeat}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// workbookParts is a minimal workbook of one sheet with shared strings.
var workbookParts = map[string]string{
	"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
	"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
}

const (
	sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>unified_no</t></is></c><c r="B1" t="inlineStr"><is><t>event</t></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>occurred_on</t></is></c><c r="D1" t="inlineStr"><is><t>persons</t></is></c></row>`
	sheetTail = `</sheetData></worksheet>`
	sheetRow  = `<row><c t="inlineStr"><is><t>42900420240000123</t></is></c><c t="inlineStr"><is><t>appeal</t></is></c><c><v>45383</v></c><c><v>1</v></c></row>`
)

func withParts(extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range workbookParts {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// readBounded reads a file to its end or first fatal error and reports
// the error and the bytes allocated meanwhile.
func readBounded(t *testing.T, kind exportfile.Kind, data []byte, opts exportfile.Options) (error, uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := bytes.NewReader(data)
	err := func() error {
		format, err := exportfile.Sniff(r, r.Size(), "hostile.xlsx")
		if err != nil {
			return err
		}
		rd, err := exportfile.Open(kind, format, r, r.Size(), opts)
		if err != nil {
			return err
		}
		defer rd.Close()
		for {
			_, err := rd.Next()
			if _, ok := errors.AsType[*exportfile.RowError](err); ok {
				continue
			}
			if err != nil {
				return err
			}
		}
	}()
	runtime.ReadMemStats(&after)
	return err, after.TotalAlloc - before.TotalAlloc
}

// TestHostileWorkbooks: a workbook built to exhaust memory is refused with
// a file-level error, having allocated little: no declared size is
// trusted, and every size is bounded while it streams.
func TestHostileWorkbooks(t *testing.T) {
	const allocBound = 64 << 20
	giant := strings.Repeat("a", 1<<20)
	tests := []struct {
		name  string
		data  func(t *testing.T) []byte
		opts  exportfile.Options
		want  error
		alloc uint64
	}{
		{"a shared string of 1 GiB", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(map[string]string{"xl/worksheets/sheet1.xml": sheetHead + sheetTail}),
				bombPart{name: "xl/sharedStrings.xml", head: `<sst><si><t>`, fill: giant, tail: `</t></si></sst>`, repeat: 1024})
		}, exportfile.Options{}, exportfile.ErrLineTooLong, allocBound},
		{"a cell of 1 GiB", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead + `<row><c><v>`, fill: giant, tail: `</v></c></row>` + sheetTail, repeat: 1024})
		}, exportfile.Options{}, exportfile.ErrLineTooLong, allocBound},
		{"an attribute of 1 GiB", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead + `<row><c r="`, fill: giant, tail: `"/></row>` + sheetTail, repeat: 1024})
		}, exportfile.Options{}, exportfile.ErrLineTooLong, allocBound},
		{"a million shared strings over the limit", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(map[string]string{"xl/worksheets/sheet1.xml": sheetHead + sheetTail}),
				bombPart{name: "xl/sharedStrings.xml", head: `<sst>`, fill: strings.Repeat(`<si><t>42900420240000123</t></si>`, 1000), tail: `</sst>`, repeat: 1000})
		}, exportfile.Options{MaxSharedStrings: 100_000}, exportfile.ErrFileTooLarge, allocBound},
		{"shared strings over the byte limit", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(map[string]string{"xl/worksheets/sheet1.xml": sheetHead + sheetTail}),
				bombPart{name: "xl/sharedStrings.xml", head: `<sst>`, fill: `<si><t>` + strings.Repeat("b", 60<<10) + `</t></si>`, tail: `</sst>`, repeat: 100})
		}, exportfile.Options{MaxSharedBytes: 4 << 20}, exportfile.ErrFileTooLarge, allocBound},
		{"a sheet declaring 1 KiB that inflates to 1 GiB", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead, fill: strings.Repeat(" ", 1<<20), tail: sheetTail, repeat: 1024, declared: 1024})
		}, exportfile.Options{}, exportfile.ErrUnsupportedFile, allocBound},
		{"a sheet declaring 1 TiB, unpacking past the limit", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead, fill: strings.Repeat(sheetRow, 100), tail: sheetTail, repeat: 1000, declared: 1 << 40})
		}, exportfile.Options{MaxUnzippedBytes: 2 << 20}, exportfile.ErrFileTooLarge, allocBound},
		{"a row of 100,000 cells", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead + `<row>`, fill: `<c><v>1</v></c>`, tail: `</row>` + sheetTail, repeat: 100_000})
		}, exportfile.Options{}, exportfile.ErrTooManyFields, allocBound},
		{"a row of many short cells over the row limit", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead + `<row>`, fill: `<c><v>` + strings.Repeat("7", 1000) + `</v></c>`, tail: `</row>` + sheetTail, repeat: 1000})
		}, exportfile.Options{}, exportfile.ErrLineTooLong, allocBound},
		{"elements nested a million deep", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead + `<row><c>`, fill: `<x>`, tail: `</c></row>` + sheetTail, repeat: 1 << 20})
		}, exportfile.Options{}, exportfile.ErrUnsupportedFile, allocBound},
		{"a comment of 1 GiB", func(t *testing.T) []byte {
			return bombXLSX(t, withParts(nil),
				bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead + `<!--`, fill: giant, tail: `-->` + sheetTail, repeat: 1024})
		}, exportfile.Options{}, exportfile.ErrLineTooLong, allocBound},
		{"10,001 entries in the archive", func(t *testing.T) []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			for i := range 10_001 {
				zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("xl/%d", i), Method: zip.Store})
			}
			zw.Close()
			return b.Bytes()
		}, exportfile.Options{}, exportfile.ErrFileTooLarge, allocBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			err, alloc := readBounded(t, exportfile.KindEvents, data, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if alloc > tt.alloc {
				t.Errorf("allocated %d MiB reading a file of %d KiB, want under %d MiB", alloc>>20, len(data)>>10, tt.alloc>>20)
			}
			t.Logf("%d KiB file: %v; %.1f MiB allocated", len(data)>>10, err, float64(alloc)/(1<<20))
		})
	}
}

// TestSheetStreams: a sheet of many rows, over the in-memory share of the
// shared strings, reads every row in bounded memory.
func TestSheetStreams(t *testing.T) {
	const rows = 20_000
	data := bombXLSX(t, withParts(nil),
		bombPart{name: "xl/sharedStrings.xml", head: `<sst><si><t>appeal</t></si>`, fill: `<si><t>` + strings.Repeat("z", 1000) + `</t></si>`, tail: `</sst>`, repeat: rows},
		bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead,
			fill: `<row><c t="inlineStr"><is><t>42900420240000123</t></is></c><c t="s"><v>0</v></c><c><v>45383</v></c><c><v>1</v></c></row>`,
			tail: sheetTail, repeat: rows})
	// 20 MB of shared strings: more than stay in memory.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := bytes.NewReader(data)
	rd, err := exportfile.Open(exportfile.KindEvents, exportfile.FormatXLSX, r, r.Size(), exportfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	n := readRows(t, rd)
	runtime.GC() // what is left is what the open reader holds
	runtime.ReadMemStats(&after)
	if n != rows {
		t.Errorf("%d rows, want %d", n, rows)
	}
	if heap := after.HeapAlloc; heap > before.HeapAlloc+12<<20 {
		t.Errorf("heap grew from %d to %d MiB", before.HeapAlloc>>20, heap>>20)
	}
}

// TestControlCharacters: a cell with NUL or another control character is
// a row error naming the column, in CSV and in XLSX (where Excel writes
// it as _x0000_); the rows around it are read.
func TestControlCharacters(t *testing.T) {
	csv := "unified_no,event,occurred_on,persons\n" +
		"42900420240000123,appeal,2024-03-05,1\n" +
		"42900420240000123,app\x00eal,2024-03-05,1\n" +
		"4290042024000\x1b0123,appeal,2024-03-05\x7f,1\n" +
		"42900420240000123,appeal,2024-03-06,1\n"
	xlsx := bombXLSX(t, withParts(map[string]string{
		"xl/sharedStrings.xml": `<sst><si><t>app_x0000_eal</t></si><si><r><t>42900420240000123</t></r><r><t>_x0001_</t></r></si></sst>`,
		"xl/worksheets/sheet1.xml": sheetHead + sheetRow +
			`<row><c t="inlineStr"><is><t>42900420240000123</t></is></c><c t="s"><v>0</v></c><c><v>45383</v></c><c><v>1</v></c></row>` +
			`<row><c t="s"><v>1</v></c><c t="inlineStr"><is><t>appeal</t></is></c><c><v>45383</v></c><c><v>1</v></c></row>` +
			sheetRow + sheetTail}))
	for name, data := range map[string][]byte{"csv": []byte(csv), "xlsx": xlsx} {
		t.Run(name, func(t *testing.T) {
			// Open, not Sniff: Sniff refuses a NUL in the first 64 KiB as
			// a binary file; one further on reaches the reader.
			format := exportfile.FormatCSV
			if name == "xlsx" {
				format = exportfile.FormatXLSX
			}
			rd, err := exportfile.Open(exportfile.KindEvents, format, bytes.NewReader(data), int64(len(data)), testOpts)
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			var res result
			for {
				row, err := rd.Next()
				if err == io.EOF {
					break
				}
				if re, ok := errors.AsType[*exportfile.RowError](err); ok {
					res.Bad = append(res.Bad, describe(re))
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				res.Rows = append(res.Rows, row)
			}
			want := "3 event control_chars,4 unified_no control_chars + occurred_on control_chars"
			if name == "xlsx" {
				want = "3 event control_chars,4 unified_no control_chars"
			}
			if got := strings.Join(res.Bad, ","); got != want || len(res.Rows) != 2 {
				t.Errorf("bad rows %q (want %q), %d good rows", got, want, len(res.Rows))
			}
		})
	}
}

// TestCSVBounds: a CSV row with too many fields is refused, and the error
// for a row that never ends names the line it starts at.
func TestCSVBounds(t *testing.T) {
	header := "unified_no,event,occurred_on,persons\n"
	row := "42900420240000123,appeal,2024-03-05,1\n"
	_, _, err := readAll(t, exportfile.KindEvents, bytes.NewReader([]byte(header+row+strings.Repeat(",", 5000)+"\n")), testOpts)
	if !errors.Is(err, exportfile.ErrTooManyFields) || !strings.Contains(err.Error(), "Line 3") {
		t.Errorf("too many fields: %v", err)
	}
	_, _, err = readAll(t, exportfile.KindEvents, bytes.NewReader([]byte(`"`+strings.Repeat("x", 20000))), exportfile.Options{MaxLineBytes: 1000})
	if !errors.Is(err, exportfile.ErrLineTooLong) || !strings.Contains(err.Error(), "line 1 ") {
		t.Errorf("unclosed quote at the start: %v", err)
	}
	multi := header + row + "\"42900420240000123\n\n\",appeal,2024-03-05,1\n" + `"` + strings.Repeat("x", 20000)
	_, _, err = readAll(t, exportfile.KindEvents, bytes.NewReader([]byte(multi)), exportfile.Options{MaxLineBytes: 1000})
	if !errors.Is(err, exportfile.ErrLineTooLong) || !strings.Contains(err.Error(), "line 6 ") {
		t.Errorf("unclosed quote after a row of three lines: %v", err)
	}
}

// failingReader fails every read past off, as a database holding the file
// might.
type failingReader struct {
	r   *bytes.Reader
	off int64
}

var errSource = errors.New("the database went away")

func (f failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.off {
		return 0, errSource
	}
	return f.r.ReadAt(p, off)
}

// TestSourceErrors: an error reading the file itself is returned as it
// is, never taken for a damaged file, so that the import is tried again
// rather than failed.
func TestSourceErrors(t *testing.T) {
	xlsx := bombXLSX(t, withParts(nil), bombPart{name: "xl/worksheets/sheet1.xml", head: sheetHead, fill: sheetRow, tail: sheetTail, repeat: 20000})
	csv := []byte("unified_no,event,occurred_on,persons\n" + strings.Repeat("42900420240000123,appeal,2024-03-05,1\n", 20000))
	for _, tt := range []struct {
		name   string
		data   []byte
		format exportfile.Format
		off    int64
	}{
		{"xlsx directory", xlsx, exportfile.FormatXLSX, int64(len(xlsx)) - 100},
		{"xlsx sheet", xlsx, exportfile.FormatXLSX, 2000},
		{"csv", csv, exportfile.FormatCSV, 300_000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := failingReader{bytes.NewReader(tt.data), tt.off}
			rd, err := exportfile.Open(exportfile.KindEvents, tt.format, r, int64(len(tt.data)), testOpts)
			for err == nil {
				_, err = rd.Next()
			}
			if !errors.Is(err, errSource) {
				t.Errorf("err = %v, want the source's", err)
			}
		})
	}
}
