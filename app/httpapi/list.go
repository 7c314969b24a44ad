package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

const (
	defaultLimit = 50
	maxLimit     = 200
)

// listResponse is the shape of every list answer.
type listResponse[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// pageParams reads limit and the opaque keyset cursor (an id).
func pageParams(c echo.Context) (limit int, after int64, err error) {
	limit = defaultLimit
	var v domain.Validator
	if s := c.QueryParam("limit"); s != "" {
		n, perr := strconv.Atoi(s)
		if perr != nil || n < 1 || n > maxLimit {
			v.Add(domain.Field("limit", "range", "limit is a whole number from 1 to 200.", "limit 应为 1 到 200 之间的整数。"))
		}
		limit = n
	}
	if s := c.QueryParam("cursor"); s != "" {
		id, ok := decodeCursor(s)
		if !ok {
			v.Add(domain.Field("cursor", "invalid", "The cursor is not one this server gave out.", "分页游标无效。"))
		}
		after = id
	}
	return limit, after, v.Err()
}

func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatInt(id, 10)))
}

func decodeCursor(s string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), "id:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// nextCursor returns the cursor after the last item of a full page.
func nextCursor(n, limit int, lastID int64) *string {
	if n < limit || n == 0 {
		return nil
	}
	c := encodeCursor(lastID)
	return &c
}

// queryID reads an optional positive id query parameter.
func queryID(c echo.Context, name string, v *domain.Validator) int64 {
	s := c.QueryParam(name)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		v.Add(domain.Field(name, "invalid", "Expected a positive id.", "应为正整数编号。"))
		return 0
	}
	return id
}

// queryIDs reads an optional comma-separated list of at most maxLimit
// positive ids.
func queryIDs(c echo.Context, name string, v *domain.Validator) []int64 {
	s := c.QueryParam(name)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > maxLimit {
		v.Add(domain.Field(name, "range", "At most 200 ids.", "最多 200 个编号。"))
		return nil
	}
	out := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil || id <= 0 {
			v.Add(domain.Field(name, "invalid", "Expected positive ids separated by commas.", "应为以逗号分隔的正整数编号。"))
			return nil
		}
		out = append(out, id)
	}
	return out
}

// queryBool reads an optional true/false query parameter.
func queryBool(c echo.Context, name string, v *domain.Validator) *bool {
	s := c.QueryParam(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		v.Add(domain.Field(name, "invalid", "Expected true or false.", "应为 true 或 false。"))
		return nil
	}
	return &b
}

// queryTime reads an optional RFC 3339 time or YYYY-MM-DD date (start of
// that day in Asia/Shanghai) query parameter, within the years a date may
// have (domain.MinYear to MaxYear).
func queryTime(c echo.Context, name string, v *domain.Validator) time.Time {
	s := c.QueryParam(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.ParseInLocation(time.DateOnly, s, domain.Shanghai)
	}
	if err != nil {
		v.Add(domain.Field(name, "invalid", "Expected a date (YYYY-MM-DD) or an RFC 3339 time.", "应为日期（YYYY-MM-DD）或 RFC 3339 时间。"))
		return time.Time{}
	}
	v.Time(name, &t)
	return t
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// pageResponse is the answer of a list page with sorting, page numbers
// and a total (suggestions, hearings, cases). Total is computed for a page
// asked without a cursor (the first, or a numbered one): exact up to
// 10,000 matches, else the planner's estimate with TotalExact false
// (shown as "约 N 条"); null for a page after a cursor, whose list already
// has its total.
type pageResponse[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
	Total      *int64  `json:"total"`
	TotalExact bool    `json:"total_exact"`
}

// listPage is where a page of a sortable list starts: after a cursor, or
// at an offset (page numbers), in the order of sort.
type listPage struct {
	Limit, Offset int
	BeforeID      int64 // newest first: ids below it
	Sort          store.ListSort
	After         *store.SortCursor // sorted: rows after it
	HasCursor     bool
}

// sortCursor is a sorted list's cursor: the order it belongs to and the
// last row's key value and id.
type sortCursor struct {
	Key   string  `json:"k"`
	Desc  bool    `json:"d"`
	Value *string `json:"v"`
	ID    int64   `json:"i"`
}

// listPageParams reads limit, cursor, offset and sort ("key" ascending,
// "-key" descending, a key of sorts). A cursor belongs to one order: one
// given with another sort is invalid; offset and cursor exclude each other.
func listPageParams(c echo.Context, sorts store.ListSorts) (listPage, error) {
	var v domain.Validator
	p := listPage{Limit: defaultLimit}
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			v.Add(domain.Field("limit", "range", "limit is a whole number from 1 to 200.", "limit 应为 1 到 200 之间的整数。"))
		}
		p.Limit = n
	}
	if s := c.QueryParam("sort"); s != "" {
		key, desc := strings.CutPrefix(s, "-")
		if !sorts.Has(key) {
			v.Add(domain.Field("sort", "invalid", "This list does not sort by "+key+"; it sorts by "+strings.Join(sorts.Names(), ", ")+".",
				"该列表不能按 "+key+" 排序，可用："+strings.Join(sorts.Names(), "、")+"。"))
		}
		p.Sort = store.ListSort{Key: key, Desc: desc}
	}
	if s := c.QueryParam("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > store.MaxListOffset {
			v.Add(domain.Field("offset", "range", fmt.Sprintf("offset is a whole number from 0 to %d; further pages follow next_cursor.", store.MaxListOffset),
				fmt.Sprintf("offset 应为 0 到 %d 之间的整数；更后的页请用 next_cursor。", store.MaxListOffset)))
		}
		p.Offset = n
	}
	if s := c.QueryParam("cursor"); s != "" {
		p.HasCursor = true
		bad := domain.Field("cursor", "invalid", "The cursor is not one this server gave out for this order.", "分页游标无效（或与排序方式不符）。")
		switch {
		case p.Offset > 0:
			v.Add(domain.Field("offset", "conflict", "Give either offset or cursor.", "offset 与 cursor 不能同时使用。"))
		case p.Sort.Key == "":
			id, ok := decodeCursor(s)
			if !ok {
				v.Add(bad)
			}
			p.BeforeID = id
		default:
			sc, ok := decodeSortCursor(s)
			if !ok || sc.Key != p.Sort.Key || sc.Desc != p.Sort.Desc || (sc.Value != nil && !sorts.ValidValue(sc.Key, *sc.Value)) {
				v.Add(bad)
			}
			p.After = &store.SortCursor{Value: sc.Value, ID: sc.ID}
		}
	}
	return p, v.Err()
}

func decodeSortCursor(s string) (sortCursor, bool) {
	var sc sortCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 256 {
		return sc, false
	}
	rest, ok := strings.CutPrefix(string(b), "sort:")
	if !ok || json.Unmarshal([]byte(rest), &sc) != nil || sc.ID <= 0 {
		return sc, false
	}
	return sc, true
}

// next is the cursor after a full page whose last row has lastID and, in a
// sorted list, the key value lastValue; nil after the last page.
func (p listPage) next(n int, lastID int64, lastValue *string) *string {
	if n < p.Limit || n == 0 {
		return nil
	}
	if p.Sort.Key == "" {
		c := encodeCursor(lastID)
		return &c
	}
	b, _ := json.Marshal(sortCursor{Key: p.Sort.Key, Desc: p.Sort.Desc, Value: lastValue, ID: lastID}) // plain strings and numbers
	c := base64.RawURLEncoding.EncodeToString(append([]byte("sort:"), b...))
	return &c
}

// total fills the total of out: none after a cursor; exact when the page
// shows the list's end (it is then the offset and the rows shown);
// else count, which is exact or an estimate.
func (p listPage) total(ctx context.Context, n int, next *string, count func(context.Context) (store.ListTotal, error)) (*int64, bool, error) {
	if p.HasCursor {
		return nil, false, nil
	}
	if next == nil && (n > 0 || p.Offset == 0) {
		t := int64(p.Offset + n)
		return &t, true, nil
	}
	t, err := count(ctx)
	if err != nil {
		return nil, false, err
	}
	return &t.N, t.Exact, nil
}

// writeListPage answers one page of a list: recs, each made an item by
// item; the cursor after the last row (cursor gives its id and sort
// value); and the total (count, when total needs it).
func writeListPage[R, I any](ctx context.Context, c echo.Context, page listPage, recs []R, item func(R) I,
	cursor func(R) (int64, *string), count func(context.Context) (store.ListTotal, error)) error {
	out := pageResponse[I]{Items: make([]I, len(recs))}
	for i, r := range recs {
		out.Items[i] = item(r)
	}
	if n := len(recs); n > 0 {
		id, value := cursor(recs[n-1])
		out.NextCursor = page.next(n, id, value)
	}
	var err error
	if out.Total, out.TotalExact, err = page.total(ctx, len(recs), out.NextCursor, count); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// pageQuery names the query parameters of a page of a sortable list.
var pageQuery = []string{"limit:integer", "cursor", "offset:integer", "sort"}
