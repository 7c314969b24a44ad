// Package migrations holds the versioned SQL schema of Procura, applied by
// goose at start-up and by `app migrate`. Files are named NNNNN_name.sql.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
