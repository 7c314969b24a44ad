package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

// maxAttachment is the largest accepted file.
const maxAttachment = 20 << 20

type attachmentResponse struct {
	ID          int64     `json:"id"`
	Filename    string    `json:"filename"`
	Size        int64     `json:"size"`
	ContentType string    `json:"content_type"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
	URL         string    `json:"url"`
}

var (
	errAttachmentType = &domain.Error{Kind: domain.KindInvalid, Code: "validation_failed", Message: "Some fields are invalid.", MessageZh: "部分字段填写有误。",
		Fields: []domain.FieldError{{Field: "file", Code: "type_not_allowed",
			Message:   "Only PDF, images (PNG, JPEG, GIF, WebP), Word and Excel files are accepted; the content decides, not the name.",
			MessageZh: "仅接受 PDF、图片（PNG、JPEG、GIF、WebP）、Word 和 Excel 文件，以文件内容而非文件名判断。"}}}
	errAttachmentTooLarge = &domain.Error{Kind: domain.KindTooLarge, Code: "too_large", Message: "The file is larger than 20 MiB.", MessageZh: "文件超过 20 MiB。"}
)

func (s *Server) registerAttachmentRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/:id/attachments", Tag: "suggestions",
		Access:   Access{Resource: "suggestion", Action: "attach", Targeted: true},
		Summary:  "Attach a file (multipart field \"file\"; PDF, image, Word or Excel; at most 20 MiB)",
		Response: attachmentResponse{}, Status: http.StatusCreated, Handler: s.addAttachment})
	s.add(g, Route{Method: http.MethodGet, Path: "/attachments/:id", Tag: "suggestions",
		Access:  Access{Resource: "suggestion", Action: "read", Targeted: true},
		Summary: "Download an attached file", Handler: s.getAttachment, Produces: "application/octet-stream"})
}

func (s *Server) addAttachment(c echo.Context) error {
	rec, err := s.targetSuggestion(c, "attach")
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return errAttachmentTooLarge
		}
		return domain.Invalid(domain.Field("file", "required", "Choose a file to upload (multipart field \"file\").", "请选择要上传的文件。"))
	}
	if fh.Size > maxAttachment {
		return errAttachmentTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAttachment+1))
	if err != nil {
		return err
	}
	if len(data) > maxAttachment {
		return errAttachmentTooLarge
	}
	ctype, ok := sniffAttachment(data, fh.Filename)
	if !ok {
		return errAttachmentType
	}
	name := cleanFilename(fh.Filename)
	actor := s.suggestionActor(c, rec)
	att, err := s.suggestions.AddSuggestionAttachment(c.Request().Context(), rec.ID, name, ctype, data, func(cur domain.Suggestion) error {
		return domain.CheckSuggestionAction(cur, domain.ActAttach, actor)
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toAttachmentResponse(att))
}

func (s *Server) getAttachment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	att, err := s.suggestions.GetAttachment(ctx, id)
	if err != nil {
		return err
	}
	if err := s.authorize(c, "suggestion", "read", domain.Unit{ID: att.UnitID, Path: att.UnitPath}); err != nil {
		return err
	}
	data, err := s.suggestions.AttachmentData(ctx, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": att.Filename}))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, att.ContentType, data)
}

func toAttachmentResponse(a store.Attachment) attachmentResponse {
	return attachmentResponse{ID: a.ID, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType, SHA256: a.SHA256,
		UploadedBy: a.UploadedBy, UploadedAt: a.UploadedAt.In(domain.Shanghai), URL: apiPrefix + "/attachments/" + itoa64(a.ID)}
}

// sniffAttachment decides the type from the content: PDF, PNG, JPEG,
// GIF, WebP, Office Open XML (docx, xlsx) by their zip entries, and the
// legacy OLE formats (doc, xls) by their signature, told apart by name.
// maxAttachmentZipEntries bounds the parts of an attached Word or Excel
// file: archive/zip reads every directory record an archive declares,
// and a real document has a few dozen.
const maxAttachmentZipEntries = 10000

// zipDirectoryWithin reports whether the archive's end-of-directory record
// declares at most limit entries (a ZIP64 archive, which declares 0xFFFF,
// never is).
func zipDirectoryWithin(data []byte, limit int) bool {
	const eocdLen = 22
	start := max(0, len(data)-eocdLen-0xFFFF) // the record, then a comment of up to 64 KiB
	i := bytes.LastIndex(data[start:], []byte("PK\x05\x06"))
	if i < 0 || start+i+eocdLen > len(data) {
		return false
	}
	rec := data[start+i:]
	entries := int(binary.LittleEndian.Uint16(rec[10:12]))
	return entries != 0xFFFF && entries <= limit
}

func sniffAttachment(data []byte, name string) (string, bool) {
	switch ct := http.DetectContentType(data); ct {
	case "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp":
		return ct, true
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		if !zipDirectoryWithin(data, maxAttachmentZipEntries) {
			return "", false
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", false
		}
		for _, f := range zr.File {
			switch {
			case strings.HasPrefix(f.Name, "word/"):
				return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
			case strings.HasPrefix(f.Name, "xl/"):
				return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
			}
		}
		return "", false
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".doc":
			return "application/msword", true
		case ".xls":
			return "application/vnd.ms-excel", true
		}
	}
	return "", false
}

// cleanFilename keeps the base name, valid UTF-8, at most 200 characters.
func cleanFilename(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	// Bidirectional and zero-width controls would let "invoice\u202efdp.exe"
	// pass for a PDF; control characters have no place in a name.
	name = strings.TrimSpace(domain.StripFormatting(strings.ToValidUTF8(name, "")))
	if name == "" || name == "." || name == "/" {
		name = "attachment"
	}
	for utf8.RuneCountInString(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}
