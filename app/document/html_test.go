package document

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"procura/domain"
)

// visibleText is the text of a print view: the tags dropped, each
// paragraph on its own line.
func visibleText(page string) string {
	page = page[strings.Index(page, `<main`):]
	page = strings.ReplaceAll(page, "</p>", "\n")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, ""))
}

// TestPrintViewsSayWhatTheFilesSay renders each document both ways and
// finds every paragraph of the DOCX, in order, in the print view.
func TestPrintViewsSayWhatTheFilesSay(t *testing.T) {
	draft := sampleLetter()
	draft.Draft, draft.DocNo, draft.IssuedOn = true, "", domain.Date{}
	inv := Invitation{UnitName: "仙桃市人民检察院", OfficerName: "王五", Kind: domain.HearingKindNonProsecution, Matter: "张某涉嫌危险驾驶拟不起诉听证",
		Public: true, StartsAt: hearingStart, Location: "听证室", Contact: "李检察官", ContactPhone: "0728-1234567", IssuedOn: domain.NewDate(2026, 6, 2)}
	notice := HearingNotice{UnitName: "仙桃市人民检察院", Kind: domain.HearingKindNonProsecution, Matter: "张某涉嫌危险驾驶拟不起诉听证",
		StartsAt: hearingStart, Location: "仙桃市人民检察院听证室", IssuedOn: domain.NewDate(2026, 6, 2)}
	minutes := Minutes{UnitName: "仙桃市人民检察院", Title: "某案听证", Kind: domain.HearingKindNonProsecution, Public: true, HeldAt: hearingStart,
		Location: "听证室", People: []MinutesPerson{{ID: 1, Name: "王五", Role: domain.ParticipantHearingOfficer, Attended: true, Seated: true,
			Position: domain.PositionAgree, Opinion: "同意不起诉。"}}}
	for _, tc := range []struct {
		name      string
		d         *doc
		write     func(*bytes.Buffer) error
		want      []string
		watermark bool
	}{
		{"letter", letterDoc(sampleLetter()), func(b *bytes.Buffer) error { return WriteLetterHTML(b, sampleLetter()) },
			[]string{"仙检民建〔2026〕2号", "（回复期限至二〇二六年八月三日）", "抄送：湖北省人民检察院汉江分院，仙桃市人民政府。"}, false},
		{"draft", letterDoc(draft), func(b *bytes.Buffer) error { return WriteLetterHTML(b, draft) }, []string{"（草稿，文号于制发时编定）"}, true},
		{"notice", noticeDoc(notice), func(b *bytes.Buffer) error { return WriteHearingNoticeHTML(b, notice) }, []string{"听证公告", "旁听办法"}, false},
		{"invitation", invitationDoc(inv), func(b *bytes.Buffer) error { return WriteInvitationHTML(b, inv) }, []string{"王五同志：", "0728-1234567"}, false},
		{"minutes", minutesDoc(minutes), func(b *bytes.Buffer) error { return WriteMinutesHTML(b, minutes) }, []string{"听证笔录", "王五"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			text := visibleText(page)
			rest := text
			for _, p := range tc.d.paras {
				var line strings.Builder
				for _, r := range p.runs {
					line.WriteString(r.text)
				}
				if line.Len() == 0 {
					continue
				}
				i := strings.Index(rest, line.String())
				if i < 0 {
					t.Fatalf("print view lacks (or misorders) %q; text:\n%s", line.String(), text)
				}
				rest = rest[i+line.Len():]
			}
			wantText(t, tc.name, text, tc.want...)
			wantText(t, tc.name+" page", page, "@page{size:A4;margin:37mm 26mm 35mm 28mm", `id="print"`, "仿宋_GB2312", PrintScript)
			if got := strings.Contains(page, `class="watermark"`); got != tc.watermark {
				t.Errorf("watermark: %v, want %v", got, tc.watermark)
			}
		})
	}
	var b bytes.Buffer
	if err := WriteLetterHTML(&b, sampleLetter()); err != nil {
		t.Fatal(err)
	}
	// The red 发文机关标志 and the red line under the 文号.
	wantText(t, "letter page", b.String(), "color:#FF0000", "border-bottom:1.5pt solid #FF0000")
	l := sampleLetter()
	l.Facts = `<script>alert(1)</script>`
	b.Reset()
	if err := WriteLetterHTML(&b, l); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>alert") {
		t.Error("the record's text is not escaped")
	}
}
