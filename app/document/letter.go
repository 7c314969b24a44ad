package document

import (
	"io"
	"strings"
	"time"

	"procura/domain"
)

// Letter is what a 检察建议书 says, taken from the suggestion.
type Letter struct {
	UnitName    string // the issuing procuratorate's full name
	DocNo       string // 文号; empty on a draft
	Draft       bool   // draws 「草稿」 across every page
	Recipient   string // 主送
	Source      string // where the matter came from (类案分析, 办案中发现 …)
	Facts       string
	Problems    string
	Items       []string
	LegalBasis  string
	ReplyPeriod domain.Period
	ReplyDueOn  domain.Date // zero until served
	IssuedOn    domain.Date // 成文日期; zero on a draft
	CopyTo      []string    // 抄送
}

// WatermarkDraft is the text drawn across a draft.
const WatermarkDraft = "草稿"

// LetterFileName names the DOCX of a letter: its 文号, or 检察建议书（草稿）.
func LetterFileName(l Letter) string {
	if l.DocNo == "" {
		return "检察建议书（草稿）.docx"
	}
	return "检察建议书 " + l.DocNo + ".docx"
}

// WriteLetter writes l as a DOCX file in the GB/T 9704-2012 layout: the
// 发文机关标志 (unit name and 检察建议书) in red 方正小标宋简体, the 文号 and
// the red separator line; 主送; the body in 仿宋_GB2312 三号 with 黑体
// headings — where the matter came from and the facts, the problems, the
// numbered suggestions, the legal basis, the reply requirement with the due
// date in Chinese; the 落款; the 抄送 block. modified dates the file's
// parts, so a letter written twice from the same record is the same bytes.
func WriteLetter(w io.Writer, l Letter, modified time.Time) error {
	return letterDoc(l).write(w, "检察建议书 "+l.DocNo, modified)
}

// WriteLetterHTML writes l as the A4 print view: the same paragraphs as
// WriteLetter, in HTML.
func WriteLetterHTML(w io.Writer, l Letter) error {
	return letterDoc(l).writeHTML(w, strings.TrimSpace("检察建议书 "+l.DocNo))
}

// letterDoc lays out the letter, for both the DOCX and the print view.
func letterDoc(l Letter) *doc {
	d := &doc{}
	if l.Draft {
		d.watermark = WatermarkDraft
	}
	title := func(text string, before int) {
		d.add(para{align: alignCenter, lineExact: 800, before: before,
			runs: []run{{text: text, font: fontTitle, size: sizeErHao, color: red}}})
	}
	title(l.UnitName, 0)
	title("检察建议书", 0)
	docNo := l.DocNo
	if docNo == "" {
		docNo = "（草稿，文号于制发时编定）"
	}
	// The 文号 sits two lines under the 发文机关标志, the red line 4 mm below it.
	d.add(para{align: alignCenter, before: 2 * lineTwips / 2, borderBelow: red, after: 2 * lineTwips / 2,
		runs: []run{{text: docNo}}})

	d.add(para{align: alignJustify, runs: []run{{text: l.Recipient + "："}}})

	opening := "本院"
	if s := strings.TrimSpace(l.Source); s != "" {
		opening += "在" + strings.TrimSuffix(s, "中") + "中"
	} else {
		opening += "在履行法律监督职责中"
	}
	opening += "发现，你单位存在以下问题，现将有关情况和检察建议通报如下："
	d.body(opening)

	n := 0
	section := func(name string) {
		n++
		d.heading(domain.ChineseNumber(n) + "、" + name)
	}
	section("基本情况")
	d.body(l.Facts)
	if strings.TrimSpace(l.Problems) != "" {
		section("存在的问题")
		d.body(l.Problems)
	}
	section("检察建议")
	basis := strings.TrimSpace(l.LegalBasis)
	if basis == "" {
		basis = "《中华人民共和国人民检察院组织法》第二十一条、《人民检察院检察建议工作规定》"
	}
	d.body("根据" + strings.TrimSuffix(basis, "的规定") + "的规定，本院建议：")
	for i, item := range l.Items {
		lines := paragraphs(item)
		if len(lines) == 0 {
			continue
		}
		lines[0] = "（" + domain.ChineseNumber(i+1) + "）" + lines[0]
		d.body(strings.Join(lines, "\n"))
	}

	reply := "请你单位在收到本检察建议书之日起" + domain.ChinesePeriod(l.ReplyPeriod) + "内，将采纳检察建议及整改落实情况书面回复本院"
	if !l.ReplyDueOn.IsZero() {
		reply += "（回复期限至" + domain.ChineseDate(l.ReplyDueOn) + "）"
	}
	reply += "。如对本检察建议书有异议，可在收到之日起五日内向本院书面提出。"
	d.body(reply)

	// 落款: the unit and the date, right, four characters in from the
	// margin (GB/T 9704-2012 7.3.5.1), three lines under the body.
	d.add(para{align: alignRight, before: 2 * lineTwips, rightIndent: 4 * 320, runs: []run{{text: l.UnitName}}})
	d.add(para{align: alignRight, rightIndent: 4 * 320, runs: []run{{text: domain.ChineseDate(l.IssuedOn)}}})

	if len(l.CopyTo) > 0 {
		// 版记: 抄送 in 四号, between thin lines, one character in from each side.
		d.add(para{align: alignJustify, before: 2 * lineTwips, borderTop: true, borderBelow: "000000", leftIndent: 320, rightIndent: 320,
			lineExact: 480, runs: []run{{text: "抄送：" + strings.Join(l.CopyTo, "，") + "。", size: sizeSiHao}}})
	}
	return d
}

// SuggestionLetter is the letter of s, issued by unitName (the unit's full
// name) on issuedOn: a draft, watermarked and without a 文号, until s is
// issued (issuedOn zero).
func SuggestionLetter(s domain.Suggestion, unitName string, issuedOn domain.Date) Letter {
	l := Letter{
		UnitName: unitName, DocNo: s.DocNo, Draft: issuedOn.IsZero(), Recipient: s.Recipient.Name, Source: s.Source,
		Facts: s.Facts, Problems: s.Problems, LegalBasis: s.LegalBasis, ReplyPeriod: domain.ReplyPeriod(s),
		ReplyDueOn: s.ReplyDueOn, IssuedOn: issuedOn, CopyTo: s.CopyTo,
	}
	if l.Draft {
		l.DocNo, l.ReplyDueOn = "", domain.Date{}
	}
	for _, it := range s.Items {
		l.Items = append(l.Items, it.Text)
	}
	return l
}
