// Package exportfile reads and validates the national case system's exports
// (DESIGN.md §5): a file of cases or a file of case events, as CSV (UTF-8
// with or without a byte-order mark, or GB18030) or XLSX (the first sheet).
// It only reads: storing rows, and deduplicating them by key, belong to
// the caller.
//
// Sniff tells the format from the content; Open reads the header, and
// Next each row after it:
//
//	format, err := exportfile.Sniff(f, size, name)
//	rd, err := exportfile.Open(exportfile.KindEvents, format, f, size, opts)
//	defer rd.Close()
//	for {
//		row, err := rd.Next()
//		if err == io.EOF { break }
//		if re, ok := errors.AsType[*exportfile.RowError](err); ok { report(re); continue }
//		if err != nil { return err }
//		batch = append(batch, row.(exportfile.EventRow))
//	}
//
// The reader streams. A CSV file is decoded as it is read, with a 64 KiB
// read-ahead buffer and the current row in memory, so a file of a million
// rows costs no more memory than one of ten. ASCII reads alike in UTF-8
// and GB18030, so the encoding is decided at the first byte beyond ASCII,
// on the 64 KiB that begin there. An XLSX file is read with this
// package's own bounded ZIP and XML readers, not excelize (which holds
// the shared strings whole): the first sheet streams out of the archive
// row by row, and the shared strings it names are read first, into
// memory up to 8 MiB and a temporary file beyond. Every size is bounded
// while it streams, never trusting what the archive declares: the
// archive's directory, what each part unpacks to, each XML token, each
// cell, row and field count, and the number and total size of the shared
// strings (see Options); past a bound the file fails with a file-level
// error. A cell with a control character other than tab, line feed or
// carriage return is a bad row.
//
// Bad rows do not stop the reader. Next returns each as a *RowError that
// names the row's line, the column at fault and why, in English and
// Chinese, with every other problem of the row; the caller reports it and
// calls Next again. Any other error is fatal and sticky; file-level ones
// (missing columns, too many rows, a line too long, an unreadable file)
// are *domain.Error values matching this package's Err sentinels.
//
// Line numbers are those a user finds in the file. For CSV they are
// physical lines, as a text editor numbers them: the header is line 1, an
// empty line still counts, and a row whose quoted fields hold line breaks
// is reported at the line where it starts, the next row then starting
// after its last line. For XLSX they are the spreadsheet's row numbers.
package exportfile
