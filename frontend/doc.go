// Package frontend embeds the built user interface into the Go binary. The
// embedding needs `npm run build` first and the `ui` build tag (the Makefile
// and Dockerfile pass it), so that a fresh clone still compiles with a plain
// `go build ./...`; such a binary serves a page saying how to build the UI.
package frontend
