// Package importer reads and validates the national case system's exports
// (DESIGN.md §5): a file of cases or a file of case events, as CSV (UTF-8
// with or without a byte-order mark, or GB18030) or XLSX (the first sheet).
// It only reads: storing rows, and deduplicating them by key, belong to
// the caller.
//
// The reader streams. A CSV file is decoded as it is read, with only a
// 64 KiB read-ahead buffer and the current row in memory, so a file of a
// million rows costs no more than one of ten. An XLSX file is a ZIP
// archive that needs random access: excelize's exported API holds the
// compressed archive in memory (Options.MaxXLSXBytes bounds it) and
// unpacks a large worksheet into a temporary file that it then streams.
//
// Bad rows do not stop the reader. Next returns each as a *RowError that
// names the row's line, the column at fault and why, in English and
// Chinese; the caller reports it and calls Next again. Any other error is
// fatal and sticky.
//
// Line numbers are those a user can find in the file. For CSV they are
// physical lines, as a text editor numbers them: the header is line 1, an
// empty line still counts, and a row whose quoted field holds a line break
// is reported at the line where it starts, the next row then starting
// after its last line. For XLSX they are the spreadsheet's row numbers.
package importer
