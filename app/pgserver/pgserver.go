// Package pgserver runs a private PostgreSQL cluster in a directory of the
// project: `make run` keeps its data under ./.data, and the tests start a
// throwaway cluster in a temporary directory and remove it afterwards.
//
// initdb refuses to run as root, so when the program runs as root the
// cluster belongs to the unprivileged "postgres" system user that Debian's
// PostgreSQL packages create, and every PostgreSQL binary runs as that user.
package pgserver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// MinMajorVersion is the oldest PostgreSQL major version Procura supports.
const MinMajorVersion = 15

// ErrNoBinaries is returned when no PostgreSQL server binaries are installed.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or under /usr/lib/postgresql/*/bin: " +
	"install them with `sudo apt-get install -y postgresql` (Debian/Ubuntu), or set DATABASE_URL to an existing PostgreSQL 15+ server")

// Options configure a cluster.
type Options struct {
	// Dir holds the cluster: Dir/pgdata (the data directory), Dir/server.log
	// and the unix socket. It is created when missing.
	Dir string
	// Ephemeral turns off durability (fsync, synchronous commit, full page
	// writes) for throwaway test clusters. Never set it for data you keep.
	Ephemeral bool
	// Logger receives progress messages; nil discards them.
	Logger *slog.Logger
	// ReplicaOf makes a new cluster a streaming replica (hot standby) of
	// that running cluster: its data directory is a base backup of it
	// (pg_basebackup -R), and it follows the primary's WAL. An existing
	// cluster in Dir starts as it is.
	ReplicaOf *Server
}

// Server is a running cluster.
type Server struct {
	binDir  string
	dir     string
	dataDir string
	port    int
	cred    *syscall.Credential
	owned   bool // started by us, so Stop stops it
	log     *slog.Logger
}

// Start initialises the cluster on first use and starts it on a free
// loopback port. A cluster that is already running in Dir (left by an
// earlier run that was killed) is reused as it is.
func Start(ctx context.Context, opts Options) (*Server, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	binDir, err := FindBinDir()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgserver: data dir: %w", err)
	}
	s := &Server{binDir: binDir, dir: dir, dataDir: filepath.Join(dir, "pgdata"), log: log}
	if s.cred, err = credential(); err != nil {
		return nil, err
	}
	if err := s.prepareDir(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(s.dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		create := s.initdb
		if opts.ReplicaOf != nil {
			create = func(ctx context.Context) error { return s.baseBackup(ctx, opts.ReplicaOf) }
		}
		if err := create(ctx); err != nil {
			return nil, err
		}
	}
	if port, ok := s.runningPort(ctx); ok {
		log.Info("reusing running PostgreSQL cluster", "dir", s.dataDir, "port", port)
		s.port = port
		return s, nil
	}
	if s.port, err = freePort(); err != nil {
		return nil, err
	}
	opt := []string{
		"-p", strconv.Itoa(s.port),
		// TCP on loopback only; no unix socket, whose path length is limited.
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=''",
		"-c", "max_connections=200",
	}
	if opts.Ephemeral {
		opt = append(opt, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	start := time.Now()
	if _, err := s.run(ctx, "pg_ctl", "-D", s.dataDir, "-l", filepath.Join(s.dir, "server.log"), "-w", "-t", "60",
		"-o", strings.Join(opt, " "), "start"); err != nil {
		return nil, fmt.Errorf("pgserver: start (see %s): %w", filepath.Join(s.dir, "server.log"), err)
	}
	s.owned = true
	log.Info("started PostgreSQL cluster", "dir", s.dataDir, "port", s.port, "took", time.Since(start).Round(time.Millisecond).String())
	return s, nil
}

// URL returns a connection string for database name on this cluster.
func (s *Server) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, name)
}

// Port is the loopback TCP port the cluster listens on.
func (s *Server) Port() int { return s.port }

// Stop shuts the cluster down (fast mode: open transactions are rolled back)
// if this Server started it.
func (s *Server) Stop() error {
	if !s.owned {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := s.run(ctx, "pg_ctl", "-D", s.dataDir, "-m", "fast", "-w", "stop"); err != nil {
		return fmt.Errorf("pgserver: stop: %w", err)
	}
	s.owned = false
	s.log.Info("stopped PostgreSQL cluster", "dir", s.dataDir)
	return nil
}

// Restart stops the cluster in fast mode (open sessions end with
// SQLSTATE 57P01) and starts it again on the same port, waiting until it
// accepts connections; fault tests use it to restart the database under
// load. Only a cluster this Server started can be restarted.
func (s *Server) Restart(ctx context.Context) error {
	if !s.owned {
		return errors.New("pgserver: restart: the cluster was not started by this program")
	}
	// pg_ctl restart reuses the command line recorded in postmaster.opts,
	// so the port and settings stay the same.
	if _, err := s.run(ctx, "pg_ctl", "-D", s.dataDir, "-l", filepath.Join(s.dir, "server.log"), "-m", "fast", "-w", "-t", "60",
		"restart"); err != nil {
		return fmt.Errorf("pgserver: restart: %w", err)
	}
	s.log.Info("restarted PostgreSQL cluster", "dir", s.dataDir, "port", s.port)
	return nil
}

// Command prepares the PostgreSQL client program name (pg_dump,
// pg_restore, psql) of the installed binaries, the same version as the
// server's, run like the server: as the "postgres" system user when the
// program runs as root, in its own process group, in the C.UTF-8 locale,
// from the root directory (which every user may enter). The caller sets
// its input and output; files opened by the caller and passed as such
// need no permission of that user.
func Command(ctx context.Context, name string, args ...string) (*exec.Cmd, error) {
	binDir, err := clientBinDir(name)
	if err != nil {
		return nil, err
	}
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	return command(ctx, binDir, "/", cred, name, args...), nil
}

// clientBinDir finds client program name: beside the server binaries
// when they are installed (the private cluster's version), else in the
// newest /usr/lib/postgresql/N/bin that has it (a client-only install
// for DATABASE_URL; a newer pg_dump reads older servers), else on PATH.
func clientBinDir(name string) (string, error) {
	has := func(dir string) bool {
		st, err := os.Stat(filepath.Join(dir, name))
		return err == nil && !st.IsDir()
	}
	if dir, err := FindBinDir(); err == nil && has(dir) {
		return dir, nil
	}
	for _, d := range versionDirs() {
		if has(d) {
			return d, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("pgserver: %s not found beside the server binaries, under /usr/lib/postgresql/*/bin or on PATH: "+
		"install the PostgreSQL client with `sudo apt-get install -y postgresql-client`", name)
}

// command prepares a PostgreSQL program. Its own process group: a Ctrl-C
// in the terminal reaches the program, which then stops PostgreSQL in
// order, instead of reaching PostgreSQL directly.
func command(ctx context.Context, binDir, dir string, cred *syscall.Credential, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, name), args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: cred}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	return cmd
}

// FindBinDir returns the directory holding pg_ctl, initdb and postgres of a
// supported version: from PATH first, else the newest /usr/lib/postgresql/N/bin.
func FindBinDir() (string, error) {
	var candidates []string
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		candidates = append(candidates, filepath.Dir(p))
	}
	candidates = append(candidates, versionDirs()...)
	for _, d := range candidates {
		if hasBinaries(d) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

// versionDirs lists Debian's /usr/lib/postgresql/N/bin, newest first.
func versionDirs() []string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	return dirs
}

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func hasBinaries(dir string) bool {
	for _, b := range []string{"pg_ctl", "initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
			return false
		}
	}
	out, err := exec.Command(filepath.Join(dir, "postgres"), "--version").Output()
	if err != nil {
		return false
	}
	// "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
	fields := strings.Fields(string(out))
	if len(fields) < 3 {
		return false
	}
	major, _ := strconv.Atoi(strings.SplitN(fields[2], ".", 2)[0])
	return major >= MinMajorVersion
}

// credential returns the identity PostgreSQL must run as: nil (the current
// user) unless we are root, then the "postgres" system user.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgserver: running as root needs the unprivileged \"postgres\" system user to own the cluster "+
			"(created by `apt-get install -y postgresql`): %w", err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func (s *Server) prepareDir() error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("pgserver: %w", err)
	}
	if s.cred == nil {
		return nil
	}
	// The postgres user must own the cluster directory and be able to reach it.
	if err := os.Chown(s.dir, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
		return fmt.Errorf("pgserver: chown %s: %w", s.dir, err)
	}
	for p := filepath.Dir(s.dir); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pgserver: %w", err)
		}
		if st.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("pgserver: the postgres user cannot reach %s because %s is not searchable by others (mode %s); "+
				"choose a PROCURA_DATA_DIR whose parent directories are", s.dir, p, st.Mode().Perm())
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

func (s *Server) initdb(ctx context.Context) error {
	start := time.Now()
	if _, err := s.run(ctx, "initdb", "-D", s.dataDir, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"); err != nil {
		return fmt.Errorf("pgserver: initdb: %w", err)
	}
	s.log.Info("initialised PostgreSQL cluster", "dir", s.dataDir, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// baseBackup copies the running cluster primary into the data directory
// as a standby that streams from it (-R writes standby.signal and
// primary_conninfo; -X stream brings the WAL of the copy along). initdb's
// trust rules admit replication connections from loopback.
func (s *Server) baseBackup(ctx context.Context, primary *Server) error {
	start := time.Now()
	if _, err := s.run(ctx, "pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres",
		"-D", s.dataDir, "-R", "-X", "stream", "--no-sync", "-c", "fast"); err != nil {
		return fmt.Errorf("pgserver: base backup: %w", err)
	}
	s.log.Info("copied PostgreSQL cluster as a replica", "dir", s.dataDir, "primary_port", primary.port,
		"took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// runningPort reports the port of a postmaster already running on dataDir.
func (s *Server) runningPort(ctx context.Context) (int, bool) {
	if _, err := s.run(ctx, "pg_ctl", "-D", s.dataDir, "status"); err != nil {
		return 0, false
	}
	f, err := os.Open(filepath.Join(s.dataDir, "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	// Line 4 of postmaster.pid is the port.
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan(); i++ {
		if i == 4 {
			port, err := strconv.Atoi(strings.TrimSpace(sc.Text()))
			return port, err == nil
		}
	}
	return 0, false
}

func (s *Server) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := command(ctx, s.binDir, s.dir, s.cred, name, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return out.Bytes(), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgserver: find free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
