package bench

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"procura/app/pgserver"
)

// pgbenchDB is the database pgbench's own tables live in, apart from
// Procura's.
const pgbenchDB = "pgbench"

// pgbenchInit creates pgbench's tables at the given scale (100,000
// accounts per unit of scale).
func pgbenchInit(ctx context.Context, port, scale int) error {
	_, err := runPgbench(ctx, "-i", "-q", "-s", strconv.Itoa(scale), "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "postgres", pgbenchDB)
	return err
}

// pgbenchSelect runs pgbench's built-in select-only script (one primary
// key lookup per transaction, prepared statements) with clients
// connections over two threads for d, and returns its transactions per
// second (without the time to connect). pgbench runs whole seconds, and
// its clock includes connecting its clients (4.5 s for 64 on a busy
// two-core machine, a tenth of that on an idle one), so it runs a little
// longer than d, and once more with more time if no transaction got
// through.
func pgbenchSelect(ctx context.Context, port, clients int, d time.Duration) (float64, error) {
	var out []byte
	for _, allowance := range []time.Duration{2 * time.Second, 10 * time.Second} {
		secs := (d + allowance + time.Second - 1).Truncate(time.Second).Seconds()
		var err error
		out, err = runPgbench(ctx, "-S", "-M", "prepared", "-c", strconv.Itoa(clients), "-j", "2", "-T", strconv.Itoa(int(secs)),
			"-n", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "postgres", pgbenchDB)
		if err != nil {
			return 0, err
		}
		if m := tpsLine.FindSubmatch(out); m != nil {
			return strconv.ParseFloat(string(m[1]), 64)
		}
	}
	return 0, fmt.Errorf("bench: no tps in pgbench's output: %s", out)
}

var tpsLine = regexp.MustCompile(`(?m)^tps = ([0-9.]+)`)

// runPgbench runs the pgbench of the installed server binaries, as the
// user the cluster runs as.
func runPgbench(ctx context.Context, args ...string) ([]byte, error) {
	cmd, err := pgserver.Command(ctx, "pgbench", args...)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("bench: pgbench %v: %w: %s", args, err, out.Bytes())
	}
	return out.Bytes(), nil
}
