package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"procura/app/document"
	"procura/domain"
)

// docxType is the media type of a Word document.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// freezeLetter writes the 检察建议书 of a suggestion being issued, dated
// today in Shanghai, stores it as one of the suggestion's attachments and
// records it as the letter, in the transaction: the letter on
// record is the letter sent, whatever is edited later. It returns the
// attachment's id.
func (db *DB) freezeLetter(ctx context.Context, rec SuggestionRecord) (int64, error) {
	now := time.Now()
	l := document.SuggestionLetter(rec.Suggestion, rec.UnitName, domain.DateOf(now, domain.Shanghai))
	var buf bytes.Buffer
	if err := document.WriteLetter(&buf, l, now); err != nil {
		return 0, fmt.Errorf("letter: %w", err)
	}
	data := buf.Bytes()
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	name := document.LetterFileName(l)
	linkID, err := db.linkAttachment(ctx, rec.ID, name, docxType, hash, data)
	if err != nil {
		return 0, err
	}
	if err := db.conn(ctx).Exec(`UPDATE suggestions SET letter_id = ? WHERE id = ?`, linkID, rec.ID).Error; err != nil {
		return 0, translate(err)
	}
	return linkID, db.audit(ctx, "attach", "suggestion", rec.ID, rec.UnitID, nil, map[string]any{"attachment_id": linkID,
		"filename": name, "size": len(data), "content_type": docxType, "sha256": hash, "letter": true})
}
