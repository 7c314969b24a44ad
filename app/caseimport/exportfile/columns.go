package exportfile

import (
	"fmt"
	"strings"
)

// Kind is what a file holds: cases or case events.
type Kind int

// The kinds of file.
const (
	KindCases Kind = iota + 1
	KindEvents
)

func (k Kind) String() string {
	switch k {
	case KindCases:
		return "cases"
	case KindEvents:
		return "events"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// field is a known column.
type field int

const (
	fUnifiedNo field = iota
	fDeptNo
	fUnitCode
	fCaseType
	fCategory
	fProsecutor
	fReceivedOn
	fEvent
	fOccurredOn
	fPersons
	numFields
)

// fields gives each column its key, which is also its English header, and
// its Chinese header.
var fields = [numFields]struct{ key, zh string }{
	fUnifiedNo:  {"unified_no", "统一受案号"},
	fDeptNo:     {"dept_no", "部门受案号"},
	fUnitCode:   {"unit_code", "单位编码"},
	fCaseType:   {"case_type", "案件类型"},
	fCategory:   {"category", "类案类别"},
	fProsecutor: {"prosecutor", "承办检察官"},
	fReceivedOn: {"received_on", "受理日期"},
	fEvent:      {"event", "事件"},
	fOccurredOn: {"occurred_on", "发生日期"},
	fPersons:    {"persons", "人数"},
}

// column is a column of one kind of file.
type column struct {
	f        field
	required bool // the header must have it
}

var kindColumns = map[Kind][]column{
	KindCases: {
		{fUnifiedNo, true}, {fDeptNo, false}, {fUnitCode, true}, {fCaseType, true},
		{fCategory, true}, {fProsecutor, false}, {fReceivedOn, true}, {fPersons, true},
	},
	KindEvents: {
		{fUnifiedNo, true}, {fEvent, true}, {fOccurredOn, true}, {fPersons, true},
	},
}

// layout maps each known column to its index in a record, -1 if absent.
type layout struct {
	index  [numFields]int
	width  int      // fields in the header
	header []string // the header cells as the file writes them, trimmed
}

// cell returns the trimmed value of f in rec, "" when absent.
func (l *layout) cell(rec []string, f field) string {
	i := l.index[f]
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// headerName normalises a header cell: surrounding spaces (full-width ones
// too) and a stray byte-order mark go, and English is matched in any case.
func headerName(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\uFEFF")))
}

// readHeader maps header cells to the columns of kind. Unknown columns are
// ignored; a duplicate or a missing required column is an error.
func readHeader(kind Kind, header []string) (layout, error) {
	l := layout{width: len(header)}
	for _, h := range header {
		l.header = append(l.header, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "\uFEFF")))
	}
	for i := range l.index {
		l.index[i] = -1
	}
	byName := map[string]field{}
	for _, c := range kindColumns[kind] {
		byName[fields[c.f].key] = c.f
		byName[fields[c.f].zh] = c.f
	}
	for i, h := range header {
		f, ok := byName[headerName(h)]
		if !ok {
			continue
		}
		if j := l.index[f]; j >= 0 {
			k := fields[f]
			return l, fileError(ErrDuplicateColumn,
				fmt.Sprintf("Column %s (%s) appears twice in the header, as columns %d and %d.", k.key, k.zh, j+1, i+1),
				fmt.Sprintf("表头中“%s”（%s）列出现了两次：第 %d 列和第 %d 列。", k.zh, k.key, j+1, i+1))
		}
		l.index[f] = i
	}
	var keys, en, zh []string
	for _, c := range kindColumns[kind] {
		if c.required && l.index[c.f] < 0 {
			k := fields[c.f]
			keys = append(keys, k.key)
			en = append(en, k.key+" ("+k.zh+")")
			zh = append(zh, k.zh+"（"+k.key+"）")
		}
	}
	if len(keys) > 0 {
		e := fileError(ErrMissingColumns,
			fmt.Sprintf("The %s file lacks required column(s): %s. Its header reads: %s.", kind, strings.Join(en, ", "), quoteHeader(header)),
			fmt.Sprintf("%s文件缺少必需的列：%s。文件表头为：%s。", kindZh(kind), strings.Join(zh, "、"), quoteHeader(header)))
		e.Details = map[string]any{"columns": keys}
		return l, e
	}
	return l, nil
}

func kindZh(k Kind) string {
	if k == KindEvents {
		return "案件事件"
	}
	return "案件"
}

// quoteHeader shows what the header held, shortened, for error messages.
func quoteHeader(header []string) string {
	const maxShown = 20
	parts := make([]string, 0, min(len(header), maxShown))
	for i, h := range header {
		if i == maxShown {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%q", shorten(h)))
	}
	return strings.Join(parts, ", ")
}

// events maps each event code and Chinese name to the code.
var events = func() map[string]string {
	m := map[string]string{}
	for _, e := range []struct{ code, zh string }{
		{"arrest_review_received", "审查逮捕受理"},
		{"arrest_approved", "批准逮捕"},
		{"arrest_denied", "不批准逮捕"},
		{"prosecution_review_received", "审查起诉受理"},
		{"prosecuted", "提起公诉"},
		{"not_prosecuted", "不起诉"},
		{"returned_for_investigation", "退回补充侦查"},
		{"review_extended", "延长审查起诉期限"},
		{"reconsideration", "复议"},
		{"review", "复核"},
		{"appeal", "上诉"},
		{"protest", "抗诉"},
		{"petition", "申诉"},
		{"plea_leniency", "认罪认罚"},
		{"sentencing_recommended", "提出量刑建议"},
		{"sentencing_adopted", "量刑建议被采纳"},
	} {
		m[e.code] = e.code
		m[e.zh] = e.code
	}
	return m
}()

// categorySet resolves category codes and Chinese names to codes.
type categorySet map[string]string

func newCategorySet(codes []string, names map[string]string) (categorySet, error) {
	s := categorySet{}
	for _, c := range codes {
		s[strings.ToLower(c)] = c
	}
	for name, code := range names {
		if _, ok := s[strings.ToLower(code)]; !ok {
			return nil, fmt.Errorf("category name %q maps to %q, which is not among the category codes", name, code)
		}
		s[name] = code
	}
	if len(s) == 0 {
		return nil, fmt.Errorf("no category codes in the options")
	}
	return s, nil
}

// lookup resolves a code, in any case, or a Chinese name.
func (s categorySet) lookup(v string) (string, bool) {
	if c, ok := s[v]; ok {
		return c, true
	}
	c, ok := s[strings.ToLower(v)]
	return c, ok
}
