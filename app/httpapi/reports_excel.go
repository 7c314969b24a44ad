package httpapi

import (
	"fmt"
	"slices"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"procura/domain"
)

// The two-monthly report as an Excel workbook.

// exportBimonthlyReport writes the report as a workbook: the indicator
// table (value, numerator/denominator and change per indicator), overdue
// suggestions, hearings held and top categories.
func (s *Server) exportBimonthlyReport(c echo.Context) error {
	rep, err := s.reportFromQuery(c)
	if err != nil {
		return err
	}
	book := excelize.NewFile()
	defer book.Close()
	if err := book.SetSheetName("Sheet1", "指标"); err != nil {
		return err
	}
	for _, name := range []string{"研判摘要", "逾期未回复检察建议", "听证与类案"} {
		if _, err := book.NewSheet(name); err != nil {
			return err
		}
	}
	for _, part := range []struct {
		sheet string
		rows  [][]any
		// widths of the columns, in characters; the last repeats.
		widths []float64
	}{
		{"指标", reportIndicatorRows(rep), []float64{26, 12, 9}},
		{"研判摘要", reportSummaryRows(rep), []float64{24, 100}},
		{"逾期未回复检察建议", reportOverdueRows(rep), []float64{24, 40, 20, 28, 12, 22}},
		{"听证与类案", reportHearingRows(rep), []float64{26, 16, 12}},
	} {
		if err := writeRows(book, part.sheet, part.rows); err != nil {
			return err
		}
		if err := setWidths(book, part.sheet, part.widths); err != nil {
			return err
		}
	}
	if err := formatIndicatorSheet(book, "指标", rep); err != nil {
		return err
	}
	return sendWorkbook(c, book, fmt.Sprintf("业务数据分析研判报告-%s-%d年第%d双月.xlsx", rep.Unit.Name, rep.Year, rep.Bimonth))
}

// reportIndicatorRows: title, periods, a blank row, the header and a row
// a unit: the unit with its subtree (合计), its own records (本院) and each
// child unit, each named once. Figures are numbers (their formats set by
// formatIndicatorSheet): the value, the numerator, the denominator, and
// the changes as shown against the previous period (环比) and the same
// period a year earlier (同比).
func reportIndicatorRows(rep bimonthlyReport) [][]any {
	header := []any{"单位"}
	for _, ind := range rep.Indicators {
		header = append(header, ind.NameZh, "分子", "分母", "较上期", "较上年同期")
	}
	if rep.Scoring.Enabled {
		header = append(header, "综合得分", "排名")
	}
	rows := [][]any{{fmt.Sprintf("%s %s 业务数据分析研判报告", rep.Unit.Name, rep.Period.Label)},
		{"统计期间", rep.Period.From + " 至 " + rep.Period.To, "对比期间（环比）", rep.Previous.From + " 至 " + rep.Previous.To,
			"上年同期（同比）", rep.YearBefore.From + " 至 " + rep.YearBefore.To}, {}, header}
	for _, r := range rep.Rows {
		vals := []any{reportRowLabel(r)}
		for _, cell := range r.Cells {
			yoy := ""
			if cell.YearAgo != nil {
				yoy = cell.YearAgo.ChangeDisplay
			}
			vals = append(vals, floatOrDash(cell.Value), cell.Numerator, cell.Denominator, cell.ChangeDisplay, yoy)
		}
		if rep.Scoring.Enabled {
			vals = append(vals, floatOrDash(r.Score), intOrDash(r.Rank))
		}
		rows = append(rows, vals)
	}
	return rows
}

// reportSummaryRows: each indicator's written paragraph.
func reportSummaryRows(rep bimonthlyReport) [][]any {
	rows := [][]any{{"指标", "研判摘要"}}
	for _, x := range rep.Summaries {
		name := x.Code
		if i := slices.IndexFunc(rep.Indicators, func(ind indicatorResponse) bool { return ind.Code == x.Code }); i >= 0 {
			name = rep.Indicators[i].NameZh
		}
		rows = append(rows, []any{name, x.Text})
	}
	return rows
}

// reportRowLabel names a unit row as the report page does.
func reportRowLabel(r unitIndicatorRow) string {
	switch r.Kind {
	case "total":
		return r.Unit.Name + "（合计）"
	case "own":
		return r.Unit.Name + "（本院）"
	}
	return r.Unit.Name
}

// indicatorColumns is how many columns each indicator takes in the
// indicator sheet: value, numerator, denominator, 环比, 同比.
const indicatorColumns = 5

// indicatorHeaderRow is the row (1-based) of the indicator sheet's header.
const indicatorHeaderRow = 4

// formatIndicatorSheet sets the number formats of the indicator sheet's
// figures (a percentage with one decimal and a "%", a case ratio as
// "1:1.23", counts whole), bolds the header and the 合计 and 本院 rows,
// and freezes the unit column and the header.
func formatIndicatorSheet(book *excelize.File, sheet string, rep bimonthlyReport) error {
	bold, err := book.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last := indicatorHeaderRow + len(rep.Rows)
	if err := book.SetRowStyle(sheet, indicatorHeaderRow, indicatorHeaderRow, bold); err != nil {
		return err
	}
	for i, r := range rep.Rows {
		if r.Kind == "total" || r.Kind == "own" {
			if err := book.SetRowStyle(sheet, indicatorHeaderRow+1+i, indicatorHeaderRow+1+i, bold); err != nil {
				return err
			}
		}
	}
	count, err := book.NewStyle(&excelize.Style{NumFmt: 1}) // 0
	if err != nil {
		return err
	}
	for k, ind := range rep.Indicators {
		format := "0"
		switch ind.Unit {
		case string(domain.UnitPercent):
			format = `0.0"%"`
		case string(domain.UnitRatio):
			format = `"1:"0.00`
		case string(domain.UnitPerHearing):
			format = "0.0"
		}
		value, err := book.NewStyle(&excelize.Style{CustomNumFmt: &format})
		if err != nil {
			return err
		}
		col := 2 + indicatorColumns*k
		for j, style := range []int{value, count, count} {
			from, _ := excelize.CoordinatesToCellName(col+j, indicatorHeaderRow+1)
			to, _ := excelize.CoordinatesToCellName(col+j, last)
			if err := book.SetCellStyle(sheet, from, to, style); err != nil {
				return err
			}
		}
	}
	return book.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: indicatorHeaderRow, TopLeftCell: "B5", ActivePane: "bottomRight"})
}

// setWidths sets the widths of a sheet's columns that hold anything, the
// last width repeating.
func setWidths(book *excelize.File, sheet string, widths []float64) error {
	cols, err := book.GetCols(sheet)
	if err != nil {
		return err
	}
	for i := range max(len(cols), len(widths)) {
		w := widths[min(i, len(widths)-1)]
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := book.SetColWidth(sheet, name, name, w); err != nil {
			return err
		}
	}
	return nil
}

func reportOverdueRows(rep bimonthlyReport) [][]any {
	rows := [][]any{{"文号", "标题", "承办单位", "被建议单位", "回复期限", "逾期天数（截至 " + rep.OverdueAsOf + "）", "跟踪督促次数", "最近督促日期"}}
	for _, x := range rep.OverdueSuggestions {
		doc := ""
		if x.DocNo != nil {
			doc = *x.DocNo
		}
		last := ""
		if x.LastFollowupOn != nil {
			last = *x.LastFollowupOn
		}
		rows = append(rows, []any{doc, x.Title, x.Unit.Name, x.RecipientName, x.ReplyDueOn, x.DaysOverdue, x.Followups, last})
	}
	return rows
}

func reportHearingRows(rep bimonthlyReport) [][]any {
	rows := [][]any{{"单位", "举行听证场次", "其中公开"}}
	for _, x := range rep.HearingsHeld {
		rows = append(rows, []any{x.Unit.Name, x.Held, x.Public})
	}
	rows = append(rows, []any{}, []any{"类案类别", "受理案件数（案）", "涉案人数"})
	for _, x := range rep.TopCategories {
		rows = append(rows, []any{x.NameZh, x.Cases, x.Persons})
	}
	return rows
}

func floatOrDash(f *float64) any {
	if f == nil {
		return domain.NoValue
	}
	return *f
}

func intOrDash(n *int) any {
	if n == nil {
		return domain.NoValue
	}
	return *n
}
