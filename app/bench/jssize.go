package bench

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// firstLoadJS returns the JavaScript a browser must fetch before the
// router can show any route: the module scripts of dist/index.html and,
// transitively, every module they import statically (dynamic import()
// chunks, which the routes load, are left out). Sizes are each file
// gzipped at the default level, as a server would send it.
func firstLoadJS(dist string) (files int, raw, gz int64, err error) {
	html, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		return 0, 0, 0, err
	}
	var queue []string
	for _, m := range moduleScript.FindAllSubmatch(html, -1) {
		queue = append(queue, strings.TrimPrefix(string(m[1]), "/"))
	}
	if len(queue) == 0 {
		return 0, 0, 0, fmt.Errorf("bench: no module script in %s", filepath.Join(dist, "index.html"))
	}
	seen := map[string]bool{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		b, err := os.ReadFile(filepath.Join(dist, filepath.FromSlash(p)))
		if err != nil {
			return 0, 0, 0, err
		}
		raw += int64(len(b))
		n, err := gzipSize(b)
		if err != nil {
			return 0, 0, 0, err
		}
		gz += n
		for _, imp := range staticImports(b) {
			if strings.HasPrefix(imp, "/") {
				queue = append(queue, strings.TrimPrefix(imp, "/"))
			} else if strings.HasPrefix(imp, ".") {
				queue = append(queue, path.Clean(path.Join(path.Dir(p), imp)))
			}
		}
	}
	return len(seen), raw, gz, nil
}

var (
	moduleScript = regexp.MustCompile(`<script[^>]*type="module"[^>]*src="([^"]+)"`)
	// A static import or re-export in bundled output: import"./a.js",
	// import{x as y}from"./a.js", export*from"./a.js". import("./a.js")
	// is dynamic: the character before the specifier is '(' and it does
	// not match.
	staticImport = regexp.MustCompile(`(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"'\s]+\.m?js)["']`)
)

func staticImports(js []byte) []string {
	var out []string
	for _, m := range staticImport.FindAllSubmatch(js, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

func gzipSize(b []byte) (int64, error) {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return int64(buf.Len()), nil
}
