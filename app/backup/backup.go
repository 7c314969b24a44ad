// Package backup saves a Procura database to a file and loads it back,
// with PostgreSQL's own tools: pg_dump's custom format, read back by
// pg_restore. Everything lives in the database (records, attachments,
// import files, the job queue and the migration table), so the one file
// is the whole backup. The tools are those of the installed server
// binaries, run as app/pgserver runs them.
package backup

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"procura/app/pgserver"
)

// Dump writes the database at dsn to path in pg_dump's custom format
// (compressed; pg_dump reads one consistent snapshot, so the server may
// keep running). The archive is written to a temporary file next to path,
// checked, and renamed over path only when complete: a failed backup
// never leaves a truncated file under the final name, and an older
// backup there stays as it was. It returns the archive's size in bytes.
func Dump(ctx context.Context, dsn, path string) (int64, error) {
	conn, env, err := clientConn(dsn)
	if err != nil {
		return 0, err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".partial-*") // mode 0600: it holds personal data
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// The file itself is pg_dump's standard output: a seekable file, so
	// that pg_dump records where each table's data starts.
	if err := runTool(ctx, env, nil, tmp, "pg_dump", "--format=custom", "--dbname="+conn); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	// pg_restore must be able to read the table of contents back.
	if err := runTool(ctx, nil, tmp, io.Discard, "pg_restore", "--list"); err != nil {
		return 0, fmt.Errorf("backup: the archive written does not read back: %w", err)
	}
	st, err := tmp.Stat()
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	renamed = true
	return st.Size(), syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("backup: sync %s: %w", dir, err)
	}
	return nil
}

// clientConn turns a postgres:// URL into the connection string given to
// the client tools and their environment: a password moves to PGPASSWORD,
// so that it does not show in the process list.
func clientConn(dsn string) (string, []string, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, fmt.Errorf("backup: want a postgres:// connection URL")
	}
	var env []string
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	return u.String(), env, nil
}

// runTool runs a PostgreSQL client program with the given input and
// output; its error carries the end of what the program wrote to stderr.
func runTool(ctx context.Context, env []string, stdin io.Reader, stdout io.Writer, name string, args ...string) error {
	t, err := toolCommand(ctx, env, name, args...)
	if err != nil {
		return err
	}
	t.cmd.Stdin, t.cmd.Stdout = stdin, stdout
	if err := t.cmd.Start(); err != nil {
		return err
	}
	return t.wait()
}

// tool is a client program with the end of its stderr kept.
type tool struct {
	name   string
	cmd    *exec.Cmd
	stderr *tailBuffer
}

// toolCommand prepares a client program with extra environment env.
func toolCommand(ctx context.Context, env []string, name string, args ...string) (*tool, error) {
	cmd, err := pgserver.Command(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	cmd.Env = append(cmd.Env, env...)
	t := &tool{name: name, cmd: cmd, stderr: &tailBuffer{}}
	cmd.Stderr = t.stderr
	return t, nil
}

// wait waits for the started program; its error carries the program's
// last words.
func (t *tool) wait() error {
	err := t.cmd.Wait()
	if err == nil {
		return nil
	}
	if msg := strings.TrimSpace(t.stderr.String()); msg != "" {
		return fmt.Errorf("%s: %w: %s", t.name, err, msg)
	}
	return fmt.Errorf("%s: %w", t.name, err)
}

// tailBuffer keeps the last 8 KiB written to it: a tool that reports an
// error per row cannot fill memory.
type tailBuffer struct{ b bytes.Buffer }

const tailLimit = 8 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) > tailLimit {
		p = p[len(p)-tailLimit:]
	}
	t.b.Write(p)
	if extra := t.b.Len() - tailLimit; extra > 0 {
		t.b.Next(extra)
	}
	return n, nil
}

func (t *tailBuffer) String() string { return t.b.String() }
