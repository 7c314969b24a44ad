package store

import (
	"context"

	"procura/domain"
)

// SuggestionDetail is a suggestion with every section of its page: the
// records and lifecycle oldest first, the history newest first.
type SuggestionDetail struct {
	SuggestionRecord
	Replies       []ReplyRecord
	FollowUps     []FollowUpRecord
	Verifications []VerificationRecord
	Transitions   []SuggestionTransition
	Attachments   []Attachment
	History       []AuditEvent
	PageState
}

// suggestionDetailSelect reads a suggestion and its sections (see
// details.go); its parameters are the history's limit and the id.
const suggestionDetailSelect = `SELECT ` + suggestionColumns + `,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT r.id, r.received_on, r.doc_no, r.replier, r.outcome, r.item_outcomes,
		r.measures, r.funds_yuan, r.personnel, r.interim, r.late, r.created_at
		FROM suggestion_replies r WHERE r.suggestion_id = s.id) x)::text AS replies,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT f.id, f.on_date, f.method, f.findings, f.created_at
		FROM suggestion_followups f WHERE f.suggestion_id = s.id) x)::text AS followups,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT v.id, v.on_date, v.result, v.non_performance_codes, v.notes, v.created_at
		FROM suggestion_verifications v WHERE v.suggestion_id = s.id) x)::text AS verifications,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT t.id, t.action, t.from_status, t.to_status, t.actor_id,
		u.name AS actor_name, t.opinion, t.at
		FROM suggestion_transitions t JOIN users u ON u.id = t.actor_id WHERE t.suggestion_id = s.id) x)::text AS transitions,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT l.id, l.filename, a.size, a.content_type, a.sha256,
		u.name AS uploaded_by, l.uploaded_at
		FROM suggestion_attachments l JOIN attachments a ON a.id = l.attachment_id JOIN users u ON u.id = l.uploaded_by
		WHERE l.suggestion_id = s.id) x)::text AS attachments,
	(SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM (SELECT e.id, e.at, e.actor_id, e.actor, e.unit_id, e.action, e.entity,
		e.entity_id, e.before, e.after, e.request_id, e.client_ip, ` + auditActorName + ` AS actor_name
		FROM audit_events e WHERE e.entity = 'suggestion' AND e.entity_id = s.id::text AND e.unit_id = s.unit_id
		ORDER BY e.id DESC LIMIT ?) x)::text AS history
	` + suggestionFrom + ` WHERE s.id = ?`

type suggestionDetailRow struct {
	Row           suggestionRow `gorm:"embedded"` // named: gorm fills no unexported embedded struct
	Replies       string
	Followups     string
	Verifications string
	Transitions   string
	Attachments   string
	History       string
}

type replyJSON struct {
	ID           int64    `json:"id"`
	ReceivedOn   jsonDate `json:"received_on"`
	DocNo        string   `json:"doc_no"`
	Replier      string   `json:"replier"`
	Outcome      string   `json:"outcome"`
	ItemOutcomes []struct {
		Item    int    `json:"item"`
		Outcome string `json:"outcome"`
	} `json:"item_outcomes"`
	Measures  string   `json:"measures"`
	FundsYuan int64    `json:"funds_yuan"`
	Personnel int      `json:"personnel"`
	Interim   bool     `json:"interim"`
	Late      bool     `json:"late"`
	CreatedAt jsonTime `json:"created_at"`
}

type followUpJSON struct {
	ID        int64    `json:"id"`
	OnDate    jsonDate `json:"on_date"`
	Method    string   `json:"method"`
	Findings  string   `json:"findings"`
	CreatedAt jsonTime `json:"created_at"`
}

type verificationJSON struct {
	ID                  int64    `json:"id"`
	OnDate              jsonDate `json:"on_date"`
	Result              string   `json:"result"`
	NonPerformanceCodes []string `json:"non_performance_codes"`
	Notes               string   `json:"notes"`
	CreatedAt           jsonTime `json:"created_at"`
}

type suggestionTransitionJSON struct {
	Action    string   `json:"action"`
	From      string   `json:"from_status"`
	To        string   `json:"to_status"`
	ActorID   int64    `json:"actor_id"`
	ActorName string   `json:"actor_name"`
	Opinion   string   `json:"opinion"`
	At        jsonTime `json:"at"`
}

type attachmentJSON struct {
	ID          int64    `json:"id"`
	Filename    string   `json:"filename"`
	Size        int64    `json:"size"`
	ContentType string   `json:"content_type"`
	SHA256      string   `json:"sha256"`
	UploadedBy  string   `json:"uploaded_by"`
	UploadedAt  jsonTime `json:"uploaded_at"`
}

// GetSuggestionDetail returns a suggestion with its sections and at most
// historyLimit events of its history, in one statement, or from the page
// cache (detailcache.go): the caller must not modify what it returns.
// Errors: domain.ErrNotFound.
func (db *DB) GetSuggestionDetail(ctx context.Context, id int64, historyLimit int) (SuggestionDetail, error) {
	return suggestionPages.get(ctx, db, id, historyLimit)
}

// CompleteSuggestionDetail returns d with its sections (see PageState.Partial).
func (db *DB) CompleteSuggestionDetail(ctx context.Context, d SuggestionDetail) (SuggestionDetail, error) {
	return suggestionPages.complete(ctx, db, d, d.ID, d.PageState)
}

var suggestionPages = memoPages[suggestionDetailRow, SuggestionDetail]{kind: kindSuggestion, what: "suggestion", query: suggestionDetailSelect, toDetail: suggestionDetailRow.toDetail}

func (d SuggestionDetail) withState(st PageState) SuggestionDetail { d.PageState = st; return d }

func (d SuggestionDetail) withoutSections() (any, int) {
	return SuggestionDetail{SuggestionRecord: d.SuggestionRecord, PageState: d.shed()}, recordBytes(d.SuggestionRecord)
}

func (r suggestionDetailRow) toDetail() (SuggestionDetail, error) {
	rec, err := r.Row.toRecord()
	if err != nil {
		return SuggestionDetail{}, err
	}
	d := SuggestionDetail{SuggestionRecord: rec}
	replies, err := decodeSection[replyJSON]("replies", r.Row.ID, r.Replies)
	if err != nil {
		return SuggestionDetail{}, err
	}
	for _, x := range replies {
		rep := domain.Reply{ID: x.ID, ReceivedOn: x.ReceivedOn.Date, DocNo: x.DocNo, Replier: x.Replier, Outcome: domain.Outcome(x.Outcome),
			Measures: x.Measures, FundsYuan: x.FundsYuan, Personnel: x.Personnel, Interim: x.Interim, Late: x.Late}
		for _, io := range x.ItemOutcomes {
			rep.ItemOutcomes = append(rep.ItemOutcomes, domain.ItemOutcome{Item: io.Item, Outcome: domain.Outcome(io.Outcome)})
		}
		d.Replies = append(d.Replies, ReplyRecord{Reply: rep, CreatedAt: x.CreatedAt.Time})
	}
	followUps, err := decodeSection[followUpJSON]("follow-ups", r.Row.ID, r.Followups)
	if err != nil {
		return SuggestionDetail{}, err
	}
	for _, x := range followUps {
		d.FollowUps = append(d.FollowUps, FollowUpRecord{FollowUp: domain.FollowUp{ID: x.ID, On: x.OnDate.Date, Method: x.Method,
			Findings: x.Findings}, CreatedAt: x.CreatedAt.Time})
	}
	verifications, err := decodeSection[verificationJSON]("verifications", r.Row.ID, r.Verifications)
	if err != nil {
		return SuggestionDetail{}, err
	}
	for _, x := range verifications {
		d.Verifications = append(d.Verifications, VerificationRecord{Verification: domain.Verification{ID: x.ID, On: x.OnDate.Date,
			Result: x.Result, NonPerformanceCodes: x.NonPerformanceCodes, Notes: x.Notes}, CreatedAt: x.CreatedAt.Time})
	}
	transitions, err := decodeSection[suggestionTransitionJSON]("transitions", r.Row.ID, r.Transitions)
	if err != nil {
		return SuggestionDetail{}, err
	}
	for _, x := range transitions {
		d.Transitions = append(d.Transitions, SuggestionTransition{Action: x.Action, From: x.From, To: x.To, ActorID: x.ActorID,
			ActorName: x.ActorName, Opinion: x.Opinion, At: x.At.Time})
	}
	attachments, err := decodeSection[attachmentJSON]("attachments", r.Row.ID, r.Attachments)
	if err != nil {
		return SuggestionDetail{}, err
	}
	for _, x := range attachments {
		d.Attachments = append(d.Attachments, Attachment{ID: x.ID, OwnerID: r.Row.ID, UnitID: r.Row.UnitID, UnitPath: r.Row.UnitPath, Filename: x.Filename,
			Size: x.Size, ContentType: x.ContentType, SHA256: x.SHA256, UploadedBy: x.UploadedBy, UploadedAt: x.UploadedAt.Time})
	}
	if d.History, err = decodeHistory(r.Row.ID, r.History); err != nil {
		return SuggestionDetail{}, err
	}
	return d, nil
}
