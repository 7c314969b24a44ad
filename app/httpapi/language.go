package httpapi

import (
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"
)

// languages are those the server writes text in, the default first.
var languages = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// lang is the caller's language for text the server writes: "en" or
// "zh". A lang query parameter (en, zh, zh-CN…) decides; otherwise the
// Accept-Language header, weighed by its q-values; otherwise Chinese.
func lang(c echo.Context) string {
	if l := strings.ToLower(c.QueryParam("lang")); l != "" {
		if strings.HasPrefix(l, "en") {
			return "en"
		}
		return "zh"
	}
	accept := c.Request().Header.Get("Accept-Language")
	if accept == "" {
		return "zh"
	}
	tags, _, err := language.ParseAcceptLanguage(accept)
	if err != nil || len(tags) == 0 {
		return "zh"
	}
	_, i, conf := languages.Match(tags...)
	if i == 1 && conf != language.No {
		return "en"
	}
	return "zh"
}
