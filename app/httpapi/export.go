package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"procura/app/store"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
	header := []any{"文号", "标题", "类型", "类案类别", "承办单位", "被建议单位", "状态", "送达日期", "回复期限", "剩余天数", "是否逾期", "承办检察官"}
	var book *excelize.File
	_, err = s.onReplica(c, func(ctx context.Context) (err error) {
		cats, err := s.suggestions.Categories(ctx)
		if err != nil {
			return err
		}
		catName := map[string]string{}
		for _, x := range cats {
			catName[x.Code] = x.NameZh
		}
		page := f
		book, err = streamSheet("检察建议", header, func(emit func([]any) error) error {
			page.Limit = maxLimit
			for n := 0; n < maxExportRows; {
				recs, err := s.suggestions.ListSuggestions(ctx, page)
				if err != nil {
					return err
				}
				for _, r := range recs {
					if err := emit(s.suggestionExportRow(r, catName)); err != nil {
						return err
					}
				}
				if n += len(recs); len(recs) < page.Limit {
					return nil
				}
				page.BeforeID = recs[len(recs)-1].ID
			}
			return nil
		})
		return err
	})
	if err != nil {
		return err
	}
	defer book.Close()
	return sendWorkbook(c, book, fmt.Sprintf("检察建议_%s.xlsx", s.today()))
}

func (s *Server) suggestionExportRow(r store.SuggestionRecord, catName map[string]string) []any {
	sum := s.toSuggestionSummary(r)
	overdue := "否"
	if sum.Overdue {
		overdue = "是"
	}
	var daysLeft any = ""
	if sum.DaysLeft != nil {
		daysLeft = *sum.DaysLeft
	}
	return []any{r.DocNo, r.Title, typeLabelsZh[string(r.Type)], catName[r.Category], r.UnitName, r.Recipient.Name,
		statusLabelsZh[string(r.Status)], r.ServedOn.String(), r.ReplyDueOn.String(), daysLeft, overdue, r.HandlerName}
}

// streamSheet writes a workbook of one sheet: the header, then each row
// rows emits. The rows are collected first (an export is at most
// maxExportRows, about 25 MB at most): a worksheet declares its used range
// (<dimension>) before its rows, and a streaming reader (openpyxl read-only)
// trusts it, so it must be known before the first row is written. They are
// then written through excelize's stream writer, which keeps the sheet's XML
// in a temporary file rather than a second copy in memory.
func streamSheet(sheet string, header []any, rows func(emit func([]any) error) error) (*excelize.File, error) {
	all := [][]any{header}
	if err := rows(func(vals []any) error {
		all = append(all, vals)
		return nil
	}); err != nil {
		return nil, err
	}
	book := excelize.NewFile()
	err := book.SetSheetName("Sheet1", sheet)
	if err == nil {
		err = book.SetSheetDimension(sheet, usedRange(all))
	}
	var sw *excelize.StreamWriter
	if err == nil {
		sw, err = book.NewStreamWriter(sheet)
	}
	if err == nil {
		err = sw.SetColWidth(1, len(header), 16)
	}
	for i := 0; err == nil && i < len(all); i++ {
		var cell string
		if cell, err = excelize.CoordinatesToCellName(1, i+1); err == nil {
			err = sw.SetRow(cell, all[i])
		}
	}
	if err == nil {
		err = sw.Flush()
	}
	if err != nil {
		book.Close()
		return nil, err
	}
	return book, nil
}

// usedRange is the range rows fill from A1, as a sheet's <dimension>.
func usedRange(rows [][]any) string {
	cols := 1
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	last, _ := excelize.CoordinatesToCellName(cols, max(len(rows), 1))
	return "A1:" + last
}

// writeRows sets rows of values on sheet from its first row, and declares
// the sheet's used range (excelize leaves a new sheet's "A1" as it was).
func writeRows(book *excelize.File, sheet string, rows [][]any) error {
	for i, vals := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := book.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
	}
	return book.SetSheetDimension(sheet, usedRange(rows))
}

// sendWorkbook answers the workbook as a download named name. The file is
// made whole before the status goes out, so that a failure answers an
// error rather than 200 and a broken file; its length is declared, so
// that a client the connection drops under cannot take a cut file for the
// whole (the server closes a connection whose body fell short).
func sendWorkbook(c echo.Context, book *excelize.File, name string) error {
	buf, err := book.WriteToBuffer()
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(name))
	h.Set(echo.HeaderContentType, xlsxType)
	h.Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	c.Response().WriteHeader(http.StatusOK)
	_, err = buf.WriteTo(c.Response())
	return err
}
