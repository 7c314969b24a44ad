package exportfile

import (
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"path"
	"strings"
)

// A ZIP archive is read here rather than with archive/zip, whose reader
// takes every directory record it finds, however many, into memory: a
// file of a few megabytes can declare millions. This reader refuses an
// archive whose directory exceeds maxZipEntries or maxZipDirBytes, reads
// each entry through flate with a limit counted on what comes out (never
// trusting the sizes the archive declares), and checks each entry's CRC.

const (
	maxZipEntries  = 10_000
	maxZipDirBytes = 4 << 20
	eocdLen        = 22
	dirHeaderLen   = 46
	localHeaderLen = 30
)

var (
	errZipFormat = errors.New("not a valid ZIP archive")
	// errZipLimit is wrapped by a read past an entry's limit.
	errZipLimit = errors.New("unpacks beyond the limit")
)

// zipEntry is one file of an archive, as its directory describes it.
type zipEntry struct {
	name       string // as stored
	method     uint16
	flags      uint16
	crc        uint32
	packed     uint64
	size       uint64 // declared; reads stop with an error beyond it
	headerOffs uint64
}

// zipArchive is the directory of an archive.
type zipArchive struct {
	r       io.ReaderAt
	size    int64
	entries []zipEntry
}

// readZip reads the directory of the archive in the size bytes of r.
func readZip(r io.ReaderAt, size int64) (*zipArchive, error) {
	tail := make([]byte, min(size, eocdLen+0xFFFF))
	if err := readAtFull(r, tail, size-int64(len(tail)), "end of directory"); err != nil {
		return nil, err
	}
	end := -1
	for i := len(tail) - eocdLen; i >= 0; i-- {
		if string(tail[i:i+4]) == "PK\x05\x06" && i+eocdLen+int(le16(tail[i+20:])) <= len(tail) {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, fmt.Errorf("%w: no end of directory", errZipFormat)
	}
	endPos := size - int64(len(tail)) + int64(end)
	e := tail[end:]
	records, dirSize, dirOffs := uint64(le16(e[10:])), uint64(le32(e[12:])), uint64(le32(e[16:]))
	if records == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffs == 0xFFFFFFFF {
		var err error
		if records, dirSize, dirOffs, endPos, err = readZip64End(r, endPos); err != nil {
			return nil, err
		}
	}
	switch {
	case records > maxZipEntries || dirSize > maxZipDirBytes:
		return nil, fmt.Errorf("%w: %d entries in a directory of %d bytes", errZipLimit, records, dirSize)
	case dirOffs > uint64(endPos) || dirSize > uint64(endPos)-dirOffs:
		return nil, fmt.Errorf("%w: directory out of bounds", errZipFormat)
	}
	dir := make([]byte, dirSize)
	if err := readAtFull(r, dir, int64(dirOffs), "directory"); err != nil {
		return nil, err
	}
	a := &zipArchive{r: r, size: size, entries: make([]zipEntry, 0, records)}
	for range records {
		var ent zipEntry
		var err error
		if ent, dir, err = parseDirHeader(dir); err != nil {
			return nil, err
		}
		a.entries = append(a.entries, ent)
	}
	return a, nil
}

func readZip64End(r io.ReaderAt, endPos int64) (records, dirSize, dirOffs uint64, pos int64, err error) {
	loc := make([]byte, 20)
	if endPos < 20 {
		return 0, 0, 0, 0, fmt.Errorf("%w: no ZIP64 locator", errZipFormat)
	}
	if err := readAtFull(r, loc, endPos-20, "ZIP64 locator"); err != nil {
		return 0, 0, 0, 0, err
	}
	if string(loc[:4]) != "PK\x06\x07" {
		return 0, 0, 0, 0, fmt.Errorf("%w: no ZIP64 locator", errZipFormat)
	}
	offs := le64(loc[8:])
	rec := make([]byte, 56)
	if offs > uint64(endPos-20) {
		return 0, 0, 0, 0, fmt.Errorf("%w: ZIP64 end out of bounds", errZipFormat)
	}
	if err := readAtFull(r, rec, int64(offs), "ZIP64 end of directory"); err != nil {
		return 0, 0, 0, 0, err
	}
	if string(rec[:4]) != "PK\x06\x06" {
		return 0, 0, 0, 0, fmt.Errorf("%w: no ZIP64 end of directory", errZipFormat)
	}
	return le64(rec[32:]), le64(rec[40:]), le64(rec[48:]), int64(offs), nil
}

// parseDirHeader parses the directory record at the start of b and returns
// the rest.
func parseDirHeader(b []byte) (zipEntry, []byte, error) {
	if len(b) < dirHeaderLen || string(b[:4]) != "PK\x01\x02" {
		return zipEntry{}, nil, fmt.Errorf("%w: bad directory record", errZipFormat)
	}
	nameLen, extraLen, commentLen := int(le16(b[28:])), int(le16(b[30:])), int(le16(b[32:]))
	total := dirHeaderLen + nameLen + extraLen + commentLen
	if len(b) < total {
		return zipEntry{}, nil, fmt.Errorf("%w: truncated directory record", errZipFormat)
	}
	ent := zipEntry{flags: le16(b[8:]), method: le16(b[10:]), crc: le32(b[16:]), packed: uint64(le32(b[20:])),
		size: uint64(le32(b[24:])), headerOffs: uint64(le32(b[42:])), name: string(b[dirHeaderLen : dirHeaderLen+nameLen])}
	extra := b[dirHeaderLen+nameLen : dirHeaderLen+nameLen+extraLen]
	for len(extra) >= 4 {
		id, n := le16(extra), int(le16(extra[2:]))
		if len(extra) < 4+n {
			break
		}
		if id == 0x0001 { // ZIP64: the fields that overflowed, in this order
			f := extra[4 : 4+n]
			for _, v := range []*uint64{&ent.size, &ent.packed, &ent.headerOffs} {
				if *v == 0xFFFFFFFF && len(f) >= 8 {
					*v, f = le64(f), f[8:]
				}
			}
		}
		extra = extra[4+n:]
	}
	return ent, b[total:], nil
}

// find returns the entry named name (a path without a leading slash),
// matching as Excel does: in any case, with either slash.
func (a *zipArchive) find(name string) (zipEntry, bool) {
	for _, e := range a.entries {
		if zipName(e.name) == strings.ToLower(name) {
			return e, true
		}
	}
	return zipEntry{}, false
}

func zipName(name string) string {
	return strings.ToLower(strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(name, `\`, "/")), "/"))
}

// open returns a reader of what e unpacks to. Reading more than limit
// bytes fails with an error wrapping errZipLimit; reading more than e
// declares, or content that fails its CRC, with one wrapping errZipFormat.
func (a *zipArchive) open(e zipEntry, limit int64) (*entryReader, error) {
	switch {
	case e.flags&1 != 0:
		return nil, fmt.Errorf("%w: %q is encrypted", errZipFormat, e.name)
	case e.method != 0 && e.method != 8:
		return nil, fmt.Errorf("%w: %q uses compression method %d", errZipFormat, e.name, e.method)
	case e.headerOffs > uint64(a.size):
		return nil, fmt.Errorf("%w: %q out of bounds", errZipFormat, e.name)
	}
	var h [localHeaderLen]byte
	if err := readAtFull(a.r, h[:], int64(e.headerOffs), "a local header"); err != nil {
		return nil, err
	}
	if string(h[:4]) != "PK\x03\x04" {
		return nil, fmt.Errorf("%w: no local header for %q", errZipFormat, e.name)
	}
	start := e.headerOffs + localHeaderLen + uint64(le16(h[26:])) + uint64(le16(h[28:]))
	if start > uint64(a.size) || e.packed > uint64(a.size)-start {
		return nil, fmt.Errorf("%w: %q out of bounds", errZipFormat, e.name)
	}
	er := &entryReader{e: e, limit: limit, crc: crc32.NewIEEE(),
		packed: &countingReader{r: io.NewSectionReader(a.r, int64(start), int64(e.packed))}}
	er.body = io.NopCloser(er.packed)
	if e.method == 8 {
		er.body = flate.NewReader(er.packed)
	}
	return er, nil
}

// entryReader reads an entry with its checks.
type entryReader struct {
	body   io.ReadCloser
	packed *countingReader // the compressed bytes consumed
	e      zipEntry
	limit  int64
	n      int64
	crc    hash.Hash32
	err    error
}

func (r *entryReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if room := r.limit - r.n + 1; int64(len(p)) > room {
		p = p[:room] // one byte over the limit shows it is passed
	}
	n, err := r.body.Read(p)
	r.n += int64(n)
	r.crc.Write(p[:n])
	var corrupt flate.CorruptInputError
	switch {
	case r.n > r.limit:
		r.err = fmt.Errorf("%q %w of %d bytes", r.e.name, errZipLimit, r.limit)
	case uint64(r.n) > r.e.size:
		r.err = fmt.Errorf("%w: %q unpacks to more than the %d bytes it declares", errZipFormat, r.e.name, r.e.size)
	case err == io.EOF && (uint64(r.n) != r.e.size || r.crc.Sum32() != r.e.crc):
		r.err = fmt.Errorf("%w: %q is damaged (size or checksum)", errZipFormat, r.e.name)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &corrupt):
		r.err = fmt.Errorf("%w: %q: %v", errZipFormat, r.e.name, err)
	case err == nil || err == io.EOF:
		r.err = err
	default:
		r.err = &sourceError{err} // of the underlying file
	}
	return n, r.err
}

// Close releases the decompressor. flate's Close only repeats the error a
// read already returned, which Close does not report again.
func (r *entryReader) Close() error {
	_ = r.body.Close()
	return nil
}

// readAtFull fills buf from off: a short read is a damaged archive, any
// other error one of the underlying file.
func readAtFull(r io.ReaderAt, buf []byte, off int64, what string) error {
	n, err := r.ReadAt(buf, off)
	switch {
	case n == len(buf):
		return nil
	case err == nil || err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %s cut short", errZipFormat, what)
	}
	return &sourceError{err}
}

// sourceError is an error reading the file (say, from the database that
// holds it) or a temporary file, as opposed to one of its content: the
// import can be tried again.
type sourceError struct{ err error }

func (e *sourceError) Error() string { return e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }
