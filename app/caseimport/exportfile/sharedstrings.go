package exportfile

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strconv"
	"unicode/utf8"
)

const (
	// sharedInMemory is how much shared-string text stays in memory; the
	// table moves to a temporary file beyond it.
	sharedInMemory = 8 << 20
	// cachedLen bounds the strings kept in the lookup cache of a table on
	// disk; cacheSlots is its size.
	cachedLen  = 256
	cacheSlots = 1024
)

var errTooManyStrings = errors.New("too many shared strings")

// stringTable is a workbook's shared strings, which cells name by index.
// Their text is held in memory up to sharedInMemory bytes and in a
// temporary file beyond, so a workbook of a million distinct numbers
// costs four bytes a string in memory.
type stringTable struct {
	ends     []uint32 // ends[i] is where string i ends in the text
	mem      []byte   // the text, while in memory
	file     *os.File // the text, once moved to disk
	size     int64
	maxBytes int64
	maxCount int
	tempDir  string
	cache    []cached // once on disk
}

type cached struct {
	idx int
	s   string
}

func newStringTable(maxCount int, maxBytes int64, tempDir string) *stringTable {
	return &stringTable{maxCount: maxCount, maxBytes: maxBytes, tempDir: tempDir}
}

func (t *stringTable) add(s []byte) error {
	switch {
	case len(t.ends) >= t.maxCount:
		return errTooManyStrings
	case t.size+int64(len(s)) > t.maxBytes:
		return errTooManyStrings
	}
	if t.file == nil && len(t.mem)+len(s) > sharedInMemory {
		f, err := os.CreateTemp(t.tempDir, "procura-sst-*")
		if err != nil {
			return &sourceError{fmt.Errorf("shared strings: %w", err)}
		}
		_ = os.Remove(f.Name()) // unlinked: gone when closed, or if the process dies
		if _, err := f.Write(t.mem); err != nil {
			f.Close()
			return &sourceError{fmt.Errorf("shared strings: %w", err)}
		}
		t.file, t.mem = f, nil
		t.cache = make([]cached, cacheSlots)
		for i := range t.cache {
			t.cache[i].idx = -1
		}
	}
	if t.file != nil {
		if _, err := t.file.WriteAt(s, t.size); err != nil {
			return &sourceError{fmt.Errorf("shared strings: %w", err)}
		}
	} else {
		t.mem = append(t.mem, s...)
	}
	t.size += int64(len(s))
	t.ends = append(t.ends, uint32(t.size))
	return nil
}

// get returns string i; ok is false when there is none.
func (t *stringTable) get(i int) (string, bool, error) {
	if i < 0 || i >= len(t.ends) {
		return "", false, nil
	}
	start, end := uint32(0), t.ends[i]
	if i > 0 {
		start = t.ends[i-1]
	}
	if t.file == nil {
		return string(t.mem[start:end]), true, nil
	}
	slot := &t.cache[i%cacheSlots]
	if slot.idx == i {
		return slot.s, true, nil
	}
	buf := make([]byte, end-start)
	if _, err := t.file.ReadAt(buf, int64(start)); err != nil {
		return "", false, &sourceError{fmt.Errorf("shared strings: %w", err)}
	}
	s := string(buf)
	if len(s) <= cachedLen {
		slot.idx, slot.s = i, s
	}
	return s, true, nil
}

func (t *stringTable) close() error {
	if t.file == nil {
		return nil
	}
	err := t.file.Close()
	t.file = nil
	return err
}

// readSharedStrings reads the <si> items of a sharedStrings part into t.
// An item's text is its <t>, or the <t> of its runs (<r>), not the
// phonetic guide (<rPh>); each item is bounded by maxLen.
func readSharedStrings(s *xmlStream, t *stringTable, maxLen int) error {
	var buf []byte
	return s.eachStart(func(el xml.StartElement) error {
		if el.Name.Local != "si" {
			return nil
		}
		var err error
		if buf, err = readItem(s, buf[:0], maxLen); err != nil {
			return err
		}
		return t.add(unescapeXstring(buf))
	})
}

// readItem reads the text of a string item (<si> or <is>) whose start was
// just read.
func readItem(s *xmlStream, buf []byte, maxLen int) ([]byte, error) {
	for depth := s.depth; ; {
		tok, err := s.token()
		if err != nil {
			return buf, unexpectedEOF(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "t":
				if buf, err = s.text(buf, maxLen); err != nil {
					return buf, err
				}
			case "rPh", "rPr":
				if err := s.skip(); err != nil {
					return buf, err
				}
			}
		case xml.EndElement:
			if s.depth < depth {
				return buf, nil
			}
		}
	}
}

// unescapeXstring undoes the _xHHHH_ escapes of OOXML strings, by which
// Excel writes characters that XML cannot hold (control characters); an
// escaped underscore is _x005F_.
func unescapeXstring(b []byte) []byte {
	var out []byte // nil until the first escape
	for i := 0; i < len(b); {
		if b[i] == '_' && i+7 <= len(b) && b[i+1] == 'x' && b[i+6] == '_' {
			if v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 32); err == nil {
				if out == nil {
					out = append(make([]byte, 0, len(b)), b[:i]...)
				}
				out = utf8.AppendRune(out, rune(v))
				i += 7
				continue
			}
		}
		if out != nil {
			out = append(out, b[i])
		}
		i++
	}
	if out == nil {
		return b
	}
	return out
}
