package httpapi

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
)

// maxExportRows bounds one export; the filters narrow larger sets.
const maxExportRows = 50000

var statusLabelsZh = map[string]string{
	"draft": "草稿", "pending_approval": "待审批", "approved": "已审批", "issued": "已制发", "objection_review": "异议审查中",
	"replied": "已回复", "rectifying": "整改中", "verified": "整改已评估", "closed": "已办结", "escalated": "已提请督促",
	"litigation": "已提起诉讼", "withdrawn": "已撤回",
}

var typeLabelsZh = map[string]string{
	"retrial": "再审检察建议", "correction": "纠正违法检察建议", "public_interest": "公益诉讼检察建议",
	"social_governance": "社会治理检察建议", "other": "其他检察建议",
}

// exportSuggestions streams the filtered list into an XLSX workbook,
// reading the rows page by page.
func (s *Server) exportSuggestions(c echo.Context) error {
	f, err := s.suggestionFilter(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cats, err := s.db.Categories(ctx)
	if err != nil {
		return err
	}
	catName := map[string]string{}
	for _, x := range cats {
		catName[x.Code] = x.NameZh
	}
	book := excelize.NewFile()
	defer book.Close()
	const sheet = "检察建议"
	if err := book.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := book.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 12, 16); err != nil {
		return err
	}
	header := []any{"文号", "标题", "类型", "类案类别", "承办单位", "被建议单位", "状态", "送达日期", "回复期限", "剩余天数", "是否逾期", "承办检察官"}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := 2
	f.Limit = maxLimit
	for row-2 < maxExportRows {
		recs, err := s.db.ListSuggestions(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range recs {
			sum := s.toSuggestionSummary(r)
			overdue := "否"
			if sum.Overdue {
				overdue = "是"
			}
			var daysLeft any = ""
			if sum.DaysLeft != nil {
				daysLeft = *sum.DaysLeft
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{r.DocNo, r.Title, typeLabelsZh[string(r.Type)], catName[r.Category], r.UnitName, r.Recipient.Name,
				statusLabelsZh[string(r.Status)], r.ServedOn.String(), r.ReplyDueOn.String(), daysLeft, overdue, r.HandlerName}); err != nil {
				return err
			}
			row++
		}
		if len(recs) < f.Limit {
			break
		}
		f.BeforeID = recs[len(recs)-1].ID
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	name := fmt.Sprintf("检察建议_%s.xlsx", s.today())
	c.Response().Header().Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(name))
	c.Response().Header().Set(echo.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Response().WriteHeader(http.StatusOK)
	return book.Write(c.Response())
}
