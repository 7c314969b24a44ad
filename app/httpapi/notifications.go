package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

// notificationResponse is one notification; its titles are made when it
// is served, so that a reminder counts the days left from today.
type notificationResponse struct {
	ID           int64   `json:"id"`
	Kind         string  `json:"kind" enum:"notification_kind"`
	SuggestionID *int64  `json:"suggestion_id"`
	HearingID    *int64  `json:"hearing_id"`
	Subject      string  `json:"subject"`
	DueOn        *string `json:"due_on"`
	DaysLeft     *int    `json:"days_left"`
	// Provisional: the due date lies in a year whose holidays are not
	// loaded (暂按未公布节假日计算), as on the suggestion.
	Provisional bool       `json:"provisional"`
	TitleZh     string     `json:"title_zh"`
	TitleEn     string     `json:"title_en"`
	CreatedAt   time.Time  `json:"created_at"`
	ReadAt      *time.Time `json:"read_at"`
	Done        bool       `json:"done"`
}

type notificationList struct {
	Items       []notificationResponse `json:"items"`
	NextCursor  *string                `json:"next_cursor"`
	UnreadCount int64                  `json:"unread_count"`
}

type todoGroupResponse struct {
	Kind  string                 `json:"kind" enum:"notification_kind"`
	Count int64                  `json:"count"`
	Items []notificationResponse `json:"items"`
}

type todoResponse struct {
	Groups []todoGroupResponse `json:"groups"`
}

// todoPerKind is how many items of each kind the home page shows.
const todoPerKind = 5

func (s *Server) registerNotificationRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/notifications", Tag: "notifications", Access: Access{},
		Summary:  "The caller's notifications, newest first, with the unread count of tasks still to do",
		Query:    []string{"unread:boolean", "open:boolean", "kind", "limit:integer", "cursor"},
		Response: notificationList{}, Handler: s.listNotifications})
	s.add(g, Route{Method: http.MethodGet, Path: "/todo", Tag: "notifications", Access: Access{},
		Summary:  "The caller's to-do (待办): tasks still to do by kind, with counts and the first few of each",
		Response: todoResponse{}, Handler: s.todo})
	s.add(g, Route{Method: http.MethodPost, Path: "/notifications/:id/read", Tag: "notifications", Access: Access{},
		Summary: "Mark one notification read", Status: http.StatusNoContent, Handler: s.readNotification})
	s.add(g, Route{Method: http.MethodPost, Path: "/notifications/read", Tag: "notifications", Access: Access{},
		Summary: "Mark several of the caller's notifications read (at most 200); ids of others' notifications are passed over",
		Body:    readNotificationsRequest{}, Response: readNotificationsResponse{}, Handler: s.readNotifications})
	s.add(g, Route{Method: http.MethodPost, Path: "/notifications/read-all", Tag: "notifications", Access: Access{},
		Summary: "Mark all of the caller's notifications read", Status: http.StatusNoContent, Handler: s.readAllNotifications})
}

// provisionalYears answers whether a due date is provisional: its year's
// holidays are not loaded (domain.Calendar.Provisional).
func (s *Server) provisionalYears(c echo.Context) (func(domain.Date) bool, error) {
	years, err := s.calendar.CalendarYears(c.Request().Context())
	if err != nil {
		return nil, err
	}
	return func(d domain.Date) bool { return !d.IsZero() && !slices.Contains(years, d.Year()) }, nil
}

func (s *Server) toNotificationResponse(n store.Notification, today domain.Date, provisional func(domain.Date) bool) notificationResponse {
	due := n.Due()
	zh, en := domain.NoticeText(n.Kind, n.Subject, due, today, n.TitleZh, n.TitleEn)
	out := notificationResponse{ID: n.ID, Kind: n.Kind, SuggestionID: n.SuggestionID, HearingID: n.HearingID, Subject: n.Subject,
		TitleZh: zh, TitleEn: en, CreatedAt: n.CreatedAt.In(domain.Shanghai), ReadAt: n.ReadAt, Done: !n.Open}
	if !due.IsZero() {
		d, left := due.String(), today.DaysUntil(due)
		out.DueOn, out.DaysLeft, out.Provisional = &d, &left, provisional(due)
	}
	return out
}

func (s *Server) listNotifications(c echo.Context) error {
	limit, before, err := pageParams(c)
	if err != nil {
		return err
	}
	var v domain.Validator
	unread := queryBool(c, "unread", &v)
	open := queryBool(c, "open", &v)
	kind := c.QueryParam("kind")
	if kind != "" && !slices.Contains(domain.NoticeKinds, kind) {
		v.Add(domain.Field("kind", "invalid", "Unknown notification kind.", "未知的通知类别。"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	items, count, err := s.suggestions.ListNotifications(c.Request().Context(), store.NotificationFilter{UserID: caller(c).User.ID,
		Unread: unread != nil && *unread, OpenOnly: open != nil && *open, Kind: kind, BeforeID: before, Limit: limit})
	if err != nil {
		return err
	}
	provisional, err := s.provisionalYears(c)
	if err != nil {
		return err
	}
	today := s.today()
	out := notificationList{Items: make([]notificationResponse, len(items)), UnreadCount: count}
	for i, n := range items {
		out.Items[i] = s.toNotificationResponse(n, today, provisional)
	}
	if len(items) > 0 {
		out.NextCursor = nextCursor(len(items), limit, items[len(items)-1].ID)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) todo(c echo.Context) error {
	groups, err := s.suggestions.Todo(c.Request().Context(), caller(c).User.ID, todoPerKind)
	if err != nil {
		return err
	}
	provisional, err := s.provisionalYears(c)
	if err != nil {
		return err
	}
	today := s.today()
	out := todoResponse{Groups: make([]todoGroupResponse, len(groups))}
	for i, g := range groups {
		out.Groups[i] = todoGroupResponse{Kind: g.Kind, Count: g.Count, Items: make([]notificationResponse, len(g.Items))}
		for j, n := range g.Items {
			out.Groups[i].Items[j] = s.toNotificationResponse(n, today, provisional)
		}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) readNotification(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.suggestions.MarkNotificationsRead(c.Request().Context(), caller(c).User.ID, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type readNotificationsRequest struct {
	IDs []int64 `json:"ids"`
}

type readNotificationsResponse struct {
	// Read is how many were unread and are now read.
	Read int64 `json:"read"`
}

// maxReadBatch bounds the ids of one batch read.
const maxReadBatch = 200

func (s *Server) readNotifications(c echo.Context) error {
	var req readNotificationsRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var v domain.Validator
	v.Check(len(req.IDs) > 0, domain.Required("ids"))
	v.Check(len(req.IDs) <= maxReadBatch, domain.Field("ids", "too_many", "At most 200 notifications at once.", "一次最多 200 条通知。"))
	for i, id := range req.IDs {
		v.Check(id > 0, domain.Field(fmt.Sprintf("ids[%d]", i), "invalid", "Expected a notification id.", "应为通知编号。"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	n, err := s.suggestions.MarkNotificationIDsRead(c.Request().Context(), caller(c).User.ID, req.IDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, readNotificationsResponse{Read: n})
}

func (s *Server) readAllNotifications(c echo.Context) error {
	if err := s.suggestions.MarkNotificationsRead(c.Request().Context(), caller(c).User.ID, 0); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
