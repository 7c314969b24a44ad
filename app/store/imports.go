package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"procura/domain"
)

// ImportChunkSize is the size of the pieces an uploaded file is kept in.
const ImportChunkSize = 1 << 20

// MaxImportErrors is how many row errors an import keeps; rows_failed
// counts them all.
const MaxImportErrors = 1000

// ImportError is one refused row of an import.
type ImportError struct {
	Line  int    `json:"line"`
	Field string `json:"field"`
	// Column is the field's header as the file writes it ("受理日期"),
	// "" for a problem of the whole row.
	Column    string `json:"column"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageZh string `json:"message_zh"`
}

// ImportRecord is an import job as stored.
type ImportRecord struct {
	ID          int64
	UnitID      int64
	UnitPath    string
	Kind        string
	Filename    string
	Format      string
	Size        int64
	SHA256      string
	Status      string
	Scope       domain.Scope
	RowsTotal   int
	RowsOK      int
	RowsFailed  int
	RowsChanged int
	RowsRead    int  // data rows, good and bad, committed: where a resumed run goes on
	Counted     bool // the rows have been counted (RowsTotal is known)
	Run         int  // the run number; a stalled run is handed on under the next
	Errors      []ImportError
	Failure     string
	CreatedBy   int64
	CreatorName string
	CreatedAt   time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
}

type importRow struct {
	ID          int64
	UnitID      int64
	UnitPath    string
	Kind        string
	Filename    string
	Format      string
	Size        int64
	Sha256      string
	Status      string
	Scope       string
	RowsTotal   int
	RowsOk      int
	RowsFailed  int
	RowsChanged int
	RowsRead    int
	Counted     bool
	Run         int
	Errors      string
	Failure     string
	CreatedBy   int64
	CreatorName string
	CreatedAt   time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
}

const importSelect = `SELECT i.id, i.unit_id, un.path AS unit_path, i.kind, i.filename, i.format, i.size, i.sha256, i.status, i.scope::text AS scope,
	i.rows_total, i.rows_ok, i.rows_failed, i.rows_changed, i.rows_read, i.counted, i.run, i.errors::text AS errors, i.failure, i.created_by, u.name AS creator_name,
	i.created_at, i.started_at, i.finished_at
	FROM imports i JOIN units un ON un.id = i.unit_id JOIN users u ON u.id = i.created_by`

func (r importRow) toRecord() (ImportRecord, error) {
	rec := ImportRecord{ID: r.ID, UnitID: r.UnitID, UnitPath: r.UnitPath, Kind: r.Kind, Filename: r.Filename, Format: r.Format, Size: r.Size,
		SHA256: r.Sha256, Status: r.Status, RowsTotal: r.RowsTotal, RowsOK: r.RowsOk, RowsFailed: r.RowsFailed, RowsChanged: r.RowsChanged,
		RowsRead: r.RowsRead, Counted: r.Counted, Run: r.Run, Failure: r.Failure, CreatedBy: r.CreatedBy, CreatorName: r.CreatorName,
		CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
	if err := json.Unmarshal([]byte(r.Scope), &rec.Scope.Patterns); err != nil {
		return rec, fmt.Errorf("import %d scope: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Errors), &rec.Errors); err != nil {
		return rec, fmt.Errorf("import %d errors: %w", r.ID, err)
	}
	return rec, nil
}

func (db *DB) importsWhere(ctx context.Context, cond string, args []any, suffix string) ([]ImportRecord, error) {
	var rows []importRow
	if err := db.conn(ctx).Raw(importSelect+" WHERE "+cond+" "+suffix, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("imports: %w", translate(err))
	}
	out := make([]ImportRecord, len(rows))
	for i, r := range rows {
		rec, err := r.toRecord()
		if err != nil {
			return nil, err
		}
		out[i] = rec
	}
	return out, nil
}

// GetImport returns one import. Errors: domain.ErrNotFound.
func (db *DB) GetImport(ctx context.Context, id int64) (ImportRecord, error) {
	recs, err := db.importsWhere(ctx, "i.id = ?", []any{id}, "")
	if err != nil {
		return ImportRecord{}, err
	}
	if len(recs) == 0 {
		return ImportRecord{}, fmt.Errorf("get import: %w", domain.ErrNotFound)
	}
	return recs[0], nil
}

// ListImports lists the imports into units in scope, newest first.
func (db *DB) ListImports(ctx context.Context, scope domain.Scope, beforeID int64, limit int) ([]ImportRecord, error) {
	cond, args := scopeCondition("un.path", scope)
	if beforeID > 0 {
		cond += " AND i.id < ?"
		args = append(args, beforeID)
	}
	return db.importsWhere(ctx, cond+" AND i.status <> 'uploading'", args, fmt.Sprintf("ORDER BY i.id DESC LIMIT %d", limit))
}

// BeginImport records an upload about to be received.
func (db *DB) BeginImport(ctx context.Context, unitID int64, kind, filename string, scope domain.Scope, createdBy int64) (int64, error) {
	var id int64
	if err := db.conn(ctx).Raw(`INSERT INTO imports (unit_id, kind, filename, status, scope, created_by) VALUES (?, ?, ?, 'uploading', ?::jsonb, ?) RETURNING id`,
		unitID, kind, filename, mustJSON(scope.Patterns), createdBy).Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("begin import: %w", translate(err))
	}
	return id, nil
}

// WriteImportChunk stores piece seq of an upload.
func (db *DB) WriteImportChunk(ctx context.Context, id int64, seq int, data []byte) error {
	if err := db.conn(ctx).Exec(`INSERT INTO import_chunks (import_id, seq, data) VALUES (?, ?, ?)`, id, seq, data).Error; err != nil {
		return fmt.Errorf("write import chunk: %w", translate(err))
	}
	return nil
}

// ReadError is an error reading the file being stored, as opposed to one
// of the database.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "read import file: " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// WriteImportFile stores what r yields as the file of import id, in
// chunks of ImportChunkSize (never more than one in memory), and returns
// its size and SHA-256 in hex. An error reading r comes as a *ReadError.
func (db *DB) WriteImportFile(ctx context.Context, id int64, r io.Reader) (int64, string, error) {
	h := sha256.New()
	buf := make([]byte, ImportChunkSize)
	var size int64
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			h.Write(buf[:n])
			size += int64(n)
			if err := db.WriteImportChunk(ctx, id, seq, buf[:n]); err != nil {
				return size, "", err
			}
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			return size, hex.EncodeToString(h.Sum(nil)), nil
		}
		if rerr != nil {
			return size, "", &ReadError{Err: rerr}
		}
	}
}

// ImportUpload is a case or event file arriving for import.
type ImportUpload struct {
	UnitID   int64
	Kind     string
	Filename string
	// Scope is the uploader's import scope, which the run keeps to.
	Scope domain.Scope
	By    int64
	File  io.Reader
	// Check reads the stored file back and names its format, or refuses
	// it (an empty file, a format the import does not read).
	Check func(file io.ReaderAt, size int64) (format string, err error)
	// Enqueue queues the import's run in tx, the transaction that stores
	// the file, so that the job exists exactly when the import does.
	// Nil leaves the import queued for the caller to run.
	Enqueue func(ctx context.Context, tx *sql.Tx, importID int64) error
}

// ReceiveImport stores an upload as a queued import in one transaction:
// the import row, the file in chunks, its format and hash, the audit row
// and the job. Whatever fails (the client goes away mid-file, the check
// refuses it, the queue is unreachable), nothing of it stays. An error
// reading File comes as a *ReadError.
func (db *DB) ReceiveImport(ctx context.Context, up ImportUpload) (ImportRecord, error) {
	var rec ImportRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		id, err := db.BeginImport(ctx, up.UnitID, up.Kind, up.Filename, up.Scope, up.By)
		if err != nil {
			return err
		}
		size, sha, err := db.WriteImportFile(ctx, id, up.File)
		if err != nil {
			return err
		}
		format := "csv"
		if up.Check != nil {
			if format, err = up.Check(db.OpenImportFile(ctx, id, size), size); err != nil {
				return err
			}
		}
		if rec, err = db.QueueImport(ctx, id, format, size, sha); err != nil {
			return err
		}
		if up.Enqueue == nil {
			return nil
		}
		tx, ok := db.conn(ctx).Statement.ConnPool.(*sql.Tx)
		if !ok {
			return errors.New("receive import: no SQL transaction to enqueue in")
		}
		return up.Enqueue(ctx, tx, id)
	})
	if err != nil {
		return ImportRecord{}, err
	}
	return rec, nil
}

// QueueImport marks a complete upload as waiting for its job, with the
// file's facts, and audits it.
func (db *DB) QueueImport(ctx context.Context, id int64, format string, size int64, sha string) (ImportRecord, error) {
	var rec ImportRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.conn(ctx).Exec(`UPDATE imports SET status = 'queued', format = ?, size = ?, sha256 = ? WHERE id = ? AND status = 'uploading'`,
			format, size, sha, id).Error; err != nil {
			return translate(err)
		}
		var err error
		if rec, err = db.GetImport(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "create", "import", id, rec.UnitID, nil, map[string]any{"kind": rec.Kind, "filename": rec.Filename,
			"format": format, "size": size, "sha256": sha})
	})
	if err != nil {
		return ImportRecord{}, fmt.Errorf("queue import: %w", err)
	}
	return rec, nil
}

// ImportFile reads an uploaded file back from its chunks.
type ImportFile struct {
	db   *DB
	ctx  context.Context
	id   int64
	size int64
	seq  int
	buf  []byte
}

// OpenImportFile returns the file of import id, of the given size.
func (db *DB) OpenImportFile(ctx context.Context, id, size int64) *ImportFile {
	return &ImportFile{db: db, ctx: ctx, id: id, size: size, seq: -1}
}

// ReadAt implements io.ReaderAt, fetching the chunks it needs.
func (f *ImportFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("import file: negative offset")
	}
	n := 0
	for n < len(p) {
		pos := off + int64(n)
		if pos >= f.size {
			return n, io.EOF
		}
		seq := int(pos / ImportChunkSize)
		if seq != f.seq {
			var data []byte
			// Through the context's transaction when there is one: the
			// upload reads back its own uncommitted file.
			if err := f.db.conn(f.ctx).Raw(`SELECT data FROM import_chunks WHERE import_id = ? AND seq = ?`, f.id, seq).Row().Scan(&data); err != nil {
				return n, fmt.Errorf("import file chunk %d: %w", seq, err)
			}
			f.seq, f.buf = seq, data
		}
		start := int(pos - int64(seq)*ImportChunkSize)
		if start >= len(f.buf) {
			return n, io.ErrUnexpectedEOF
		}
		n += copy(p[n:], f.buf[start:])
	}
	return n, nil
}

// Size is the file's length.
func (f *ImportFile) Size() int64 { return f.size }
