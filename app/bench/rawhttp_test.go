package bench

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestRawClientReadsWhatServersWrite: the load's client reads the answers
// net/http writes (sized, chunked, failed, closing) over one connection
// as long as the server keeps it, sends the signed-in headers, and
// connects again after the server closed.
func TestRawClientReadsWhatServersWrite(t *testing.T) {
	var conns atomic.Int32
	big := strings.Repeat("页", 5000) // over net/http's 2 kB: sent chunked
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Cookie") != "procura_session=abc" || r.Header.Get("X-Csrf-Token") != "t" {
			http.Error(w, "not signed in", http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/small":
			io.WriteString(w, `{"ok":true}`)
		case "/big":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, big)
		case "/missing":
			http.Error(w, `{"error":{"code":"not_found"}}`, http.StatusNotFound)
		case "/close":
			w.Header().Set("Connection", "close")
			io.WriteString(w, "bye")
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	var pool connPool
	defer pool.closeAll()
	h := http.Header{}
	h.Set("Cookie", "procura_session=abc")
	h.Set("X-CSRF-Token", "t")
	k := pool.take(strings.TrimPrefix(srv.URL, "http://"), h)
	ctx := context.Background()
	for i, tc := range []struct {
		path   string
		status int
		body   string
		conns  int32
	}{
		{"/small", 200, "", 1},
		{"/big", 200, "", 1},
		{"/missing", 404, `{"error":{"code":"not_found"}}`, 1},
		{"/big", 200, "", 1},
		{"/close", 200, "", 1},
		{"/small", 200, "", 2},
	} {
		status, body, err := k.get(ctx, tc.path)
		if err != nil || status != tc.status || strings.TrimSpace(string(body)) != tc.body {
			t.Fatalf("request %d, %s: %d %q %v; want %d %q", i, tc.path, status, body, err, tc.status, tc.body)
		}
		if n := conns.Load(); n != tc.conns {
			t.Fatalf("request %d, %s: %d connections made, want %d", i, tc.path, n, tc.conns)
		}
	}
	pool.give(k)
	if again := pool.take(strings.TrimPrefix(srv.URL, "http://"), h); again != k {
		t.Fatal("the pool did not keep the open connection")
	}
	if other := pool.take(strings.TrimPrefix(srv.URL, "http://"), http.Header{}); other == k || other.c != nil {
		t.Fatal("a client with other headers got the signed-in connection")
	}
}

// TestRawClientRefusesWhatIsNotHTTP: a reply that is not HTTP is an error,
// not a hang or a success.
func TestRawClientRefusesWhatIsNotHTTP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 1024)
			c.Read(buf)
			io.WriteString(c, "SSH-2.0-OpenSSH\r\n\r\n")
			c.Close()
		}
	}()
	var pool connPool
	k := pool.take(ln.Addr().String(), http.Header{})
	if status, _, err := k.get(context.Background(), "/"); err == nil {
		t.Fatalf("a non-HTTP reply read as status %d", status)
	}
	if k.c != nil {
		t.Fatal("the connection stayed open after a broken reply")
	}
}
