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
// (what the rendering depends on besides the page: the day, whether ID
// numbers are masked) and kept in the page's
// store.PageMemo; each request then writes its own allowed actions into
// those bytes. Rendering a suggestion took a quarter of a cached read's
// time, and made most of its garbage (issue 10).

// actionsPlaceholder stands for the caller's actions in a rendering: no
// action is a NUL, so its JSON is found only where it was put.
var (
	actionsPlaceholder     = []string{"\x00"}
	actionsPlaceholderJSON = []byte(`"allowed_actions":["\u0000"]`)
	actionsMember          = len(`"allowed_actions":`)
)

// renderedPage is a page's response, with the placeholder's actions at at.
type renderedPage struct {
	body []byte
	at   int
}

// Size is what the rendering holds in memory, which the page cache counts.
func (p renderedPage) Size() int { return len(p.body) + 64 }

// writePage answers the page rendered by render (called with the actions
// to show) with the caller's actions, rendering it only when memo holds no
// rendering for variant. The bytes are those c.JSON writes, so that
// ?pretty (which indents them) renders afresh. render may have to read
// the page's sections again (store.SuggestionDetail.Partial).
func writePage(c echo.Context, status int, memo *store.PageMemo, variant string, actions []string, render func(actions []string) (any, error)) error {
	if actions == nil {
		actions = []string{}
	}
	if wantsPretty(c) {
		v, err := render(actions)
		if err != nil {
			return err
		}
		return c.JSON(status, v)
	}
	p, err := memoized(memo, variant, func() (renderedPage, error) {
		v, err := render(actionsPlaceholder)
		if err != nil {
			return renderedPage{}, err
		}
		p, err := encodePage(v)
		if err == nil {
			p.at = bytes.Index(p.body, actionsPlaceholderJSON)
		}
		if err == nil && p.at < 0 {
			err = errors.New("rendered page: no allowed_actions to fill")
		}
		return p, err
	})
	if err != nil {
		return err
	}
	a, err := gojson.Marshal(actions)
	if err != nil {
		return err
	}
	return writeParts(c, status, p.body[:p.at+actionsMember], a, p.body[p.at+len(actionsPlaceholderJSON):])
}

func wantsPretty(c echo.Context) bool {
	return c.Request().URL.RawQuery != "" && c.QueryParams().Has("pretty")
}

// memoized returns memo's rendering for variant, or makes and keeps it.
func memoized(memo *store.PageMemo, variant string, render func() (renderedPage, error)) (renderedPage, error) {
	if v, ok := memo.Load(variant); ok {
		return v.(renderedPage), nil
	}
	p, err := render()
	if err == nil {
		memo.Store(variant, p)
	}
	return p, err
}

// encodePage encodes v as jsonSerializer does.
func encodePage(v any) (renderedPage, error) {
	var b bytes.Buffer
	if err := gojson.NewEncoder(&b).Encode(v); err != nil {
		return renderedPage{}, err
	}
	return renderedPage{body: bytes.Clone(b.Bytes())}, nil // kept: no room to spare
}

// writeParts answers the JSON made of parts, with its length.
func writeParts(c echo.Context, status int, parts ...[]byte) error {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	h.Set(echo.HeaderContentLength, strconv.Itoa(n))
	c.Response().WriteHeader(status)
	for _, p := range parts {
		if _, err := c.Response().Write(p); err != nil {
			return err
		}
	}
	return nil
}
