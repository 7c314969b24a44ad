package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"procura/domain"
)

type notificationResponse struct {
	ID           int64      `json:"id"`
	Kind         string     `json:"kind"`
	SuggestionID *int64     `json:"suggestion_id"`
	TitleZh      string     `json:"title_zh"`
	TitleEn      string     `json:"title_en"`
	CreatedAt    time.Time  `json:"created_at"`
	ReadAt       *time.Time `json:"read_at"`
}

type notificationList struct {
	Items       []notificationResponse `json:"items"`
	NextCursor  *string                `json:"next_cursor"`
	UnreadCount int64                  `json:"unread_count"`
}

func (s *Server) registerNotificationRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodGet, Path: "/notifications", Tag: "notifications", Access: Access{},
		Summary: "The caller's notifications, newest first, with the unread count", Query: []string{"unread:boolean", "limit:integer", "cursor"},
		Response: notificationList{}, Handler: s.listNotifications})
	s.add(g, Route{Method: http.MethodPost, Path: "/notifications/:id/read", Tag: "notifications", Access: Access{},
		Summary: "Mark one notification read", Status: http.StatusNoContent, Handler: s.readNotification})
	s.add(g, Route{Method: http.MethodPost, Path: "/notifications/read-all", Tag: "notifications", Access: Access{},
		Summary: "Mark all of the caller's notifications read", Status: http.StatusNoContent, Handler: s.readAllNotifications})
}

func (s *Server) listNotifications(c echo.Context) error {
	limit, before, err := pageParams(c)
	if err != nil {
		return err
	}
	var v domain.Validator
	unread := queryBool(c, "unread", &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, count, err := s.suggestions.ListNotifications(c.Request().Context(), caller(c).User.ID, unread != nil && *unread, before, limit)
	if err != nil {
		return err
	}
	out := notificationList{Items: make([]notificationResponse, len(items)), UnreadCount: count}
	for i, n := range items {
		out.Items[i] = notificationResponse{ID: n.ID, Kind: n.Kind, SuggestionID: n.SuggestionID, TitleZh: n.TitleZh, TitleEn: n.TitleEn,
			CreatedAt: n.CreatedAt.In(domain.Shanghai), ReadAt: n.ReadAt}
	}
	if len(items) > 0 {
		out.NextCursor = nextCursor(len(items), limit, items[len(items)-1].ID)
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

func (s *Server) readAllNotifications(c echo.Context) error {
	if err := s.suggestions.MarkNotificationsRead(c.Request().Context(), caller(c).User.ID, 0); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
