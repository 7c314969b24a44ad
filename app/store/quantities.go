package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"procura/domain"
)

// QuantityQuery asks for the countable quantities (domain.Quantity) of a
// unit subtree over the days From to To (inclusive), optionally of one
// category and one prosecutor, split by unit, category and month, and by
// prosecutor when ByProsecutor.
type QuantityQuery struct {
	UnitPath       string
	Exact          bool // the unit's own records only, not its subtree
	Category       string
	ProsecutorID   int64
	ProsecutorName string
	From, To       domain.Date
	ByProsecutor   bool
	// ByUnit, ByCategory and ByMonth ask for the split; without them the
	// counts come summed over that dimension (UnitID 0, Category "",
	// Month zero), so that the database does the adding up.
	ByUnit, ByCategory, ByMonth bool
	Quantities                  []domain.Quantity
}

// dims is the select list of the split dimensions: unit id, category,
// month and prosecutor, each the column given or a constant when the query
// does not split by it.
func (q QuantityQuery) dims(unit, category, month, prosecutor string) string {
	pick := func(on bool, expr, none string) string {
		if on {
			return expr
		}
		return none
	}
	return pick(q.ByUnit, unit, "0::bigint") + " AS unit_id, " + pick(q.ByCategory, category, "''") + " AS category, " +
		pick(q.ByMonth, "date_trunc('month', "+month+")::date", "NULL::date") + " AS month, " +
		pick(q.ByProsecutor, prosecutor, "''") + " AS prosecutor"
}

// QuantityCount is one quantity's figure in one cell of the split. Month
// is the first day of the month; Prosecutor is an account id in decimal,
// "name:" and a name kept as text, or "" when not split by prosecutor.
type QuantityCount struct {
	UnitID     int64
	Category   string
	Month      domain.Date
	Prosecutor string
	Quantity   domain.Quantity
	N          int64
}

func (q QuantityQuery) wants(pred func(domain.Quantity) bool) bool {
	for _, x := range q.Quantities {
		if pred(x) {
			return true
		}
	}
	return false
}

func isEventQuantity(x domain.Quantity) bool {
	_, _, ok := x.Event()
	return ok || x == domain.QuantityCasesReceived
}

func isSuggestionQuantity(x domain.Quantity) bool {
	return strings.HasPrefix(string(x), "suggestions_")
}

func isHearingQuantity(x domain.Quantity) bool {
	return strings.HasPrefix(string(x), "hearing")
}

// CountQuantities counts what q asks for.
func (db *DB) CountQuantities(ctx context.Context, q QuantityQuery) ([]QuantityCount, error) {
	var out []QuantityCount
	if q.wants(isEventQuantity) {
		rows, err := db.countEvents(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	if q.wants(isSuggestionQuantity) {
		rows, err := db.countSuggestions(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	if q.wants(isHearingQuantity) {
		rows, err := db.countHearings(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

type eventCountRow struct {
	UnitID        int64
	Category      string
	Month         *time.Time
	Prosecutor    string
	Event         string
	Events        int64
	Persons       int64
	CasesReceived int64
}

func (r eventCountRow) counts() []QuantityCount {
	base := QuantityCount{UnitID: r.UnitID, Category: r.Category, Month: dateOf(r.Month), Prosecutor: r.Prosecutor}
	ev := domain.CaseEvent(r.Event)
	out := make([]QuantityCount, 0, 3)
	for _, c := range []struct {
		q domain.Quantity
		n int64
	}{{domain.CountOf(ev), r.Events}, {domain.PersonsOf(ev), r.Persons}, {domain.QuantityCasesReceived, r.CasesReceived}} {
		if c.n != 0 {
			x := base
			x.Quantity, x.N = c.q, c.n
			out = append(out, x)
		}
	}
	return out
}

// units is the SQL condition for the query's units: the unit and its
// subtree, or the unit alone when Exact.
func (q QuantityQuery) units(col string) (string, []any) {
	if q.Exact {
		return col + " = ?", []any{q.UnitPath}
	}
	return "(" + col + " = ? OR " + col + " LIKE ?)", []any{q.UnitPath, q.UnitPath + "/%"}
}

// prosecutorKey is the SQL of QuantityCount.Prosecutor for an account id
// column and a name column.
func prosecutorKey(idCol, nameCol string) string {
	if nameCol == "" {
		return idCol + "::text"
	}
	return "coalesce(" + idCol + "::text, 'name:' || " + nameCol + ")"
}

// eventCountSQL is the query that counts the events themselves from
// from to to (both included): the cut or split by prosecutor, which the
// roll-ups do not keep. Its condition on occurred_on prunes case_events
// to the partitions of the years of the period.
func (q QuantityQuery) eventCountSQL(from, to domain.Date) (string, []any) {
	cond, args := q.units("un.path")
	conds := []string{cond, "e.occurred_on BETWEEN ? AND ?"}
	args = append(args, from.String(), to.String())
	if q.Category != "" {
		conds, args = append(conds, "c.category = ?"), append(args, q.Category)
	}
	if q.ProsecutorID != 0 {
		conds, args = append(conds, "c.prosecutor_id = ?"), append(args, q.ProsecutorID)
	}
	if q.ProsecutorName != "" {
		conds, args = append(conds, "c.prosecutor_id IS NULL AND c.prosecutor_name = ?"), append(args, q.ProsecutorName)
	}
	return `SELECT ` + q.dims("c.unit_id", "c.category", "e.occurred_on", prosecutorKey("c.prosecutor_id", "c.prosecutor_name")) + `, e.event,
			count(*) AS events, sum(e.persons) AS persons,
			count(*) FILTER (WHERE e.event = 'arrest_review_received' OR (e.event = 'prosecution_review_received' AND NOT c.has_arrest_review)) AS cases_received
			FROM case_events e JOIN cases c ON c.id = e.case_id JOIN units un ON un.id = c.unit_id
			WHERE ` + strings.Join(conds, " AND ") + ` GROUP BY 1, 2, 3, 4, 5`, args
}

// countEvents reads whole months inside the period from the monthly
// roll-up and the days of partial months from the daily one; a cut or
// split by prosecutor reads the events themselves, which the roll-ups do
// not split by prosecutor.
func (db *DB) countEvents(ctx context.Context, q QuantityQuery) ([]QuantityCount, error) {
	var rows []eventCountRow
	raw := func(from, to domain.Date) error {
		query, args := q.eventCountSQL(from, to)
		var part []eventCountRow
		err := db.conn(ctx).Raw(query, args...).Scan(&part).Error
		rows = append(rows, part...)
		return translate(err)
	}
	// rolled reads table (case_event_months by month, case_event_days by
	// day) for col in [from, to).
	rolled := func(table, col string, from, to domain.Date) error {
		cond, args := q.units("un.path")
		conds := []string{cond, "r." + col + " >= ? AND r." + col + " < ?"}
		args = append(args, from.String(), to.String())
		if q.Category != "" {
			conds, args = append(conds, "r.category = ?"), append(args, q.Category)
		}
		var part []eventCountRow
		err := db.conn(ctx).Raw(`SELECT `+q.dims("r.unit_id", "r.category", "r."+col, "''")+`, r.event,
			sum(r.events) AS events, sum(r.persons) AS persons, sum(r.cases_received) AS cases_received
			FROM `+table+` r JOIN units un ON un.id = r.unit_id WHERE `+strings.Join(conds, " AND ")+` GROUP BY 1, 2, 3, 4, 5`, args...).Scan(&part).Error
		rows = append(rows, part...)
		return translate(err)
	}
	days := func(from, to domain.Date) error { return rolled("case_event_days", "day", from, to.AddDays(1)) }
	var err error
	if q.ByProsecutor || q.ProsecutorID != 0 || q.ProsecutorName != "" {
		err = raw(q.From, q.To)
	} else {
		// [first, last) are the whole months of the period.
		first := domain.NewDate(q.From.Year(), q.From.Month(), 1)
		if !first.Equal(q.From) {
			first = first.AddMonths(1)
		}
		last := domain.NewDate(q.To.Year(), q.To.Month(), 1)
		if q.To.AddDays(1).Day() == 1 {
			last = last.AddMonths(1)
		}
		if !first.Before(last) {
			err = days(q.From, q.To)
		} else {
			err = rolled("case_event_months", "month", first, last)
			if err == nil && q.From.Before(first) {
				err = days(q.From, first.AddDays(-1))
			}
			if err == nil && !last.After(q.To) {
				err = days(last, q.To)
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("count events: %w", err)
	}
	var out []QuantityCount
	for _, r := range rows {
		out = append(out, r.counts()...)
	}
	return out, nil
}

type plainCountRow struct {
	UnitID     int64
	Category   string
	Month      *time.Time
	Prosecutor string
	A, B, C, D int64
}

func (db *DB) countPlain(ctx context.Context, sql string, args []any, quantities [4]domain.Quantity) ([]QuantityCount, error) {
	var rows []plainCountRow
	if err := db.conn(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	var out []QuantityCount
	for _, r := range rows {
		for i, n := range []int64{r.A, r.B, r.C, r.D} {
			if quantities[i] == "" || n == 0 {
				continue
			}
			out = append(out, QuantityCount{UnitID: r.UnitID, Category: r.Category, Month: dateOf(r.Month),
				Prosecutor: r.Prosecutor, Quantity: quantities[i], N: n})
		}
	}
	return out, nil
}

// filters returns the unit, category and prosecutor conditions on the
// columns given.
func (q QuantityQuery) filters(pathCol, categoryCol, prosecutorCol string) ([]string, []any) {
	cond, args := q.units(pathCol)
	conds := []string{cond}
	if q.Category != "" {
		conds, args = append(conds, categoryCol+" = ?"), append(args, q.Category)
	}
	if q.ProsecutorID != 0 {
		conds, args = append(conds, prosecutorCol+" = ?"), append(args, q.ProsecutorID)
	}
	if q.ProsecutorName != "" {
		conds = append(conds, "false") // suggestions and hearings name accounts only
	}
	return conds, args
}

// The suggestion quantities in the order of the roll-up's columns, in
// their three groups: each group is counted when any of its quantities is
// asked for, as a group is one query on the suggestions.
var suggestionGroups = [][]domain.Quantity{
	{domain.QuantitySuggestionsIssued},
	{domain.QuantitySuggestionsDue, domain.QuantitySuggestionsReplied, domain.QuantitySuggestionsRepliedOnTime, domain.QuantitySuggestionsAdopted},
	{domain.QuantitySuggestionsVerified, domain.QuantitySuggestionsRectified},
}

// countSuggestions counts issued suggestions by the day served, due ones
// (and of those the replied, replied on time and adopted, by the final
// reply) by the day the reply was due, and verified ones (and of those
// the rectified, by the latest verification) by the day verified. It
// reads the roll-up (suggestion_days, one row per unit, category and
// day, kept by the suggestions' trigger); a cut or split by prosecutor
// reads the suggestions, whose rows carry their final reply and latest
// verification (migration 00029).
func (db *DB) countSuggestions(ctx context.Context, q QuantityQuery) ([]QuantityCount, error) {
	if q.ByProsecutor || q.ProsecutorID != 0 || q.ProsecutorName != "" {
		return db.countSuggestionRows(ctx, q)
	}
	cond, args := q.units("un.path")
	conds := []string{cond, "r.day BETWEEN ? AND ?"}
	args = append(args, q.From.String(), q.To.String())
	if q.Category != "" {
		conds, args = append(conds, "r.category = ?"), append(args, q.Category)
	}
	var rows []struct {
		UnitID                                                            int64
		Category                                                          string
		Month                                                             *time.Time
		Prosecutor                                                        string
		Issued, Due, Replied, RepliedOnTime, Adopted, Verified, Rectified int64
	}
	if err := db.conn(ctx).Raw(`SELECT `+q.dims("r.unit_id", "r.category", "r.day", "''")+`,
		sum(r.issued) AS issued, sum(r.due) AS due, sum(r.replied) AS replied, sum(r.replied_on_time) AS replied_on_time,
		sum(r.adopted) AS adopted, sum(r.verified) AS verified, sum(r.rectified) AS rectified
		FROM suggestion_days r JOIN units un ON un.id = r.unit_id WHERE `+strings.Join(conds, " AND ")+` GROUP BY 1, 2, 3, 4`, args...).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count suggestions: %w", translate(err))
	}
	var out []QuantityCount
	for _, r := range rows {
		ns := [][]int64{{r.Issued}, {r.Due, r.Replied, r.RepliedOnTime, r.Adopted}, {r.Verified, r.Rectified}}
		for g, group := range suggestionGroups {
			if !q.wants(func(x domain.Quantity) bool { return slices.Contains(group, x) }) {
				continue
			}
			for i, quantity := range group {
				if n := ns[g][i]; n != 0 {
					out = append(out, QuantityCount{UnitID: r.UnitID, Category: r.Category, Month: dateOf(r.Month), Prosecutor: r.Prosecutor,
						Quantity: quantity, N: n})
				}
			}
		}
	}
	return out, nil
}

// countSuggestionRows is countSuggestions from the suggestions' rows.
func (db *DB) countSuggestionRows(ctx context.Context, q QuantityQuery) ([]QuantityCount, error) {
	var out []QuantityCount
	run := func(dateExpr, extraCond string, aggs string, qs [4]domain.Quantity) error {
		conds, args := q.filters("un.path", "s.category", "s.handling_prosecutor_id")
		conds = append(conds, dateExpr+" BETWEEN ? AND ?")
		args = append(args, q.From.String(), q.To.String())
		if extraCond != "" {
			conds = append(conds, extraCond)
		}
		rows, err := db.countPlain(ctx, `SELECT `+q.dims("s.unit_id", "s.category", dateExpr, prosecutorKey("s.handling_prosecutor_id", ""))+`, `+aggs+`
			FROM suggestions s JOIN units un ON un.id = s.unit_id
			WHERE `+strings.Join(conds, " AND ")+` GROUP BY 1, 2, 3, 4`, args, qs)
		out = append(out, rows...)
		return err
	}
	want := func(g int) bool {
		return q.wants(func(x domain.Quantity) bool { return slices.Contains(suggestionGroups[g], x) })
	}
	if want(0) {
		if err := run("s.served_on", "", "count(*) AS a, 0 AS b, 0 AS c, 0 AS d",
			[4]domain.Quantity{domain.QuantitySuggestionsIssued}); err != nil {
			return nil, fmt.Errorf("count suggestions issued: %w", err)
		}
	}
	if want(1) {
		if err := run("s.reply_due_on", "s.status <> 'withdrawn'",
			`count(*) AS a, count(s.final_reply_on) AS b, count(*) FILTER (WHERE s.final_reply_on <= s.reply_due_on) AS c,
				count(*) FILTER (WHERE s.final_reply_outcome IN ('adopted', 'partially_adopted')) AS d`,
			[4]domain.Quantity(suggestionGroups[1])); err != nil {
			return nil, fmt.Errorf("count suggestions due: %w", err)
		}
	}
	if want(2) {
		if err := run("s.verified_on", "",
			`count(*) AS a, count(*) FILTER (WHERE s.verified_result = 'rectified') AS b, 0 AS c, 0 AS d`,
			[4]domain.Quantity{domain.QuantitySuggestionsVerified, domain.QuantitySuggestionsRectified}); err != nil {
			return nil, fmt.Errorf("count suggestions verified: %w", err)
		}
	}
	return out, nil
}

// countHearings counts hearings held (or decided) by the Shanghai day they
// took place; a hearing's category is that of the case it names
// (hearings.case_category, migration 00030). It reads the roll-up
// (hearing_days, one row per unit, category and day, kept by the
// hearings' and participants' triggers); a cut or split by prosecutor
// reads the hearings' rows, which carry their category.
func (db *DB) countHearings(ctx context.Context, q QuantityQuery) ([]QuantityCount, error) {
	quantities := [4]domain.Quantity{domain.QuantityHearingsHeld, domain.QuantityHearingsPublic, domain.QuantityHearingOfficersSeated,
		domain.QuantityHearingsNonProsecution}
	if q.ByProsecutor || q.ProsecutorID != 0 || q.ProsecutorName != "" {
		return db.countHearingRows(ctx, q, quantities)
	}
	conds, args := q.filters("un.path", "r.category", "")
	conds, args = append(conds, "r.day BETWEEN ? AND ?"), append(args, q.From.String(), q.To.String())
	out, err := db.countPlain(ctx, `SELECT `+q.dims("r.unit_id", "r.category", "r.day", "''")+`, sum(r.held) AS a, sum(r.public) AS b,
			sum(r.officers) AS c, sum(r.non_prosecution) AS d
		FROM hearing_days r JOIN units un ON un.id = r.unit_id WHERE `+strings.Join(conds, " AND ")+` GROUP BY 1, 2, 3, 4`, args, quantities)
	if err != nil {
		return nil, fmt.Errorf("count hearings: %w", err)
	}
	return out, nil
}

// countHearingRows is countHearings from the hearings' rows (by the index
// of the time held); hearing officers are counted only when asked for.
func (db *DB) countHearingRows(ctx context.Context, q QuantityQuery, quantities [4]domain.Quantity) ([]QuantityCount, error) {
	conds, args := q.filters("un.path", "h.case_category", "h.created_by")
	conds = append(conds, "h.status IN ('held', 'decided')", "h.held_at >= "+shanghaiMidnight, "h.held_at < "+shanghaiMidnight)
	args = append(args, q.From.String(), q.To.AddDays(1).String())
	officers := "0"
	if q.wants(func(x domain.Quantity) bool { return x == domain.QuantityHearingOfficersSeated }) {
		officers = `coalesce(sum((SELECT count(*) FROM hearing_participants p WHERE p.hearing_id = h.id AND p.role = 'hearing_officer'
			AND p.attended AND NOT p.conflict AND p.recusal_outcome <> 'granted')), 0)`
	}
	out, err := db.countPlain(ctx, `SELECT `+q.dims("h.unit_id", "h.case_category", "(h.held_at AT TIME ZONE 'Asia/Shanghai')::date",
		prosecutorKey("h.created_by", ""))+`, count(*) AS a, count(*) FILTER (WHERE h.public) AS b, `+officers+` AS c,
			count(*) FILTER (WHERE h.kind = 'non_prosecution') AS d
		FROM hearings h JOIN units un ON un.id = h.unit_id WHERE `+strings.Join(conds, " AND ")+` GROUP BY 1, 2, 3, 4`, args, quantities)
	if err != nil {
		return nil, fmt.Errorf("count hearings: %w", err)
	}
	return out, nil
}

// shanghaiMidnight is the SQL of the instant a day given as a parameter
// begins in Asia/Shanghai: a time is on a Shanghai day from–to when it is
// at or after from's midnight and before the midnight after to.
const shanghaiMidnight = "(CAST(? AS date)::timestamp AT TIME ZONE 'Asia/Shanghai')"

// ProsecutorNames names the accounts among prosecutor keys.
func (db *DB) ProsecutorNames(ctx context.Context, keys []string) (map[string]string, error) {
	var ids []int64
	for _, k := range keys {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64
		Name string
	}
	if err := db.conn(ctx).Raw(`SELECT id, name FROM users WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb)::bigint)`, mustJSON(ids)).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("prosecutor names: %w", translate(err))
	}
	for _, r := range rows {
		out[strconv.FormatInt(r.ID, 10)] = r.Name
	}
	return out, nil
}
