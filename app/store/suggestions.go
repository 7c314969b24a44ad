package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"procura/domain"
)

type suggestionRow struct {
	ID                   int64
	UnitID               int64
	UnitPath             string
	UnitCode             string
	UnitName             string
	UnitShortName        string
	Type                 string
	Category             string
	Title                string
	RecipientName        string
	RecipientKind        string
	RecipientAddress     string
	RecipientLegalRep    string
	RecipientPhone       string
	CopyTo               string
	Source               string
	Facts                string
	Problems             string
	Items                string
	LegalBasis           string
	Urgent               bool
	CivilEnforcement     bool
	Status               string
	HandlingProsecutorID int64
	HandlerName          string
	CreatedBy            int64
	DocNo                *string
	ServedOn             *time.Time
	ServiceMethod        string
	ReplyDueOn           *time.Time
	ObjectedOn           *time.Time
	PausedDays           int
	FilingDueOn          *time.Time
	FiledOn              *time.Time
	ExtensionMonths      int
	EscalationLevel      string
	ClosedReason         string
	HasFinalReply        bool
	Version              int
	CreatedAt            time.Time
	UpdatedAt            time.Time
	CaseNumbers          string
	LetterID             *int64
	ReplyDueProvisional  bool
	FilingDueProvisional bool
}

// SuggestionRecord is a suggestion with what the pages show beside it.
type SuggestionRecord struct {
	domain.Suggestion
	UnitCode      string
	UnitName      string
	UnitShortName string
	HandlerName   string
	LetterID      int64 // the attachment holding the letter as issued; 0 before issue
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// ReplyDueProvisional and FilingDueProvisional: the due date lies in a
	// year whose holidays are not on record (domain.Calendar.Provisional).
	ReplyDueProvisional  bool
	FilingDueProvisional bool
}

// suggestionColumns and suggestionFrom read a suggestion with its unit and
// handler. The last two columns are true when the due date lies in a year
// without a listed calendar day, as domain.Calendar.Provisional decides (a
// range probe of calendar_days' primary key).
const suggestionColumns = `s.id, s.unit_id, un.path AS unit_path, un.code AS unit_code, un.name AS unit_name, un.short_name AS unit_short_name,
	s.type, s.category, s.title, s.recipient_name, s.recipient_kind, s.recipient_address, s.recipient_legal_rep, s.recipient_phone,
	s.copy_to::text AS copy_to, s.source, s.facts, s.problems, s.items::text AS items, s.legal_basis, s.urgent, s.civil_enforcement,
	` + suggestionStateColumns + `,
	coalesce((SELECT json_agg(c.case_number ORDER BY c.case_number) FROM suggestion_cases c WHERE c.suggestion_id = s.id), '[]')::text AS case_numbers,
	` + replyDueProvisional + ` AS reply_due_provisional,
	(s.filing_due_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM calendar_days cd
		WHERE cd.day BETWEEN date_trunc('year', s.filing_due_on)::date AND (date_trunc('year', s.filing_due_on) + interval '1 year - 1 day')::date)) AS filing_due_provisional`

// suggestionSummaryColumns are suggestionColumns for a list page: what a
// row of the list shows and its allowed actions are decided by (the
// lifecycle reads states, dates and people, never the texts), with the
// long texts, items, copies, case numbers and the filing due date's
// calendar left empty. A page of 20 read 20 texts of up to 20,000
// characters each and three JSON values a row that no list shows.
const suggestionSummaryColumns = `s.id, s.unit_id, un.path AS unit_path, un.code AS unit_code, un.name AS unit_name, un.short_name AS unit_short_name,
	s.type, s.category, s.title, s.recipient_name, s.recipient_kind, '' AS recipient_address, '' AS recipient_legal_rep, '' AS recipient_phone,
	'[]' AS copy_to, s.source, '' AS facts, '' AS problems, '[]' AS items, '' AS legal_basis, s.urgent, s.civil_enforcement,
	` + suggestionStateColumns + `, '[]' AS case_numbers, ` + replyDueProvisional + ` AS reply_due_provisional, false AS filing_due_provisional`

// suggestionStateColumns are the columns of a suggestion's state, dates
// and people.
const suggestionStateColumns = `s.status, s.handling_prosecutor_id, hp.name AS handler_name, s.created_by, s.doc_no, s.served_on, s.service_method, s.reply_due_on,
	s.objected_on, s.paused_days, s.filing_due_on, s.filed_on, s.extension_months, s.escalation_level, s.closed_reason,
	s.has_final_reply, s.version, s.created_at, s.updated_at, s.letter_id`

// replyDueProvisional is reply_due_provisional (see suggestionColumns).
const replyDueProvisional = `(s.reply_due_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM calendar_days cd
		WHERE cd.day BETWEEN date_trunc('year', s.reply_due_on)::date AND (date_trunc('year', s.reply_due_on) + interval '1 year - 1 day')::date))`

const suggestionFrom = `FROM suggestions s JOIN units un ON un.id = s.unit_id JOIN users hp ON hp.id = s.handling_prosecutor_id`

func (r suggestionRow) toRecord() (SuggestionRecord, error) {
	s := domain.Suggestion{
		ID: r.ID, UnitID: r.UnitID, UnitPath: r.UnitPath, Type: domain.SuggestionType(r.Type), Category: r.Category, Title: r.Title,
		Recipient: domain.Recipient{Name: r.RecipientName, Kind: domain.RecipientKind(r.RecipientKind), Address: r.RecipientAddress,
			LegalRepresentative: r.RecipientLegalRep, Phone: r.RecipientPhone},
		Source: r.Source, Facts: r.Facts, Problems: r.Problems, LegalBasis: r.LegalBasis, Urgent: r.Urgent, CivilEnforcement: r.CivilEnforcement,
		Status: domain.SuggestionStatus(r.Status), HandlingProsecutorID: r.HandlingProsecutorID, CreatedBy: r.CreatedBy,
		ServedOn: dateOf(r.ServedOn), ServiceMethod: r.ServiceMethod, ReplyDueOn: dateOf(r.ReplyDueOn), ObjectedOn: dateOf(r.ObjectedOn),
		PausedDays: r.PausedDays, FilingDueOn: dateOf(r.FilingDueOn), FiledOn: dateOf(r.FiledOn), ExtensionMonths: r.ExtensionMonths,
		EscalationLevel: r.EscalationLevel, ClosedReason: r.ClosedReason, HasFinalReply: r.HasFinalReply, Version: r.Version,
	}
	if r.DocNo != nil {
		s.DocNo = *r.DocNo
	}
	var items []struct {
		No   int    `json:"no"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal([]byte(r.Items), &items); err != nil {
		return SuggestionRecord{}, fmt.Errorf("suggestion %d items: %w", r.ID, err)
	}
	for _, it := range items {
		s.Items = append(s.Items, domain.SuggestionItem{No: it.No, Text: it.Text})
	}
	if err := json.Unmarshal([]byte(r.CopyTo), &s.CopyTo); err != nil {
		return SuggestionRecord{}, fmt.Errorf("suggestion %d copy_to: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.CaseNumbers), &s.CaseNumbers); err != nil {
		return SuggestionRecord{}, fmt.Errorf("suggestion %d cases: %w", r.ID, err)
	}
	rec := SuggestionRecord{Suggestion: s, UnitCode: r.UnitCode, UnitName: r.UnitName, UnitShortName: r.UnitShortName,
		HandlerName: r.HandlerName, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		ReplyDueProvisional: r.ReplyDueProvisional, FilingDueProvisional: r.FilingDueProvisional}
	if r.LetterID != nil {
		rec.LetterID = *r.LetterID
	}
	return rec, nil
}

func dateOf(t *time.Time) domain.Date {
	if t == nil {
		return domain.Date{}
	}
	return domain.DateOf(*t, time.UTC)
}

// dateArg is a nullable date parameter.
func dateArg(d domain.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func itemsJSON(items []domain.SuggestionItem) string {
	type item struct {
		No   int    `json:"no"`
		Text string `json:"text"`
	}
	out := make([]item, len(items))
	for i, it := range items {
		out[i] = item{No: i + 1, Text: strings.TrimSpace(it.Text)}
	}
	return mustJSON(out)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain slices of strings and structs are marshalled here
	}
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// GetSuggestion returns one suggestion. Errors: domain.ErrNotFound.
func (db *DB) GetSuggestion(ctx context.Context, id int64) (SuggestionRecord, error) {
	recs, err := db.suggestionsWhere(ctx, "s.id = ?", []any{id}, "", 1)
	if err != nil {
		return SuggestionRecord{}, fmt.Errorf("get suggestion: %w", err)
	}
	if len(recs) == 0 {
		return SuggestionRecord{}, fmt.Errorf("get suggestion: %w", domain.ErrNotFound)
	}
	return recs[0], nil
}

func (db *DB) lockSuggestion(ctx context.Context, id int64) (SuggestionRecord, error) {
	if err := db.conn(ctx).Exec(`SELECT 1 FROM suggestions WHERE id = ? FOR UPDATE`, id).Error; err != nil {
		return SuggestionRecord{}, translate(err)
	}
	return db.GetSuggestion(ctx, id)
}

func (db *DB) suggestionsWhere(ctx context.Context, cond string, args []any, order string, limit int) ([]SuggestionRecord, error) {
	return db.suggestionsWith(ctx, "", suggestionColumns, cond, args, order, limit)
}

// suggestionsWith is suggestionsWhere after a WITH clause.
func (db *DB) suggestionsWith(ctx context.Context, with, columns, cond string, args []any, order string, limit int) ([]SuggestionRecord, error) {
	q := with + "SELECT " + columns + " " + suggestionFrom + " WHERE " + cond
	if order != "" {
		q += " ORDER BY " + order
	}
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	var rows []suggestionRow
	if err := db.pageConn(ctx, with).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]SuggestionRecord, len(rows))
	for i, r := range rows {
		rec, err := r.toRecord()
		if err != nil {
			return nil, err
		}
		out[i] = rec
	}
	return out, nil
}

// SuggestionFilter selects suggestions; rows of units outside Scope are
// never returned.
type SuggestionFilter struct {
	Scope     domain.Scope
	UnitPath  string // that unit and its subtree
	Status    []domain.SuggestionStatus
	Type      string
	Category  string
	Overdue   bool
	Today     domain.Date
	Q         string
	DueBefore domain.Date
	Handler   int64
	// ServedFrom and ServedTo select suggestions served in that span.
	ServedFrom, ServedTo domain.Date
	// Exact keeps UnitPath's own suggestions only, not its subtree's.
	Exact    bool
	BeforeID int64 // keyset cursor: newest first
	Limit    int
	// IDs keeps only these suggestions (an export of the rows selected).
	IDs []int64
	// Offset skips matches (page numbers, at most MaxListOffset).
	Offset int
	// Sort orders by one of SuggestionSorts, from After.
	Sort  ListSort
	After *SortCursor
	// Summary reads only what a list row shows (suggestionSummaryColumns):
	// the records have no texts, items, copies or case numbers.
	Summary bool
}

// SuggestionSorts are the keys a suggestion list sorts by.
var SuggestionSorts = ListSorts{
	"served_on":    dateSort("s.served_on"),
	"reply_due_on": dateSort("s.reply_due_on"),
	"status":       rankSort("procura_suggestion_rank", "s.status", func(v string) bool { return domain.SuggestionStatus(v).Valid() }),
	"updated_at":   timeSort("s.updated_at"),
}

// SuggestionSortValue is r's value of the sort key (for the cursor after
// it), nil when it has none.
func SuggestionSortValue(r SuggestionRecord, key string) *string {
	switch key {
	case "served_on":
		return dateText(r.ServedOn)
	case "reply_due_on":
		return dateText(r.ReplyDueOn)
	case "status":
		return textPtr(string(r.Status))
	case "updated_at":
		return textPtr(r.UpdatedAt.UTC().Format(time.RFC3339Nano))
	}
	return nil
}

// suggestionShortText is the indexed expression of a suggestion's 文号,
// title and recipient (migration 00020), which one- and two-character
// searches read.
const suggestionShortText = "(coalesce(s.doc_no, '') || ' ' || s.title || ' ' || s.recipient_name)"

// ListSuggestions returns suggestions newest first, a keyset page at a
// time (see keysetPage for why every filter stays cheap).
func (db *DB) ListSuggestions(ctx context.Context, f SuggestionFilter) ([]SuggestionRecord, error) {
	p := suggestionPage(f)
	if err := db.preparePage(ctx, p); err != nil {
		return nil, err
	}
	with, args := p.with()
	columns := suggestionColumns
	if f.Summary {
		columns = suggestionSummaryColumns
	}
	recs, err := db.suggestionsWith(ctx, with, columns, "s.id IN (SELECT id FROM page) "+p.tail(f.Limit), args, "", 0)
	if err != nil {
		return nil, fmt.Errorf("list suggestions: %w", err)
	}
	return recs, nil
}

// suggestionPage is the page of suggestions that f selects.
func suggestionPage(f SuggestionFilter) *keysetPage {
	p := &keysetPage{table: "suggestions", alias: "s", before: f.BeforeID, limit: f.Limit, offset: f.Offset}
	p.sortBy(f.Sort, f.After, SuggestionSorts)
	p.inScope(f.Scope)
	switch {
	case f.UnitPath != "" && f.Exact:
		p.inUnits(false, []string{f.UnitPath}, nil)
	case f.UnitPath != "":
		p.inSubtree(f.UnitPath)
	}
	if !f.ServedFrom.IsZero() {
		p.where("s.served_on >= ?", f.ServedFrom.String())
	}
	if !f.ServedTo.IsZero() {
		p.where("s.served_on <= ?", f.ServedTo.String())
	}
	if f.Handler != 0 {
		p.equal("handling_prosecutor_id", "bigint", f.Handler)
	}
	if f.Category != "" {
		p.equal("category", "text", f.Category)
	}
	if f.Type != "" {
		p.equal("type", "text", f.Type)
	}
	// Overdue and due-before select issued suggestions without a final
	// reply (the rows of the partial index suggestions_due). A status
	// filter beside them either holds issued, and adds nothing, or does
	// not, and leaves nothing: said as a second status condition, the
	// planner would count the issued share twice and expect a hundredth
	// of the rows (and count them, slowly, instead of estimating).
	open := f.Overdue || !f.DueBefore.IsZero()
	switch {
	case open && len(f.Status) > 0 && !slices.Contains(f.Status, domain.StatusIssued):
		p.where("false")
	case !open:
		oneOf(p, "status", f.Status)
	}
	if f.Overdue {
		p.where("s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on < ?", f.Today.String())
	}
	if !f.DueBefore.IsZero() {
		p.where("s.reply_due_on <= ? AND s.status = 'issued' AND NOT s.has_final_reply", f.DueBefore.String())
	}
	if f.Q != "" {
		p.matchText("s.search_text", "suggestions_search_grams", suggestionShortText, f.Q)
	}
	if len(f.IDs) > 0 {
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			args[i] = id
		}
		p.where("s.id IN ("+placeholders(len(f.IDs))+")", args...)
	}
	return p
}

// CreateSuggestion stores a new draft.
func (db *DB) CreateSuggestion(ctx context.Context, s domain.Suggestion) (SuggestionRecord, error) {
	var rec SuggestionRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := domain.ValidateSuggestion(s); err != nil {
			return err
		}
		if err := db.checkCategory(ctx, s.Category); err != nil {
			return err
		}
		var id int64
		err := db.conn(ctx).Raw(`INSERT INTO suggestions (unit_id, type, category, title, recipient_name, recipient_kind, recipient_address,
			recipient_legal_rep, recipient_phone, copy_to, source, facts, problems, items, legal_basis, urgent, civil_enforcement,
			status, handling_prosecutor_id, created_by)
			VALUES ( ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, 'draft', ?, ?) RETURNING id`,
			s.UnitID, string(s.Type), s.Category, strings.TrimSpace(s.Title), strings.TrimSpace(s.Recipient.Name), string(s.Recipient.Kind),
			s.Recipient.Address, s.Recipient.LegalRepresentative, s.Recipient.Phone, mustJSON(s.CopyTo), s.Source, s.Facts, s.Problems,
			itemsJSON(s.Items), s.LegalBasis, s.Urgent, s.CivilEnforcement, s.HandlingProsecutorID, s.CreatedBy).Scan(&id).Error
		if err != nil {
			return translate(err)
		}
		if err := db.setCaseNumbers(ctx, id, s.CaseNumbers); err != nil {
			return err
		}
		if rec, err = db.GetSuggestion(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "create", "suggestion", id, s.UnitID, nil, suggestionSnapshot(rec.Suggestion))
	})
	if err != nil {
		return SuggestionRecord{}, fmt.Errorf("create suggestion: %w", err)
	}
	return rec, nil
}

// UpdateSuggestion replaces the content of a draft, checked by check
// against the stored record under its row lock. Errors: domain.ErrNotFound,
// domain.ErrVersionConflict, domain.ErrInvalid, and check's errors.
func (db *DB) UpdateSuggestion(ctx context.Context, id int64, version int, edit func(domain.Suggestion) (domain.Suggestion, error)) (SuggestionRecord, error) {
	var rec SuggestionRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, err := db.lockSuggestion(ctx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return domain.ErrVersionConflict
		}
		s, err := edit(before.Suggestion)
		if err != nil {
			return err
		}
		if err := domain.ValidateSuggestion(s); err != nil {
			return err
		}
		if err := db.checkCategory(ctx, s.Category); err != nil {
			return err
		}
		err = db.conn(ctx).Exec(`UPDATE suggestions SET type = ?, category = ?, title = ?, recipient_name = ?, recipient_kind = ?,
			recipient_address = ?, recipient_legal_rep = ?, recipient_phone = ?, copy_to = ?::jsonb, source = ?, facts = ?, problems = ?,
			items = ?::jsonb, legal_basis = ?, urgent = ?, civil_enforcement = ?, version = version + 1 WHERE id = ?`,
			string(s.Type), s.Category, strings.TrimSpace(s.Title), strings.TrimSpace(s.Recipient.Name), string(s.Recipient.Kind),
			s.Recipient.Address, s.Recipient.LegalRepresentative, s.Recipient.Phone, mustJSON(s.CopyTo), s.Source, s.Facts, s.Problems,
			itemsJSON(s.Items), s.LegalBasis, s.Urgent, s.CivilEnforcement, id).Error
		if err != nil {
			return translate(err)
		}
		if err := db.setCaseNumbers(ctx, id, s.CaseNumbers); err != nil {
			return err
		}
		if rec, err = db.GetSuggestion(ctx, id); err != nil {
			return err
		}
		return db.audit(ctx, "update", "suggestion", id, s.UnitID, suggestionSnapshot(before.Suggestion), suggestionSnapshot(rec.Suggestion))
	})
	if err != nil {
		return SuggestionRecord{}, fmt.Errorf("update suggestion: %w", err)
	}
	return rec, nil
}

func (db *DB) checkCategory(ctx context.Context, code string) error {
	var n int64
	if err := db.conn(ctx).Raw(`SELECT count(*) FROM categories WHERE code = ? AND active`, code).Scan(&n).Error; err != nil {
		return translate(err)
	}
	if n == 0 {
		return domain.Invalid(domain.Field("category", "unknown", "Unknown class-case category.", "未知的类案类别。"))
	}
	return nil
}

func (db *DB) setCaseNumbers(ctx context.Context, id int64, numbers []string) error {
	c := db.conn(ctx)
	if err := c.Exec(`DELETE FROM suggestion_cases WHERE suggestion_id = ?`, id).Error; err != nil {
		return translate(err)
	}
	for _, n := range numbers {
		if err := c.Exec(`INSERT INTO suggestion_cases (suggestion_id, case_number) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, n).Error; err != nil {
			return translate(err)
		}
	}
	return nil
}

// SuggestionTransition is one step of the lifecycle.
type SuggestionTransition struct {
	Action    string
	From, To  string
	ActorID   int64
	ActorName string
	Opinion   string
	At        time.Time
}

func suggestionSnapshot(s domain.Suggestion) map[string]any {
	items := make([]string, len(s.Items))
	for i, it := range s.Items {
		items[i] = it.Text
	}
	return map[string]any{"id": s.ID, "status": s.Status, "type": s.Type, "category": s.Category, "title": s.Title,
		"recipient": s.Recipient.Name, "doc_no": s.DocNo, "served_on": s.ServedOn.String(), "reply_due_on": s.ReplyDueOn.String(),
		"objected_on": s.ObjectedOn.String(), "paused_days": s.PausedDays, "filed_on": s.FiledOn.String(),
		"extension_months": s.ExtensionMonths, "escalation_level": s.EscalationLevel, "closed_reason": s.ClosedReason,
		"items": items, "case_numbers": s.CaseNumbers, "copy_to": s.CopyTo, "urgent": s.Urgent, "civil_enforcement": s.CivilEnforcement}
}
