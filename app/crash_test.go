package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"procura/app/caseimport"
	"procura/app/demo"
	"procura/app/gendata"
	"procura/app/store"
	"procura/app/testdb"
	"procura/domain"
)

// TestMain runs the tests, or, in a child process that a test starts with
// PROCURA_TEST_SERVE=1, the real server: `serve`, as the binary runs it.
func TestMain(m *testing.M) {
	if os.Getenv("PROCURA_TEST_SERVE") == "1" {
		if err := run(context.Background(), []string{"serve"}, os.Getenv, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "procura:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	testdb.Main(m)
}

// server is the real server in a child process.
type server struct {
	cmd  *exec.Cmd
	base string
	out  *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServer starts the server on dsn and waits until it is ready.
func startServer(t *testing.T, dsn string) *server {
	t.Helper()
	s := launchServer(t, dsn)
	s.waitReady(t)
	return s
}

// launchServer starts the server on dsn, with env added to its
// environment, and does not wait.
func launchServer(t *testing.T, dsn string, env ...string) *server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &server{base: "http://" + addr, out: &lockedBuffer{}}
	s.cmd = exec.Command(os.Args[0], "-test.run=^$")
	s.cmd.Env = append(append(os.Environ(), "PROCURA_TEST_SERVE=1", "DATABASE_URL="+dsn, "PROCURA_ADDR="+addr), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.kill() })
	return s
}

// waitReady waits until /readyz answers 200, for up to a minute.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not get ready:\n%s", s.out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// kill ends the server as a crash would: SIGKILL, no shutdown.
func (s *server) kill() {
	if s.cmd.Process != nil && s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
		_ = s.cmd.Wait()
	}
}

// client is a signed-in user of a server.
type client struct {
	http *http.Client
	csrf string
}

func signIn(t *testing.T, s *server, username string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{http: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
	body, _ := json.Marshal(map[string]string{"username": username, "password": demo.Password})
	resp, err := c.http.Post(s.base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sign in: %d %v", resp.StatusCode, err)
	}
	c.csrf = out.CSRFToken
	return c
}

// upload starts an import of a file into unit.
func (c *client) upload(t *testing.T, s *server, kind string, unit int64, name string, data []byte) int64 {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("kind", kind)
	w.WriteField("unit_id", strconv.FormatInt(unit, 10))
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/imports", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID int64 }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload %s: %d %v", name, resp.StatusCode, err)
	}
	return out.ID
}

// generatedFiles writes the cases and events files of gen-data for two
// units of the demo.
func generatedFiles(t *testing.T, db *store.DB, cases int) (casesCSV, eventsCSV []byte) {
	t.Helper()
	reserved, err := db.UnifiedNumbers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, _, err := writeFiles(dir, gendata.Config{Units: []gendata.Unit{{Code: "429004", Short: "仙检", Weight: 2}, {Code: "429005", Short: "潜检", Weight: 1}},
		Categories: gendata.DefaultCategories, From: domain.NewDate(2025, 1, 1), To: domain.NewDate(2026, 6, 30), Cases: cases, Seed: 5,
		Reserved: reserved})
	if err != nil || len(files) != 2 {
		t.Fatalf("gen-data: %v %v", files, err)
	}
	if casesCSV, err = os.ReadFile(files[0]); err != nil {
		t.Fatal(err)
	}
	if eventsCSV, err = os.ReadFile(files[1]); err != nil {
		t.Fatal(err)
	}
	return casesCSV, eventsCSV
}

// waitImport waits until import id satisfies ok, up to limit.
func waitImport(t *testing.T, db *store.DB, id int64, limit time.Duration, ok func(store.ImportRecord) bool, out fmt.Stringer) store.ImportRecord {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		rec, err := db.GetImport(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ok(rec) {
			return rec
		}
		if time.Now().After(deadline) {
			t.Fatalf("import %d is %s with %d rows read after %s:\n%s", id, rec.Status, rec.RowsRead, limit, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func counts(rec store.ImportRecord) string {
	return fmt.Sprintf("%s total %d read %d ok %d failed %d changed %d errors %d", rec.Status, rec.RowsTotal, rec.RowsRead,
		rec.RowsOK, rec.RowsFailed, rec.RowsChanged, len(rec.Errors))
}

// importUntilKilled imports the cases file through s as the branch's
// supervisor, starts the events file, and kills s (SIGKILL) once the
// events import has committed its first batch. It returns the client and
// the imports, the events one as the kill left it, still running.
func importUntilKilled(t *testing.T, db *store.DB, s *server, cases, events []byte) (c *client, casesID, eventsID int64, crashed store.ImportRecord) {
	t.Helper()
	branch, err := db.GetUnitByCode(context.Background(), "429000")
	if err != nil {
		t.Fatal(err)
	}
	c = signIn(t, s, "supervisor.hanjiang")
	casesID = c.upload(t, s, "cases", branch.ID, "cases.csv", cases)
	waitImport(t, db, casesID, 2*time.Minute, func(r store.ImportRecord) bool { return r.Status == "done" }, s.out)
	eventsID = c.upload(t, s, "events", branch.ID, "events.csv", events)
	waitImport(t, db, eventsID, 2*time.Minute, func(r store.ImportRecord) bool { return r.RowsRead > 0 }, s.out)
	s.kill()
	if crashed, err = db.GetImport(context.Background(), eventsID); err != nil {
		t.Fatal(err)
	}
	if crashed.Status != "running" || crashed.RowsRead >= crashed.RowsTotal {
		t.Fatalf("the kill came too late: %s", counts(crashed))
	}
	t.Logf("killed at %s", counts(crashed))
	return c, casesID, eventsID, crashed
}

// TestImportSurvivesKill: the server is killed (SIGKILL) in the middle of
// an events import, after its first batch; a server started again resumes
// the import within 60 s and ends it with exactly the rows, counts and
// roll-ups of an uninterrupted import of the same files.
func TestImportSurvivesKill(t *testing.T) {
	dsn, db := testdb.WithDemo(t)
	cases, events := generatedFiles(t, db, 2500)
	s := startServer(t, dsn)
	_, casesID, eventsID, crashed := importUntilKilled(t, db, s, cases, events)

	restarted := time.Now()
	s = startServer(t, dsn)
	resumed := waitImport(t, db, eventsID, 60*time.Second, func(r store.ImportRecord) bool { return r.RowsRead > crashed.RowsRead }, s.out)
	t.Logf("resumed %.1f s after the restart (run %d)", time.Since(restarted).Seconds(), resumed.Run)
	done := waitImport(t, db, eventsID, 2*time.Minute, func(r store.ImportRecord) bool { return r.Status != "running" && r.Status != "queued" }, s.out)

	// The same files imported without a crash, in a database of their own.
	_, ref := testdb.WithDemo(t)
	want := []string{}
	runner := &caseimport.Runner{DB: ref}
	for _, f := range []struct {
		kind string
		data []byte
		id   int64
	}{{"cases", cases, casesID}, {"events", events, eventsID}} {
		orig, err := db.GetImport(context.Background(), f.id)
		if err != nil {
			t.Fatal(err)
		}
		id, err := ref.BeginImport(context.Background(), orig.UnitID, f.kind, f.kind+".csv", orig.Scope, orig.CreatedBy)
		if err != nil {
			t.Fatal(err)
		}
		size, sha, err := ref.WriteImportFile(context.Background(), id, bytes.NewReader(f.data))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ref.QueueImport(context.Background(), id, "csv", size, sha); err != nil {
			t.Fatal(err)
		}
		if err := runner.Run(context.Background(), id, 0); err != nil {
			t.Fatal(err)
		}
		rec, err := ref.GetImport(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, counts(rec))
	}
	casesRec, _ := db.GetImport(context.Background(), casesID)
	got := []string{counts(casesRec), counts(done)}
	if fmt.Sprint(got) != fmt.Sprint(want) || done.Run != 1 {
		t.Errorf("imports ended %v (run %d), uninterrupted %v", got, done.Run, want)
	}
	if got, want := testdb.CaseData(t, db.SQL()), testdb.CaseData(t, ref.SQL()); got != want {
		t.Errorf("after the crash and resume:\n%s\nuninterrupted:\n%s", got, want)
	}
	if t.Failed() {
		t.Logf("server log:\n%s", s.out)
	}
}
