// Package document writes the official documents Procura produces from its
// records (检察建议书 first) as DOCX files in the layout of GB/T 9704-2012
// 党政机关公文格式, the files offices open in WPS or Word.
//
// A document is built as a list of paragraphs with their runs and written
// as WordprocessingML by hand: the parts a letter needs are few (document,
// styles, fonts with fallbacks, settings, a header for the draft watermark,
// a footer for page numbers), and no well-kept Go library writes DOCX under
// a licence the project can ship.
package document

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Type sizes in half-points, by their Chinese names (号).
const (
	sizeErHao   = 44 // 二号, 22 pt: the 发文机关标志 and the title
	sizeSanHao  = 32 // 三号, 16 pt: the body
	sizeSiHao   = 28 // 四号, 14 pt: 版记 and page numbers
	sizeXiaoSi  = 24 // 小四, 12 pt: table text of forms
	lineTwips   = 579
	indentTwips = 2 * 320 // two characters of 三号
)

// Fonts by their standard names. Each has a fallback in fontTable.xml
// (w:altName), which Word, WPS and LibreOffice use where the standard font
// is not installed.
const (
	fontTitle   = "方正小标宋简体"
	fontBody    = "仿宋_GB2312"
	fontHeading = "黑体"
	fontSub     = "楷体_GB2312"
	fontNumber  = "Times New Roman"
)

// The red of the 发文机关标志 and the separator line.
const red = "FF0000"

// align is a paragraph's alignment.
type align string

const (
	alignLeft    align = "left"
	alignCenter  align = "center"
	alignRight   align = "right"
	alignJustify align = "both"
)

// run is a piece of text in one font, size and colour.
type run struct {
	text  string
	font  string
	size  int
	color string
	bold  bool
	field string // a field instruction (PAGE) instead of text
	image *image // a picture instead of text
}

// para is a paragraph.
type para struct {
	runs        []run
	align       align
	firstIndent int  // twips
	leftIndent  int  // twips
	rightIndent int  // twips
	lineExact   int  // twips; 0 for the body's fixed line
	before      int  // twips of space before
	after       int  // twips of space after
	borderTop   bool // a thin black line above (版记)
	borderBelow string
	pageBreak   bool // starts a new page
	keepNext    bool
	table       *table // when set, the block is this table instead of a paragraph
	autoLine    bool   // the line grows with its content (a picture) instead of the fixed line
}

// table is a bordered table of fixed column widths (twips); each row has a
// minimum height (twips, 0 for the text's) and its cells, a cell spanning
// span columns (0 or 1 for one).
type table struct {
	widths  []int
	heights []int
	rows    [][]tcell
}

type tcell struct {
	paras []para
	span  int
}

// image is a picture placed inline, its size in EMU (914,400 an inch).
type image struct {
	rel    string
	cx, cy int
}

// doc is a document: blocks (paragraphs and tables), the pictures they
// show, and whether a draft watermark is drawn.
type doc struct {
	paras     []para
	images    [][]byte // PNG files, word/media/image<n>.png, relationship rIdImage<n>
	watermark string
}

// addImage adds a PNG to the document and returns its inline run, w × h
// millimetres.
func (d *doc) addImage(png []byte, wMM, hMM int) run {
	d.images = append(d.images, png)
	const emuPerMM = 36000
	return run{image: &image{rel: fmt.Sprintf("rIdImage%d", len(d.images)), cx: wMM * emuPerMM, cy: hMM * emuPerMM}}
}

func (d *doc) add(p para) { d.paras = append(d.paras, p) }

// body adds the paragraphs of text (one per line) in the body style,
// first line indented two characters.
func (d *doc) body(text string) {
	for _, line := range paragraphs(text) {
		d.add(para{runs: []run{{text: line, font: fontBody, size: sizeSanHao}}, align: alignJustify, firstIndent: indentTwips})
	}
}

// heading adds a first-level heading (一、) in 黑体.
func (d *doc) heading(text string) {
	d.add(para{runs: []run{{text: text, font: fontHeading, size: sizeSanHao}}, align: alignJustify, firstIndent: indentTwips, keepNext: true})
}

// paragraphs splits text into its non-blank lines, trimmed.
func paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// write writes d as a DOCX file. modified stamps the zip entries, so that
// the same document written twice is the same bytes.
func (d *doc) write(w io.Writer, title string, modified time.Time) error {
	z := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(title, modified)},
		{"word/_rels/document.xml.rels", documentRels(len(d.images))},
		{"word/document.xml", d.documentXML()},
		{"word/styles.xml", stylesXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", headerXML(d.watermark)},
		{"word/footer1.xml", footerXML},
	}
	for i, png := range d.images {
		parts = append(parts, struct{ name, body string }{fmt.Sprintf("word/media/image%d.png", i+1), string(png)})
	}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("docx %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("docx %s: %w", p.name, err)
		}
	}
	return z.Close()
}

// esc escapes text for XML character data and attributes.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (d *doc) documentXML() string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<w:document ` + wNamespaces + `><w:body>`)
	for _, p := range d.paras {
		if p.table != nil {
			writeTable(&b, *p.table)
			continue
		}
		writePara(&b, p)
	}
	// A4, GB/T 9704-2012 5.2.1: top 37 mm, inside 28 mm, type area 156 × 225 mm
	// (so bottom 35 mm, right 26 mm); 22 lines of 28 characters.
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>` +
		`<w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/>` +
		`<w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

func writePara(b *strings.Builder, p para) {
	b.WriteString(`<w:p><w:pPr>`)
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.pageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	if p.borderTop || p.borderBelow != "" {
		b.WriteString(`<w:pBdr>`)
		if p.borderTop {
			b.WriteString(`<w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/>`)
		}
		if p.borderBelow != "" {
			fmt.Fprintf(b, `<w:bottom w:val="single" w:sz="12" w:space="4" w:color="%s"/>`, p.borderBelow)
		}
		b.WriteString(`</w:pBdr>`)
	}
	line := p.lineExact
	if line == 0 {
		line = lineTwips
	}
	if p.autoLine {
		fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="240" w:lineRule="auto"/>`, p.before, p.after)
	} else {
		fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="exact"/>`, p.before, p.after, line)
	}
	if p.firstIndent != 0 || p.leftIndent != 0 || p.rightIndent != 0 {
		fmt.Fprintf(b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, p.leftIndent, p.rightIndent, p.firstIndent)
	}
	a := p.align
	if a == "" {
		a = alignJustify
	}
	fmt.Fprintf(b, `<w:jc w:val="%s"/></w:pPr>`, a)
	for _, r := range p.runs {
		writeRun(b, r)
	}
	b.WriteString(`</w:p>`)
}

// writeTable writes t with single black borders.
func writeTable(b *strings.Builder, t table) {
	total := 0
	for _, w := range t.widths {
		total += w
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`, total)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="6" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range t.widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	for i, row := range t.rows {
		b.WriteString(`<w:tr>`)
		if i < len(t.heights) && t.heights[i] > 0 {
			fmt.Fprintf(b, `<w:trPr><w:cantSplit/><w:trHeight w:val="%d" w:hRule="atLeast"/></w:trPr>`, t.heights[i])
		}
		col := 0
		for _, c := range row {
			span := max(c.span, 1)
			w := 0
			for k := col; k < col+span && k < len(t.widths); k++ {
				w += t.widths[k]
			}
			col += span
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			if len(c.paras) == 0 {
				c.paras = []para{{}}
			}
			for _, p := range c.paras {
				writePara(b, p)
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

func writeRun(b *strings.Builder, r run) {
	if r.image != nil {
		im := r.image
		fmt.Fprintf(b, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%[1]d" cy="%[2]d"/>`+
			`<wp:docPr id="%[3]d" name="%[4]s"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">`+
			`<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
			`<pic:nvPicPr><pic:cNvPr id="%[3]d" name="%[4]s.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
			`<pic:blipFill><a:blip r:embed="%[4]s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
			`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%[1]d" cy="%[2]d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
			`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`, im.cx, im.cy, 100+len(im.rel), im.rel)
		return
	}
	props := runProps(r)
	if r.field != "" {
		fmt.Fprintf(b, `<w:r>%s<w:fldChar w:fldCharType="begin"/></w:r><w:r>%s<w:instrText xml:space="preserve"> %s </w:instrText></w:r>`+
			`<w:r>%s<w:fldChar w:fldCharType="separate"/></w:r><w:r>%s<w:t>1</w:t></w:r><w:r>%s<w:fldChar w:fldCharType="end"/></w:r>`,
			props, props, esc(r.field), props, props, props)
		return
	}
	fmt.Fprintf(b, `<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>`, props, esc(r.text))
}

func runProps(r run) string {
	font := r.font
	if font == "" {
		font = fontBody
	}
	size := r.size
	if size == 0 {
		size = sizeSanHao
	}
	var b strings.Builder
	// Latin letters and digits in Times New Roman, Chinese in the named font
	// (GB/T 9704 leaves the Western font open; Times New Roman is the usual one).
	fmt.Fprintf(&b, `<w:rPr><w:rFonts w:ascii="%[2]s" w:hAnsi="%[2]s" w:eastAsia="%[1]s" w:cs="%[2]s"/>`, esc(font), fontNumber)
	if r.bold {
		b.WriteString(`<w:b/>`)
	}
	if r.color != "" {
		fmt.Fprintf(&b, `<w:color w:val="%s"/>`, r.color)
	}
	fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, size, size)
	return b.String()
}

const wNamespaces = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"`

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

// documentRels relates the document to its parts and its images pictures.
func documentRels(images int) string {
	var b strings.Builder
	b.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
		`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	for i := 1; i <= images; i++ {
		fmt.Fprintf(&b, `<Relationship Id="rIdImage%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%d.png"/>`, i, i)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func coreProps(title string, modified time.Time) string {
	stamp := modified.UTC().Format(time.RFC3339)
	return xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(title) + `</dc:title><dc:creator>Procura</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`
}

// stylesXML sets the document default: 仿宋_GB2312 三号, black.
const stylesXML = xml.Header + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/>` +
	`<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:line="579" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// fontTableXML names each standard font's fallback (w:altName): where
// 方正小标宋简体 is missing, 宋体 (SimSun); 仿宋_GB2312, 仿宋 (FangSong);
// 楷体_GB2312, 楷体 (KaiTi); 黑体 is SimHei on every Chinese Windows.
const fontTableXML = xml.Header + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

const settingsXML = xml.Header + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// headerXML is the page header: empty, or a grey diagonal watermark (the
// VML text shape Word itself writes for 水印, which WPS and LibreOffice
// draw too).
func headerXML(watermark string) string {
	var b strings.Builder
	b.WriteString(xml.Header + `<w:hdr ` + wNamespaces + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>`)
	if watermark != "" {
		b.WriteString(`<w:r><w:pict>` +
			`<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">` +
			`<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>` +
			`<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>` +
			`<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>` +
			`<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>` +
			`<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>` +
			`<v:shape id="ProcuraWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" ` +
			`style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;z-index:-251657216;` +
			`mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" ` +
			`o:allowincell="f" fillcolor="#c0c0c0" stroked="f"><v:fill opacity=".5"/>` +
			`<v:textpath style="font-family:&quot;` + esc(fontHeading) + `&quot;;font-size:1pt" string="` + esc(watermark) + `"/></v:shape>` +
			`</w:pict></w:r>`)
	}
	b.WriteString(`</w:p></w:hdr>`)
	return b.String()
}

// footerXML numbers the pages "— 1 —" in 四号 (GB/T 9704-2012 7.5), centred.
var footerXML = func() string {
	var b strings.Builder
	b.WriteString(xml.Header + `<w:ftr ` + wNamespaces + `>`)
	writePara(&b, para{align: alignCenter, lineExact: 400, runs: []run{
		{text: "— ", font: "宋体", size: sizeSiHao},
		{field: "PAGE", font: "宋体", size: sizeSiHao},
		{text: " —", font: "宋体", size: sizeSiHao},
	}})
	b.WriteString(`</w:ftr>`)
	return b.String()
}()
