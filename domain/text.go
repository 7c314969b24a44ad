package domain

import (
	"unicode"
	"unicode/utf8"
)

// TextProblem reports why s cannot be stored as text, or "" when it can:
// "encoding" for bytes that are not UTF-8, "control" for a control
// character other than tab, line feed and carriage return (PostgreSQL
// refuses NUL outright, and the others hide text from readers).
func TextProblem(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return "encoding"
		case r == '\t' || r == '\n' || r == '\r':
		case unicode.IsControl(r):
			return "control"
		}
		i += n
	}
	return ""
}

// CheckText is the field error for a text value TextProblem refuses.
func CheckText(field, s string) (FieldError, bool) {
	switch TextProblem(s) {
	case "encoding":
		return Field(field, "encoding", "The text is not valid UTF-8.", "文本编码无效（应为 UTF-8）。"), false
	case "control":
		return Field(field, "control_character", "The text contains a control character (only tab and line breaks are allowed).",
			"文本含有控制字符（仅允许制表符和换行）。"), false
	}
	return FieldError{}, true
}

// IsBidiControl reports whether r is an invisible formatting character
// that reorders or hides text: the bidirectional controls, zero-width
// characters and the byte-order mark (Unicode category Cf).
func IsBidiControl(r rune) bool { return unicode.Is(unicode.Cf, r) }

// StripFormatting removes the characters IsBidiControl reports and the
// control characters, so that a name such as "invoice\u202efdp.exe" cannot
// pass for "invoiceexe.pdf".
func StripFormatting(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if IsBidiControl(r) || unicode.IsControl(r) || r == utf8.RuneError {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}
