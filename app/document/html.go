package document

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"strings"
)

// The print view: the same paragraphs a DOCX is written from, as an HTML
// page with an A4 print stylesheet, for those who print from the browser.
// Rendering the one layout twice (rather than a second template fed from
// JSON) keeps the page and the file saying the same thing.

// PrintScript is the page's only script: the 打印 button. It is a
// constant so that the server can allow it by its hash in the page's
// Content-Security-Policy.
const PrintScript = `document.getElementById("print").addEventListener("click",function(){window.print()})`

// fontStacks are the CSS font families of each standard font: the
// standard name first, then the fonts Windows, macOS and Linux ship in its
// place (as fontTableXML's altName does for Word), Times New Roman before
// them for Latin letters and digits.
var fontStacks = map[string]string{
	fontTitle:   `"Times New Roman","方正小标宋简体","FZXiaoBiaoSong-B05S","宋体","SimSun","Songti SC","Noto Serif CJK SC","Source Han Serif SC",serif`,
	fontBody:    `"Times New Roman","仿宋_GB2312","仿宋","FangSong","STFangsong","Noto Serif CJK SC","Source Han Serif SC",serif`,
	fontHeading: `"Times New Roman","黑体","SimHei","STHeiti","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif`,
	fontSub:     `"Times New Roman","楷体_GB2312","楷体","KaiTi","STKaiti",serif`,
	fontNumber:  `"Times New Roman",serif`,
	"宋体":        `"Times New Roman","宋体","SimSun","Songti SC","Noto Serif CJK SC",serif`,
}

// printStyle is the page's stylesheet. On paper: A4 with the margins of
// GB/T 9704-2012 (top 37 mm, left 28 mm; bottom 35 mm, right 26 mm), the
// page number "— 1 —" centred below, the toolbar hidden. On screen: the
// same sheet drawn on grey.
const printStyle = `@page{size:A4;margin:37mm 26mm 35mm 28mm;@bottom-center{content:"— " counter(page) " —";font:14pt "Times New Roman","宋体",SimSun,serif}}
html{background:#e5e7eb}body{margin:0;color:#000}
.toolbar{position:sticky;top:0;z-index:2;display:flex;gap:12px;align-items:center;padding:10px 16px;background:#fff;border-bottom:1px solid #d0d4da;font:14px "PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
.toolbar button{font:inherit;padding:6px 18px;border:0;border-radius:4px;background:#1a5fb4;color:#fff;cursor:pointer}
.toolbar button:focus-visible{outline:3px solid #f0a020;outline-offset:2px}.toolbar span{color:#555}
.sheet{position:relative;width:210mm;min-height:297mm;box-sizing:border-box;padding:37mm 26mm 35mm 28mm;margin:16px auto;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.2)}
.sheet p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}.sheet table{border-collapse:collapse;margin:0 auto;table-layout:fixed}
.sheet td{border:.75pt solid #000;padding:0 5.4pt;vertical-align:middle}
.watermark{position:fixed;top:50%;left:50%;transform:translate(-50%,-50%) rotate(-45deg);font:160pt "黑体",SimHei,sans-serif;color:rgba(150,150,150,.3);pointer-events:none;z-index:1;white-space:nowrap}
@media print{html{background:none}.toolbar{display:none}.sheet{width:auto;min-height:0;padding:0;margin:0;box-shadow:none}}`

// writeHTML writes d as the print view titled title.
func (d *doc) writeHTML(w io.Writer, title string) error {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<meta name="robots" content="noindex"><title>` + html.EscapeString(title) + `</title><style>` + printStyle + `</style></head><body>`)
	b.WriteString(`<div class="toolbar"><button type="button" id="print">打印</button>` +
		`<span>打印时请选择 A4 纸、缩放 100%，不打印页眉页脚。</span></div>`)
	if d.watermark != "" {
		b.WriteString(`<div class="watermark" aria-hidden="true">` + html.EscapeString(d.watermark) + `</div>`)
	}
	b.WriteString(`<main class="sheet">`)
	for _, p := range d.paras {
		if p.table != nil {
			writeHTMLTable(&b, *p.table)
			continue
		}
		writeHTMLPara(&b, p, d.images)
	}
	b.WriteString(`</main><script>` + PrintScript + `</script></body></html>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// pt converts twips to points.
func pt(twips int) string { return fmt.Sprintf("%gpt", float64(twips)/20) }

func writeHTMLPara(b *strings.Builder, p para, images [][]byte) {
	var style []string
	a := p.align
	if a == "" || a == alignJustify {
		a = "justify"
	}
	style = append(style, "text-align:"+string(a))
	if p.autoLine {
		style = append(style, "line-height:normal")
	} else {
		line := p.lineExact
		if line == 0 {
			line = lineTwips
		}
		style = append(style, "line-height:"+pt(line))
	}
	if p.firstIndent != 0 {
		style = append(style, "text-indent:"+pt(p.firstIndent))
	}
	if p.leftIndent != 0 {
		style = append(style, "margin-left:"+pt(p.leftIndent))
	}
	if p.rightIndent != 0 {
		style = append(style, "margin-right:"+pt(p.rightIndent))
	}
	if p.before != 0 {
		style = append(style, "margin-top:"+pt(p.before))
	}
	if p.after != 0 {
		style = append(style, "margin-bottom:"+pt(p.after))
	}
	if p.borderTop {
		style = append(style, "border-top:.75pt solid #000;padding-top:1pt")
	}
	if p.borderBelow != "" {
		// w:sz="12" is 1.5 pt, w:space="4" is 4 pt, as in writePara.
		style = append(style, "border-bottom:1.5pt solid #"+p.borderBelow+";padding-bottom:4pt")
	}
	if p.keepNext {
		style = append(style, "break-after:avoid")
	}
	if p.pageBreak {
		style = append(style, "break-before:page")
	}
	// The paragraph's own font size sets the height of an empty line.
	size := sizeSanHao
	if len(p.runs) > 0 && p.runs[0].size != 0 {
		size = p.runs[0].size
	}
	style = append(style, fmt.Sprintf("font-size:%gpt", float64(size)/2), "font-family:"+fontStacks[fontBody])
	b.WriteString(`<p style='` + html.EscapeString(strings.Join(style, ";")) + `'>`)
	empty := true
	for _, r := range p.runs {
		if r.image != nil {
			var n int
			if _, err := fmt.Sscanf(r.image.rel, "rIdImage%d", &n); err == nil && n >= 1 && n <= len(images) {
				const emuPerMM = 36000
				fmt.Fprintf(b, `<img alt="" src="data:image/png;base64,%s" style="width:%dmm;height:%dmm">`,
					base64.StdEncoding.EncodeToString(images[n-1]), r.image.cx/emuPerMM, r.image.cy/emuPerMM)
				empty = false
			}
			continue
		}
		text := r.text
		if r.field == "PAGE" {
			text = "1"
		}
		if text == "" {
			continue
		}
		empty = false
		b.WriteString(`<span style='` + html.EscapeString(runStyle(r)) + `'>` + html.EscapeString(text) + `</span>`)
	}
	if empty {
		b.WriteString(`<br>`)
	}
	b.WriteString(`</p>`)
}

func runStyle(r run) string {
	font := r.font
	if font == "" {
		font = fontBody
	}
	stack, ok := fontStacks[font]
	if !ok {
		stack = fontStacks[fontBody]
	}
	size := r.size
	if size == 0 {
		size = sizeSanHao
	}
	s := fmt.Sprintf("font-family:%s;font-size:%gpt", stack, float64(size)/2)
	if r.color != "" {
		s += ";color:#" + r.color
	}
	if r.bold {
		s += ";font-weight:bold"
	}
	return s
}

func writeHTMLTable(b *strings.Builder, t table) {
	total := 0
	for _, w := range t.widths {
		total += w
	}
	b.WriteString(`<table style="width:` + pt(total) + `"><colgroup>`)
	for _, w := range t.widths {
		b.WriteString(`<col style="width:` + pt(w) + `">`)
	}
	b.WriteString(`</colgroup>`)
	for i, row := range t.rows {
		b.WriteString(`<tr`)
		if i < len(t.heights) && t.heights[i] > 0 {
			b.WriteString(` style="height:` + pt(t.heights[i]) + `"`)
		}
		b.WriteString(`>`)
		for _, c := range row {
			if c.span > 1 {
				fmt.Fprintf(b, `<td colspan="%d">`, c.span)
			} else {
				b.WriteString(`<td>`)
			}
			if len(c.paras) == 0 {
				c.paras = []para{{}}
			}
			for _, p := range c.paras {
				writeHTMLPara(b, p, nil)
			}
			b.WriteString(`</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</table>`)
}
