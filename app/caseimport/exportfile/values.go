package exportfile

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"procura/domain"
)

const (
	// maxTextRunes bounds the free-text columns (case type, department
	// number, prosecutor).
	maxTextRunes = 200
	// maxPersons bounds a person count: no case has ten thousand suspects,
	// and a typo of that size must not reach the statistics.
	maxPersons = 10000
)

var required = &problem{"required", "This field is required.", "此项为必填项。"}

// shorten cuts a value for quoting in a message.
func shorten(s string) string {
	const maxRunes = 40
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxRunes]) + "…"
}

// halfWidth turns full-width digits, letters and punctuation (０-９, ／,
// －) and the ideographic space into their ASCII forms, as Chinese input
// methods often type them in numbers and dates.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// lostDigits reports whether s is a number in a spreadsheet's scientific
// notation: a long number stored as a number, not as text, has lost its
// last digits and cannot be recovered.
func lostDigits(s string) bool {
	if !strings.ContainsAny(s, "Ee") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func parseUnifiedNo(s string) (string, *problem) {
	s = halfWidth(s)
	switch {
	case s == "":
		return "", required
	case len(s) == 17 && allDigits(s):
		return s, nil
	case lostDigits(s):
		return "", lostDigitsProblem(s)
	}
	return "", &problem{"format",
		fmt.Sprintf("%q is not a unified case number: 17 digits.", shorten(s)),
		fmt.Sprintf("“%s”不是有效的统一受案号，应为 17 位数字。", shorten(s))}
}

func lostDigitsProblem(s string) *problem {
	return &problem{"lost_digits",
		fmt.Sprintf("%q was stored as a number and has lost digits; format the column as text and enter the numbers again.", s),
		fmt.Sprintf("“%s”被存成了数值，已丢失位数；请将该列设为文本格式后重新录入。", s)}
}

func parseUnitCode(s string) (string, *problem) {
	s = halfWidth(s)
	switch {
	case s == "":
		return "", required
	case len(s) == 6 && allDigits(s):
		return s, nil
	}
	return "", &problem{"format",
		fmt.Sprintf("%q is not a unit code: 6 digits.", shorten(s)),
		fmt.Sprintf("“%s”不是有效的单位编码，应为 6 位数字。", shorten(s))}
}

func requiredText(s string) (string, *problem) { return parseText(s, true) }
func optionalText(s string) (string, *problem) { return parseText(s, false) }

// parseText checks a free-text value, already trimmed.
func parseText(s string, mandatory bool) (string, *problem) {
	if s == "" {
		if mandatory {
			return "", required
		}
		return "", nil
	}
	if utf8.RuneCountInString(s) > maxTextRunes {
		return "", &problem{"too_long",
			fmt.Sprintf("Longer than %d characters.", maxTextRunes),
			fmt.Sprintf("超过 %d 个字符。", maxTextRunes)}
	}
	return s, nil // control characters are refused for the whole row (Reader.controlChars)
}

func (cats categorySet) parse(s string) (string, *problem) {
	if s == "" {
		return "", required
	}
	if c, ok := cats.lookup(halfWidth(s)); ok {
		return c, nil
	}
	return "", &problem{"unknown",
		fmt.Sprintf("Unknown category %q.", shorten(s)),
		fmt.Sprintf("未知的类案类别“%s”。", shorten(s))}
}

func parseEvent(s string) (string, *problem) {
	if s == "" {
		return "", required
	}
	if c, ok := events[strings.ToLower(halfWidth(s))]; ok {
		return c, nil
	}
	return "", &problem{"unknown",
		fmt.Sprintf("Unknown event %q.", shorten(s)),
		fmt.Sprintf("未知的事件“%s”。", shorten(s))}
}

// parsePersons reads a person count. A spreadsheet cell may hold it as a
// number written with a fraction ("3.0"); a CSV field must be digits.
func parsePersons(s string, cellNumbers bool) (int, *problem) {
	if s == "" {
		return 0, required
	}
	s = halfWidth(s)
	n, err := strconv.Atoi(s)
	if err != nil && cellNumbers {
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f == math.Trunc(f) && math.Abs(f) <= math.MaxInt32 {
			n, err = int(f), nil
		}
	}
	if err != nil && !allDigits(strings.TrimPrefix(s, "-")) {
		return 0, &problem{"format",
			fmt.Sprintf("%q is not a whole number.", shorten(s)),
			fmt.Sprintf("“%s”不是整数。", shorten(s))}
	}
	if err != nil || n < 1 || n > maxPersons {
		return 0, &problem{"range",
			fmt.Sprintf("The number of persons must be between 1 and %d, not %s.", maxPersons, shorten(s)),
			fmt.Sprintf("人数应在 1 到 %d 之间，而不是 %s。", maxPersons, shorten(s))}
	}
	return n, nil
}

// timeOfDay is what may follow a date: exports from databases write
// "2024-03-05 00:00:00", and XLSX date cells "2024-03-05T00:00:00Z". The
// time is dropped.
var timeOfDay = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)

// parseDate reads YYYY-MM-DD, YYYY/MM/DD (month and day may have one
// digit, as Chinese Excel writes them) or YYYY年M月D日, with an optional
// time of day after the first two. With cellNumbers, a number is an Excel
// date serial, in the workbook's 1900 or 1904 date system.
func parseDate(s string, cellNumbers, date1904 bool) (domain.Date, *problem) {
	if s == "" {
		return domain.Date{}, required
	}
	s = halfWidth(s)
	if cellNumbers && s[0] >= '0' && s[0] <= '9' {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if d, ok := dateFromSerial(f, date1904); ok {
				return d, nil
			}
			return domain.Date{}, &problem{"range",
				fmt.Sprintf("%s is a number, not a date from %d on; write the date as YYYY-MM-DD.", shorten(s), minSerialYear),
				fmt.Sprintf("%s 是数值，不是 %d 年以后的日期；请按 YYYY-MM-DD 填写日期。", shorten(s), minSerialYear)}
		}
	}
	if d, ok := parseDateText(s); ok {
		return d, nil
	}
	return domain.Date{}, &problem{"format",
		fmt.Sprintf("%q is not a date: write YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日.", shorten(s)),
		fmt.Sprintf("“%s”不是有效日期，应写作 YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日。", shorten(s))}
}

func parseDateText(s string) (domain.Date, bool) {
	y, rest, ok := leadingNumber(s, 4, 4)
	if !ok {
		return domain.Date{}, false
	}
	var sep1, sep2, end string
	switch {
	case strings.HasPrefix(rest, "-"):
		sep1, sep2 = "-", "-"
	case strings.HasPrefix(rest, "/"):
		sep1, sep2 = "/", "/"
	case strings.HasPrefix(rest, "年"):
		sep1, sep2, end = "年", "月", "日"
	default:
		return domain.Date{}, false
	}
	m, rest, ok := leadingNumber(rest[len(sep1):], 1, 2)
	if !ok || !strings.HasPrefix(rest, sep2) {
		return domain.Date{}, false
	}
	d, rest, ok := leadingNumber(rest[len(sep2):], 1, 2)
	if !ok {
		return domain.Date{}, false
	}
	if end != "" {
		if rest != end {
			return domain.Date{}, false
		}
	} else if rest != "" && !((rest[0] == ' ' || rest[0] == 'T') && timeOfDay.MatchString(rest[1:])) {
		return domain.Date{}, false
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return domain.Date{}, false
	}
	return domain.NewDate(y, time.Month(m), d), true
}

// leadingNumber reads between lo and hi ASCII digits from the start of s.
func leadingNumber(s string, lo, hi int) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < hi && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n, s[i:], i >= lo
}

// minSerialYear is the earliest year a date serial may give. A raw cell
// value cannot tell a date cell from a number cell, so a count or a year
// typed into the date column would otherwise pass as a day of 1900–1905.
const minSerialYear = 1950

// dateFromSerial converts an Excel serial day number; a fraction is a time
// of day and is dropped.
func dateFromSerial(f float64, date1904 bool) (domain.Date, bool) {
	const maxSerial = 2958465 // 9999-12-31 in the 1900 system
	epoch := domain.NewDate(1899, 12, 30)
	if date1904 {
		epoch = domain.NewDate(1904, 1, 1)
	}
	day := math.Floor(f)
	if day < 0 || day > maxSerial {
		return domain.Date{}, false
	}
	d := epoch.AddDays(int(day))
	if d.Year() < minSerialYear || d.Year() > 9999 {
		return domain.Date{}, false
	}
	return d, true
}
