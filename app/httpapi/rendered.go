package httpapi

import (
	"bytes"
	"errors"
	"strconv"

	gojson "github.com/goccy/go-json"
	"github.com/labstack/echo/v4"

	"procura/app/store"
)

// A record page answered from the page cache is rendered once per variant
// (the day, and whatever else the rendering depends on besides the
// caller's actions) and kept in the page's store.PageMemo; each request
// then writes its own allowed actions into those bytes. Rendering a
// suggestion took a quarter of a cached read's time, and most of its
// garbage (issue 10).

// actionsPlaceholder stands for the caller's actions in a rendering: no
// action is a NUL, so its JSON is found only where it was put.
var (
	actionsPlaceholder     = []string{"\x00"}
	actionsPlaceholderJSON = []byte(`"allowed_actions":["\u0000"]`)
	actionsMember          = len(`"allowed_actions":`)
)

// renderedPage is a page's response with the placeholder's actions at at.
type renderedPage struct {
	body []byte
	at   int
}

// writePage answers the page rendered by render (called with the actions
// to show) with the caller's actions. The rendering for variant comes
// from memo when an earlier request made it. The bytes are those c.JSON
// writes, so that ?pretty (which indents them) renders afresh.
func writePage(c echo.Context, status int, memo *store.PageMemo, variant string, actions []string, render func(actions []string) any) error {
	if actions == nil {
		actions = []string{}
	}
	if c.Request().URL.RawQuery != "" && c.QueryParams().Has("pretty") {
		return c.JSON(status, render(actions))
	}
	var p renderedPage
	if v, ok := memo.Load(variant); ok {
		p = v.(renderedPage)
	} else {
		var err error
		if p, err = renderWithPlaceholder(render(actionsPlaceholder)); err != nil {
			return err
		}
		memo.Store(variant, p)
	}
	a, err := gojson.Marshal(actions)
	if err != nil {
		return err
	}
	head, tail := p.body[:p.at+actionsMember], p.body[p.at+len(actionsPlaceholderJSON):]
	out := make([]byte, 0, len(head)+len(a)+len(tail))
	out = append(append(append(out, head...), a...), tail...)
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(out)))
	return c.Blob(status, echo.MIMEApplicationJSON, out)
}

// renderWithPlaceholder encodes v as jsonSerializer does and finds the
// placeholder's actions in it.
func renderWithPlaceholder(v any) (renderedPage, error) {
	var b bytes.Buffer
	if err := gojson.NewEncoder(&b).Encode(v); err != nil {
		return renderedPage{}, err
	}
	at := bytes.Index(b.Bytes(), actionsPlaceholderJSON)
	if at < 0 {
		return renderedPage{}, errors.New("rendered page: no allowed_actions to fill")
	}
	return renderedPage{body: b.Bytes(), at: at}, nil
}
