package httpapi

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

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
// that day in Asia/Shanghai) query parameter.
func queryTime(c echo.Context, name string, v *domain.Validator) time.Time {
	s := c.QueryParam(name)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, domain.Shanghai); err == nil {
		return t
	}
	v.Add(domain.Field(name, "invalid", "Expected a date (YYYY-MM-DD) or an RFC 3339 time.", "应为日期（YYYY-MM-DD）或 RFC 3339 时间。"))
	return time.Time{}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
