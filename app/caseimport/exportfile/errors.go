package exportfile

import (
	"fmt"
	"strings"

	"procura/domain"
)

// File-level errors, fatal to the import. Each error returned matches one
// of these with errors.Is; its messages name the particulars (the missing
// columns, the line, the limit).
var (
	// ErrUnsupportedFile: neither CSV text nor an XLSX workbook.
	ErrUnsupportedFile = &domain.Error{Kind: domain.KindMalformed, Code: "unsupported_file",
		Message:   "The file is neither a CSV text file nor an XLSX workbook.",
		MessageZh: "文件既不是 CSV 文本文件，也不是 XLSX 工作簿。"}
	// ErrEmptyFile: no header row.
	ErrEmptyFile = &domain.Error{Kind: domain.KindInvalid, Code: "empty_file",
		Message: "The file is empty: it has no header row.", MessageZh: "文件为空，没有表头行。"}
	// ErrMissingColumns: the header lacks required columns; Details["columns"]
	// lists their keys.
	ErrMissingColumns = &domain.Error{Kind: domain.KindInvalid, Code: "missing_columns",
		Message: "Required columns are missing.", MessageZh: "缺少必需的列。"}
	// ErrDuplicateColumn: two header cells name the same column.
	ErrDuplicateColumn = &domain.Error{Kind: domain.KindInvalid, Code: "duplicate_column",
		Message: "A column appears twice in the header.", MessageZh: "表头中有重复的列。"}
	// ErrMalformedHeader: the header row itself cannot be parsed.
	ErrMalformedHeader = &domain.Error{Kind: domain.KindMalformed, Code: "malformed_header",
		Message: "The header row cannot be read.", MessageZh: "无法读取表头行。"}
	// ErrTooManyRows: more data rows than Options.MaxRows.
	ErrTooManyRows = &domain.Error{Kind: domain.KindTooLarge, Code: "too_many_rows",
		Message: "The file has too many rows.", MessageZh: "文件行数过多。"}
	// ErrLineTooLong: a row longer than Options.MaxLineBytes, or an
	// unclosed quote running on through the file.
	ErrLineTooLong = &domain.Error{Kind: domain.KindTooLarge, Code: "line_too_long",
		Message: "A row of the file is too long.", MessageZh: "文件中有过长的行。"}
	// ErrTooManyFields: a row with more fields or columns than
	// Options.MaxFields.
	ErrTooManyFields = &domain.Error{Kind: domain.KindTooLarge, Code: "too_many_fields",
		Message: "A row of the file has too many fields.", MessageZh: "文件中有字段过多的行。"}
	// ErrFileTooLarge: an XLSX file over Options.MaxXLSXBytes, or one that
	// unpacks to more than Options.MaxUnzippedBytes, or has more shared
	// strings than Options.MaxSharedStrings and MaxSharedBytes allow.
	ErrFileTooLarge = &domain.Error{Kind: domain.KindTooLarge, Code: "file_too_large",
		Message: "The workbook is too large.", MessageZh: "工作簿过大。"}
)

// fileError copies sentinel with particular messages, so that errors.Is
// still matches it.
func fileError(sentinel *domain.Error, en, zh string) *domain.Error {
	e := *sentinel
	e.Message, e.MessageZh = en, zh
	return &e
}

func tooManyFields(line, limit int) error {
	return fileError(ErrTooManyFields,
		fmt.Sprintf("Line %d has more than %d fields.", line, limit),
		fmt.Sprintf("第 %d 行的字段超过 %d 个。", line, limit))
}

// RowError is a bad row. Next returns it as its error and stays usable:
// the caller reports the row and reads on.
type RowError struct {
	Line int // the row's line (CSV: first physical line; XLSX: row number)
	// Field is the column's key ("received_on"), or "" when the whole row
	// is at fault (bad quoting, wrong number of fields, bad encoding).
	Field     string
	Code      string // machine-readable: "required", "format", "range", "unknown", …
	Message   string
	MessageZh string
	// More lists further problems of the same row, in column order, so that
	// one pass reports everything there is to fix.
	More []domain.FieldError
}

func (e *RowError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d: ", e.Line)
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Message)
	for _, f := range e.More {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	return b.String()
}

// Problems returns every problem of the row, the first one included.
func (e *RowError) Problems() []domain.FieldError {
	return append([]domain.FieldError{domain.Field(e.Field, e.Code, e.Message, e.MessageZh)}, e.More...)
}

// problem is why one value is bad.
type problem struct {
	code, en, zh string
}

// rowCheck parses the values of one row and collects their problems.
type rowCheck struct {
	line   int
	rec    []string
	layout *layout
	err    *RowError
}

func (c *rowCheck) add(f field, p *problem) {
	key := fields[f].key
	if c.err == nil {
		c.err = &RowError{Line: c.line, Field: key, Code: p.code, Message: p.en, MessageZh: p.zh}
		return
	}
	c.err.More = append(c.err.More, domain.Field(key, p.code, p.en, p.zh))
}

// value parses the cell of f with parse, recording any problem.
func value[T any](c *rowCheck, f field, parse func(string) (T, *problem)) T {
	v, p := parse(c.layout.cell(c.rec, f))
	if p != nil {
		c.add(f, p)
	}
	return v
}

func rowError(line int, code, en, zh string) *RowError {
	return &RowError{Line: line, Code: code, Message: en, MessageZh: zh}
}
