package domain

import (
	"strconv"
	"strings"
	"time"
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

// ChineseClock writes the time of day of t (in Asia/Shanghai) as a notice
// states it: 上午九时三十分, 下午二时, 中午十二时, 晚上七时十五分, 凌晨零时.
func ChineseClock(t time.Time) string {
	t = t.In(Shanghai)
	h, m := t.Hour(), t.Minute()
	var b strings.Builder
	switch {
	case h < 6:
		b.WriteString("凌晨")
	case h < 12:
		b.WriteString("上午")
	case h == 12:
		b.WriteString("中午")
	case h < 18:
		b.WriteString("下午")
	default:
		b.WriteString("晚上")
	}
	if h > 12 {
		h -= 12
	}
	if h == 0 {
		b.WriteString("零")
	} else {
		b.WriteString(ChineseNumber(h))
	}
	b.WriteString("时")
	if m != 0 {
		b.WriteString(ChineseNumber(m))
		b.WriteString("分")
	}
	return b.String()
}

// chineseWeekdays name the days of the week, Sunday first (time.Weekday).
var chineseWeekdays = []string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// ChineseDateTime writes t (in Asia/Shanghai) as a notice fixes a hearing:
// 二〇二六年六月十日（星期三）上午九时三十分.
func ChineseDateTime(t time.Time) string {
	d := DateOf(t, Shanghai)
	return ChineseDate(d) + "（" + chineseWeekdays[d.Weekday()] + "）" + ChineseClock(t)
}
