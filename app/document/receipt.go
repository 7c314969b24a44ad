package document

import (
	"fmt"
	"io"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"procura/domain"
)

// ServiceReceipt is what a 送达回证 says: the document served, to whom,
// where and how, with boxes for the signature and dates, and, when the
// recipient has a delivery link, its address and QR code for electronic
// acknowledgement.
type ServiceReceipt struct {
	UnitName      string // the serving procuratorate's full name
	DocName       string // 检察建议书
	DocNo         string // its 文号
	Recipient     string
	Address       string
	ServiceMethod string // written, announced, electronic; "" when not decided
	LinkURL       string // the recipient's delivery link; "" without one
	IssuedOn      domain.Date
}

// serviceMethodNames name the service methods on the form.
var serviceMethodNames = map[string]string{"written": "书面送达（直接送达）", "announced": "宣告送达", domain.ServiceElectronic: "电子送达"}

// ReceiptFileName names the DOCX of a receipt.
func ReceiptFileName(r ServiceReceipt) string { return "送达回证 " + r.DocNo + ".docx" }

// WriteServiceReceipt writes r as a one-page form: the unit and 送达回证 as
// title, then a bordered table (document and 文号, recipient, place,
// method, the recipient's signature or seal with date, the person
// receiving on its behalf and why, the server, remarks), and under it the
// delivery link with its QR code.
func WriteServiceReceipt(w io.Writer, r ServiceReceipt, modified time.Time) error {
	d := &doc{}
	d.add(para{align: alignCenter, lineExact: 700, runs: []run{{text: r.UnitName, font: fontTitle, size: sizeErHao}}})
	d.add(para{align: alignCenter, lineExact: 700, after: lineTwips / 2, runs: []run{{text: "送 达 回 证", font: fontTitle, size: sizeErHao}}})

	text := func(s string) []para {
		var ps []para
		for _, line := range paragraphs(s) {
			ps = append(ps, para{lineExact: 480, align: alignLeft, runs: []run{{text: line, size: sizeSiHao}}})
		}
		return ps
	}
	label := func(s string) tcell {
		return tcell{paras: []para{{lineExact: 480, align: alignCenter, runs: []run{{text: s, font: fontHeading, size: sizeSiHao}}}}}
	}
	value := func(s string) tcell { return tcell{paras: text(s), span: 3} }
	method := serviceMethodNames[r.ServiceMethod]
	if method == "" {
		method = "□书面送达　□宣告送达　□电子送达"
	}
	signBox := tcell{span: 3, paras: []para{{lineExact: 480}, {lineExact: 480},
		{lineExact: 480, align: alignRight, rightIndent: 320, runs: []run{{text: "年　　月　　日　　时", size: sizeSiHao}}}}}
	t := table{
		widths:  []int{2000, 2400, 2000, 2438},
		heights: []int{800, 600, 600, 600, 1500, 900, 700, 800},
		rows: [][]tcell{
			{label("送达文书名称\n及文号"), value(r.DocName + "\n" + r.DocNo)},
			{label("受送达人"), value(r.Recipient)},
			{label("送达地点"), value(r.Address)},
			{label("送达方式"), value(method)},
			{label("受送达人签名\n或者盖章"), signBox},
			{label("代收人及\n代收理由"), value("")},
			{label("送达人"), {paras: text(""), span: 1}, label("送达日期"), {paras: []para{{lineExact: 480, align: alignRight,
				runs: []run{{text: "年　　月　　日", size: sizeSiHao}}}}}},
			{label("备注"), value("")},
		},
	}
	// The labels above carry "\n" for two-line labels: split them.
	for i := range t.rows {
		for j := range t.rows[i] {
			c := &t.rows[i][j]
			if len(c.paras) == 1 && len(c.paras[0].runs) == 1 && c.paras[0].runs[0].font == fontHeading {
				r := c.paras[0].runs[0]
				c.paras = nil
				for _, line := range paragraphs(r.text) {
					c.paras = append(c.paras, para{lineExact: 480, align: alignCenter, runs: []run{{text: line, font: fontHeading, size: sizeSiHao}}})
				}
			}
		}
	}
	d.add(para{table: &t})

	if r.LinkURL != "" {
		png, err := qrcode.Encode(r.LinkURL, qrcode.Medium, 512)
		if err != nil {
			return fmt.Errorf("receipt QR code: %w", err)
		}
		d.add(para{before: lineTwips / 2, lineExact: 480, runs: []run{{text: "电子送达：受送达人可用手机扫描下方二维码或访问以下地址，查看检察建议书、确认收到并在线书面回复。确认收到之日为送达日期。", size: sizeSiHao}}})
		d.add(para{align: alignCenter, autoLine: true, runs: []run{d.addImage(png, 30, 30)}})
		d.add(para{align: alignCenter, lineExact: 400, runs: []run{{text: r.LinkURL, font: fontNumber, size: sizeXiaoSi}}})
	}
	return d.write(w, "送达回证 "+r.DocNo, modified)
}
