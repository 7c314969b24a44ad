package httpapi

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// notBuiltPage is served when the binary was built without the frontend.
const notBuiltPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Procura</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.6">
<h1>Procura</h1>
<p>界面尚未构建。请在项目根目录运行 <code>make run</code>（或 <code>make build</code>），它会构建前端并将其嵌入程序。</p>
<p>The user interface was not built into this binary. Run <code>make run</code> (or <code>make build</code>) in the project root:
it builds <code>frontend/</code> and embeds it (<code>go build -tags ui ./app</code>).</p>
<p>API: <a href="/api/openapi.json">/api/openapi.json</a> · <a href="/healthz">/healthz</a></p>
</body></html>`

// registerSPA serves the single-page application: files by path, and
// index.html for every other GET outside the API so that history-mode
// routes survive a reload.
func (s *Server) registerSPA() {
	ui := s.deps.UI
	handler := func(c echo.Context) error {
		p := c.Request().URL.Path
		if strings.HasPrefix(p, "/api/") {
			return echo.ErrNotFound
		}
		if ui == nil {
			return c.HTML(http.StatusOK, notBuiltPage)
		}
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(ui, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					// Vite puts a content hash in every asset name.
					c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				http.ServeFileFS(c.Response(), c.Request(), ui, name)
				return nil
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			if path.Ext(name) != "" {
				return echo.ErrNotFound // a missing file, not a page
			}
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(c.Response(), c.Request(), ui, "index.html")
		return nil
	}
	s.echo.GET("/*", handler)
	s.echo.HEAD("/*", handler)
}
