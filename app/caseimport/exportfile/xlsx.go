package exportfile

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"procura/domain"
)

const (
	// maxSheetRows is Excel's own limit.
	maxSheetRows = 1 << 20
	// partLimit bounds what a part other than the sheet and its shared
	// strings (relationships, the workbook) may unpack to.
	partLimit = 16 << 20
)

// xlsxSource reads the first sheet of a workbook, row by row, with raw
// cell values: a date cell yields its serial number and a number its
// digits as stored, not as a number format would show them. It streams
// the sheet's XML out of the archive; the shared strings, which cells
// name by index, are read first into a stringTable. Every size is
// bounded as it is read (see Options).
type xlsxSource struct {
	zip      *zipArchive
	sst      *stringTable
	sheet    *entryReader
	xs       *xmlStream
	opts     Options
	unzipped int64 // by the parts read before the sheet
	row      int   // spreadsheet row number of the last row read
	cells    []string
	buf      []byte
	size     int64
	done     bool
	closed   bool
	date1904 bool
}

func openXLSX(r io.ReaderAt, size int64, opts Options) (*xlsxSource, error) {
	if size > opts.MaxXLSXBytes {
		return nil, tooLarge(opts.MaxXLSXBytes)
	}
	a, err := readZip(r, size)
	if err != nil {
		return nil, xlsxError(err, opts)
	}
	s := &xlsxSource{zip: a, size: size, opts: opts}
	if err := s.start(); err != nil {
		_ = s.close()
		return nil, xlsxError(err, opts)
	}
	return s, nil
}

func (s *xlsxSource) start() error {
	workbook := "xl/workbook.xml"
	rels, err := s.relationships("_rels/.rels")
	if err != nil {
		return err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.kind, "/officeDocument") {
			workbook = r.target
		}
	}
	sheetID, err := s.readWorkbook(workbook)
	if err != nil {
		return err
	}
	dir, base := path.Split(workbook)
	if rels, err = s.relationships(dir + "_rels/" + base + ".rels"); err != nil {
		return err
	}
	var sheetPath, sstPath string
	for _, r := range rels {
		switch {
		case r.id == sheetID:
			sheetPath = resolve(dir, r.target)
		case strings.HasSuffix(r.kind, "/sharedStrings"):
			sstPath = resolve(dir, r.target)
		}
	}
	if sheetPath == "" {
		return fmt.Errorf("%w: the first sheet is missing", errZipFormat)
	}
	s.sst = newStringTable(s.opts.MaxSharedStrings, s.opts.MaxSharedBytes, s.opts.TempDir)
	if sstPath == "" {
		sstPath = dir + "sharedStrings.xml"
	}
	if e, ok := s.zip.find(sstPath); ok {
		err := s.readPart(e, s.opts.MaxUnzippedBytes, func(xs *xmlStream) error {
			return readSharedStrings(xs, s.sst, s.opts.MaxLineBytes)
		})
		if err != nil {
			return err
		}
	}
	e, ok := s.zip.find(sheetPath)
	if !ok {
		return fmt.Errorf("%w: %q is missing", errZipFormat, sheetPath)
	}
	if s.sheet, err = s.zip.open(e, s.opts.MaxUnzippedBytes-s.unzipped); err != nil {
		return err
	}
	s.xs = newXMLStream(s.sheet, s.tokenLimit())
	return s.toSheetData()
}

func (s *xlsxSource) tokenLimit() int64 { return 8*int64(s.opts.MaxLineBytes) + 4096 }

// readPart reads the XML of entry e, unpacking at most limit bytes.
func (s *xlsxSource) readPart(e zipEntry, limit int64, read func(*xmlStream) error) error {
	er, err := s.zip.open(e, min(limit, s.opts.MaxUnzippedBytes-s.unzipped))
	if err != nil {
		return err
	}
	defer er.Close()
	err = read(newXMLStream(er, s.tokenLimit()))
	s.unzipped += er.n
	return err
}

type relationship struct{ id, kind, target string }

// relationships reads a .rels part; an absent one has none.
func (s *xlsxSource) relationships(name string) ([]relationship, error) {
	e, ok := s.zip.find(name)
	if !ok {
		return nil, nil
	}
	var out []relationship
	err := s.readPart(e, partLimit, func(xs *xmlStream) error {
		return xs.eachStart(func(el xml.StartElement) error {
			if el.Name.Local == "Relationship" && len(out) < maxZipEntries {
				out = append(out, relationship{attr(el, "Id"), attr(el, "Type"), attr(el, "Target")})
			}
			return nil
		})
	})
	return out, err
}

// readWorkbook reads the date system and the relationship id of the first
// sheet.
func (s *xlsxSource) readWorkbook(name string) (sheetID string, err error) {
	e, ok := s.zip.find(name)
	if !ok {
		return "", fmt.Errorf("%w: %q is missing", errZipFormat, name)
	}
	err = s.readPart(e, partLimit, func(xs *xmlStream) error {
		return xs.eachStart(func(el xml.StartElement) error {
			switch {
			case el.Name.Local == "workbookPr":
				s.date1904, _ = strconv.ParseBool(strings.TrimSpace(attr(el, "date1904")))
			case el.Name.Local == "sheet" && sheetID == "":
				sheetID = attr(el, "id") // r:id
			}
			return nil
		})
	})
	if err == nil && sheetID == "" {
		err = fmt.Errorf("%w: no sheets", errZipFormat)
	}
	return sheetID, err
}

func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}

// toSheetData reads the sheet up to its rows.
func (s *xlsxSource) toSheetData() error {
	for {
		tok, err := s.xs.token()
		if err == io.EOF {
			s.done = true
			return nil
		}
		if err != nil {
			return err
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "sheetData" {
			return nil
		}
	}
}

// next returns the next row with a cell.
func (s *xlsxSource) next() (int, []string, error) {
	for !s.done {
		tok, err := s.xs.token()
		if err != nil {
			return 0, nil, xlsxError(unexpectedEOF(err), s.opts)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local != "row" {
				if err := s.xs.skip(); err != nil {
					return 0, nil, xlsxError(err, s.opts)
				}
				continue
			}
			if err := s.readRow(el); err != nil {
				return 0, nil, xlsxError(err, s.opts)
			}
			if len(s.cells) > 0 {
				return s.row, s.cells, nil
			}
		case xml.EndElement: // of sheetData: the rest of the sheet is not needed
			s.done = true
		}
	}
	return 0, nil, io.EOF
}

// readRow reads the cells of the row whose start el was just read.
func (s *xlsxSource) readRow(el xml.StartElement) error {
	prev := s.row
	s.row++
	if r := attr(el, "r"); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n <= prev || n > maxSheetRows {
			return fmt.Errorf("%w: row number %q after row %d", errZipFormat, shorten(r), prev)
		}
		s.row = n
	}
	if s.row > maxSheetRows {
		return fmt.Errorf("%w: more than %d rows", errZipFormat, maxSheetRows)
	}
	s.cells = s.cells[:0]
	col, rowBytes := 0, 0
	for depth := s.xs.depth; ; {
		tok, err := s.xs.token()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch c := tok.(type) {
		case xml.EndElement:
			if s.xs.depth < depth {
				return nil
			}
		case xml.StartElement:
			if c.Name.Local != "c" {
				if err := s.xs.skip(); err != nil {
					return err
				}
				continue
			}
			col++
			if ref := attr(c, "r"); ref != "" {
				if col = columnOf(ref); col == 0 {
					return fmt.Errorf("%w: cell reference %q", errZipFormat, shorten(ref))
				}
			}
			if col > s.opts.MaxFields {
				return &rowLimitError{row: s.row, fields: true}
			}
			v, err := s.cellValue(attr(c, "t"))
			if err != nil {
				return err
			}
			if v == "" {
				continue
			}
			if rowBytes += len(v); rowBytes > s.opts.MaxLineBytes {
				return &rowLimitError{row: s.row}
			}
			for len(s.cells) < col {
				s.cells = append(s.cells, "")
			}
			s.cells[col-1] = v
		}
	}
}

// cellValue reads the value of a cell of type typ whose start was just
// read.
func (s *xlsxSource) cellValue(typ string) (string, error) {
	var v []byte
	var inline []byte
	hasInline := false
	for depth := s.xs.depth; ; {
		tok, err := s.xs.token()
		if err != nil {
			return "", unexpectedEOF(err)
		}
		switch el := tok.(type) {
		case xml.EndElement:
			if s.xs.depth >= depth {
				continue
			}
			switch {
			case typ == "s" && len(v) > 0:
				i, err := strconv.Atoi(strings.TrimSpace(string(v)))
				str, ok, gerr := s.sst.get(i)
				if gerr != nil {
					return "", gerr
				}
				if err != nil || !ok {
					return "", fmt.Errorf("%w: row %d names shared string %q, which does not exist", errZipFormat, s.row, shorten(string(v)))
				}
				return str, nil
			case typ == "inlineStr" && hasInline:
				return string(unescapeXstring(inline)), nil
			}
			return string(v), nil
		case xml.StartElement:
			switch el.Name.Local {
			case "v":
				v, err = s.xs.text(s.buf[:0], s.opts.MaxLineBytes)
				s.buf = v
			case "is":
				hasInline = true
				inline, err = readItem(s.xs, nil, s.opts.MaxLineBytes)
			default:
				err = s.xs.skip()
			}
			if err != nil {
				return "", err
			}
		}
	}
}

// columnOf returns the column number of a cell reference ("B3" is 2), or 0
// if it is not one.
func columnOf(ref string) int {
	n, i := 0, 0
	for ; i < len(ref) && i < 4; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		n = n*26 + int(c-'a') + 1
	}
	if i == 0 || i == len(ref) || n > 16384 {
		return 0
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0
		}
	}
	return n
}

// rowLimitError is a row over MaxLineBytes or MaxFields.
type rowLimitError struct {
	row    int
	fields bool
}

func (e *rowLimitError) Error() string { return fmt.Sprintf("row %d is too long", e.row) }

// xlsxError turns what went wrong reading a workbook into a file-level
// error; an error reading the underlying file stays as it is. Whatever
// else the XML decoder refuses (a syntax error, a version or encoding it
// does not support) makes the workbook damaged.
func xlsxError(err error, opts Options) error {
	var rl *rowLimitError
	var src *sourceError
	var de *domain.Error
	switch {
	case err == nil || err == io.EOF:
		return err
	case errors.As(err, &de):
		return err
	case errors.As(err, &src):
		return src.err
	case errors.As(err, &rl) && rl.fields:
		return tooManyFields(rl.row, opts.MaxFields)
	case errors.As(err, &rl):
		return fileError(ErrLineTooLong,
			fmt.Sprintf("Row %d is longer than %d bytes.", rl.row, opts.MaxLineBytes),
			fmt.Sprintf("第 %d 行超过 %d 字节。", rl.row, opts.MaxLineBytes))
	case errors.Is(err, errCellTooLong), errors.Is(err, errXMLToken):
		return fileError(ErrLineTooLong,
			fmt.Sprintf("The workbook holds a cell (or an XML element) longer than %d bytes.", opts.MaxLineBytes),
			fmt.Sprintf("工作簿中有超过 %d 字节的单元格（或 XML 元素）。", opts.MaxLineBytes))
	case errors.Is(err, errTooManyStrings):
		return fileError(ErrFileTooLarge,
			fmt.Sprintf("The workbook holds more than %d distinct texts or %d MiB of them; split it, or export CSV.",
				opts.MaxSharedStrings, opts.MaxSharedBytes>>20),
			fmt.Sprintf("工作簿中的不同文本超过 %d 个或 %d MiB，请拆分或导出为 CSV 文件。", opts.MaxSharedStrings, opts.MaxSharedBytes>>20))
	case errors.Is(err, errZipLimit):
		return fileError(ErrFileTooLarge,
			fmt.Sprintf("The workbook unpacks to more than %d MiB, or has too many parts; split it, or export CSV.", opts.MaxUnzippedBytes>>20),
			fmt.Sprintf("工作簿解压后超过 %d MiB 或部件过多，请拆分或导出为 CSV 文件。", opts.MaxUnzippedBytes>>20))
	}
	return damaged(err)
}

func damaged(err error) error {
	return fileError(ErrUnsupportedFile,
		fmt.Sprintf("The XLSX workbook cannot be read (%v); open it in Excel and save it again.", err),
		fmt.Sprintf("无法读取 XLSX 工作簿（%v），请用 Excel 打开后重新保存。", err))
}

func tooLarge(limit int64) error {
	return fileError(ErrFileTooLarge,
		fmt.Sprintf("The workbook is larger than %d MiB; split it, or export CSV.", limit>>20),
		fmt.Sprintf("工作簿超过 %d MiB，请拆分或导出为 CSV 文件。", limit>>20))
}

func (s *xlsxSource) bytesRead() int64 {
	switch {
	case s.done:
		return s.size
	case s.xs == nil || s.sheet.e.size == 0:
		return 0
	}
	return min(s.size, int64(float64(s.size)*float64(s.xs.in.n)/float64(s.sheet.e.size)))
}

func (s *xlsxSource) encoding() Encoding { return EncodingUTF8 }

func (s *xlsxSource) close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var err error
	if s.sheet != nil {
		err = s.sheet.Close()
	}
	if s.sst != nil {
		if cerr := s.sst.close(); err == nil {
			err = cerr
		}
	}
	return err
}
