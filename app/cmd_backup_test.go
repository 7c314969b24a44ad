package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"procura/app/testdb"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func queryString(t *testing.T, dsn, q string) string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRow(q).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBackupRestoreCommands runs `procura backup` and `procura restore`
// against DATABASE_URL and against the private cluster: a backup of one
// restores into the other, and restoring over the result again needs
// --force.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	src := testdb.URL(t, true)
	db, err := sql.Open("pgx", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO units (code, name, short_name, level, path) VALUES ('420000', '湖北省人民检察院', '鄂检', 'province', '/420000')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Not t.TempDir: its parent is private to root, and the cluster
	// belongs to the postgres user.
	dataDir, err := os.MkdirTemp("", "procura-backup-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dataDir) })
	files := t.TempDir()
	viaURL := env(map[string]string{"DATABASE_URL": src})
	private := env(map[string]string{"PROCURA_DATA_DIR": dataDir, "PROCURA_LOG_LEVEL": "error"})
	cmd := func(getenv func(string) string, args ...string) (string, error) {
		var out, logs bytes.Buffer
		err := run(ctx, args, getenv, &out, &logs)
		return out.String(), err
	}

	first := filepath.Join(files, "first.dump")
	if out, err := cmd(viaURL, "backup", first); err != nil || !strings.Contains(out, "backed up to "+first) {
		t.Fatalf("backup: %q %v", out, err)
	}
	if out, err := cmd(private, "restore", first); err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore into the new private cluster: %q %v", out, err)
	}
	if _, err := cmd(private, "restore", first); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a restored database: %v", err)
	}
	if _, err := cmd(private, "restore", first, "--force"); err != nil {
		t.Fatalf("restore --force: %v", err)
	}
	second := filepath.Join(files, "second.dump")
	if _, err := cmd(private, "backup", second); err != nil {
		t.Fatalf("backup of the private cluster: %v", err)
	}
	dst := testdb.URL(t, false)
	if _, err := cmd(env(map[string]string{"DATABASE_URL": dst}), "restore", "--force", second); err != nil {
		t.Fatalf("restore into DATABASE_URL: %v", err)
	}
	if got := queryString(t, dst, `SELECT name FROM units WHERE code = '420000'`); got != "湖北省人民检察院" {
		t.Errorf("unit after two round trips: %q", got)
	}

	for _, args := range [][]string{{"backup"}, {"backup", "a", "b"}, {"restore"}, {"restore", "--yes", first}, {"restore", "a", "b"}} {
		if _, err := cmd(viaURL, args...); err == nil || !strings.Contains(err.Error(), "usage: procura "+args[0]) {
			t.Errorf("%v: %v", args, err)
		}
	}
}
