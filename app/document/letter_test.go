package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"procura/domain"
)

func sampleLetter() Letter {
	return Letter{
		UnitName:    "仙桃市人民检察院",
		DocNo:       "仙检民建〔2026〕2号",
		Recipient:   "仙桃市自然资源和规划局",
		Source:      "办理破坏林地资源类案中",
		Facts:       "2025年以来，本院办理非法占用农用地案件12件。\n涉案林地面积共计86亩。",
		Problems:    "林地保护监管存在薄弱环节 & 执法衔接不畅。",
		Items:       []string{"加强林地日常巡查。", "健全行政执法与刑事司法衔接机制。\n定期通报案件线索。"},
		LegalBasis:  "《中华人民共和国人民检察院组织法》第二十一条",
		ReplyPeriod: domain.Period{Months: 2},
		ReplyDueOn:  domain.NewDate(2026, 8, 3),
		IssuedOn:    domain.NewDate(2026, 6, 1),
		CopyTo:      []string{"湖北省人民检察院汉江分院", "仙桃市人民政府"},
	}
}

// parts reads a DOCX, checking that every part is well-formed XML, and
// returns the text of each part and the text runs of the document.
func parts(t *testing.T, b []byte) (map[string]string, string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	var text strings.Builder
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(body)
		if strings.HasPrefix(f.Name, "word/media/") {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(body))
		inText := false
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
			if f.Name != "word/document.xml" {
				continue
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				inText = tok.Name.Local == "t"
			case xml.EndElement:
				if tok.Name.Local == "p" {
					text.WriteString("\n")
				}
				inText = false
			case xml.CharData:
				if inText {
					text.Write(tok)
				}
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/fontTable.xml", "word/header1.xml", "word/footer1.xml"} {
		if _, ok := out[name]; !ok {
			t.Errorf("part %s missing", name)
		}
	}
	return out, text.String()
}

func TestWriteLetterIssued(t *testing.T) {
	var buf bytes.Buffer
	stamp := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	if err := WriteLetter(&buf, sampleLetter(), stamp); err != nil {
		t.Fatal(err)
	}
	p, text := parts(t, buf.Bytes())
	for _, want := range []string{
		"仙桃市人民检察院\n检察建议书\n仙检民建〔2026〕2号\n仙桃市自然资源和规划局：\n",
		"本院在办理破坏林地资源类案中发现",
		"一、基本情况\n2025年以来，本院办理非法占用农用地案件12件。\n涉案林地面积共计86亩。\n",
		"二、存在的问题\n林地保护监管存在薄弱环节 & 执法衔接不畅。\n",
		"三、检察建议\n根据《中华人民共和国人民检察院组织法》第二十一条的规定，本院建议：\n（一）加强林地日常巡查。\n（二）健全行政执法与刑事司法衔接机制。\n定期通报案件线索。\n",
		"之日起两个月内",
		"（回复期限至二〇二六年八月三日）",
		"仙桃市人民检察院\n二〇二六年六月一日\n",
		"抄送：湖北省人民检察院汉江分院，仙桃市人民政府。",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q; text:\n%s", want, text)
		}
	}
	doc := p["word/document.xml"]
	for _, want := range []string{
		`w:eastAsia="方正小标宋简体"`, `w:color w:val="FF0000"`, `w:eastAsia="仿宋_GB2312"`, `w:eastAsia="黑体"`,
		`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="2098"`, `w:left="1587"`, `<w:sz w:val="32"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(p["word/fontTable.xml"], `<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`) {
		t.Error("no fallback for 仿宋_GB2312")
	}
	if strings.Contains(p["word/header1.xml"], WatermarkDraft) {
		t.Error("an issued letter has the draft watermark")
	}

	var again bytes.Buffer
	if err := WriteLetter(&again, sampleLetter(), stamp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same letter written twice differs")
	}
}

func TestWriteLetterDraft(t *testing.T) {
	l := sampleLetter()
	l.Draft, l.DocNo, l.IssuedOn, l.ReplyDueOn, l.CopyTo = true, "", domain.Date{}, domain.Date{}, nil
	l.ReplyPeriod = domain.Period{Days: 15}
	var buf bytes.Buffer
	if err := WriteLetter(&buf, l, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	p, text := parts(t, buf.Bytes())
	if !strings.Contains(p["word/header1.xml"], `string="草稿"`) {
		t.Error("a draft has no 草稿 watermark")
	}
	if strings.Contains(text, "〔") {
		t.Errorf("a draft shows a 文号:\n%s", text)
	}
	for _, want := range []string{"（草稿，文号于制发时编定）", "之日起十五日内", "　　年　　月　　日"} {
		if !strings.Contains(text, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	if strings.Contains(text, "回复期限至") || strings.Contains(text, "抄送") {
		t.Errorf("draft shows a due date or an empty 抄送:\n%s", text)
	}
	if LetterFileName(l) != "检察建议书（草稿）.docx" || LetterFileName(sampleLetter()) != "检察建议书 仙检民建〔2026〕2号.docx" {
		t.Error("file names")
	}
}

// FuzzWriteLetter: whatever text a suggestion holds, the letter is
// well-formed XML and carries the text.
func FuzzWriteLetter(f *testing.F) {
	f.Add("仙桃市自然资源局", "事实<&>\"'", "一项建议")
	f.Fuzz(func(t *testing.T, recipient, facts, item string) {
		if domain.TextProblem(recipient+facts+item) != "" {
			t.Skip() // the API refuses it
		}
		l := sampleLetter()
		l.Recipient, l.Facts, l.Items = recipient, facts, []string{item}
		var buf bytes.Buffer
		if err := WriteLetter(&buf, l, time.Unix(0, 0)); err != nil {
			t.Fatal(err)
		}
		_, text := parts(t, buf.Bytes())
		if !strings.Contains(text, strings.Map(xmlChar, recipient)+"：") {
			t.Errorf("recipient %q lost", recipient)
		}
	})
}

// xmlChar is r as XML can carry it: characters outside XML's range become
// U+FFFD, as xml.EscapeText writes them.
func xmlChar(r rune) rune {
	switch {
	case r == 0x09 || r == 0x0A || r == 0x0D, r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return r
	}
	return 0xFFFD
}

func TestWriteServiceReceipt(t *testing.T) {
	r := ServiceReceipt{UnitName: "仙桃市人民检察院", DocName: "检察建议书", DocNo: "仙检社建〔2026〕2号", Recipient: "仙桃市教育局",
		Address: "湖北省仙桃市仙桃大道 1 号", ServiceMethod: domain.ServiceElectronic, LinkURL: "https://procura.example/r/abc"}
	var buf bytes.Buffer
	if err := WriteServiceReceipt(&buf, r, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	p, text := parts(t, buf.Bytes())
	for _, want := range []string{"送 达 回 证", "仙检社建〔2026〕2号", "仙桃市教育局", "湖北省仙桃市仙桃大道 1 号", "电子送达", "受送达人签名", "https://procura.example/r/abc"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	png, ok := p["word/media/image1.png"]
	if !ok || !strings.HasPrefix(png, "\x89PNG") || !strings.Contains(p["word/_rels/document.xml.rels"], `Target="media/image1.png"`) ||
		!strings.Contains(p["word/document.xml"], `r:embed="rIdImage1"`) {
		t.Error("the receipt has no QR code picture")
	}
	r.LinkURL, r.ServiceMethod = "", ""
	buf.Reset()
	if err := WriteServiceReceipt(&buf, r, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	p, text = parts(t, buf.Bytes())
	if _, ok := p["word/media/image1.png"]; ok || !strings.Contains(text, "□书面送达") {
		t.Error("a receipt without a link shows a QR code, or no method boxes to tick")
	}
}
