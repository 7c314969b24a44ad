package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"procura/app/demo"
	"procura/app/password"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// loadedDatabase is a migrated database with the demo data and an
// attachment, as a running Procura would hold.
func loadedDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dsn := testdb.URL(t, true)
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hasher, err := password.New(password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, hasher); err != nil {
		t.Fatal(err)
	}
	var suggestionID, userID int64
	if err := db.SQL().QueryRow(`SELECT id, created_by FROM suggestions ORDER BY id LIMIT 1`).Scan(&suggestionID, &userID); err != nil {
		t.Fatal(err)
	}
	actx := store.WithActor(ctx, store.Actor{UserID: userID, Username: "fixture"})
	if _, err := db.AddSuggestionAttachment(actx, suggestionID, "复函.pdf", "application/pdf", []byte("%PDF-1.4 \x00\xff 二进制"),
		func(domain.Suggestion) error { return nil }); err != nil {
		t.Fatal(err)
	}
	return dsn
}

// snapshot is every table's row count and content hash, and every
// sequence's position, in schema public.
type snapshot map[string]string

func takeSnapshot(t *testing.T, dsn string) snapshot {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap := snapshot{}
	for _, name := range column(t, db, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`) {
		var n int64
		var hash string
		q := `SELECT count(*), coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM public.` +
			pgx.Identifier{name}.Sanitize() + ` t`
		if err := db.QueryRow(q).Scan(&n, &hash); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		snap["table "+name] = fmt.Sprintf("%d rows, md5 %s", n, hash)
	}
	for _, name := range column(t, db, `SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'`) {
		snap["sequence "+name] = strings.Join(column(t, db, `SELECT coalesce(last_value, 0)::text FROM pg_sequences WHERE sequencename = $1`, name), "")
	}
	return snap
}

func column(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackupRestore backs up one loaded database and restores it in the
// ways the subtests describe.
func TestBackupRestore(t *testing.T) {
	src := loadedDatabase(t)
	want := takeSnapshot(t, src)
	file := filepath.Join(t.TempDir(), "procura.dump")
	size, err := Dump(context.Background(), src, file)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("round trip", func(t *testing.T) { testRoundTrip(t, want, file, size) })
	t.Run("refuses a non-empty database", func(t *testing.T) { testRefusesNonEmpty(t, want, file) })
	t.Run("a failed restore changes nothing", func(t *testing.T) { testFailedRestoreChangesNothing(t, file) })
	t.Run("refuses a database in use", func(t *testing.T) { testRefusesDatabaseInUse(t, file) })
}

// testRoundTrip restores the backup into an empty database: every table
// (River's and goose's included) has the same rows, and every sequence
// the same position.
func testRoundTrip(t *testing.T, want snapshot, file string, size int64) {
	ctx := context.Background()
	for _, table := range []string{"goose_db_version", "river_job", "attachments", "audit_events", "cases", "suggestions"} {
		if want["table "+table] == "" {
			t.Fatalf("the source lacks table %s: %v", table, want)
		}
	}
	if want["table attachments"] == "0 rows, md5 " {
		t.Fatal("no attachment in the source")
	}
	if st, err := os.Stat(file); err != nil || st.Size() != size || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v (reported size %d)", st, err, size)
	}
	dst := testdb.URL(t, false)
	if err := Restore(ctx, dst, file, false); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, takeSnapshot(t, dst)); diff != "" {
		t.Errorf("restored database differs (-backed up +restored):\n%s", diff)
	}
	t.Logf("%d tables and sequences, archive %d bytes", len(want), size)
}

// testRefusesNonEmpty: without --force a database that holds a schema
// (even without rows) or data is refused with a clear message and left as
// it was; with --force it is replaced whole.
func testRefusesNonEmpty(t *testing.T, want snapshot, file string) {
	ctx := context.Background()

	migrated := testdb.URL(t, true)
	other := loadedDatabase(t) // other data: different hashes, timestamps and tokens
	db, err := sql.Open("pgx", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO notifications (user_id, kind, title_zh, title_en, dedupe_key)
		SELECT id, 'test', '测试', 'Test', 'restore-test' FROM users ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, target := range []string{migrated, other} {
		before := takeSnapshot(t, target)
		if cmp.Equal(before, want) {
			t.Fatal("the target already equals the backup")
		}
		err := Restore(ctx, target, file, false)
		if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("restore over a non-empty database: %v", err)
		}
		if diff := cmp.Diff(before, takeSnapshot(t, target)); diff != "" {
			t.Fatalf("a refused restore changed the database:\n%s", diff)
		}
		if err := Restore(ctx, target, file, true); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, takeSnapshot(t, target)); diff != "" {
			t.Errorf("after restore --force (-backed up +restored):\n%s", diff)
		}
	}
}

// testFailedRestoreChangesNothing: a truncated archive, restored with
// --force over a migrated database, fails and leaves it as it was.
func testFailedRestoreChangesNothing(t *testing.T, file string) {
	ctx := context.Background()
	dir := t.TempDir()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	target := testdb.URL(t, true)
	before := takeSnapshot(t, target)
	// Cut inside a table's data, psql fails on the partial COPY, unless
	// pg_restore's end of file reaches it first (then psql ends at the cut
	// and the transaction is never committed): which tool says so is a
	// race. Cut right after the table of contents, pg_restore writes the
	// whole schema and then fails for want of data, while psql has failed
	// at nothing.
	for _, cut := range []struct {
		name    string
		failing []string
	}{
		{"two thirds", []string{"psql", "pg_restore"}},
		{"contents only", []string{"pg_restore"}},
	} {
		n := len(data) * 2 / 3
		if cut.name == "contents only" {
			n = contentsLength(t, data)
		}
		truncated := filepath.Join(dir, "truncated.dump")
		if err := os.WriteFile(truncated, data[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		err = Restore(ctx, target, truncated, true)
		if err == nil || !strings.Contains(err.Error(), "nothing was changed") ||
			!slices.ContainsFunc(cut.failing, func(tool string) bool { return strings.Contains(err.Error(), tool+":") }) {
			t.Fatalf("restore of an archive cut at %s (%d of %d bytes): %v", cut.name, n, len(data), err)
		}
		if diff := cmp.Diff(before, takeSnapshot(t, target)); diff != "" {
			t.Fatalf("a failed restore (cut at %s) changed the database:\n%s", cut.name, diff)
		}
	}
	notArchive := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notArchive, []byte("not a backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, target, notArchive, true); err == nil || !strings.Contains(err.Error(), "not a backup") {
		t.Fatalf("restore of a text file: %v", err)
	}
}

// contentsLength is the shortest head of the archive data that pg_restore
// can list: its header and table of contents, without table data.
func contentsLength(t *testing.T, data []byte) int {
	t.Helper()
	lists := func(n int) bool {
		return runTool(context.Background(), nil, bytes.NewReader(data[:n]), io.Discard, "pg_restore", "--list") == nil
	}
	lo, hi := 0, len(data) // lists(hi) holds, lists(lo) does not
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; lists(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// testRefusesDatabaseInUse: another session on the target (a running
// Procura) makes restore refuse, even with --force.
func testRefusesDatabaseInUse(t *testing.T, file string) {
	ctx := context.Background()
	target := testdb.URL(t, false)
	db, err := sql.Open("pgx", target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, target, file, true); !errors.Is(err, ErrInUse) {
		t.Fatalf("restore into a database in use: %v", err)
	}
}

// TestFailedBackupKeepsTheOldFile: a backup that fails leaves neither a
// partial file nor a changed one under the final name.
func TestFailedBackupKeepsTheOldFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "procura.dump")
	if err := os.WriteFile(file, []byte("yesterday's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := testdb.URL(t, false)
	missing = strings.Replace(missing, "/t_", "/missing_", 1)
	if _, err := Dump(ctx, missing, file); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("backup of a missing database: %v", err)
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != "yesterday's backup" {
		t.Fatalf("the old backup became %q, %v", data, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("files left in the directory: %v, %v", entries, err)
	}
}
