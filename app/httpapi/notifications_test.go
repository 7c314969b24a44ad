package httpapi

import (
	"context"
	"fmt"
	"testing"
)

func TestNotifications(t *testing.T) {
	ts := newTestServer(t, nil)
	if _, err := ts.db.GenerateReminders(context.Background(), ts.today()); err != nil {
		t.Fatal(err)
	}
	chief := ts.login(t, "chief.hanjiang")
	var list notificationList
	// Only tasks still to do count as unread: the demo's earlier rounds
	// (approved since) are there, done.
	mustDecode(t, chief.do(t, "GET", "/api/v1/notifications?open=true&limit=200", nil), &list)
	if len(list.Items) == 0 || list.UnreadCount != int64(len(list.Items)) || list.Items[0].TitleZh == "" || list.Items[0].Done {
		t.Fatalf("chief's notifications: %+v", list)
	}
	first := list.Items[0]
	if rec := chief.do(t, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", first.ID), nil); rec.Code != 204 {
		t.Fatalf("read: %d", rec.Code)
	}
	var after notificationList
	mustDecode(t, chief.do(t, "GET", "/api/v1/notifications?unread=true&limit=200", nil), &after)
	if after.UnreadCount != list.UnreadCount-1 || len(after.Items) != len(list.Items)-1 {
		t.Errorf("after reading one: %d unread of %d", after.UnreadCount, list.UnreadCount)
	}
	// Someone else's notification does not exist for another user.
	other := ts.login(t, "clerk.tianmen")
	if rec := other.do(t, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", first.ID), nil); rec.Code != 404 {
		t.Errorf("reading the chief's notification: %d", rec.Code)
	}
	// Several at once: the caller's are marked, another user's passed over.
	if len(after.Items) < 3 {
		t.Fatalf("need 3 unread, have %d", len(after.Items))
	}
	var read readNotificationsResponse
	ids := []int64{after.Items[0].ID, after.Items[1].ID}
	mustDecode(t, other.do(t, "POST", "/api/v1/notifications/read", map[string]any{"ids": ids}), &read)
	if read.Read != 0 {
		t.Errorf("another user marked %d of the chief's notifications", read.Read)
	}
	rec := chief.do(t, "POST", "/api/v1/notifications/read", map[string]any{"ids": append(ids, first.ID)})
	mustDecode(t, rec, &read)
	if rec.Code != 200 || read.Read != 2 {
		t.Errorf("batch read: %d, %d marked, want 2 (one was read already)", rec.Code, read.Read)
	}
	var batch notificationList
	mustDecode(t, chief.do(t, "GET", "/api/v1/notifications?unread=true&limit=200", nil), &batch)
	if len(batch.Items) != len(after.Items)-2 {
		t.Errorf("after the batch: %d unread, want %d", len(batch.Items), len(after.Items)-2)
	}
	wantError(t, chief, "POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{}}, 422, "ids", "required")
	wantError(t, chief, "POST", "/api/v1/notifications/read", map[string]any{"ids": make([]int64, 201)}, 422, "ids", "too_many")
	if rec := chief.do(t, "POST", "/api/v1/notifications/read-all", nil); rec.Code != 204 {
		t.Fatalf("read all: %d", rec.Code)
	}
	mustDecode(t, chief.do(t, "GET", "/api/v1/notifications", nil), &after)
	if after.UnreadCount != 0 {
		t.Errorf("unread after read-all: %d", after.UnreadCount)
	}
}
