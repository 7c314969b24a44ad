package exportfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format is a file format.
type Format int

// The formats.
const (
	FormatCSV Format = iota + 1
	FormatXLSX
)

func (f Format) String() string {
	switch f {
	case FormatCSV:
		return "csv"
	case FormatXLSX:
		return "xlsx"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Encoding is the character encoding of a CSV file.
type Encoding int

// The encodings. An XLSX workbook is always EncodingUTF8.
const (
	EncodingUTF8 Encoding = iota + 1
	EncodingGB18030
)

func (e Encoding) String() string {
	switch e {
	case EncodingUTF8:
		return "utf-8"
	case EncodingGB18030:
		return "gb18030"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// sniffLen is how much of a file decides its encoding, and how much Sniff
// looks at for signs of a binary file.
const sniffLen = 64 << 10

var (
	zipMagic  = []byte("PK\x03\x04")
	zipEmpty  = []byte("PK\x05\x06")
	oleMagic  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM   = []byte{0xEF, 0xBB, 0xBF}
	utf16LE   = []byte{0xFF, 0xFE}
	utf16BE   = []byte{0xFE, 0xFF}
	markupish = []string{"<!doctype", "<html", "<?xml", "<table"}
)

// Sniff tells an XLSX workbook (a ZIP archive with xl/ entries) from CSV
// text by the content of the size bytes of r. The name of the uploaded
// file only sharpens the error messages: content decides. Files that are
// neither, such as legacy .xls workbooks, UTF-16 text or HTML tables
// saved as .xls, are refused with an error that says what to do; it
// matches ErrUnsupportedFile.
func Sniff(r io.ReaderAt, size int64, filename string) (Format, error) {
	if size == 0 {
		return 0, ErrEmptyFile
	}
	head := make([]byte, min(size, sniffLen))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return 0, fmt.Errorf("sniff: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, zipEmpty):
		zr, err := readZip(r, size)
		switch {
		case errors.Is(err, errZipLimit):
			return 0, xlsxError(err, Options{}.withDefaults())
		case errors.Is(err, errZipFormat):
			return 0, unsupported("The file looks like a ZIP archive or XLSX workbook but is damaged or incomplete; upload it again.",
				"文件看似 ZIP 压缩包或 XLSX 工作簿，但已损坏或不完整，请重新上传。")
		case err != nil:
			return 0, fmt.Errorf("sniff: %w", err)
		}
		for _, f := range zr.entries {
			if strings.HasPrefix(zipName(f.name), "xl/") {
				return FormatXLSX, nil
			}
		}
		return 0, unsupported("The file is a ZIP archive but not an XLSX workbook.", "文件是 ZIP 压缩包，不是 XLSX 工作簿。")
	case bytes.HasPrefix(head, oleMagic):
		if strings.EqualFold(filepath.Ext(filename), ".xls") {
			return 0, unsupported("Excel 97–2003 workbooks (.xls) are not supported; save the file as .xlsx or CSV.",
				"不支持 Excel 97–2003 工作簿（.xls），请另存为 .xlsx 或 CSV 文件。")
		}
		return 0, unsupported("The file is an Excel 97–2003 (.xls) or a password-protected workbook; save it as .xlsx without a password, or as CSV.",
			"文件是 Excel 97–2003（.xls）工作簿或带密码的工作簿，请另存为无密码的 .xlsx 或 CSV 文件。")
	case bytes.HasPrefix(head, utf16LE) || bytes.HasPrefix(head, utf16BE):
		return 0, unsupported("The file is UTF-16 text (Excel's “Unicode text”); save it as “CSV UTF-8”.",
			"文件是 UTF-16 文本（Excel 的“Unicode 文本”），请另存为“CSV UTF-8”。")
	case bytes.IndexByte(head, 0) >= 0:
		return 0, unsupported(fmt.Sprintf("%s is a binary file, not CSV text.", displayName(filename)),
			fmt.Sprintf("%s是二进制文件，不是 CSV 文本。", displayName(filename)))
	}
	start := strings.ToLower(string(bytes.TrimSpace(bytes.TrimPrefix(head[:min(len(head), 512)], utf8BOM))))
	for _, m := range markupish {
		if strings.HasPrefix(start, m) {
			return 0, unsupported("The file is a web page (HTML or XML), as some systems save tables under an .xls name; open it in Excel and save it as .xlsx.",
				"文件是网页（HTML 或 XML）格式，部分系统导出的 .xls 实为网页；请用 Excel 打开后另存为 .xlsx。")
		}
	}
	return FormatCSV, nil
}

func displayName(filename string) string {
	if filename == "" {
		return "The file"
	}
	return fmt.Sprintf("%q", filepath.Base(filename))
}

func unsupported(en, zh string) error {
	return fileError(ErrUnsupportedFile, en, zh)
}

// detectEncoding decides a CSV file's encoding from its first bytes: a
// UTF-8 byte-order mark, or text that is valid UTF-8, means UTF-8; anything
// else is GB18030, which takes in GBK and GB2312. Unless atEOF, prefix may
// end inside a multi-byte character, which is not held against UTF-8. It
// returns the length of the byte-order mark to skip.
func detectEncoding(prefix []byte, atEOF bool) (Encoding, int) {
	if bytes.HasPrefix(prefix, utf8BOM) {
		return EncodingUTF8, len(utf8BOM)
	}
	if !atEOF {
		// Drop a character cut at the end: at most 3 bytes of one.
		for i := len(prefix) - 1; i >= 0 && i >= len(prefix)-utf8.UTFMax+1; i-- {
			if utf8.RuneStart(prefix[i]) {
				if !utf8.FullRune(prefix[i:]) {
					prefix = prefix[:i]
				}
				break
			}
		}
	}
	if utf8.Valid(prefix) {
		return EncodingUTF8, 0
	}
	return EncodingGB18030, 0
}
