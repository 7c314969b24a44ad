package httpapi

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type calendarYear struct {
	Year     int      `json:"year"`
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
}

type deadlineResponse struct {
	DueOn string `json:"due_on"`
	// Provisional: due_on lies in a year whose holidays are not loaded, so
	// only weekends were skipped (暂按未公布节假日计算).
	Provisional bool `json:"provisional"`
}

// calendarStatus tells an administrator which years to load.
type calendarStatus struct {
	LoadedYears  []int         `json:"loaded_years"`
	MissingYears []missingYear `json:"missing_years"`
}

// missingYear is a year without holidays on record that matters now: the
// current or the next year, or a year in which open deadlines fall.
type missingYear struct {
	Year int `json:"year"`
	// Deadlines counts the open suggestions' reply and filing deadlines in
	// the year, all provisional until it is loaded.
	Deadlines int `json:"deadlines"`
}

type categoryDTO struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	Sort   int    `json:"sort"`
	Active bool   `json:"active"`
}

func (s *Server) registerCalendarRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/calendar/deadline", Tag: "calendar", Access: Access{},
		Summary: "The statutory deadline from a date (months or days; 民法典 arts 201–203)", Query: []string{"from", "months:integer", "days:integer"},
		Response: deadlineResponse{}, Handler: s.deadline})
	s.add(g, Route{Method: http.MethodGet, Path: "/calendar/status", Tag: "calendar", Access: Access{Resource: "calendar", Action: "update"},
		Summary:  "Years whose holidays are loaded, and the years to load (this year, next year, years of open deadlines)",
		Response: calendarStatus{}, Handler: s.calendarStatus})
	s.add(g, Route{Method: http.MethodGet, Path: "/calendar/:year", Tag: "calendar", Access: Access{},
		Summary: "Holidays and make-up working days of a year", Response: calendarYear{}, Handler: s.getCalendar})
	s.add(g, Route{Method: http.MethodPut, Path: "/calendar/:year", Tag: "calendar", Access: Access{Resource: "calendar", Action: "update"},
		Summary: "Replace a year's holidays and make-up working days", Body: calendarYear{}, Response: calendarYear{}, Handler: s.putCalendar})
	s.add(g, Route{Method: http.MethodGet, Path: "/categories", Tag: "calendar", Access: Access{},
		Summary: "Class-case categories", Response: listResponse[categoryDTO]{}, Handler: s.listCategories})
	s.add(g, Route{Method: http.MethodGet, Path: "/doc-prefixes", Tag: "calendar", Access: Access{},
		Summary: "The 文号 prefix of each suggestion type", Response: listResponse[docPrefixDTO]{}, Handler: s.listDocPrefixes})
	s.add(g, Route{Method: http.MethodPut, Path: "/doc-prefixes/:type", Tag: "calendar", Access: Access{Resource: "category", Action: "update"},
		Summary: "Change the 文号 prefix of a suggestion type", Body: docPrefixDTO{}, Response: docPrefixDTO{}, Handler: s.putDocPrefix})
	s.add(g, Route{Method: http.MethodPut, Path: "/categories/:code", Tag: "calendar", Access: Access{Resource: "category", Action: "update"},
		Summary: "Add or change a class-case category", Body: categoryDTO{}, Response: categoryDTO{}, Handler: s.putCategory})
}

func pathYear(c echo.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y < 1990 || y > 2100 {
		return 0, domain.ErrNotFound
	}
	return y, nil
}

func (s *Server) getCalendar(c echo.Context) error {
	y, err := pathYear(c)
	if err != nil {
		return err
	}
	hol, work, err := s.calendar.CalendarYear(c.Request().Context(), y)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, calendarYear{Year: y, Holidays: datesOut(hol), Workdays: datesOut(work)})
}

func (s *Server) putCalendar(c echo.Context) error {
	y, err := pathYear(c)
	if err != nil {
		return err
	}
	var req calendarYear
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var v domain.Validator
	hol := datesIn("holidays", req.Holidays, &v)
	work := datesIn("workdays", req.Workdays, &v)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.calendar.SetCalendarYear(c.Request().Context(), y, hol, work); err != nil {
		return err
	}
	return s.getCalendar(c)
}

func (s *Server) deadline(c echo.Context) error {
	var v domain.Validator
	from := parseOptionalDate("from", c.QueryParam("from"), &v)
	if from.IsZero() && c.QueryParam("from") == "" {
		v.Add(domain.Required("from"))
	}
	var p domain.Period
	months, days := c.QueryParam("months"), c.QueryParam("days")
	switch {
	case months != "" && days != "":
		v.Add(domain.Field("months", "exclusive", "Give months or days, not both.", "只能指定月数或天数之一。"))
	case months != "":
		n, err := strconv.Atoi(months)
		v.Check(err == nil && n >= 1 && n <= 24, domain.Field("months", "range", "1 to 24 months.", "月数应为 1 至 24。"))
		p.Months = n
	case days != "":
		n, err := strconv.Atoi(days)
		v.Check(err == nil && n >= 1 && n <= 730, domain.Field("days", "range", "1 to 730 days.", "天数应为 1 至 730。"))
		p.Days = n
	default:
		v.Add(domain.Field("months", "required", "Give months or days.", "请指定月数或天数。"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	cal, err := s.calendar.Calendar(c.Request().Context())
	if err != nil {
		return err
	}
	due := cal.Deadline(from, p)
	return c.JSON(http.StatusOK, deadlineResponse{DueOn: due.String(), Provisional: cal.Provisional(due)})
}

func (s *Server) calendarStatus(c echo.Context) error {
	ctx := c.Request().Context()
	loaded, err := s.calendar.CalendarYears(ctx)
	if err != nil {
		return err
	}
	open, err := s.calendar.OpenDeadlineYears(ctx)
	if err != nil {
		return err
	}
	this := s.today().Year()
	want := []int{this, this + 1}
	for y := range open {
		want = append(want, y)
	}
	out := calendarStatus{LoadedYears: loaded, MissingYears: []missingYear{}}
	isLoaded := map[int]bool{}
	for _, y := range loaded {
		isLoaded[y] = true
	}
	slices.Sort(want)
	for _, y := range slices.Compact(want) {
		if !isLoaded[y] {
			out.MissingYears = append(out.MissingYears, missingYear{Year: y, Deadlines: open[y]})
		}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) listCategories(c echo.Context) error {
	cats, err := s.calendar.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]categoryDTO, len(cats))
	for i, x := range cats {
		out[i] = categoryDTO(x)
	}
	return c.JSON(http.StatusOK, listResponse[categoryDTO]{Items: out})
}

func (s *Server) putCategory(c echo.Context) error {
	var req categoryDTO
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	req.Code = c.Param("code")
	if err := s.calendar.PutCategory(c.Request().Context(), store.Category(req)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, req)
}

func datesOut(ds []domain.Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

func datesIn(field string, ss []string, v *domain.Validator) []domain.Date {
	out := make([]domain.Date, 0, len(ss))
	for i, s := range ss {
		if s == "" {
			v.Add(domain.Required(field + "[" + strconv.Itoa(i) + "]"))
			continue
		}
		if d := v.Date(field+"["+strconv.Itoa(i)+"]", s); !d.IsZero() {
			out = append(out, d)
		}
	}
	return out
}

type docPrefixDTO struct {
	Type   string `json:"type" enum:"suggestion_type"`
	Prefix string `json:"prefix"`
}

func (s *Server) listDocPrefixes(c echo.Context) error {
	m, err := s.calendar.DocPrefixes(c.Request().Context())
	if err != nil {
		return err
	}
	out := []docPrefixDTO{}
	for _, t := range domain.SuggestionTypes {
		out = append(out, docPrefixDTO{Type: string(t), Prefix: m[t]})
	}
	return c.JSON(http.StatusOK, listResponse[docPrefixDTO]{Items: out})
}

func (s *Server) putDocPrefix(c echo.Context) error {
	var req docPrefixDTO
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	req.Type = c.Param("type")
	if err := s.calendar.SetDocPrefix(c.Request().Context(), domain.SuggestionType(req.Type), strings.TrimSpace(req.Prefix)); err != nil {
		return err
	}
	req.Prefix = strings.TrimSpace(req.Prefix)
	return c.JSON(http.StatusOK, req)
}
