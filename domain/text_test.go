package domain

import "testing"

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"仙桃市人民检察院", ""},
		{"line one\nline two\r\n\ttabbed", ""},
		{"a\x00b", "control"},
		{"\x07", "control"},
		{"\x7f", "control"},
		{"\u0085", "control"},
		{"bad \xff byte", "encoding"},
		{"x\u202eexe", ""}, // formatting, not control: refused only where it misleads (names, passwords)
	} {
		if got := TextProblem(tc.in); got != tc.want {
			t.Errorf("TextProblem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStripFormatting(t *testing.T) {
	for in, want := range map[string]string{
		"invoice\u202efdp.exe": "invoicefdp.exe",
		"\ufeff报告.pdf":         "报告.pdf",
		"a\u200bb\x00c.docx":   "abc.docx",
		"复函（2026）.pdf":         "复函（2026）.pdf",
	} {
		if got := StripFormatting(in); got != want {
			t.Errorf("StripFormatting(%q) = %q, want %q", in, got, want)
		}
	}
}
