package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// signIn signs in through the API and returns the headers a browser
// would send with every later request: the session cookie and the CSRF
// token.
func (l *loader) signIn(ctx context.Context, username, password string) (http.Header, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", username, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("sign in as %s: HTTP %d: %s", username, resp.StatusCode, b)
	}
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", username, err)
	}
	h := http.Header{}
	for _, c := range resp.Cookies() {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	if h.Get("Cookie") == "" {
		return nil, fmt.Errorf("sign in as %s: no session cookie", username)
	}
	h.Set("X-CSRF-Token", out.CSRFToken)
	return h, nil
}

// getJSON sends one GET and decodes a 2xx answer into out.
func (l *loader) getJSON(ctx context.Context, path string, header http.Header, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+path, nil)
	if err != nil {
		return err
	}
	req.Header = header
	resp, err := l.client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode/100 != 2 {
		return fmt.Errorf("GET %s: %s", path, describeFailure(resp.StatusCode, b[:min(len(b), 300)], err))
	}
	return json.Unmarshal(b, out)
}

// importStatus is the part of an import's API answer the bench reads.
type importStatus struct {
	ID         int64  `json:"id"`
	Status     string `json:"status"`
	RowsTotal  int    `json:"rows_total"`
	RowsOK     int    `json:"rows_ok"`
	RowsFailed int    `json:"rows_failed"`
	Failure    string `json:"failure"`
}

// importFile uploads path as an import of kind into unitID the way the
// UI does (POST /api/v1/imports, multipart, streamed), waits until the
// background job has finished it, and returns its final status and the
// time from the start of the upload to the first poll that saw it done.
func (l *loader) importFile(ctx context.Context, header http.Header, unitID int64, kind, path string) (importStatus, time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return importStatus{}, 0, err
	}
	defer f.Close()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := mw.WriteField("kind", kind)
		if err == nil {
			err = mw.WriteField("unit_id", strconv.FormatInt(unitID, 10))
		}
		var part io.Writer
		if err == nil {
			part, err = mw.CreateFormFile("file", filepath.Base(path))
		}
		if err == nil {
			_, err = io.Copy(part, f)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/api/v1/imports", pr)
	if err != nil {
		return importStatus{}, 0, err
	}
	req.Header = header.Clone()
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := l.client.Do(req)
	if err != nil {
		return importStatus{}, 0, fmt.Errorf("upload %s: %w", path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return importStatus{}, 0, fmt.Errorf("upload %s: HTTP %d: %s", path, resp.StatusCode, b)
	}
	var st importStatus
	if err := json.Unmarshal(b, &st); err != nil {
		return importStatus{}, 0, err
	}
	for {
		switch st.Status {
		case "done":
			return st, time.Since(start), nil
		case "failed", "cancelled":
			return st, 0, fmt.Errorf("import %d %s: %s", st.ID, st.Status, st.Failure)
		}
		select {
		case <-ctx.Done():
			return st, 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if err := l.getJSON(ctx, "/api/v1/imports/"+strconv.FormatInt(st.ID, 10), header, &st); err != nil {
			return st, 0, err
		}
	}
}

// pageCacheCounts reads the server's record page cache counters (hits and
// misses so far) from /metrics.
func (l *loader) pageCacheCounts(ctx context.Context) (hits, misses float64, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+"/metrics", nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, 0, fmt.Errorf("GET /metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		switch name {
		case "procura_detail_cache_hits_total":
			hits, err = strconv.ParseFloat(value, 64)
		case "procura_detail_cache_misses_total":
			misses, err = strconv.ParseFloat(value, 64)
		}
		if err != nil {
			return 0, 0, fmt.Errorf("/metrics %s: %w", name, err)
		}
	}
	return hits, misses, sc.Err()
}
