package store_test

import (
	"context"
	"testing"
	"time"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/testdb"
	"procura/domain"
)

func TestGenerateRemindersIsIdempotent(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	h, err := password.New(password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, h); err != nil {
		t.Fatal(err)
	}
	today := domain.DateOf(time.Now(), time.FixedZone("CST", 8*3600))
	n, err := db.GenerateReminders(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("the demo data produced no reminders")
	}
	again, err := db.GenerateReminders(ctx, today)
	if err != nil || again != 0 {
		t.Fatalf("second run added %d (%v)", again, err)
	}
	// Kinds present: overdue (Qianjiang), awaiting approval (drafts submitted).
	var kinds []string
	rows, err := db.SQL().Query(`SELECT DISTINCT kind FROM notifications ORDER BY kind`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		rows.Scan(&k)
		kinds = append(kinds, k)
	}
	has := func(k string) bool {
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	for _, k := range []string{"overdue", "awaiting_approval", "reply_due_7d"} {
		if !has(k) {
			t.Errorf("no %s reminder; kinds %v", k, kinds)
		}
	}
	// The next day's overdue reminders are new ones.
	next, err := db.GenerateReminders(ctx, today.AddDays(1))
	if err != nil || next == 0 {
		t.Errorf("next day added %d (%v)", next, err)
	}
	// Xiantao's chief is reminded of Xiantao's pending drafts, Tianmen's are not his.
	var wrong int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id JOIN suggestions s ON s.id = n.suggestion_id
		JOIN units su ON su.id = s.unit_id WHERE u.username = 'chief.xiantao' AND su.code <> '429004'`).Scan(&wrong); err != nil || wrong != 0 {
		t.Errorf("chief.xiantao got %d reminders of other units (%v)", wrong, err)
	}
}
