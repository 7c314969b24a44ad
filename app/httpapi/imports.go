package httpapi

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/caseimport/exportfile"
	"procura/app/store"
	"procura/domain"
)

// ImportQueue starts the background run of an uploaded import.
type ImportQueue interface {
	// EnqueueImportTx queues the import's run in tx: the job exists once
	// tx commits, and not at all if it rolls back.
	EnqueueImportTx(ctx context.Context, tx *sql.Tx, importID int64) error
}

// DefaultImportLimit caps an uploaded case or event file.
const DefaultImportLimit = 512 << 20

type importErrorResponse struct {
	Line  int    `json:"line"`
	Field string `json:"field"`
	// Column is the field's header as the file writes it ("受理日期"), ""
	// for a problem of the whole row.
	Column    string `json:"column"`
	Message   string `json:"message"`
	MessageZh string `json:"message_zh"`
}

// importKinds are what a file may hold: cases, or events of known cases.
var importKinds = []string{"cases", "events"}

// importStatuses are an import's states as the API shows them: one still
// uploading is shown queued.
var importStatuses = []string{"queued", "running", "done", "failed", "cancelled"}

type importResponse struct {
	ID          int64                 `json:"id"`
	Kind        string                `json:"kind" enum:"import_kind"`
	Filename    string                `json:"filename"`
	Format      string                `json:"format"`
	Status      string                `json:"status" enum:"import_status"`
	RowsTotal   int                   `json:"rows_total"`
	RowsOK      int                   `json:"rows_ok"`
	RowsFailed  int                   `json:"rows_failed"`
	RowsChanged int                   `json:"rows_changed"`
	Errors      []importErrorResponse `json:"errors"`
	Failure     string                `json:"failure"`
	CreatedBy   personRef             `json:"created_by"`
	CreatedAt   time.Time             `json:"created_at"`
	StartedAt   *time.Time            `json:"started_at"`
	FinishedAt  *time.Time            `json:"finished_at"`
}

func (s *Server) registerImportRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodPost, Path: "/imports", Tag: "cases", Access: Access{Resource: "case", Action: "import", Targeted: true},
		Summary:  "Upload a case or event file (multipart fields kind = cases|events, file = CSV in UTF-8 or GB18030, or XLSX; optional unit_id) to import in the background",
		Response: importResponse{}, Status: http.StatusAccepted, Handler: s.createImport})
	s.add(g, Route{Method: http.MethodGet, Path: "/imports", Tag: "cases", Access: Access{Resource: "case", Action: "import"},
		Summary: "Imports into units in the caller's scope, newest first", Query: []string{"limit:integer", "cursor"},
		Response: listResponse[importResponse]{}, Handler: s.listImports})
	s.add(g, Route{Method: http.MethodGet, Path: "/imports/:id", Tag: "cases", Access: Access{Resource: "case", Action: "import", Targeted: true},
		Summary: "An import's status, progress and refused rows", Response: importResponse{}, Handler: s.getImport})
	s.add(g, Route{Method: http.MethodPost, Path: "/imports/:id/cancel", Tag: "cases", Access: Access{Resource: "case", Action: "import", Targeted: true},
		Summary:  "Cancel a queued or running import (status cancelled; the batches it has committed stay); 409 import_ended once it has ended",
		Response: importResponse{}, Handler: s.cancelImport})
}

func toImportResponse(r store.ImportRecord) importResponse {
	out := importResponse{ID: r.ID, Kind: r.Kind, Filename: r.Filename, Format: r.Format, Status: r.Status, RowsTotal: r.RowsTotal,
		RowsOK: r.RowsOK, RowsFailed: r.RowsFailed, RowsChanged: r.RowsChanged, Errors: make([]importErrorResponse, len(r.Errors)),
		Failure: r.Failure, CreatedBy: personRef{ID: r.CreatedBy, Name: r.CreatorName}, CreatedAt: r.CreatedAt.In(domain.Shanghai),
		StartedAt: inShanghai(r.StartedAt), FinishedAt: inShanghai(r.FinishedAt)}
	if r.Status == "uploading" {
		out.Status = "queued"
	}
	for i, e := range r.Errors {
		out.Errors[i] = importErrorResponse{Line: e.Line, Field: e.Field, Column: e.Column, Message: e.Message, MessageZh: e.MessageZh}
	}
	return out
}

var (
	errImportTooLarge = &domain.Error{Kind: domain.KindTooLarge, Code: "too_large", Message: "The file is larger than the import limit.",
		MessageZh: "文件超过导入大小上限。"}
	errImportNoFile = domain.Invalid(domain.Field("file", "required", "Choose a file to upload (multipart field \"file\").", "请选择要上传的文件。"))
)

// createImport streams the upload into the database in chunks (the file is
// never held whole in memory), then queues the import. The multipart
// fields kind and unit_id must come before file.
func (s *Server) createImport(c echo.Context) error {
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, s.importLimit)
	mr, err := req.MultipartReader()
	if err != nil {
		return domain.Invalid(domain.Field("file", "multipart", "Send the file as multipart/form-data.", "请以 multipart/form-data 方式上传文件。"))
	}
	ctx := req.Context()
	var kind string
	unitID := caller(c).User.UnitID
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return errImportNoFile
		}
		if err != nil {
			return uploadError(err)
		}
		switch part.FormName() {
		case "kind":
			kind, err = formValue(part)
		case "unit_id":
			var v string
			if v, err = formValue(part); err == nil {
				n, perr := strconv.ParseInt(v, 10, 64)
				if perr != nil || n <= 0 {
					return domain.Invalid(domain.Field("unit_id", "invalid", "Expected a positive id.", "应为正整数编号。"))
				}
				unitID = n
			}
		case "file":
			if !slices.Contains(importKinds, kind) {
				return domain.Invalid(domain.Field("kind", "invalid", "kind is cases or events, sent before the file.",
					"kind 应为 cases 或 events，且须在文件之前提交。"))
			}
			unit, err := s.targetUnit(c, unitID, "case", "import")
			if err != nil {
				return err
			}
			return s.receiveImport(c, ctx, part, kind, unit)
		}
		if err != nil {
			return uploadError(err)
		}
	}
}

func uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errImportTooLarge
	}
	return domain.Invalid(domain.Field("file", "multipart", "The upload could not be read: "+err.Error(), "无法读取上传内容。"))
}

func formValue(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, 200))
	return string(bytes.TrimSpace(b)), err
}

func (s *Server) receiveImport(c echo.Context, ctx context.Context, part *multipart.Part, kind string, unit domain.Unit) error {
	name := cleanFilename(part.FileName())
	if name == "" {
		name = kind + ".csv"
	}
	uid := caller(c).User.ID
	rec, err := s.cases.ReceiveImport(ctx, store.ImportUpload{UnitID: unit.ID, Kind: kind, Filename: name,
		Scope: s.authz.Scope(uid, "case", "import"), By: uid, File: part, Enqueue: s.imports.EnqueueImportTx,
		Check: func(file io.ReaderAt, size int64) (string, error) {
			if size == 0 {
				return "", domain.Invalid(domain.Field("file", "empty", "The file is empty.", "文件为空。"))
			}
			format, err := exportfile.Sniff(file, size, name)
			if de, ok := domain.AsError(err); ok {
				return "", domain.Invalid(domain.Field("file", de.Code, de.Message, de.MessageZh))
			}
			return format.String(), err
		}})
	var rerr *store.ReadError
	if errors.As(err, &rerr) {
		return uploadError(rerr.Err)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, toImportResponse(rec))
}

func (s *Server) listImports(c echo.Context) error {
	limit, before, err := pageParams(c)
	if err != nil {
		return err
	}
	recs, err := s.cases.ListImports(c.Request().Context(), s.authz.Scope(caller(c).User.ID, "case", "import"), before, limit)
	if err != nil {
		return err
	}
	out := listResponse[importResponse]{Items: make([]importResponse, len(recs))}
	for i, r := range recs {
		r.Errors = nil // the list shows counts; the errors come with one import
		out.Items[i] = toImportResponse(r)
	}
	if len(recs) > 0 {
		out.NextCursor = nextCursor(len(recs), limit, recs[len(recs)-1].ID)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getImport(c echo.Context) error {
	rec, err := s.importInScope(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toImportResponse(rec))
}

// importInScope reads the import of the path, which the caller must be
// allowed to import into.
func (s *Server) importInScope(c echo.Context) (store.ImportRecord, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return store.ImportRecord{}, err
	}
	rec, err := s.cases.GetImport(c.Request().Context(), id)
	if err != nil {
		return store.ImportRecord{}, err
	}
	if err := s.authorize(c, "case", "import", domain.Unit{ID: rec.UnitID, Path: rec.UnitPath}); err != nil {
		return store.ImportRecord{}, err
	}
	return rec, nil
}

// cancelImport cancels an import; a running one's committed batches stay,
// so the roll-up is rebuilt for them (a failure there is logged: the
// periodic rebuild catches up).
func (s *Server) cancelImport(c echo.Context) error {
	rec, err := s.importInScope(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rec, wasRunning, err := s.cases.CancelImport(ctx, rec.ID, s.now())
	if err != nil {
		return err
	}
	if wasRunning {
		if err := s.cases.RefreshRollups(ctx); err != nil {
			s.log.Error("refresh roll-up after cancelling an import", "import_id", rec.ID, "error", err)
		}
	}
	return c.JSON(http.StatusOK, toImportResponse(rec))
}
