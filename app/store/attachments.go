package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"procura/domain"
)

// Attachment is a file linked to a record.
type Attachment struct {
	ID          int64 // the link's id
	OwnerID     int64 // the suggestion
	UnitID      int64
	UnitPath    string
	Filename    string
	Size        int64
	ContentType string
	SHA256      string
	UploadedBy  string
	UploadedAt  time.Time
}

// AddSuggestionAttachment stores a file once per content hash and links it
// to the suggestion, in one transaction; check runs under the
// suggestion's row lock.
func (db *DB) AddSuggestionAttachment(ctx context.Context, suggestionID int64, filename, contentType string, data []byte,
	check func(domain.Suggestion) error) (Attachment, error) {
	var out Attachment
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	err := db.WithTx(ctx, func(ctx context.Context) error {
		rec, err := db.lockSuggestion(ctx, suggestionID)
		if err != nil {
			return err
		}
		if err := check(rec.Suggestion); err != nil {
			return err
		}
		linkID, err := db.linkAttachment(ctx, suggestionID, filename, contentType, hash, data)
		if err != nil {
			return err
		}
		if out, err = db.attachment(ctx, linkID); err != nil {
			return err
		}
		return db.audit(ctx, "attach", "suggestion", suggestionID, rec.UnitID, nil, map[string]any{"attachment_id": linkID,
			"filename": filename, "size": len(data), "content_type": contentType, "sha256": hash})
	})
	if err != nil {
		return Attachment{}, fmt.Errorf("add attachment: %w", err)
	}
	return out, nil
}

// linkAttachment stores data once per content hash and links it to the
// suggestion under filename, as uploaded by the actor in ctx; it returns
// the link's id.
func (db *DB) linkAttachment(ctx context.Context, suggestionID int64, filename, contentType, hash string, data []byte) (int64, error) {
	c := db.conn(ctx)
	if err := c.Exec(`INSERT INTO attachments (sha256, size, content_type, data) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		hash, len(data), contentType, data).Error; err != nil {
		return 0, translate(err)
	}
	var attID int64
	if err := c.Raw(`SELECT id FROM attachments WHERE sha256 = ?`, hash).Scan(&attID).Error; err != nil {
		return 0, translate(err)
	}
	var linkID int64
	if err := c.Raw(`INSERT INTO suggestion_attachments (suggestion_id, attachment_id, filename, uploaded_by) VALUES (?, ?, ?, ?) RETURNING id`,
		suggestionID, attID, filename, actorFrom(ctx).UserID).Scan(&linkID).Error; err != nil {
		return 0, translate(err)
	}
	return linkID, nil
}

const attachmentSelect = `SELECT l.id, l.suggestion_id AS owner_id, s.unit_id, un.path AS unit_path, l.filename, a.size, a.content_type,
	a.sha256, u.name AS uploaded_by, l.uploaded_at
	FROM suggestion_attachments l JOIN attachments a ON a.id = l.attachment_id JOIN suggestions s ON s.id = l.suggestion_id
	JOIN units un ON un.id = s.unit_id JOIN users u ON u.id = l.uploaded_by`

func (db *DB) attachment(ctx context.Context, id int64) (Attachment, error) {
	var rows []Attachment
	if err := db.conn(ctx).Raw(attachmentSelect+` WHERE l.id = ?`, id).Scan(&rows).Error; err != nil {
		return Attachment{}, translate(err)
	}
	if len(rows) == 0 {
		return Attachment{}, domain.ErrNotFound
	}
	return rows[0], nil
}

// GetAttachment returns a linked file's description. Errors: domain.ErrNotFound.
func (db *DB) GetAttachment(ctx context.Context, id int64) (Attachment, error) {
	a, err := db.attachment(ctx, id)
	if err != nil {
		return Attachment{}, fmt.Errorf("get attachment: %w", err)
	}
	return a, nil
}

// AttachmentData returns the bytes of a linked file.
func (db *DB) AttachmentData(ctx context.Context, id int64) ([]byte, error) {
	var data [][]byte
	if err := db.conn(ctx).Raw(`SELECT a.data FROM suggestion_attachments l JOIN attachments a ON a.id = l.attachment_id WHERE l.id = ?`, id).
		Pluck("data", &data).Error; err != nil {
		return nil, fmt.Errorf("attachment data: %w", translate(err))
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("attachment data: %w", domain.ErrNotFound)
	}
	return data[0], nil
}
