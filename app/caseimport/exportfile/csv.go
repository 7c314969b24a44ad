package exportfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// csvSource reads CSV records as encoding/csv parses them: fields may be
// quoted, quotes doubled inside them, and a quoted field may hold commas
// and line breaks; CRLF and LF line ends both work; empty lines are
// skipped but counted. Quoting is strict: a stray quote makes the row a
// RowError, since guessing what it meant could shift values between
// columns.
type csvSource struct {
	counter   *countingReader
	text      *textReader
	guard     *guardReader
	cr        *csv.Reader
	maxLine   int
	maxFields int
	line      int // line of the last record
	end       int // last line of the last record
}

func openCSV(r io.ReaderAt, size int64, maxLine, maxFields int) (*csvSource, error) {
	s := &csvSource{counter: &countingReader{r: io.NewSectionReader(r, 0, size)}, maxLine: maxLine, maxFields: maxFields}
	s.text = &textReader{br: bufio.NewReaderSize(s.counter, sniffLen)}
	if head, err := s.text.br.Peek(len(utf8BOM)); err != nil && err != io.EOF {
		return nil, fmt.Errorf("open import: %w", err)
	} else if bytes.Equal(head, utf8BOM) {
		_, _ = s.text.br.Discard(len(utf8BOM)) // cannot fail: the bytes are buffered
		s.text.decide(EncodingUTF8)
	}
	s.guard = &guardReader{r: s.text, limit: int64(maxLine) + guardSlack}
	s.cr = csv.NewReader(s.guard)
	s.cr.FieldsPerRecord = -1
	s.cr.ReuseRecord = true
	return s, nil
}

// guardSlack allows for the buffer of csv.Reader, which reads ahead of the
// record it parses.
const guardSlack = 4096

func (s *csvSource) next() (int, []string, error) {
	rec, err := s.cr.Read()
	s.guard.mark = s.cr.InputOffset()
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return 0, nil, io.EOF
	case errors.Is(err, errGuard):
		return 0, nil, fileError(ErrLineTooLong,
			fmt.Sprintf("From line %d on, more than %d bytes pass without the end of a row (an unclosed quote?).", s.end+1, s.maxLine),
			fmt.Sprintf("自第 %d 行起超过 %d 字节仍未见行尾（引号未闭合？）。", s.end+1, s.maxLine))
	case errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote)):
		s.line, s.end = pe.StartLine, pe.Line
		return pe.StartLine, nil, rowError(pe.StartLine, "quote",
			fmt.Sprintf("Bad quoting at line %d, column %d: a value with a quote must be quoted, and its quotes doubled (\"\").", pe.Line, pe.Column),
			fmt.Sprintf("第 %d 行第 %d 列引号有误：含引号的值须整体加引号，其中的引号写两次（\"\"）。", pe.Line, pe.Column))
	case err != nil:
		return 0, nil, fmt.Errorf("read csv after line %d: %w", s.line, err)
	}
	line, _ := s.cr.FieldPos(0)
	last, _ := s.cr.FieldPos(len(rec) - 1)
	s.line, s.end = line, last+strings.Count(rec[len(rec)-1], "\n")
	if len(rec) > s.maxFields {
		return 0, nil, tooManyFields(line, s.maxFields)
	}
	if recordBytes(rec) > s.maxLine {
		return 0, nil, fileError(ErrLineTooLong,
			fmt.Sprintf("Line %d is longer than %d bytes.", line, s.maxLine),
			fmt.Sprintf("第 %d 行超过 %d 字节。", line, s.maxLine))
	}
	enc := s.text.enc
	for _, f := range rec {
		if enc == EncodingUTF8 && !utf8.ValidString(f) {
			return line, nil, rowError(line, "encoding",
				"The row has bytes that are not UTF-8, though the text before it was UTF-8; save the whole file in one encoding.",
				"该行含有非 UTF-8 字节，而此前的内容为 UTF-8 编码；请将整个文件保存为同一种编码。")
		}
		if enc == EncodingGB18030 && strings.ContainsRune(f, utf8.RuneError) {
			return line, nil, rowError(line, "encoding",
				"The row has bytes that are not GB18030 text; save the whole file in one encoding.",
				"该行含有无法按 GB18030 解码的字节；请将整个文件保存为同一种编码。")
		}
	}
	return line, rec, nil
}

// recordBytes is the length of a record as written, less quotes.
func recordBytes(rec []string) int {
	n := len(rec)
	for _, f := range rec {
		n += len(f)
	}
	return n
}

func (s *csvSource) bytesRead() int64 { return s.counter.n }
func (s *csvSource) close() error     { return nil }

// encoding returns the encoding decided so far: a file that has been
// ASCII so far reads as UTF-8.
func (s *csvSource) encoding() Encoding {
	if s.text.enc == 0 {
		return EncodingUTF8
	}
	return s.text.enc
}

// textReader turns the bytes of a CSV file into UTF-8 text. ASCII reads
// the same in UTF-8 and GB18030, so the choice waits for the first byte
// beyond ASCII and is made on the 64 KiB that begin there: an events file
// whose first thousand rows hold only codes and ISO dates is still
// recognised as GB18030 by its first Chinese event name. The window may
// end inside a character, which detectEncoding allows for.
type textReader struct {
	br  *bufio.Reader // of size sniffLen
	dec io.Reader     // nil until decided
	enc Encoding      // 0 until decided
}

func (t *textReader) decide(enc Encoding) {
	t.enc, t.dec = enc, t.br
	if enc == EncodingGB18030 {
		t.dec = transform.NewReader(t.br, simplifiedchinese.GB18030.NewDecoder())
	}
}

func (t *textReader) Read(p []byte) (int, error) {
	if t.dec != nil {
		return t.dec.Read(p)
	}
	if t.br.Buffered() == 0 {
		if _, err := t.br.Peek(1); err != nil {
			return 0, err
		}
	}
	buf, _ := t.br.Peek(t.br.Buffered())
	ascii := len(buf)
	for i, b := range buf {
		if b >= utf8.RuneSelf {
			ascii = i
			break
		}
	}
	if ascii > 0 {
		n := copy(p, buf[:ascii])
		_, _ = t.br.Discard(n) // cannot fail: the bytes are buffered
		return n, nil
	}
	window, err := t.br.Peek(sniffLen)
	if err != nil && err != io.EOF {
		return 0, err
	}
	enc, _ := detectEncoding(window, err == io.EOF)
	t.decide(enc)
	return t.dec.Read(p)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

var errGuard = errors.New("row too long")

// guardReader fails once more than limit bytes have been read since mark,
// the end of the last record: it stops an unclosed quote or a file without
// line breaks from filling memory before the record can be measured.
type guardReader struct {
	r           io.Reader
	total, mark int64
	limit       int64
}

func (g *guardReader) Read(p []byte) (int, error) {
	if g.total-g.mark > g.limit {
		return 0, errGuard
	}
	n, err := g.r.Read(p)
	g.total += int64(n)
	return n, err
}
