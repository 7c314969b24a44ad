package store

import (
	"slices"
	"testing"
)

func TestPiecesOf(t *testing.T) {
	got := piecesOf("检察建议书")
	want := []string{"检察建", "察建议", "建议书", "检察建议", "察建议书", "检察建议书"}
	if !slices.Equal(got, want) {
		t.Errorf("piecesOf = %q, want %q", got, want)
	}
	if got := piecesOf("ab"); len(got) != 0 {
		t.Errorf("piecesOf(ab) = %q, want none", got)
	}
	// Repeated pieces are tried once; a long search gives pieces of its
	// first pieceSearchRunes characters only.
	if got := piecesOf("aaaaaaaaa"); !slices.Equal(got, []string{"aaa", "aaaa", "aaaaa", "aaaaaa", "aaaaaaa", "aaaaaaaa"}) {
		t.Errorf("piecesOf(aaaaaaaaa) = %q", got)
	}
	long := piecesOf(string(make([]rune, 100)))
	if len(long) != pieceMaxRunes-pieceMinRunes+1 {
		t.Errorf("piecesOf of 100 equal runes gave %d pieces", len(long))
	}
}

func TestCheapestPiece(t *testing.T) {
	// The first digits of a case number (a unit's code and the year) are
	// in nearly every row; its last digits are rare.
	f := gramFreqs{freq: map[string]float64{"429": 1, "290": 1, "900": 0.9, "202": 0.7, "025": 0.3, "250": 0.3}, rare: 0.002}
	pieces := []searchPiece{
		{"4290", []string{"429", "290"}},
		{"2025", []string{"202", "025"}},
		{"0025", []string{"002", "025"}},
		{"6925", []string{"692", "925"}},
		{"69253", []string{"692", "925", "253"}},
		{"925", []string{"925"}}, // one trigram: never chosen
		{"253", []string{"253"}},
	}
	if got := cheapestPiece("429020256925", pieces, f); got != "69253" {
		t.Errorf("cheapestPiece = %q, want 69253", got)
	}
	// Trigrams that go together narrow the rows found little: a piece
	// of more distinct rare trigrams is cheaper to check.
	zeros := gramFreqs{freq: map[string]float64{"202": 0.68, "025": 0.29, "100": 0.01}, rare: 0.004}
	number := []searchPiece{{"2025", []string{"202", "025"}}, {"00000号", []string{"000", "00号"}}, {"1100000", []string{"110", "100", "000"}}}
	if got := cheapestPiece("〔2025〕1100000号", number, zeros); got != "1100000" {
		t.Errorf("cheapestPiece of a 文号 = %q, want 1100000", got)
	}
	// Rare throughout: narrowing gains nothing.
	rare := []searchPiece{{"量子纠", []string{"a", "b"}}, {"子纠缠", []string{"b", "c"}}, {"量子纠缠", []string{"a", "b", "c"}}}
	if got := cheapestPiece("量子纠缠", rare, f); got != "量子纠缠" {
		t.Errorf("cheapestPiece of a rare search = %q", got)
	}
	// Without statistics, or without a piece of two trigrams, the search
	// is looked up whole.
	if got := cheapestPiece("429020256925", pieces, gramFreqs{}); got != "429020256925" {
		t.Errorf("cheapestPiece without statistics = %q", got)
	}
	if got := cheapestPiece("925", pieces[5:6], f); got != "925" {
		t.Errorf("cheapestPiece of one trigram = %q", got)
	}
}

// TestTextArray: the literal quotes every element, so that commas,
// braces, quotes, backslashes and NULL read back as text.
func TestTextArray(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, `{}`},
		{[]string{""}, `{""}`},
		{[]string{"检察建议", "a,b", "{x}", "NULL"}, `{"检察建议","a,b","{x}","NULL"}`},
		{[]string{`say "hi"`, `C:\dir\`}, `{"say \"hi\"","C:\\dir\\"}`},
	} {
		if got := textArray(tc.in); got != tc.want {
			t.Errorf("textArray(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
