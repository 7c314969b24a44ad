package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"procura/domain"
)

// AnalysisScope is what the class-case analysis and the reports look at:
// a unit (with its subtree unless Exact), a category ("" for all) and a
// period.
type AnalysisScope struct {
	UnitPath string
	Exact    bool
	Category string
	From, To domain.Date
}

func (a AnalysisScope) units(col string) (string, []any) {
	return QuantityQuery{UnitPath: a.UnitPath, Exact: a.Exact}.units(col)
}

// CaseTotals are the cases of a scope: all of them, their persons, and
// those received in the period.
type CaseTotals struct {
	Total            int64
	Persons          int64
	ReceivedInPeriod int64
}

// CaseTotals counts the cases of a scope from the roll-up by unit,
// category and day received (case_days, migration 00031).
func (db *DB) CaseTotals(ctx context.Context, a AnalysisScope) (CaseTotals, error) {
	cond, args := a.units("un.path")
	if a.Category != "" {
		cond += " AND r.category = ?"
		args = append(args, a.Category)
	}
	var out CaseTotals
	err := db.conn(ctx).Raw(`SELECT coalesce(sum(r.n), 0) AS total, coalesce(sum(r.persons), 0) AS persons,
		coalesce(sum(r.n) FILTER (WHERE r.day BETWEEN ? AND ?), 0) AS received_in_period
		FROM case_days r JOIN units un ON un.id = r.unit_id WHERE `+cond, append([]any{a.From.String(), a.To.String()}, args...)...).Scan(&out).Error
	if err != nil {
		return out, fmt.Errorf("case totals: %w", translate(err))
	}
	return out, nil
}

// SuggestionTotals sum up the suggestions served in a period.
type SuggestionTotals struct {
	Issued    int64
	ByStatus  map[string]int64
	Replied   int64
	Adopted   int64
	Verified  int64
	Rectified int64
	Overdue   int64
	FundsYuan int64
	Personnel int64
}

// SuggestionTotals sums up the suggestions in scope served in the period:
// by status, with a final reply, adopting it, verified, found rectified,
// overdue on today, and the funds and personnel their final replies
// committed. All but the overdue come from the roll-up by day served and
// status (suggestion_served_days); the overdue, which depend on today,
// from the index of open issued suggestions by category and day served.
func (db *DB) SuggestionTotals(ctx context.Context, a AnalysisScope, scope domain.Scope, today domain.Date) (SuggestionTotals, error) {
	where := func(table string) (string, []any) {
		sc, args := scopeCondition("un.path", scope)
		cond, uargs := a.units("un.path")
		conds := []string{sc, cond, table + " BETWEEN ? AND ?"}
		args = append(append(args, uargs...), a.From.String(), a.To.String())
		if a.Category != "" {
			conds = append(conds, strings.Split(table, ".")[0]+".category = ?")
			args = append(args, a.Category)
		}
		return strings.Join(conds, " AND "), args
	}
	var rows []struct {
		Status    string
		N         int64
		Replied   int64
		Adopted   int64
		Verified  int64
		Rectified int64
		Funds     int64
		Personnel int64
	}
	out := SuggestionTotals{ByStatus: map[string]int64{}}
	cond, args := where("r.day")
	if err := db.conn(ctx).Raw(`SELECT r.status, sum(r.n) AS n, sum(r.replied) AS replied, sum(r.adopted) AS adopted,
		sum(r.verified) AS verified, sum(r.rectified) AS rectified, sum(r.funds_yuan) AS funds, sum(r.personnel) AS personnel
		FROM suggestion_served_days r JOIN units un ON un.id = r.unit_id
		WHERE `+cond+` GROUP BY r.status HAVING sum(r.n) <> 0`, args...).Scan(&rows).Error; err != nil {
		return out, fmt.Errorf("suggestion totals: %w", translate(err))
	}
	for _, r := range rows {
		out.Issued += r.N
		out.ByStatus[r.Status] = r.N
		out.Replied += r.Replied
		out.Adopted += r.Adopted
		out.Verified += r.Verified
		out.Rectified += r.Rectified
		out.FundsYuan += r.Funds
		out.Personnel += r.Personnel
	}
	cond, args = where("s.served_on")
	if err := db.conn(ctx).Raw(`SELECT count(*) FROM suggestions s JOIN units un ON un.id = s.unit_id
		WHERE `+cond+` AND s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on < ?`, append(args, today.String())...).
		Scan(&out.Overdue).Error; err != nil {
		return out, fmt.Errorf("suggestion totals, overdue: %w", translate(err))
	}
	return out, nil
}

// HearingOfCategory is a hearing on a case of a category.
type HearingOfCategory struct {
	ID       int64
	Title    string
	Kind     string
	Status   string
	StartsAt *time.Time
}

// CategoryHearings lists the hearings in scope on cases of the category
// (hearings.case_category) that took place, or are planned, in the period
// (at most 200, latest first): a walk of the category's hearings by time.
func (db *DB) CategoryHearings(ctx context.Context, a AnalysisScope, scope domain.Scope) ([]HearingOfCategory, error) {
	sc, args := scopeCondition("un.path", scope)
	cond, uargs := a.units("un.path")
	when := "coalesce(h.held_at, h.starts_at)"
	var out []HearingOfCategory
	if err := db.conn(ctx).Raw(`SELECT h.id, h.title, h.kind, h.status, `+when+` AS starts_at FROM hearings h JOIN units un ON un.id = h.unit_id
		WHERE h.case_category = ? AND `+sc+` AND `+cond+` AND `+when+` >= `+shanghaiMidnight+` AND `+when+` < `+shanghaiMidnight+`
		ORDER BY `+when+` DESC, h.id DESC LIMIT 200`, slices.Concat([]any{a.Category}, args, uargs, []any{a.From.String(), a.To.AddDays(1).String()})...).
		Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("category hearings: %w", translate(err))
	}
	return out, nil
}

// CategoryHearingCounts counts, of the hearings CategoryHearings lists
// (all of them, not only the first 200), those held and of those the
// public ones: from the roll-up (hearing_days' held_when and public_when).
func (db *DB) CategoryHearingCounts(ctx context.Context, a AnalysisScope, scope domain.Scope) (held, public int64, err error) {
	sc, args := scopeCondition("un.path", scope)
	cond, uargs := a.units("un.path")
	var row struct{ Held, Public int64 }
	if err := db.conn(ctx).Raw(`SELECT coalesce(sum(r.held_when), 0) AS held, coalesce(sum(r.public_when), 0) AS public
		FROM hearing_days r JOIN units un ON un.id = r.unit_id
		WHERE r.category = ? AND r.day BETWEEN ? AND ? AND `+sc+` AND `+cond,
		slices.Concat([]any{a.Category, a.From.String(), a.To.String()}, args, uargs)...).Scan(&row).Error; err != nil {
		return 0, 0, fmt.Errorf("category hearing counts: %w", translate(err))
	}
	return row.Held, row.Public, nil
}

// OverdueSuggestion is a suggestion whose reply is late on a day.
type OverdueSuggestion struct {
	ID            int64
	DocNo         *string
	Title         string
	UnitID        int64
	UnitCode      string
	UnitName      string
	UnitShortName string
	UnitLevel     string
	UnitPath      string
	RecipientName string
	ReplyDueOn    time.Time
	// The follow-ups (跟踪督促) recorded so far, and the date of the last.
	Followups      int64
	LastFollowUpOn *time.Time
}

// OverdueSuggestions lists the suggestions in scope and below the unit
// that were issued, still without a final reply, and due before asOf.
func (db *DB) OverdueSuggestions(ctx context.Context, a AnalysisScope, scope domain.Scope, asOf domain.Date) ([]OverdueSuggestion, error) {
	sc, sargs := scopeCondition("un.path", scope)
	cond, args := a.units("un.path")
	var out []OverdueSuggestion
	if err := db.conn(ctx).Raw(`SELECT s.id, s.doc_no, s.title, s.unit_id, un.code AS unit_code, un.name AS unit_name, un.short_name AS unit_short_name,
		un.level AS unit_level, un.path AS unit_path, s.recipient_name, s.reply_due_on, f.followups, f.last_follow_up_on
		FROM suggestions s JOIN units un ON un.id = s.unit_id
		CROSS JOIN LATERAL (SELECT count(*) AS followups, max(x.on_date) AS last_follow_up_on FROM suggestion_followups x WHERE x.suggestion_id = s.id) f
		WHERE `+sc+` AND `+cond+` AND s.status = 'issued' AND NOT s.has_final_reply AND s.reply_due_on < ?
		ORDER BY s.reply_due_on, s.id LIMIT 500`, append(append(sargs, args...), asOf.String())...).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("overdue suggestions: %w", translate(err))
	}
	return out, nil
}
