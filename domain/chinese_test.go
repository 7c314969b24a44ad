package domain

import (
	"testing"
	"time"
)

func TestChineseDate(t *testing.T) {
	for _, c := range []struct {
		d    Date
		want string
	}{
		{NewDate(2026, 6, 1), "二〇二六年六月一日"},
		{NewDate(2020, 10, 10), "二〇二〇年十月十日"},
		{NewDate(2027, 12, 31), "二〇二七年十二月三十一日"},
		{NewDate(2026, 1, 20), "二〇二六年一月二十日"},
		{Date{}, "　　年　　月　　日"},
	} {
		if got := ChineseDate(c.d); got != c.want {
			t.Errorf("ChineseDate(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestChinesePeriod(t *testing.T) {
	for _, c := range []struct {
		p    Period
		want string
	}{
		{Period{Months: 2}, "两个月"},
		{Period{Months: 3}, "三个月"},
		{Period{Days: 15}, "十五日"},
		{Period{Months: 1, Days: 15}, "一个月十五日"},
		{Period{}, "〇日"},
		{Period{Days: 120}, "120日"},
	} {
		if got := ChinesePeriod(c.p); got != c.want {
			t.Errorf("ChinesePeriod(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestChineseDateTime(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 6, 10, h, m, 0, 0, Shanghai) }
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{at(9, 30), "二〇二六年六月十日（星期三）上午九时三十分"},
		{at(14, 0), "二〇二六年六月十日（星期三）下午二时"},
		{at(12, 5), "二〇二六年六月十日（星期三）中午十二时五分"},
		{at(19, 15), "二〇二六年六月十日（星期三）晚上七时十五分"},
		{at(0, 0), "二〇二六年六月十日（星期三）凌晨零时"},
		// 01:30 UTC is 09:30 in Shanghai, the same day.
		{time.Date(2026, 6, 10, 1, 30, 0, 0, time.UTC), "二〇二六年六月十日（星期三）上午九时三十分"},
	} {
		if got := ChineseDateTime(c.t); got != c.want {
			t.Errorf("ChineseDateTime(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}
