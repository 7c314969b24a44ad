package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"procura/app/document"
	"procura/app/store"
	"procura/domain"
)

// docxType is the media type of a Word document.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// getSuggestionLetter serves the 检察建议书: the file frozen when the
// suggestion was issued, byte for byte; before issue a draft generated
// from the record as it stands, watermarked 草稿 and without a 文号. A
// suggestion issued before letters were frozen gets its letter generated,
// dated on its service date.
func (s *Server) getSuggestionLetter(c echo.Context) error {
	rec, err := s.targetSuggestion(c, "read")
	if err != nil {
		return err
	}
	name, data, err := s.letterFile(c.Request().Context(), rec)
	if err != nil {
		return err
	}
	return serveDocx(c, name, data)
}

// serveDocx answers a Word document as an attachment named name (the
// filename* parameter carries a Chinese name), never cached.
func serveDocx(c echo.Context, name string, data []byte) error {
	c.Response().Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, docxType, data)
}

// letterFile is the letter of rec: the file frozen on issue, or one
// generated from the record (a draft before issue; dated on the service
// date for a suggestion issued before letters were frozen).
func (s *Server) letterFile(ctx context.Context, rec store.SuggestionRecord) (name string, data []byte, err error) {
	if rec.LetterID != 0 {
		att, err := s.suggestions.GetAttachment(ctx, rec.LetterID)
		if err != nil {
			return "", nil, err
		}
		data, err := s.suggestions.AttachmentData(ctx, rec.LetterID)
		return att.Filename, data, err
	}
	var issuedOn domain.Date
	if rec.DocNo != "" {
		issuedOn = rec.ServedOn
	}
	l := document.SuggestionLetter(rec.Suggestion, rec.UnitName, issuedOn)
	var buf bytes.Buffer
	if err := document.WriteLetter(&buf, l, rec.UpdatedAt); err != nil {
		return "", nil, err
	}
	return document.LetterFileName(l), buf.Bytes(), nil
}

// htmlType is the media type of a print view.
const htmlType = "text/html"

// printViewPolicy lets a print view run its one script (the 打印 button,
// allowed by its hash) and nothing else: no requests, no frames, no forms.
var printViewPolicy = func() string {
	sum := sha256.Sum256([]byte(document.PrintScript))
	return "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}()

// sendPrintView answers the print view write writes, never cached.
func sendPrintView(c echo.Context, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("print view: %w", err)
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", printViewPolicy)
	h.Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
}

// printSuggestionLetter shows the 检察建议书 as an A4 print view: the letter
// as WriteLetter lays it out from the record, dated as the file frozen on
// issue is (a draft before issue, watermarked and without a 文号).
func (s *Server) printSuggestionLetter(c echo.Context) error {
	rec, err := s.targetSuggestion(c, "read")
	if err != nil {
		return err
	}
	var issuedOn domain.Date
	if rec.DocNo != "" {
		issuedOn = rec.ServedOn
	}
	if rec.LetterID != 0 {
		att, err := s.suggestions.GetAttachment(c.Request().Context(), rec.LetterID)
		if err != nil {
			return err
		}
		issuedOn = domain.DateOf(att.UploadedAt, domain.Shanghai)
	}
	l := document.SuggestionLetter(rec.Suggestion, rec.UnitName, issuedOn)
	return sendPrintView(c, func(w io.Writer) error { return document.WriteLetterHTML(w, l) })
}
