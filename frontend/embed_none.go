//go:build !ui

package frontend

import "io/fs"

// Dist returns nil: this binary was built without the user interface.
func Dist() fs.FS { return nil }
