package importer

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxSource reads the first sheet of a workbook, row by row, with raw
// cell values: a date cell yields its serial number and a number its
// digits as stored, not as a number format would show them.
type xlsxSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	row      int // spreadsheet row number of the last row read
	lastRow  int // as the sheet's dimension declares it; 0 if unknown
	size     int64
	done     bool
	closed   bool
	date1904 bool
}

func openXLSX(r io.ReaderAt, size int64, opts Options) (*xlsxSource, error) {
	if size > opts.MaxXLSXBytes {
		return nil, tooLarge(opts.MaxXLSXBytes)
	}
	// Check what the archive unpacks to before excelize unpacks it.
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, damaged(err)
	}
	var unzipped uint64
	for _, f := range zr.File {
		unzipped += f.UncompressedSize64
	}
	if unzipped > uint64(opts.MaxUnzippedBytes) {
		return nil, tooLarge(opts.MaxUnzippedBytes)
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: opts.MaxUnzippedBytes, TmpDir: opts.TempDir})
	if err != nil {
		return nil, damaged(err)
	}
	s := &xlsxSource{f: f, size: size}
	if err := s.start(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return s, nil
}

func (s *xlsxSource) start() error {
	sheets := s.f.GetSheetList()
	if len(sheets) == 0 {
		return damaged(fmt.Errorf("no sheets"))
	}
	props, err := s.f.GetWorkbookProps()
	if err != nil {
		return damaged(err)
	}
	s.date1904 = props.Date1904 != nil && *props.Date1904
	// The dimension ("A1:H5000") only serves progress; writers may omit it.
	if dim, err := s.f.GetSheetDimension(sheets[0]); err == nil {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			_, s.lastRow, _ = excelize.CellNameToCoordinates(last)
		}
	}
	if s.rows, err = s.f.Rows(sheets[0]); err != nil {
		return damaged(err)
	}
	return nil
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

// next returns the next row with a cell. excelize's Next stops at every
// row number, also at rows absent from the sheet, so counting its calls
// gives the row number.
func (s *xlsxSource) next() (int, []string, error) {
	for s.rows.Next() {
		s.row++
		cells, err := s.rows.Columns()
		if err != nil {
			return 0, nil, fmt.Errorf("read xlsx row %d: %w", s.row, err)
		}
		if len(cells) > 0 {
			return s.row, cells, nil
		}
	}
	if err := s.rows.Error(); err != nil {
		return 0, nil, fmt.Errorf("read xlsx after row %d: %w", s.row, err)
	}
	s.done = true
	return 0, nil, io.EOF
}

func (s *xlsxSource) bytesRead() int64 {
	switch {
	case s.done:
		return s.size
	case s.lastRow > 0:
		return min(s.size, s.size*int64(s.row)/int64(s.lastRow))
	}
	return 0
}

func (s *xlsxSource) encoding() Encoding { return EncodingUTF8 }

func (s *xlsxSource) close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.rows.Close()
	if ferr := s.f.Close(); err == nil {
		err = ferr
	}
	return err
}
