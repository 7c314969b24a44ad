package exportfile

import (
	"errors"
	"fmt"
	"io"
	"unicode"

	"procura/domain"
)

// Defaults of the Options limits.
const (
	DefaultMaxRows          = 2_000_000
	DefaultMaxLineBytes     = 64 << 10
	DefaultMaxFields        = 1024
	DefaultMaxXLSXBytes     = 256 << 20
	DefaultMaxUnzippedBytes = 2 << 30
	DefaultMaxSharedStrings = 4 << 20
	DefaultMaxSharedBytes   = 256 << 20
)

// Options configure a Reader. The zero value of a limit selects its
// default.
type Options struct {
	// Categories are the valid class-case category codes ("drug",
	// "dangerous_driving", …), required to read cases. A file may give a
	// code in any case.
	Categories []string
	// CategoryNames maps Chinese names ("毒品犯罪") to codes, each among
	// Categories.
	CategoryNames map[string]string

	// MaxRows bounds the data rows of a file, good and bad.
	MaxRows int
	// MaxLineBytes bounds one row, in bytes of UTF-8: a CSV row (a row
	// whose quoted fields hold line breaks counts as one), the text of an
	// XLSX row's cells, and so any one cell or shared string.
	MaxLineBytes int
	// MaxFields bounds the fields of a CSV row and the columns of an XLSX
	// row.
	MaxFields int
	// MaxXLSXBytes bounds an XLSX file.
	MaxXLSXBytes int64
	// MaxUnzippedBytes bounds what an XLSX file unpacks to, counted as it
	// unpacks, against ZIP bombs.
	MaxUnzippedBytes int64
	// MaxSharedStrings and MaxSharedBytes bound the shared strings of an
	// XLSX workbook (the distinct texts its cells name), in number and in
	// bytes of text.
	MaxSharedStrings int
	MaxSharedBytes   int64
	// TempDir is where the shared strings of a large workbook are kept;
	// "" is os.TempDir().
	TempDir string
}

func (o Options) withDefaults() Options {
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxFields <= 0 {
		o.MaxFields = DefaultMaxFields
	}
	if o.MaxSharedStrings <= 0 {
		o.MaxSharedStrings = DefaultMaxSharedStrings
	}
	if o.MaxSharedBytes <= 0 {
		o.MaxSharedBytes = DefaultMaxSharedBytes
	}
	if o.MaxXLSXBytes <= 0 {
		o.MaxXLSXBytes = DefaultMaxXLSXBytes
	}
	if o.MaxUnzippedBytes <= 0 {
		o.MaxUnzippedBytes = DefaultMaxUnzippedBytes
	}
	return o
}

// Row is a parsed row: a CaseRow or an EventRow, by the Reader's Kind.
type Row interface {
	isRow()
}

// CaseRow is a valid row of a cases file.
type CaseRow struct {
	Line       int
	UnifiedNo  string // 17 digits
	DeptNo     string // may be empty
	UnitCode   string // 6 digits
	CaseType   string
	Category   string // a code from Options.Categories
	Prosecutor string // may be empty
	ReceivedOn domain.Date
	Persons    int
}

// EventRow is a valid row of an events file.
type EventRow struct {
	Line       int
	UnifiedNo  string
	Event      string // a code, such as "arrest_approved"
	OccurredOn domain.Date
	Persons    int
}

func (CaseRow) isRow()  {}
func (EventRow) isRow() {}

// source yields the records of a file.
type source interface {
	// next returns the next record and the line it starts on. A record it
	// cannot parse is a *RowError; io.EOF ends the file; any other error
	// is fatal.
	next() (line int, rec []string, err error)
	// bytesRead reports progress through the file, in bytes.
	bytesRead() int64
	encoding() Encoding
	close() error
}

// Reader reads the rows of one file. It is not safe for concurrent use.
type Reader struct {
	kind       Kind
	format     Format
	src        source
	layout     layout
	cats       categorySet
	maxRows    int
	strictLen  bool // CSV: a row must have as many fields as the header
	cellNums   bool // XLSX: numbers may be date serials or written "3.0"
	date1904   bool
	line, rows int
	err        error // sticky fatal error
}

// Open reads the header of a file of kind in format, found in the size
// bytes of r, and returns a Reader positioned at the first data row. Use
// Sniff to learn the format. A header without a required column fails
// with an error matching ErrMissingColumns. Close the Reader when done.
func Open(kind Kind, format Format, r io.ReaderAt, size int64, opts Options) (*Reader, error) {
	opts = opts.withDefaults()
	rd := &Reader{kind: kind, format: format, maxRows: opts.MaxRows}
	switch kind {
	case KindCases:
		cats, err := newCategorySet(opts.Categories, opts.CategoryNames)
		if err != nil {
			return nil, fmt.Errorf("open import: %w", err)
		}
		rd.cats = cats
	case KindEvents:
	default:
		return nil, fmt.Errorf("open import: unknown kind %d", int(kind))
	}
	var err error
	switch format {
	case FormatCSV:
		var cs *csvSource
		cs, err = openCSV(r, size, opts.MaxLineBytes, opts.MaxFields)
		if err == nil {
			rd.src, rd.strictLen = cs, true
		}
	case FormatXLSX:
		var xs *xlsxSource
		xs, err = openXLSX(r, size, opts)
		if err == nil {
			rd.src, rd.cellNums, rd.date1904 = xs, true, xs.date1904
		}
	default:
		return nil, fmt.Errorf("open import: unknown format %d", int(format))
	}
	if err != nil {
		return nil, err
	}
	if err := rd.readHeader(); err != nil {
		_ = rd.src.close()
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) readHeader() error {
	for {
		line, rec, err := rd.src.next()
		re, isRowErr := errors.AsType[*RowError](err)
		switch {
		case errors.Is(err, io.EOF):
			return ErrEmptyFile
		case isRowErr:
			return fileError(ErrMalformedHeader,
				fmt.Sprintf("The header row cannot be read: %s", re.Message),
				fmt.Sprintf("无法读取表头行：%s", re.MessageZh))
		case err != nil:
			return err
		}
		if blank(rec) {
			continue
		}
		rd.line = line
		rd.layout, err = readHeader(rd.kind, rec)
		return err
	}
}

// Next returns the next row: a CaseRow or an EventRow. A bad row comes
// back as a *RowError, after which Next may be called again; io.EOF ends
// the file; any other error is fatal and Next returns it again.
// ColumnName returns the header of the column with key (a RowError's
// Field, "received_on") as this file writes it ("受理日期" or
// "received_on"), "" when the file has no such column or the header is not
// read yet.
func (rd *Reader) ColumnName(key string) string {
	for f := range numFields {
		if fields[f].key == key {
			if i := rd.layout.index[f]; i >= 0 && i < len(rd.layout.header) {
				return rd.layout.header[i]
			}
		}
	}
	return ""
}

func (rd *Reader) Next() (Row, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	for {
		line, rec, err := rd.src.next()
		re, _ := errors.AsType[*RowError](err)
		if err != nil && re == nil {
			rd.err = err
			return nil, err
		}
		if re == nil && blank(rec) {
			continue
		}
		if rd.rows++; rd.rows > rd.maxRows {
			rd.err = fileError(ErrTooManyRows,
				fmt.Sprintf("The file has more than %d data rows; split it (line %d).", rd.maxRows, line),
				fmt.Sprintf("文件数据行超过 %d 行，请拆分后导入（第 %d 行）。", rd.maxRows, line))
			return nil, rd.err
		}
		rd.line = line
		if re != nil {
			return nil, re
		}
		if rd.strictLen {
			if p := rd.fieldCount(line, rec); p != nil {
				return nil, p
			}
		}
		if p := rd.controlChars(line, rec); p != nil {
			return nil, p
		}
		if rd.kind == KindCases {
			row, re := rd.caseRow(line, rec)
			if re != nil {
				return nil, re
			}
			return row, nil
		}
		row, re := rd.eventRow(line, rec)
		if re != nil {
			return nil, re
		}
		return row, nil
	}
}

// fieldCount refuses a CSV row with fewer fields than the header, or more
// that are not empty: the sign of an unquoted comma, which would shift
// every value after it into the wrong column.
func (rd *Reader) fieldCount(line int, rec []string) *RowError {
	n := len(rec)
	for n > rd.layout.width && blankField(rec[n-1]) {
		n--
	}
	if n == rd.layout.width {
		return nil
	}
	return rowError(line, "field_count",
		fmt.Sprintf("The row has %d fields but the header has %d; a comma inside a value must be quoted.", len(rec), rd.layout.width),
		fmt.Sprintf("该行有 %d 个字段，表头有 %d 个；值中含逗号时须加引号。", len(rec), rd.layout.width))
}

// controlChars refuses a row with a control character (other than tab,
// line feed and carriage return) in a column that is read: no such
// character belongs in these values, and PostgreSQL refuses NUL in text.
// The columns the reader ignores are not looked at.
func (rd *Reader) controlChars(line int, rec []string) *RowError {
	c := &rowCheck{line: line, rec: rec, layout: &rd.layout}
	for f := range numFields {
		if i := rd.layout.index[f]; i >= 0 && i < len(rec) && hasControl(rec[i]) {
			c.add(f, &problem{"control_chars", "Contains a control character (such as NUL); remove it.", "含有控制字符（如 NUL），请删除。"})
		}
	}
	return c.err
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return true
		}
	}
	return false
}

func (rd *Reader) caseRow(line int, rec []string) (CaseRow, *RowError) {
	c := &rowCheck{line: line, rec: rec, layout: &rd.layout}
	row := CaseRow{
		Line:       line,
		UnifiedNo:  value(c, fUnifiedNo, parseUnifiedNo),
		DeptNo:     value(c, fDeptNo, optionalText),
		UnitCode:   value(c, fUnitCode, parseUnitCode),
		CaseType:   value(c, fCaseType, requiredText),
		Category:   value(c, fCategory, rd.cats.parse),
		Prosecutor: value(c, fProsecutor, optionalText),
		ReceivedOn: value(c, fReceivedOn, rd.parseDate),
		Persons:    value(c, fPersons, rd.parsePersons),
	}
	return row, c.err
}

func (rd *Reader) eventRow(line int, rec []string) (EventRow, *RowError) {
	c := &rowCheck{line: line, rec: rec, layout: &rd.layout}
	row := EventRow{
		Line:       line,
		UnifiedNo:  value(c, fUnifiedNo, parseUnifiedNo),
		Event:      value(c, fEvent, parseEvent),
		OccurredOn: value(c, fOccurredOn, rd.parseDate),
		Persons:    value(c, fPersons, rd.parsePersons),
	}
	return row, c.err
}

func (rd *Reader) parseDate(s string) (domain.Date, *problem) {
	return parseDate(s, rd.cellNums, rd.date1904)
}

func (rd *Reader) parsePersons(s string) (int, *problem) {
	return parsePersons(s, rd.cellNums)
}

// Line returns the line of the row Next returned last, good or bad; after
// Open, the header's.
func (rd *Reader) Line() int { return rd.line }

// BytesRead reports progress through the file, to set against its size.
// For CSV it counts the bytes taken from the source, which run up to
// 64 KiB ahead of the rows returned. An XLSX workbook is unpacked whole
// when opened, so its figure is an estimate: the file's size scaled by the
// rows read over the rows the sheet's dimension declares; a sheet that
// declares none (excelize writes "A1") shows 0 until the end. Either way
// it is the size once Next has returned io.EOF.
func (rd *Reader) BytesRead() int64 { return rd.src.bytesRead() }

// Encoding returns the encoding of a CSV file (EncodingUTF8 for XLSX). It
// is decided at the first byte beyond ASCII; until then it is EncodingUTF8.
func (rd *Reader) Encoding() Encoding { return rd.src.encoding() }

// Format returns the format the Reader reads.
func (rd *Reader) Format() Format { return rd.format }

// Kind returns the kind of rows the Reader returns.
func (rd *Reader) Kind() Kind { return rd.kind }

// Close releases the temporary files of an XLSX workbook; for CSV it does
// nothing. It does not close the underlying io.ReaderAt.
func (rd *Reader) Close() error { return rd.src.close() }

func blank(rec []string) bool {
	for _, f := range rec {
		if !blankField(f) {
			return false
		}
	}
	return true
}

func blankField(f string) bool {
	for _, r := range f {
		if r != ' ' && r != '\t' && r != '\r' && r != '\n' && r != '\u3000' {
			return false
		}
	}
	return true
}
