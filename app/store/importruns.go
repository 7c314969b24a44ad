package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"procura/domain"
)

// An import is run by one runner at a time, which holds it by a lease: a
// random token written when it claims the import. Every write of the run
// (a batch with its progress, the count of rows, the end) is conditional
// on the lease, so a runner that has lost it (the import was cancelled,
// or its heartbeat stopped and the import was handed to another run)
// writes nothing more, and a batch is committed once with the progress
// mark that a resumed run goes on from.

// ErrImportLost is returned by a write of a run that no longer holds its
// import.
var ErrImportLost = errors.New("the import is no longer held by this run")

// ImportRun names one run of an import: its id and run number.
type ImportRun struct {
	ID  int64
	Run int
}

// ClaimImport starts run number run of import id, queued or (when the
// same run is tried again) running, under lease: it keeps the progress
// committed so far. ok is false when the import has ended, was cancelled
// or has been handed to a later run.
func (db *DB) ClaimImport(ctx context.Context, id int64, run int, lease int64, now time.Time) (ImportRecord, bool, error) {
	res := db.conn(ctx).Exec(`UPDATE imports SET status = 'running', lease = ?, heartbeat_at = now(), started_at = coalesce(started_at, ?)
		WHERE id = ? AND run = ? AND status IN ('queued', 'running')`, lease, now, id, run)
	if res.Error != nil {
		return ImportRecord{}, false, fmt.Errorf("claim import: %w", translate(res.Error))
	}
	if res.RowsAffected == 0 {
		return ImportRecord{}, false, nil
	}
	rec, err := db.GetImport(ctx, id)
	return rec, err == nil, err
}

// ImportHeartbeat records that the run holding lease is alive; held is
// false when it no longer holds the import.
func (db *DB) ImportHeartbeat(ctx context.Context, id, lease int64) (held bool, err error) {
	res := db.conn(ctx).Exec(`UPDATE imports SET heartbeat_at = now() WHERE id = ? AND lease = ? AND status = 'running'`, id, lease)
	if res.Error != nil {
		return false, fmt.Errorf("import heartbeat: %w", translate(res.Error))
	}
	return res.RowsAffected == 1, nil
}

// heldUpdate runs an update of import id that must find it held by lease.
func (db *DB) heldUpdate(ctx context.Context, id, lease int64, set string, args ...any) error {
	res := db.conn(ctx).Exec(`UPDATE imports SET `+set+` WHERE id = ? AND lease = ? AND status = 'running'`, append(args, id, lease)...)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrImportLost
	}
	return nil
}

// SetImportTotal records how many data rows the file has. Errors:
// ErrImportLost.
func (db *DB) SetImportTotal(ctx context.Context, id, lease int64, total int) error {
	return db.heldUpdate(ctx, id, lease, `rows_total = ?, counted = true`, total)
}

// AddImportProgress adds a batch's counts and errors, keeping at most
// MaxImportErrors errors, and moves the progress mark on by read rows.
// Call it in the batch's transaction: a run that lost the import gets
// ErrImportLost, and its batch must roll back.
func (db *DB) AddImportProgress(ctx context.Context, id, lease int64, read, ok, failed, changed int, errs []ImportError) error {
	if errs == nil {
		errs = []ImportError{}
	}
	b, err := json.Marshal(errs)
	if err != nil {
		return err
	}
	return db.heldUpdate(ctx, id, lease, `rows_read = rows_read + ?, rows_ok = rows_ok + ?, rows_failed = rows_failed + ?, rows_changed = rows_changed + ?,
		errors = CASE WHEN jsonb_array_length(errors) >= ? THEN errors
			ELSE errors || (SELECT coalesce(jsonb_agg(x), '[]') FROM (SELECT x FROM jsonb_array_elements(?::jsonb) x LIMIT ? - jsonb_array_length(errors)) s) END`,
		read, ok, failed, changed, MaxImportErrors, string(b), MaxImportErrors)
}

// EndImport marks an import done (failure "") or failed, and drops its
// file. With a lease, only the run holding it may end it (else
// ErrImportLost); without (0), any import not yet ended is.
func (db *DB) EndImport(ctx context.Context, id, lease int64, failure string, now time.Time) error {
	status := "done"
	if failure != "" {
		status = "failed"
	}
	return db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if lease != 0 {
			err = db.heldUpdate(ctx, id, lease, `status = ?, failure = ?, finished_at = ?, lease = NULL`, status, failure, now)
		} else {
			err = translate(db.conn(ctx).Exec(`UPDATE imports SET status = ?, failure = ?, finished_at = ?, lease = NULL
				WHERE id = ? AND status IN ('uploading', 'queued', 'running')`, status, failure, now, id).Error)
		}
		if err != nil {
			return err
		}
		return translate(db.conn(ctx).Exec(`DELETE FROM import_chunks WHERE import_id = ?`, id).Error)
	})
}

// RequeueStalledImports hands on the running imports whose heartbeat is
// older than staleAfter (their runner died, or lost the database): each
// goes back to queued under the next run number, which the caller
// enqueues. Replicas may call it at once; each import goes to one.
func (db *DB) RequeueStalledImports(ctx context.Context, staleAfter time.Duration) ([]ImportRun, error) {
	var out []ImportRun
	if err := db.conn(ctx).Raw(`UPDATE imports SET status = 'queued', run = run + 1, lease = NULL
		WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => ?))
		RETURNING id, run`, staleAfter.Seconds()).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("requeue stalled imports: %w", translate(err))
	}
	return out, nil
}

// QueuedImports lists the imports that have waited in the queue for more
// than olderThan since upload, oldest first, so that one whose job was
// never enqueued (a crash between the two) gets one.
func (db *DB) QueuedImports(ctx context.Context, olderThan time.Duration) ([]ImportRun, error) {
	var out []ImportRun
	if err := db.conn(ctx).Raw(`SELECT id, run FROM imports WHERE status = 'queued' AND created_at < now() - make_interval(secs => ?) ORDER BY id`,
		olderThan.Seconds()).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("queued imports: %w", translate(err))
	}
	return out, nil
}

// ErrImportEnded is the answer to cancelling an import that has ended.
var ErrImportEnded = &domain.Error{Kind: domain.KindConflict, Code: "import_ended",
	Message: "The import has already ended.", MessageZh: "该导入已经结束。"}

// CancelImport cancels a queued or running import, drops its file and
// audits it. The batches a running import has committed stay (each is
// whole); its runner notices at its next write and stops. wasRunning
// says whether the caller should rebuild the roll-up. Errors:
// domain.ErrNotFound, ErrImportEnded.
func (db *DB) CancelImport(ctx context.Context, id int64, now time.Time) (rec ImportRecord, wasRunning bool, err error) {
	err = db.WithTx(ctx, func(ctx context.Context) error {
		var status string
		if err := db.conn(ctx).Raw(`SELECT status FROM imports WHERE id = ? FOR UPDATE`, id).Scan(&status).Error; err != nil {
			return translate(err)
		}
		switch status {
		case "":
			return domain.ErrNotFound
		case "queued", "running":
		default:
			return ErrImportEnded
		}
		wasRunning = status == "running"
		if err := db.conn(ctx).Exec(`UPDATE imports SET status = 'cancelled', finished_at = ?, lease = NULL WHERE id = ?`, now, id).Error; err != nil {
			return translate(err)
		}
		if err := db.conn(ctx).Exec(`DELETE FROM import_chunks WHERE import_id = ?`, id).Error; err != nil {
			return translate(err)
		}
		if rec, err = db.GetImport(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "cancel", "import", id, rec.UnitID, map[string]any{"status": status},
			map[string]any{"status": "cancelled", "rows_read": rec.RowsRead, "rows_ok": rec.RowsOK})
	})
	if err != nil {
		return ImportRecord{}, false, fmt.Errorf("cancel import: %w", err)
	}
	return rec, wasRunning, nil
}
