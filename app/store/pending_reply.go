package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"procura/domain"
)

// PendingReply is a reply a recipient submitted, waiting for a clerk; or,
// of kind EvidenceKind, later evidence of rectification: a description
// (in Measures) and files, without an outcome.
type PendingReply struct {
	domain.Reply
	Kind         string // ReplyKind or EvidenceKind
	SuggestionID int64
	LinkID       int64
	SubmittedAt  time.Time
	ClientIP     string
	State        string // pending, accepted, returned
	DecidedBy    string
	DecidedAt    *time.Time
	Note         string
	ReplyID      int64 // the reply on record, once a reply is accepted
	FollowUpID   int64 // the follow-up on record, once evidence is accepted
	Files        []PendingFile
}

// PendingFile is a file attached to a submitted reply.
type PendingFile struct {
	ID          int64
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	Data        []byte // only when submitting
}

// The kinds of submission.
const (
	ReplyKind    = "reply"
	EvidenceKind = "evidence"
)

// The states of a submitted reply.
const (
	PendingState  = "pending"
	AcceptedState = "accepted"
	ReturnedState = "returned"
)

// SubmitPendingReply stores a reply submitted through a link, with its
// files, and tells the clerks of the suggestion's unit and its handling
// prosecutor, in one transaction.
func (db *DB) SubmitPendingReply(ctx context.Context, link DeliveryLink, unitID int64, r PendingReply) (int64, error) {
	var id int64
	err := db.WithTx(ctx, func(ctx context.Context) error {
		a := actorFrom(ctx)
		c := db.conn(ctx)
		kind := r.Kind
		if kind == "" {
			kind = ReplyKind
		}
		if err := c.Raw(`INSERT INTO pending_replies (suggestion_id, link_id, client_ip, kind, doc_no, replier, outcome, item_outcomes, measures,
			funds_yuan, personnel, interim) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) RETURNING id`,
			link.SuggestionID, link.ID, a.ClientIP, kind, r.DocNo, r.Replier, string(r.Outcome), mustJSON(itemOutcomesJSON(r.ItemOutcomes)),
			r.Measures, r.FundsYuan, r.Personnel, r.Interim).Scan(&id).Error; err != nil {
			return translate(err)
		}
		var files []map[string]any
		for _, f := range r.Files {
			sum := sha256.Sum256(f.Data)
			hash := hex.EncodeToString(sum[:])
			if err := c.Exec(`INSERT INTO attachments (sha256, size, content_type, data) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
				hash, len(f.Data), f.ContentType, f.Data).Error; err != nil {
				return translate(err)
			}
			if err := c.Exec(`INSERT INTO pending_reply_files (pending_reply_id, attachment_id, filename)
				SELECT ?, id, ? FROM attachments WHERE sha256 = ?`, id, f.Filename, hash).Error; err != nil {
				return translate(err)
			}
			files = append(files, map[string]any{"filename": f.Filename, "size": len(f.Data), "sha256": hash})
		}
		if err := db.handOff(ctx, false, link.SuggestionID); err != nil {
			return err
		}
		if kind == EvidenceKind {
			return db.audit(ctx, "submit_evidence", "suggestion", link.SuggestionID, unitID, nil, map[string]any{"pending_reply_id": id,
				"link_id": link.ID, "replier": r.Replier, "description": r.Measures, "files": files})
		}
		return db.audit(ctx, "submit_reply", "suggestion", link.SuggestionID, unitID, nil, map[string]any{"pending_reply_id": id,
			"link_id": link.ID, "doc_no": r.DocNo, "replier": r.Replier, "outcome": r.Outcome, "interim": r.Interim, "files": files})
	})
	if err != nil {
		return 0, fmt.Errorf("submit reply: %w", err)
	}
	return id, nil
}

func itemOutcomesJSON(ios []domain.ItemOutcome) []map[string]any {
	out := make([]map[string]any, len(ios))
	for i, x := range ios {
		out[i] = map[string]any{"item": x.Item, "outcome": string(x.Outcome)}
	}
	return out
}

type pendingReplyRow struct {
	ID           int64
	SuggestionID int64
	LinkID       int64
	SubmittedAt  time.Time
	ClientIP     string
	DocNo        string
	Replier      string
	Outcome      string
	ItemOutcomes string
	Measures     string
	FundsYuan    int64
	Personnel    int
	Interim      bool
	State        string
	DecidedBy    *string
	DecidedAt    *time.Time
	Note         string
	ReplyID      *int64
	FollowupID   *int64
	Kind         string
	Files        string
}

const pendingReplySelect = `SELECT p.id, p.suggestion_id, p.link_id, p.submitted_at, p.client_ip, p.doc_no, p.replier, p.outcome,
	p.item_outcomes::text AS item_outcomes, p.measures, p.funds_yuan, p.personnel, p.interim, p.state, d.name AS decided_by, p.decided_at,
	p.note, p.reply_id, p.followup_id, p.kind,
	(SELECT coalesce(json_agg(json_build_object('id', f.id, 'filename', f.filename, 'content_type', a.content_type, 'size', a.size,
		'sha256', a.sha256) ORDER BY f.id), '[]') FROM pending_reply_files f JOIN attachments a ON a.id = f.attachment_id
		WHERE f.pending_reply_id = p.id)::text AS files
	FROM pending_replies p LEFT JOIN users d ON d.id = p.decided_by`

func (r pendingReplyRow) reply() (PendingReply, error) {
	p := PendingReply{Reply: domain.Reply{ID: r.ID, DocNo: r.DocNo, Replier: r.Replier, Outcome: domain.Outcome(r.Outcome),
		Measures: r.Measures, FundsYuan: r.FundsYuan, Personnel: r.Personnel, Interim: r.Interim, ReceivedOn: domain.DateOf(r.SubmittedAt, domain.Shanghai)},
		Kind: r.Kind, SuggestionID: r.SuggestionID, LinkID: r.LinkID, SubmittedAt: r.SubmittedAt, ClientIP: r.ClientIP, State: r.State,
		DecidedAt: r.DecidedAt, Note: r.Note}
	if r.FollowupID != nil {
		p.FollowUpID = *r.FollowupID
	}
	if r.DecidedBy != nil {
		p.DecidedBy = *r.DecidedBy
	}
	if r.ReplyID != nil {
		p.ReplyID = *r.ReplyID
	}
	var ios []struct {
		Item    int    `json:"item"`
		Outcome string `json:"outcome"`
	}
	if err := json.Unmarshal([]byte(r.ItemOutcomes), &ios); err != nil {
		return PendingReply{}, fmt.Errorf("pending reply %d outcomes: %w", r.ID, err)
	}
	for _, x := range ios {
		p.ItemOutcomes = append(p.ItemOutcomes, domain.ItemOutcome{Item: x.Item, Outcome: domain.Outcome(x.Outcome)})
	}
	var files []struct {
		ID          int64  `json:"id"`
		Filename    string `json:"filename"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
		SHA256      string `json:"sha256"`
	}
	if err := json.Unmarshal([]byte(r.Files), &files); err != nil {
		return PendingReply{}, fmt.Errorf("pending reply %d files: %w", r.ID, err)
	}
	for _, f := range files {
		p.Files = append(p.Files, PendingFile{ID: f.ID, Filename: f.Filename, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256})
	}
	return p, nil
}

// PendingReplies lists the replies submitted through a suggestion's
// links, newest first; byLink limits them to one link (0: all).
func (db *DB) PendingReplies(ctx context.Context, suggestionID, byLink int64) ([]PendingReply, error) {
	var rows []pendingReplyRow
	if err := db.conn(ctx).Raw(pendingReplySelect+` WHERE p.suggestion_id = ? AND (? = 0 OR p.link_id = ?) ORDER BY p.id DESC`,
		suggestionID, byLink, byLink).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("pending replies: %w", translate(err))
	}
	out := make([]PendingReply, 0, len(rows))
	for _, r := range rows {
		p, err := r.reply()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PendingReplySuggestion is the suggestion a submission belongs to, and
// the submission's kind.
func (db *DB) PendingReplySuggestion(ctx context.Context, id int64) (SuggestionRecord, string, error) {
	var row struct {
		SuggestionID int64
		Kind         string
	}
	if err := db.conn(ctx).Raw(`SELECT suggestion_id, kind FROM pending_replies WHERE id = ?`, id).Scan(&row).Error; err != nil {
		return SuggestionRecord{}, "", translate(err)
	}
	if row.SuggestionID == 0 {
		return SuggestionRecord{}, "", domain.ErrNotFound
	}
	rec, err := db.GetSuggestion(ctx, row.SuggestionID)
	return rec, row.Kind, err
}

// PendingReplyFile is a file of a submission, with its content; not found
// unless fileID belongs to submission id.
func (db *DB) PendingReplyFile(ctx context.Context, id, fileID int64) (PendingFile, error) {
	var row struct {
		ID          int64
		Filename    string
		ContentType string
		Size        int64
		SHA256      string
		Data        []byte
	}
	if err := db.conn(ctx).Raw(`SELECT f.id, f.filename, a.content_type, a.size, a.sha256, a.data
		FROM pending_reply_files f JOIN attachments a ON a.id = f.attachment_id WHERE f.id = ? AND f.pending_reply_id = ?`, fileID, id).
		Scan(&row).Error; err != nil {
		return PendingFile{}, translate(err)
	}
	if row.ID == 0 {
		return PendingFile{}, domain.ErrNotFound
	}
	return PendingFile{ID: row.ID, Filename: row.Filename, ContentType: row.ContentType, Size: row.Size, SHA256: row.SHA256, Data: row.Data}, nil
}

// ErrNotPending is the answer to deciding a submitted reply twice.
var ErrNotPending = &domain.Error{Kind: domain.KindConflict, Code: "not_pending",
	Message: "This reply has been accepted or returned already.", MessageZh: "该回复已核收或退回。"}

// errWrongKind answers deciding a submission as the other kind.
var errWrongKind = &domain.Error{Kind: domain.KindConflict, Code: "wrong_kind",
	Message: "This submission is of another kind.", MessageZh: "该提交的类型不符。"}

// lockPending locks a submission and checks that it is pending (and, when
// kind is not "", of that kind).
func (db *DB) lockPending(ctx context.Context, id int64, kind string) (PendingReply, error) {
	var row pendingReplyRow
	if err := db.conn(ctx).Raw(pendingReplySelect+` WHERE p.id = ? FOR UPDATE OF p`, id).Scan(&row).Error; err != nil {
		return PendingReply{}, translate(err)
	}
	if row.ID == 0 {
		return PendingReply{}, domain.ErrNotFound
	}
	p, err := row.reply()
	if err != nil {
		return PendingReply{}, err
	}
	if p.State != PendingState {
		return PendingReply{}, ErrNotPending
	}
	if kind != "" && p.Kind != kind {
		return PendingReply{}, errWrongKind
	}
	return p, nil
}

// AcceptPendingReply takes a submitted reply into the record: fn (as for
// AddReply) decides the reply and the suggestion's new state from the
// submission; its files become attachments of the suggestion.
func (db *DB) AcceptPendingReply(ctx context.Context, id int64, fn func(domain.Suggestion, PendingReply) (domain.Suggestion, domain.Reply, error)) (domain.Reply, error) {
	var out domain.Reply
	err := db.acceptPending(ctx, id, ReplyKind, func(ctx context.Context, p PendingReply) (string, int64, map[string]any, error) {
		var err error
		if out, err = db.AddReply(ctx, p.SuggestionID, func(cur domain.Suggestion) (domain.Suggestion, domain.Reply, error) {
			return fn(cur, p)
		}); err != nil {
			return "", 0, nil, err
		}
		return "reply_id", out.ID, map[string]any{"reply_id": out.ID, "late": out.Late}, nil
	})
	if err != nil {
		return domain.Reply{}, fmt.Errorf("accept reply: %w", err)
	}
	return out, nil
}

// AcceptPendingEvidence takes submitted evidence of rectification into
// the record as a follow-up: fn (as for AddFollowUp) decides the follow-up
// and the suggestion's new state; its files become attachments of the
// suggestion.
func (db *DB) AcceptPendingEvidence(ctx context.Context, id int64, fn func(domain.Suggestion, PendingReply) (domain.Suggestion, domain.FollowUp, error)) (domain.FollowUp, error) {
	var out domain.FollowUp
	err := db.acceptPending(ctx, id, EvidenceKind, func(ctx context.Context, p PendingReply) (string, int64, map[string]any, error) {
		var err error
		if out, err = db.AddFollowUp(ctx, p.SuggestionID, func(cur domain.Suggestion) (domain.Suggestion, domain.FollowUp, error) {
			return fn(cur, p)
		}); err != nil {
			return "", 0, nil, err
		}
		return "followup_id", out.ID, map[string]any{"followup_id": out.ID}, nil
	})
	if err != nil {
		return domain.FollowUp{}, fmt.Errorf("accept evidence: %w", err)
	}
	return out, nil
}

// acceptPending decides a pending submission of kind as accepted, in one
// transaction: record writes the record it becomes and names the column
// that links it; the submission's files become the suggestion's.
func (db *DB) acceptPending(ctx context.Context, id int64, kind string,
	record func(context.Context, PendingReply) (column string, recordID int64, audit map[string]any, err error)) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		p, err := db.lockPending(ctx, id, kind)
		if err != nil {
			return err
		}
		column, recordID, details, err := record(ctx, p)
		if err != nil {
			return err
		}
		a := actorFrom(ctx)
		c := db.conn(ctx)
		// column is one of two constants above, never input.
		if err := c.Exec(`UPDATE pending_replies SET state = 'accepted', `+column+` = ?, decided_by = ?, decided_at = now() WHERE id = ?`,
			recordID, a.UserID, id).Error; err != nil {
			return translate(err)
		}
		if err := c.Exec(`INSERT INTO suggestion_attachments (suggestion_id, attachment_id, filename, uploaded_by)
			SELECT ?, f.attachment_id, f.filename, ? FROM pending_reply_files f WHERE f.pending_reply_id = ? ORDER BY f.id`,
			p.SuggestionID, a.UserID, id).Error; err != nil {
			return translate(err)
		}
		rec, err := db.GetSuggestion(ctx, p.SuggestionID)
		if err != nil {
			return err
		}
		details["pending_reply_id"] = id
		return db.audit(ctx, "accept_"+kind, "suggestion", p.SuggestionID, rec.UnitID, nil, details)
	})
}

// ReturnPendingReply sends a submitted reply back with a note the
// recipient reads at its link.
func (db *DB) ReturnPendingReply(ctx context.Context, id int64, note string) error {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		p, err := db.lockPending(ctx, id, "")
		if err != nil {
			return err
		}
		if err := db.conn(ctx).Exec(`UPDATE pending_replies SET state = 'returned', note = ?, decided_by = ?, decided_at = now() WHERE id = ?`,
			note, actorFrom(ctx).UserID, id).Error; err != nil {
			return translate(err)
		}
		rec, err := db.GetSuggestion(ctx, p.SuggestionID)
		if err != nil {
			return err
		}
		return db.audit(ctx, "return_"+p.Kind, "suggestion", p.SuggestionID, rec.UnitID, nil, map[string]any{"pending_reply_id": id, "note": note})
	})
	if err != nil {
		return fmt.Errorf("return reply: %w", err)
	}
	return nil
}
