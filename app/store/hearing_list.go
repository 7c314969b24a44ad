package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"procura/domain"
)

// hearingText is the indexed expression that a hearing search reads
// (migration 00020).
const hearingText = "(h.title || ' ' || h.case_number)"

// hearingSummarySelect is hearingSelect for a list page: its texts (the
// reasons, the proposal, the attendance, the minutes and the decision),
// which no list row shows and the allowed actions do not read, left empty.
const hearingSummarySelect = `SELECT h.id, h.unit_id, h.kind, h.title, h.case_number, h.public, h.involves_minor, '' AS closed_reason,
	'' AS proposed_decision, h.planned_start, h.starts_at, h.location, h.in_hearing_room, h.in_hearing_room_approved, h.livestream_requested,
	h.livestream_url, h.livestream_approved, h.departure_approved, h.departure_approved_by, h.status, h.created_by, h.held_at,
	'' AS attendance, '' AS minutes, '' AS decision, '' AS reasons, h.follows_proposal, h.departs_from_majority, h.announced_on_spot,
	h.announced_at, h.decided_at, '' AS status_reason, h.postponements, h.version, h.created_at, h.updated_at, h.case_category,
	` + hearingJoinColumns + ` ` + hearingFrom

// HearingFilter selects hearings.
type HearingFilter struct {
	Scope       domain.Scope
	UnitPath    string
	Kind        string
	Status      []domain.HearingStatus
	From, To    time.Time // on starts_at (or held_at when held)
	Q           string
	PublicOnly  bool // public, no minor, scheduled or later: the public notice board
	BeforeID    int64
	Limit       int
	OrderByTime bool
	// Offset skips matches (page numbers, at most MaxListOffset).
	Offset int
	// Sort orders by one of HearingSorts, from After.
	Sort  ListSort
	After *SortCursor
	// Summary reads only what a list row shows (hearingSummarySelect):
	// the records have no reasons, proposal, attendance, minutes or
	// decision.
	Summary bool
}

// HearingSorts are the keys a hearing list sorts by: when (held, else
// planned) and status.
var HearingSorts = ListSorts{
	"when":   timeSort("coalesce(h.held_at, h.starts_at, 'infinity'::timestamptz)"),
	"status": rankSort("procura_hearing_rank", "h.status", func(v string) bool { return domain.HearingStatus(v).Valid() }),
}

// HearingSortValue is r's value of the sort key, nil when it has none.
func HearingSortValue(r HearingRecord, key string) *string {
	switch key {
	case "when":
		t := r.HeldAt
		if t.IsZero() {
			t = r.StartsAt
		}
		if t.IsZero() {
			return nil
		}
		return textPtr(t.UTC().Format(time.RFC3339Nano))
	case "status":
		return textPtr(string(r.Status))
	}
	return nil
}

// ListHearings returns hearings newest first (or by start time).
func (db *DB) ListHearings(ctx context.Context, f HearingFilter) ([]HearingRecord, error) {
	p := hearingPage(f)
	if err := db.preparePage(ctx, p); err != nil {
		return nil, err
	}
	var recs []HearingRecord
	var err error
	sel := hearingSelect
	if f.Summary {
		sel = hearingSummarySelect
	}
	if f.OrderByTime {
		// A calendar: bounded by its date range, in time order.
		if f.BeforeID > 0 {
			p.where("h.id < ?", f.BeforeID)
		}
		recs, err = db.hearingsSelect(ctx, "", sel, strings.Join(p.conds, " AND "), p.args, fmt.Sprintf("ORDER BY h.starts_at, h.id LIMIT %d", f.Limit))
	} else {
		with, args := p.with()
		recs, err = db.hearingsSelect(ctx, with, sel, "h.id IN (SELECT id FROM page)", args, p.tail(f.Limit))
	}
	if err != nil {
		return nil, fmt.Errorf("list hearings: %w", err)
	}
	return recs, nil
}

// hearingPage is the page of hearings that f selects.
func hearingPage(f HearingFilter) *keysetPage {
	p := &keysetPage{table: "hearings", alias: "h", before: f.BeforeID, limit: f.Limit, offset: f.Offset}
	if !f.OrderByTime {
		p.sortBy(f.Sort, f.After, HearingSorts)
	}
	p.inScope(f.Scope)
	if f.UnitPath != "" {
		p.inSubtree(f.UnitPath)
	}
	if f.Kind != "" {
		p.equal("kind", "text", f.Kind)
	}
	oneOf(p, "status", f.Status)
	if !f.From.IsZero() {
		p.where("coalesce(h.held_at, h.starts_at) >= ?", f.From)
	}
	if !f.To.IsZero() {
		p.where("coalesce(h.held_at, h.starts_at) < ?", f.To)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		p.matchText(hearingText, "hearings_search_grams", hearingText, q)
	}
	if f.PublicOnly {
		p.where("h.public AND NOT h.involves_minor")
	}
	// hearings_when and hearings_status_when hold the units, the times
	// and the ids (migration 00047).
	p.covered = !f.OrderByTime && (!f.From.IsZero() || !f.To.IsZero()) && f.Kind == "" && strings.TrimSpace(f.Q) == "" && !f.PublicOnly
	return p
}
