package exportfile_test

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"procura/app/caseimport/exportfile"
)

// eventsCSV generates an events file row by row as it is read, so that a
// benchmark reads a large file without holding it anywhere. It serves
// sequential reads only, starting over at offset 0.
type eventsCSV struct {
	rows    int
	size    int64
	names   []string // event names and the date suffixes, in the file's encoding
	next    int      // the next row to generate; 0 is the header
	pos     int64    // the offset of pending
	pending []byte
	scratch []byte
}

var benchEvents = []string{"arrest_review_received", "批准逮捕", "prosecution_review_received", "认罪认罚",
	"提出量刑建议", "prosecuted", "量刑建议被采纳", "review_extended"}

func newEventsCSV(rows int, gb18030 bool) *eventsCSV {
	g := &eventsCSV{rows: rows}
	for _, s := range append(benchEvents, "年", "月", "日") {
		if gb18030 {
			s, _ = simplifiedchinese.GB18030.NewEncoder().String(s)
		}
		g.names = append(g.names, s)
	}
	for i := 0; i <= rows; i++ {
		g.size += int64(len(g.row(i, g.scratch[:0])))
	}
	return g
}

// row appends row i of the file to dst: a case number, an event in English
// or Chinese, a date in one of three forms, a person count.
func (g *eventsCSV) row(i int, dst []byte) []byte {
	if i == 0 {
		return append(dst, "unified_no,event,occurred_on,persons\r\n"...)
	}
	dst = append(dst, "4290042024"...)
	dst = appendPadded(dst, i/3, 7)
	dst = append(dst, ',')
	dst = append(dst, g.names[i%len(benchEvents)]...)
	dst = append(dst, ',')
	y, m, d := 2020+i%5, 1+i%12, 1+i%28
	switch i % 3 {
	case 0:
		dst = strconv.AppendInt(dst, int64(y), 10)
		dst = append(dst, '-')
		dst = appendPadded(dst, m, 2)
		dst = append(dst, '-')
		dst = appendPadded(dst, d, 2)
	case 1:
		dst = strconv.AppendInt(dst, int64(y), 10)
		dst = append(dst, '/')
		dst = strconv.AppendInt(dst, int64(m), 10)
		dst = append(dst, '/')
		dst = strconv.AppendInt(dst, int64(d), 10)
	case 2:
		n := len(benchEvents)
		dst = strconv.AppendInt(dst, int64(y), 10)
		dst = append(dst, g.names[n]...)
		dst = strconv.AppendInt(dst, int64(m), 10)
		dst = append(dst, g.names[n+1]...)
		dst = strconv.AppendInt(dst, int64(d), 10)
		dst = append(dst, g.names[n+2]...)
	}
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(1+i%4), 10)
	return append(dst, "\r\n"...)
}

func appendPadded(dst []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for range width - len(s) {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

func (g *eventsCSV) ReadAt(p []byte, off int64) (int, error) {
	if off == 0 {
		g.next, g.pos, g.pending = 0, 0, nil
	}
	if off != g.pos {
		return 0, errors.New("eventsCSV: reads must be sequential")
	}
	n := 0
	for n < len(p) {
		if len(g.pending) == 0 {
			if g.next > g.rows {
				break
			}
			g.scratch = g.row(g.next, g.scratch[:0])
			g.pending = g.scratch
			g.next++
		}
		c := copy(p[n:], g.pending)
		g.pending = g.pending[c:]
		n += c
	}
	g.pos += int64(n)
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

const benchRows = 100_000

// readRows reads a file whose rows are all good to its end, and returns
// how many there are.
func readRows(tb testing.TB, rd *exportfile.Reader) int {
	tb.Helper()
	n := 0
	for {
		_, err := rd.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatalf("row %d: %v", n+1, err)
		}
		n++
	}
}

// readEvents reads a whole events file and checks that every row is good.
func readEvents(b *testing.B, format exportfile.Format, r io.ReaderAt, size int64) {
	rd, err := exportfile.Open(exportfile.KindEvents, format, r, size, exportfile.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer rd.Close()
	n := readRows(b, rd)
	if n != benchRows {
		b.Fatalf("%d rows, want %d", n, benchRows)
	}
}

// BenchmarkReadEvents100k reads a generated events file of 100,000 rows
// (a tenth of the largest expected) from each CSV encoding.
func BenchmarkReadEvents100k(b *testing.B) {
	for _, tt := range []struct {
		name    string
		gb18030 bool
	}{{"utf-8", false}, {"gb18030", true}} {
		b.Run(tt.name, func(b *testing.B) {
			g := newEventsCSV(benchRows, tt.gb18030)
			b.SetBytes(g.size)
			b.ReportAllocs()
			for b.Loop() {
				readEvents(b, exportfile.FormatCSV, g, g.size)
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkReadEventsXLSX100k reads the same rows from a workbook built in
// memory.
func BenchmarkReadEventsXLSX100k(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	g := newEventsCSV(benchRows, false)
	if err := sw.SetRow("A1", []any{"unified_no", "event", "occurred_on", "persons"}); err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= benchRows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		fields := bytes.Split(bytes.TrimSuffix(g.row(i, nil), []byte("\r\n")), []byte(","))
		persons, _ := strconv.Atoi(string(fields[3]))
		if err := sw.SetRow(cell, []any{string(fields[0]), string(fields[1]), string(fields[2]), persons}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	f.Close()
	r := bytes.NewReader(buf.Bytes())
	b.SetBytes(r.Size())
	b.ReportAllocs()
	for b.Loop() {
		readEvents(b, exportfile.FormatXLSX, r, r.Size())
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
