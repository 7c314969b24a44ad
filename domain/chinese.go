package domain

import (
	"strconv"
	"strings"
)

// chineseDigits are the digits as official documents write a year: 〇, not 零.
var chineseDigits = []rune("〇一二三四五六七八九")

// ChineseNumber writes 0–99 in Chinese numerals: 十, 十五, 二十, 三十一;
// other numbers in Arabic digits.
func ChineseNumber(n int) string {
	if n < 0 || n > 99 {
		return strconv.Itoa(n)
	}
	if n < 10 {
		return string(chineseDigits[n])
	}
	var b strings.Builder
	if n >= 20 {
		b.WriteRune(chineseDigits[n/10])
	}
	b.WriteRune('十')
	if n%10 != 0 {
		b.WriteRune(chineseDigits[n%10])
	}
	return b.String()
}

// ChineseDate writes d as the date of an official document (成文日期,
// GB/T 9704-2012 7.3.5.1): the year digit by digit, month and day in
// numerals, e.g. 二〇二六年六月一日. The zero Date is the blank form
// "年　月　日" of a letter not yet issued.
func ChineseDate(d Date) string {
	if d.IsZero() {
		return "　　年　　月　　日"
	}
	var b strings.Builder
	for _, r := range d.t.Format("2006") {
		b.WriteRune(chineseDigits[r-'0'])
	}
	b.WriteString("年")
	b.WriteString(ChineseNumber(int(d.Month())))
	b.WriteString("月")
	b.WriteString(ChineseNumber(d.Day()))
	b.WriteString("日")
	return b.String()
}

// ChinesePeriod writes p in words as a letter states a time limit: 两个月,
// 十五日, 一个月十五日 (Period.String writes 2个月 for tables).
func ChinesePeriod(p Period) string {
	var b strings.Builder
	if p.Months != 0 {
		if p.Months == 2 {
			b.WriteString("两")
		} else {
			b.WriteString(ChineseNumber(p.Months))
		}
		b.WriteString("个月")
	}
	if p.Days != 0 || p.Months == 0 {
		b.WriteString(ChineseNumber(p.Days))
		b.WriteString("日")
	}
	return b.String()
}
