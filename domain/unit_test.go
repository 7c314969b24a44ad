package domain

import (
	"strings"
	"testing"
)

func TestValidateUnit(t *testing.T) {
	branch := Unit{ID: 2, Code: "429000", Level: LevelBranch, Path: "/420000/429000", Active: true}
	province := Unit{ID: 1, Code: "420000", Level: LevelProvince, Path: "/420000", Active: true}
	city := Unit{ID: 3, Code: "420100", Level: LevelCity, Path: "/420000/420100", Active: true}
	tests := []struct {
		name   string
		u      Unit
		parent *Unit
		fields []string
	}{
		{"valid basic", Unit{Code: "429004", Name: "仙桃市人民检察院", ShortName: "仙检", Level: LevelBasic}, &branch, nil},
		{"root province", Unit{Code: "420000", Name: "湖北省人民检察院", ShortName: "鄂检", Level: LevelProvince}, nil, nil},
		{"root must be a province", Unit{Code: "429004", Name: "x", ShortName: "x", Level: LevelBasic}, nil, []string{"parent_id"}},
		{"level not below parent", Unit{Code: "429001", Name: "x", ShortName: "x", Level: LevelBranch}, &branch, []string{"level"}},
		{"bad fields", Unit{Code: "42900", Name: " ", ShortName: "一二三四五六七八九十一", Level: "county"}, &branch, []string{"code", "name", "short_name", "level"}},
		{"city under the province", Unit{Code: "420100", Name: "武汉市人民检察院", ShortName: "武检", Level: LevelCity}, &province, nil},
		{"basic under a city", Unit{Code: "420102", Name: "武汉市江岸区人民检察院", ShortName: "江检", Level: LevelBasic}, &city, nil},
		{"city not under a branch", Unit{Code: "429010", Name: "x", ShortName: "x", Level: LevelCity}, &branch, []string{"level"}},
		{"english names", Unit{Code: "429004", Name: "仙桃市人民检察院", ShortName: "仙检", Level: LevelBasic,
			NameEn: "Xiantao Municipal People's Procuratorate", ShortNameEn: "Xiantao"}, &branch, nil},
		{"english names in Chinese or too long", Unit{Code: "429004", Name: "x", ShortName: "x", Level: LevelBasic,
			NameEn: "Xiantao（仙桃）", ShortNameEn: strings.Repeat("x", 41)}, &branch, []string{"name_en", "short_name_en"}},
		{"full-width punctuation", Unit{Code: "429004", Name: "x", ShortName: "x", Level: LevelBasic, ShortNameEn: "Xiantao，Hubei"},
			&branch, []string{"short_name_en"}},
		{"inactive parent", Unit{Code: "429007", Name: "x", ShortName: "x", Level: LevelBasic}, &Unit{Level: LevelBranch}, []string{"parent_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateUnit(tt.u, tt.parent)
			var got []string
			if e, ok := AsError(err); ok {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			}
			if len(got) != len(tt.fields) {
				t.Fatalf("fields %v, want %v (%v)", got, tt.fields, err)
			}
			for i := range got {
				if got[i] != tt.fields[i] {
					t.Errorf("fields %v, want %v", got, tt.fields)
				}
			}
		})
	}
}

func TestValidateMove(t *testing.T) {
	province := Unit{Code: "420000", Level: LevelProvince, Path: "/420000", Active: true}
	hanjiang := Unit{Code: "429000", Level: LevelBranch, Path: "/420000/429000", Active: true}
	wuhan := Unit{Code: "420100", Level: LevelBranch, Path: "/420000/420100", Active: true}
	xiantao := Unit{Code: "429004", Level: LevelBasic, Path: "/420000/429000/429004", Active: true}
	if err := ValidateMove(xiantao, wuhan); err != nil {
		t.Errorf("basic under another branch: %v", err)
	}
	if err := ValidateMove(hanjiang, xiantao); err == nil {
		t.Error("a branch moved below its own child")
	}
	if err := ValidateMove(hanjiang, hanjiang); err == nil {
		t.Error("a unit moved below itself")
	}
	if err := ValidateMove(hanjiang, wuhan); err == nil {
		t.Error("a branch moved below a branch")
	}
	if err := ValidateMove(xiantao, province); err != nil {
		t.Errorf("basic directly under the province: %v", err)
	}
	if UnitPath("/420000/429000", "429004") != xiantao.Path || !InSubtree(xiantao.Path, hanjiang.Path) || InSubtree("/420000/4290001", hanjiang.Path) {
		t.Error("paths")
	}
}

func TestValidateLevelChange(t *testing.T) {
	tests := []struct {
		from, to UnitLevel
		ok       bool
	}{
		{LevelBranch, LevelCity, true},
		{LevelCity, LevelBranch, true},
		{LevelBasic, LevelBasic, true},
		{LevelBasic, LevelCity, false},
		{LevelCity, LevelProvince, false},
		{LevelBranch, "county", false},
	}
	for _, tt := range tests {
		err := ValidateLevelChange(tt.from, tt.to)
		if (err == nil) != tt.ok {
			t.Errorf("%s → %s: %v, want ok=%v", tt.from, tt.to, err, tt.ok)
		}
		if err != nil {
			if e, ok := AsError(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "level" {
				t.Errorf("%s → %s: %v, want a field error on level", tt.from, tt.to, err)
			}
		}
	}
}
