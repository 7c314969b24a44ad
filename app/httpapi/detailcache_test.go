package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// pageFromCache reads path until the answer came from the server's record
// page cache (a read that overlaps an invalidation is not cached, and the
// NOTIFY of an earlier change may arrive late on a busy machine), and
// returns the body.
func pageFromCache(t *testing.T, c *client, path string) string {
	t.Helper()
	start := time.Now()
	for {
		before := c.ts.db.DetailCacheStats()
		rec := c.do(t, http.MethodGet, path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		if c.ts.db.DetailCacheStats().Hits > before.Hits {
			return rec.Body.String()
		}
		if time.Since(start) > replicaTimeout {
			t.Fatalf("GET %s never answered from the record page cache: %+v", path, c.ts.db.DetailCacheStats())
		}
	}
}

// pageShowsWithin polls path until its body contains want, failing after
// replicaTimeout, and returns how long it took.
func pageShowsWithin(t *testing.T, c *client, path, want string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		rec := c.do(t, http.MethodGet, path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		if strings.Contains(rec.Body.String(), want) {
			return time.Since(start)
		}
		if time.Since(start) > replicaTimeout {
			t.Fatalf("GET %s still lacks %q after %v", path, want, replicaTimeout)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestRecordPagesFollowChanges: a server answers the pages of
// suggestions, hearings and cases from its cache, and every change to what
// a page shows, made through another server's API or by any SQL statement
// (a script, a migration, a job), reaches it within a second; the server
// that made a change reads it back at once.
func TestRecordPagesFollowChanges(t *testing.T) {
	a, b, dsn := twoServers(t)
	ctx := context.Background()
	db := a.db.SQL()
	sup := a.login(t, "supervisor.hanjiang")
	onB := sup.on(b)
	// Records of the Hanjiang branch, which its supervisor reads.
	branch := `(SELECT u.id FROM units u WHERE u.path LIKE '/420000/429000%')`
	var suggestion, kase, hearing, person, handler int64
	if err := db.QueryRowContext(ctx, `SELECT s.id, s.handling_prosecutor_id FROM suggestions s
		WHERE s.status = 'issued' AND s.unit_id IN `+branch+` ORDER BY s.id LIMIT 1`).Scan(&suggestion, &handler); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT id FROM cases WHERE unit_id IN `+branch+` ORDER BY id LIMIT 1`).Scan(&kase); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT p.hearing_id, p.person_id FROM hearing_participants p JOIN hearings h ON h.id = p.hearing_id
		WHERE h.unit_id IN `+branch+` ORDER BY p.id LIMIT 1`).Scan(&hearing, &person); err != nil {
		t.Fatal(err)
	}
	sPath, hPath, cPath := fmt.Sprintf("/api/v1/suggestions/%d", suggestion), fmt.Sprintf("/api/v1/hearings/%d", hearing), fmt.Sprintf("/api/v1/cases/%d", kase)
	exec := func(t *testing.T, q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T)
		// each page, read from B's cache before the change, must show its
		// text after it
		pages map[string]string
	}{
		{name: "a suggestion's title", change: func(t *testing.T) {
			exec(t, `UPDATE suggestions SET title = '缓存测试标题一' WHERE id = $1`, suggestion)
		}, pages: map[string]string{sPath: "缓存测试标题一"}},
		{name: "a suggestion named by a case", change: func(t *testing.T) {
			exec(t, `INSERT INTO suggestion_cases (suggestion_id, case_number) SELECT $1, unified_no FROM cases WHERE id = $2`, suggestion, kase)
		}, pages: map[string]string{cPath: "缓存测试标题一"}},
		{name: "the title of a suggestion a case names", change: func(t *testing.T) {
			exec(t, `UPDATE suggestions SET title = '缓存测试标题二' WHERE id = $1`, suggestion)
		}, pages: map[string]string{sPath: "缓存测试标题二", cPath: "缓存测试标题二"}},
		{name: "a follow-up", change: func(t *testing.T) {
			exec(t, `INSERT INTO suggestion_followups (suggestion_id, on_date, method, findings, created_by)
				VALUES ($1, '2026-06-10', 'site_visit', '缓存测试回访', $2)`, suggestion, handler)
		}, pages: map[string]string{sPath: "缓存测试回访"}},
		{name: "a history event", change: func(t *testing.T) {
			exec(t, `INSERT INTO audit_events (actor, unit_id, action, entity, entity_id)
				SELECT 'cache.test', unit_id, 'cache_test_action', 'suggestion', id::text FROM suggestions WHERE id = $1`, suggestion)
		}, pages: map[string]string{sPath: "cache_test_action"}},
		{name: "a handler's name", change: func(t *testing.T) {
			exec(t, `UPDATE users SET name = '缓存测试人' WHERE id = $1`, handler)
		}, pages: map[string]string{sPath: "缓存测试人"}},
		{name: "a unit's name", change: func(t *testing.T) {
			exec(t, `UPDATE units SET name = name || '单位改名' WHERE id = (SELECT unit_id FROM cases WHERE id = $1)`, kase)
		}, pages: map[string]string{cPath: "单位改名"}},
		{name: "a participant's person", change: func(t *testing.T) {
			exec(t, `UPDATE persons SET name = '缓存测试参与人' WHERE id = $1`, person)
		}, pages: map[string]string{hPath: "缓存测试参与人"}},
		{name: "a hearing", change: func(t *testing.T) {
			exec(t, `UPDATE hearings SET title = '缓存测试听证' WHERE id = $1`, hearing)
		}, pages: map[string]string{hPath: "缓存测试听证"}},
		{name: "a case's events", change: func(t *testing.T) {
			exec(t, `UPDATE cases SET persons = 4242 WHERE id = $1`, kase)
		}, pages: map[string]string{cPath: `"persons":4242`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for path, want := range tc.pages {
				if body := pageFromCache(t, onB, path); strings.Contains(body, want) {
					t.Fatalf("GET %s shows %q before the change", path, want)
				}
			}
			tc.change(t)
			for path, want := range tc.pages {
				t.Logf("B showed the change on %s after %v", path, pageShowsWithin(t, onB, path, want))
			}
		})
	}

	t.Run("a change through this server reads back at once", func(t *testing.T) {
		admin := a.login(t, "admin")
		pageFromCache(t, sup, sPath)
		u := listUsers(t, admin, "q=缓存测试人")[0]
		if rec := admin.do(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", u.ID),
			map[string]any{"name": "缓存测试人二", "version": u.Version}); rec.Code != http.StatusOK {
			t.Fatalf("rename: %d %s", rec.Code, rec.Body)
		}
		if rec := sup.do(t, http.MethodGet, sPath, nil); !strings.Contains(rec.Body.String(), "缓存测试人二") {
			t.Fatalf("A's page right after A's change: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("concurrent readers share a page", func(t *testing.T) {
		pageFromCache(t, onB, sPath)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					if rec := onB.do(t, http.MethodGet, sPath, nil); rec.Code != http.StatusOK {
						t.Errorf("GET %s: %d", sPath, rec.Code)
						return
					}
				}
			}()
		}
		wg.Wait()
	})

	t.Run("nothing is cached while the listener is deaf", func(t *testing.T) {
		pageFromCache(t, onB, hPath)
		killListeners(t, dsn)
		b.waitListening(t, false)
		if st := b.db.DetailCacheStats(); st.Entries != 0 || st.Listening {
			t.Fatalf("the page cache after the listener lost its connection: %+v", st)
		}
		onB.do(t, http.MethodGet, hPath, nil)
		if st := b.db.DetailCacheStats(); st.Entries != 0 {
			t.Fatalf("a page was cached while the listener was deaf: %+v", st)
		}
		b.waitListening(t, true)
		pageFromCache(t, onB, hPath)
	})
}

// TestArchivedHistoryLeavesCachedPages: archiving a past year of the
// audit log (procura audit archive) takes its events off the history of
// every server's cached pages, as it takes them off the database's.
func TestArchivedHistoryLeavesCachedPages(t *testing.T) {
	a, b, _ := twoServers(t)
	ctx := context.Background()
	db := a.db.SQL()
	sup := a.login(t, "supervisor.hanjiang")
	var suggestion int64
	if err := db.QueryRowContext(ctx, `SELECT s.id FROM suggestions s JOIN units u ON u.id = s.unit_id
		WHERE u.path LIKE '/420000/429000%' ORDER BY s.id LIMIT 1`).Scan(&suggestion); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/suggestions/%d", suggestion)
	for _, tc := range []struct {
		name    string
		year    int
		archive func(t *testing.T)
	}{
		{"procura audit-archive", 2020, func(t *testing.T) {
			if _, _, err := a.db.ArchiveAuditYear(ctx, 2020); err != nil {
				t.Fatal(err)
			}
		}},
		// An operator calling the function in psql (migration 00045).
		{"archive_audit_year in SQL", 2019, func(t *testing.T) {
			if _, err := db.ExecContext(ctx, `SELECT archive_audit_year(2019)`); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			action := fmt.Sprintf("archived_test_action_%d", tc.year)
			if _, err := db.ExecContext(ctx, `INSERT INTO audit_events (at, actor, unit_id, action, entity, entity_id)
				SELECT make_timestamptz($2, 6, 1, 10, 0, 0, 'Asia/Shanghai'), 'cache.test', unit_id, $3, 'suggestion', id::text
				FROM suggestions WHERE id = $1`, suggestion, tc.year, action); err != nil {
				t.Fatal(err)
			}
			if _, err := a.db.EnsureYearPartition(ctx, "audit_events", tc.year); err != nil {
				t.Fatal(err)
			}
			for _, c := range []*client{sup, sup.on(b)} {
				if body := pageFromCache(t, c, path); !strings.Contains(body, action) {
					t.Fatalf("the history lacks the event before the archive: %s", body)
				}
			}
			tc.archive(t)
			for _, c := range []*client{sup, sup.on(b)} {
				start := time.Now()
				for {
					rec := c.do(t, http.MethodGet, path, nil)
					if !strings.Contains(rec.Body.String(), action) {
						break
					}
					if time.Since(start) > replicaTimeout {
						t.Fatalf("the page still shows an archived event after %v", replicaTimeout)
					}
					time.Sleep(2 * time.Millisecond)
				}
			}
		})
	}
}
