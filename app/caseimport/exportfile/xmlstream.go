package exportfile

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// maxXMLDepth bounds the nesting of elements; a worksheet needs seven.
const maxXMLDepth = 64

var (
	errXMLToken = errors.New("an XML token is too long")
	errXMLDepth = errors.New("XML elements nest too deeply")
)

// xmlStream reads the tokens of an XML document with bounded memory.
// encoding/xml gathers a whole token (a text, a tag with its attributes,
// a comment) before returning it, however long: a cell of a gigabyte
// would be held whole. The stream counts the bytes the decoder takes
// since the last token and fails past tokenLimit, and fails past
// maxXMLDepth open elements. The document has no DTD entities to expand:
// encoding/xml knows only the five predefined ones.
type xmlStream struct {
	dec   *xml.Decoder
	in    *guardedBytes
	depth int
}

func newXMLStream(r io.Reader, tokenLimit int64) *xmlStream {
	in := &guardedBytes{br: bufio.NewReaderSize(r, 8<<10), limit: tokenLimit}
	return &xmlStream{dec: xml.NewDecoder(in), in: in}
}

// token returns the next token, valid until the next call; io.EOF ends
// the document.
func (s *xmlStream) token() (xml.Token, error) {
	s.in.mark = s.in.n
	tok, err := s.dec.Token()
	if err != nil {
		if s.in.err != nil {
			return nil, s.in.err
		}
		return nil, err
	}
	switch tok.(type) {
	case xml.StartElement:
		if s.depth++; s.depth > maxXMLDepth {
			return nil, errXMLDepth
		}
	case xml.EndElement:
		s.depth--
	}
	return tok, nil
}

// eachStart calls fn with each start element to the end of the document;
// fn may read on, to the end of its element.
func (s *xmlStream) eachStart(fn func(xml.StartElement) error) error {
	for {
		tok, err := s.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if el, ok := tok.(xml.StartElement); ok {
			if err := fn(el); err != nil {
				return err
			}
		}
	}
}

// skip skips to the end of the element whose start was just read.
func (s *xmlStream) skip() error {
	for depth := s.depth; ; {
		tok, err := s.token()
		if err != nil {
			return unexpectedEOF(err)
		}
		if _, ok := tok.(xml.EndElement); ok && s.depth < depth {
			return nil
		}
	}
}

// text reads the character data up to the end of the element whose start
// was just read, appending it to buf, up to max bytes; nested elements
// count only for their text.
func (s *xmlStream) text(buf []byte, max int) ([]byte, error) {
	for depth := s.depth; ; {
		tok, err := s.token()
		if err != nil {
			return buf, unexpectedEOF(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(buf)+len(t) > max {
				return buf, errCellTooLong
			}
			buf = append(buf, t...)
		case xml.EndElement:
			if s.depth < depth {
				return buf, nil
			}
		}
	}
}

var errCellTooLong = errors.New("a cell is too long")

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return fmt.Errorf("%w: the XML ends inside an element", errZipFormat)
	}
	return err
}

// guardedBytes is the byte source of an xml.Decoder (which reads one byte
// at a time from an io.ByteReader) that fails once more than limit bytes
// have been read since mark.
type guardedBytes struct {
	br      *bufio.Reader
	n, mark int64
	limit   int64
	err     error
}

func (g *guardedBytes) ReadByte() (byte, error) {
	if g.n-g.mark > g.limit {
		g.err = errXMLToken
		return 0, g.err
	}
	b, err := g.br.ReadByte()
	if err == nil {
		g.n++
	} else if err != io.EOF {
		g.err = err
	}
	return b, err
}

// Read is there for io.Reader; the decoder uses ReadByte.
func (g *guardedBytes) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	b, err := g.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = b
	return 1, nil
}
