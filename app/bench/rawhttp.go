package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The load itself is sent over keep-alive HTTP/1.1 connections written
// and read here, not through net/http's client: pgbench, the ceiling, is a
// lean C client, and net/http's (two goroutines and a dozen allocations a
// request, per connection) took as much of the machine at 64 clients as
// the server's own HTTP stack, which measured the generator as much as
// the server. This client does only what the bench's GETs need: send a
// request with fixed headers, and read a response's status and body,
// sized by Content-Length or chunked.

// requestTimeout bounds one request of the load.
const requestTimeout = 60 * time.Second

// rawConn is one load client's connection.
type rawConn struct {
	addr, host string
	head       []byte // the header lines every request carries
	key        string // the pool it returns to
	c          net.Conn
	r          *bufio.Reader
	req        []byte
}

// connPool keeps the connections of the finished runs open for the next,
// as a browser keeps its own: a run's clients do not connect anew.
type connPool struct {
	mu   sync.Mutex
	idle map[string][]*rawConn
}

// take returns an idle connection sending header, or a new one.
func (p *connPool) take(addr string, header http.Header) *rawConn {
	head := headerLines(header)
	key := string(head)
	p.mu.Lock()
	defer p.mu.Unlock()
	if cs := p.idle[key]; len(cs) > 0 {
		k := cs[len(cs)-1]
		p.idle[key] = cs[:len(cs)-1]
		return k
	}
	return &rawConn{addr: addr, host: addr, head: head, key: key}
}

// give keeps k for a later run, if it is still open.
func (p *connPool) give(k *rawConn) {
	if k.c == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idle == nil {
		p.idle = map[string][]*rawConn{}
	}
	p.idle[k.key] = append(p.idle[k.key], k)
}

func (p *connPool) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, cs := range p.idle {
		for _, k := range cs {
			k.close()
		}
	}
	p.idle = nil
}

// headerLines writes header as request lines, in a fixed order.
func headerLines(header http.Header) []byte {
	var b bytes.Buffer
	for _, k := range slices.Sorted(maps.Keys(header)) {
		for _, v := range header[k] {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	return b.Bytes()
}

func (k *rawConn) close() {
	if k.c != nil {
		k.c.Close()
		k.c, k.r = nil, nil
	}
}

// get sends GET path and reads the answer; the body is kept (its first
// 300 bytes) only when the status is not 2xx. After an error the
// connection is closed, and the next request connects again.
func (k *rawConn) get(ctx context.Context, path string) (int, []byte, error) {
	if k.c == nil {
		c, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", k.addr)
		if err != nil {
			return 0, nil, err
		}
		k.c, k.r = c, bufio.NewReaderSize(c, 32<<10)
	}
	deadline := time.Now().Add(requestTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := k.c.SetDeadline(deadline); err != nil {
		k.close()
		return 0, nil, err
	}
	k.req = append(append(append(append(append(k.req[:0], "GET "...), path...), " HTTP/1.1\r\nHost: "...), k.host...), "\r\n"...)
	k.req = append(append(k.req, k.head...), "\r\n"...)
	if _, err := k.c.Write(k.req); err != nil {
		k.close()
		return 0, nil, err
	}
	status, body, keep, err := readResponse(k.r)
	if err != nil || !keep {
		k.close()
	}
	return status, body, err
}

// readResponse reads one response from r: its status, the start of its
// body when the status is not 2xx, and whether the connection stays open.
func readResponse(r *bufio.Reader) (status int, body []byte, keep bool, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, nil, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, nil, false, fmt.Errorf("not an HTTP response: %q", line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, nil, false, fmt.Errorf("status line %q", line)
	}
	keep = line[7] == '1'
	length, chunked := int64(-1), false
	for {
		line, err = r.ReadSlice('\n')
		if err != nil {
			return 0, nil, false, err
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, nil, false, fmt.Errorf("header line %q", line)
		}
		value = bytes.TrimSpace(value)
		switch strings.ToLower(string(name)) {
		case "content-length":
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil || length < 0 {
				return 0, nil, false, fmt.Errorf("Content-Length %q", value)
			}
		case "transfer-encoding":
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case "connection":
			if bytes.EqualFold(value, []byte("close")) {
				keep = false
			}
		}
	}
	var keepBody *bytes.Buffer
	if status/100 != 2 {
		keepBody = &bytes.Buffer{}
	}
	switch {
	case chunked:
		err = readChunked(r, keepBody)
	case length >= 0:
		err = discard(r, length, keepBody)
	default: // the body ends with the connection
		err = discard(r, -1, keepBody)
		keep = false
	}
	if keepBody != nil {
		body = keepBody.Bytes()
	}
	return status, body, keep && err == nil, err
}

// discard reads n bytes of body (all until EOF when n < 0), keeping the
// first 300 in keep when it is not nil.
func discard(r *bufio.Reader, n int64, keep *bytes.Buffer) error {
	if keep != nil {
		want := int64(300 - keep.Len())
		if n >= 0 {
			want = min(want, n)
		}
		got, err := io.CopyN(keep, r, max(want, 0))
		if n >= 0 {
			n -= got
		}
		if err != nil {
			if n < 0 && errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
	if n < 0 {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	_, err := r.Discard(int(n))
	return err
}

// readChunked reads a chunked body and its trailer.
func readChunked(r *bufio.Reader, keep *bytes.Buffer) error {
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		n, err := strconv.ParseInt(string(size), 16, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("chunk size %q", line)
		}
		if n == 0 {
			for { // the trailer, up to an empty line
				line, err := r.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(bytes.TrimRight(line, "\r\n")) == 0 {
					return nil
				}
			}
		}
		if err := discard(r, n, keep); err != nil {
			return err
		}
		if _, err := r.Discard(2); err != nil {
			return err
		}
	}
}
