package store

import (
	"reflect"
	"testing"
)

func TestJSONString(t *testing.T) {
	str := func(s string) *string { return &s }
	for _, tt := range []struct {
		in      string
		want    *string
		wantErr bool
	}{
		{`null`, nil, false},
		{`"2026-03-31"`, str("2026-03-31"), false},
		{`"2026-03-31T08:00:00+08:05:43"`, str("2026-03-31T08:00:00+08:05:43"), false},
		{`""`, str(""), false},
		{`"a\"b\\c\u4e2d"`, str(`a"b\c中`), false}, // escapes go through the decoder
		{`"abc`, nil, true},
		{`123`, nil, true},
	} {
		got, err := jsonString([]byte(tt.in))
		if (err != nil) != tt.wantErr || !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("jsonString(%s) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
