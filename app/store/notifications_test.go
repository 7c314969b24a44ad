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
	// The hand-offs made while the demo was written are there already; the
	// scan alone finds the same tasks.
	var handedOff int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM notifications`).Scan(&handedOff); err != nil || handedOff == 0 {
		t.Fatalf("the demo's hand-offs made %d notifications (%v)", handedOff, err)
	}
	if _, err := db.SQL().Exec(`DELETE FROM notifications`); err != nil {
		t.Fatal(err)
	}
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
	// Kinds present: overdue replies (Qianjiang), awaiting approval (drafts
	// submitted), filings, proposed hearings.
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
	for _, k := range []string{domain.NoticeReplyDue, domain.NoticeAwaitingApproval, domain.NoticeFilingDue, domain.NoticeHearingProposed,
		domain.NoticeHearingToRecord} {
		if !has(k) {
			t.Errorf("no %s reminder; kinds %v", k, kinds)
		}
	}
	// The next days add no second item of one kind for one record and
	// user: an overdue reply is one reminder, not one a day.
	for d := 1; d <= 10; d++ {
		if _, err := db.GenerateReminders(ctx, today.AddDays(d)); err != nil {
			t.Fatal(err)
		}
	}
	var repeated int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM (SELECT 1 FROM notifications GROUP BY user_id, kind, suggestion_id, hearing_id
		HAVING count(*) > 1) x`).Scan(&repeated); err != nil || repeated != 0 {
		t.Errorf("%d repeated reminders (%v)", repeated, err)
	}
	// Xiantao's chief is reminded of Xiantao's pending drafts, Tianmen's are not his.
	var wrong int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id JOIN suggestions s ON s.id = n.suggestion_id
		JOIN units su ON su.id = s.unit_id WHERE u.username = 'chief.xiantao' AND su.code <> '429004'`).Scan(&wrong); err != nil || wrong != 0 {
		t.Errorf("chief.xiantao got %d reminders of other units (%v)", wrong, err)
	}
}
