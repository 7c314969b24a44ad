package indicators

import (
	"math"
	"strconv"
	"strings"

	"procura/domain"
)

// Summary is the written paragraph of one indicator in a report,
// generated from its figures.
type Summary struct {
	Code string
	Text string
}

// Summaries writes, for each indicator of unit rows (the "total" row
// first, as Table gives them), its value, its change against the previous
// period (环比) and, when the cells have it, against the same period a
// year earlier (同比), and the row that contributed most to the change
// against the previous period. In Chinese unless lang asks for English.
//
// A row's contribution to the change of N/D is ΔN − r·ΔD, r the total's
// previous N/D: the rows' contributions add up to the total's change times
// its denominator, so the row with the largest one in the direction of the
// change is the one that moved it most. For a count (D = 1 in every row)
// it is the row's ΔN.
func Summaries(rows []Row, lang string) []Summary {
	if len(rows) == 0 || rows[0].Kind != "total" {
		return []Summary{}
	}
	en := len(lang) >= 2 && strings.EqualFold(lang[:2], "en")
	total := rows[0]
	out := make([]Summary, len(total.Cells))
	for k, c := range total.Cells {
		ind := c.Indicator
		name := ind.NameZh
		if en {
			name = ind.NameEn
		}
		var b strings.Builder
		b.WriteString(name)
		b.WriteString(" ")
		b.WriteString(domain.FormatValue(ind, c.Current.Value, lang))
		b.WriteString(sep(en))
		b.WriteString(changeWords(ind, c.Change, lang, false))
		if c.YearAgo != nil {
			b.WriteString(sep(en))
			b.WriteString(changeWords(ind, c.YearAgo.Change, lang, true))
		}
		if row, d, sign, r := mainContributor(rows, k); row != nil {
			b.WriteString(contributorWords(row, k, d, sign, r, en))
		}
		if en {
			b.WriteString(".")
		} else {
			b.WriteString("。")
		}
		out[k] = Summary{Code: ind.Code, Text: b.String()}
	}
	return out
}

func sep(en bool) string {
	if en {
		return ", "
	}
	return "，"
}

// changeWords says a change: up or down by how much, level, or nothing
// to compare with.
func changeWords(ind domain.Indicator, change *float64, lang string, yearAgo bool) string {
	en := len(lang) >= 2 && strings.EqualFold(lang[:2], "en")
	shown := domain.FormatChange(ind, change, lang)
	against := map[bool]string{false: "较上期", true: "较上年同期"}[yearAgo]
	againstEn := map[bool]string{false: "on the previous period", true: "on the same period a year earlier"}[yearAgo]
	switch {
	case shown == domain.NoValue:
		if en {
			return "nothing to compare " + againstEn
		}
		return against + "无可比数据"
	case strings.HasPrefix(shown, "+"):
		if en {
			return "up " + shown[1:] + " " + againstEn
		}
		return against + "上升 " + shown[1:]
	case strings.HasPrefix(shown, "-"):
		if en {
			return "down " + shown[1:] + " " + againstEn
		}
		return against + "下降 " + shown[1:]
	}
	if en {
		return "level " + againstEn
	}
	return against + "持平"
}

// contributorWords names the row that moved indicator k most and, when
// the row has its counts, the term of the indicator that moved most in the
// same direction ("；主要来自天门市院退回补充侦查增加 12 件"), then the
// row's numerator and denominator unless the term said it all.
func contributorWords(row *Row, k int, d int64, sign, r float64, en bool) string {
	x := row.Cells[k]
	ind := x.Indicator
	count := ind.Unit == domain.UnitCount
	var b strings.Builder
	if en {
		b.WriteString("; mostly from " + englishLabel(row))
	} else {
		b.WriteString("；主要来自" + row.Label)
	}
	q, dq, ok := mainTerm(row, k, sign, r)
	if ok {
		if en {
			b.WriteString(", ")
		}
		b.WriteString(termWords(q, dq, en))
		if explained := coefOf(ind.Numerator, q) * dq; explained == x.Current.Numerator-x.Previous.Numerator && (count || d == 0) {
			return b.String() // the term is the whole change
		}
	}
	if en {
		b.WriteString(" (")
	} else {
		b.WriteString("（")
	}
	b.WriteString(countWords(x.Current.Numerator, x.Current.Numerator-x.Previous.Numerator, en, count))
	if !count && d != 0 {
		b.WriteString(sep(en))
		b.WriteString(denominatorWords(x.Current.Denominator, d, en))
	}
	if en {
		b.WriteString(")")
	} else {
		b.WriteString("）")
	}
	return b.String()
}

// mainTerm is the quantity of indicator k whose change in row moved the
// total most in the direction sign of the total's change, weighed as
// mainContributor weighs rows (a numerator term by its coefficient, a
// denominator term by −r times its coefficient, r the total's previous
// ratio), with the quantity's own change; ok is false when the row
// has no counts or no term moved that way.
func mainTerm(row *Row, k int, sign, r float64) (q domain.Quantity, delta int64, ok bool) {
	if row.Counts == nil && row.PreviousCounts == nil {
		return "", 0, false
	}
	ind := row.Cells[k].Indicator
	weight := map[domain.Quantity]float64{}
	var order []domain.Quantity
	add := func(e domain.Expr, f float64) {
		for _, t := range e {
			if t.Quantity == "" {
				continue
			}
			if _, seen := weight[t.Quantity]; !seen {
				order = append(order, t.Quantity)
			}
			weight[t.Quantity] += f * float64(t.Coef)
		}
	}
	add(ind.Numerator, 1)
	if ind.Unit != domain.UnitCount {
		add(ind.Denominator, -r)
	}
	best := 0.0
	for _, x := range order {
		dx := row.Counts[x] - row.PreviousCounts[x]
		if contrib := sign * weight[x] * float64(dx); contrib > 1e-9 && contrib > best {
			q, delta, ok, best = x, dx, true, contrib
		}
	}
	return q, delta, ok
}

// coefOf is q's coefficient in e, 0 when e does not use it.
func coefOf(e domain.Expr, q domain.Quantity) int64 {
	var c int64
	for _, t := range e {
		if t.Quantity == q {
			c += t.Coef
		}
	}
	return c
}

// termWords says how a quantity changed: "退回补充侦查增加 12 件",
// "不起诉增加 3 人", "制发检察建议数减少 2"; in English
// "returned for supplementary investigation up 12".
func termWords(q domain.Quantity, delta int64, en bool) string {
	n := strconv.FormatInt(abs(delta), 10)
	e, persons, isEvent := q.Event()
	if en {
		verb := " up "
		if delta < 0 {
			verb = " down "
		}
		name := q.NameEn()
		if isEvent && !persons {
			name = domain.CaseEventNameEn[e]
		}
		return name + verb + n
	}
	verb := "增加 "
	if delta < 0 {
		verb = "减少 "
	}
	switch {
	case isEvent && persons:
		return domain.CaseEventNameZh[e] + verb + n + " 人"
	case isEvent:
		return domain.CaseEventNameZh[e] + verb + n + " 件"
	}
	return q.NameZh() + verb + n
}

// countWords says a row's numerator and how it changed.
func countWords(n, delta int64, en, count bool) string {
	verbs := [2]string{"增加", "减少"}
	if en {
		verbs = [2]string{"up", "down"}
	}
	verb := verbs[0]
	if delta < 0 {
		verb = verbs[1]
	}
	d := strconv.FormatInt(abs(delta), 10)
	switch {
	case en && count:
		return strconv.FormatInt(n, 10) + ", " + verb + " " + d
	case en:
		return "numerator " + strconv.FormatInt(n, 10) + ", " + verb + " " + d
	case count:
		return strconv.FormatInt(n, 10) + "，" + verb + " " + d
	}
	return "分子 " + strconv.FormatInt(n, 10) + "，" + verb + " " + d
}

func denominatorWords(n, delta int64, en bool) string {
	d := strconv.FormatInt(abs(delta), 10)
	switch {
	case en && delta > 0:
		return "denominator " + strconv.FormatInt(n, 10) + ", up " + d
	case en:
		return "denominator " + strconv.FormatInt(n, 10) + ", down " + d
	case delta > 0:
		return "分母 " + strconv.FormatInt(n, 10) + "，增加 " + d
	}
	return "分母 " + strconv.FormatInt(n, 10) + "，减少 " + d
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// mainContributor is the row other than the total (own records or a
// child) whose contribution moved indicator k most in the direction of
// the total's change, with the change of its denominator, the sign of
// the total's change and its previous ratio; nil when the
// total did not change as shown or no row moved it that way.
func mainContributor(rows []Row, k int) (row *Row, d int64, sign, r float64) {
	t := rows[0].Cells[k]
	shown := domain.FormatChange(t.Indicator, t.Change, "zh")
	if t.Change == nil || (!strings.HasPrefix(shown, "+") && !strings.HasPrefix(shown, "-")) {
		return nil, 0, 0, 0
	}
	sign = 1.0
	if *t.Change < 0 {
		sign = -1
	}
	if t.Previous.Denominator != 0 && t.Indicator.Unit != domain.UnitCount {
		r = float64(t.Previous.Numerator) / float64(t.Previous.Denominator)
	}
	best, bestC := -1, 0.0
	for i := 1; i < len(rows); i++ {
		c := rows[i].Cells[k]
		dn := float64(c.Current.Numerator - c.Previous.Numerator)
		dd := float64(c.Current.Denominator - c.Previous.Denominator)
		if c.Indicator.Unit == domain.UnitCount {
			dd = 0
		}
		contrib := sign * (dn - r*dd)
		if contrib > 1e-9 && contrib > bestC && !math.IsNaN(contrib) {
			best, bestC = i, contrib
		}
	}
	if best < 0 {
		return nil, 0, 0, 0
	}
	c := rows[best].Cells[k]
	return &rows[best], c.Current.Denominator - c.Previous.Denominator, sign, r
}

// englishLabel names a unit row in English where the unit has an English
// name, else as its label.
func englishLabel(row *Row) string {
	if row.Unit != nil && row.Unit.NameEn != "" {
		return row.Unit.NameEn
	}
	return row.Label
}
