package document

import (
	"io"
	"strings"
	"time"

	"procura/domain"
)

// The hearing documents: 听证公告 for the public, 听证员邀请函 to each
// seated officer, and the 听证笔录 (minutes) after the hearing. They share
// the letter's page, fonts and footer; their titles are black (a notice or
// an invitation carries no red 发文机关标志), and none has a 文号.

// HearingNotice is what a 听证公告 says: nothing about the people in the
// case, only the unit, the kind, the matter (its title with the
// participants' names masked, domain.PublicHearingTitle), the time and
// place, and how the public may attend.
type HearingNotice struct {
	UnitName      string
	Kind          domain.HearingKind
	Matter        string
	StartsAt      time.Time
	Location      string
	LivestreamURL string      // only when the chief approved the stream
	IssuedOn      domain.Date // the day the hearing was last scheduled or moved
}

// Invitation is what a 听证员邀请函 says to one seated officer.
type Invitation struct {
	UnitName     string
	OfficerName  string
	Kind         domain.HearingKind
	Matter       string // masked, as on the notice
	Public       bool
	StartsAt     time.Time
	Location     string
	Contact      string // the handling prosecutor (or the presider), if on record
	ContactPhone string
	IssuedOn     domain.Date
}

// NoticeFileName names a notice's file by unit and hearing day (never by
// the matter, which may name people).
func NoticeFileName(n HearingNotice) string {
	return "听证公告 " + n.UnitName + " " + domain.DateOf(n.StartsAt, domain.Shanghai).String() + ".docx"
}

// InvitationFileName names an invitation's file by its addressee.
func InvitationFileName(inv Invitation) string {
	return "听证员邀请函 " + inv.OfficerName + ".docx"
}

// title adds a document's title, black 方正小标宋简体 二号, one centred line
// each; the last is followed by a blank line.
func (d *doc) title(lines ...string) {
	for i, text := range lines {
		p := para{align: alignCenter, lineExact: 800, runs: []run{{text: text, font: fontTitle, size: sizeErHao}}}
		if i == len(lines)-1 {
			p.after = lineTwips
		}
		d.add(p)
	}
}

// signOff adds the 落款: the unit and the date, right, four characters in
// from the margin, one line under the body (GB/T 9704-2012 7.3.5.2; the
// seal presses on both). The last line of the body keeps with it, so that
// no page holds the 落款 alone (7.3.5.4).
func (d *doc) signOff(unit string, on domain.Date) {
	if n := len(d.paras); n > 0 {
		d.paras[n-1].keepNext = true
	}
	d.add(para{align: alignRight, before: lineTwips, rightIndent: 4 * 320, keepNext: true, runs: []run{{text: unit}}})
	d.add(para{align: alignRight, rightIndent: 4 * 320, runs: []run{{text: domain.ChineseDate(on)}}})
}

// kindMatter names the matter with its kind: 张某涉嫌危险驾驶拟不起诉听证（拟不起诉案件）.
func kindMatter(kind domain.HearingKind, matter string) string {
	return strings.TrimSpace(matter) + "（" + domain.HearingKindNameZh[kind] + "案件）"
}

// WriteHearingNotice writes n as a DOCX file: the title, the opening, the
// matter, time and place, how to attend (and watch, when streamed), 特此公告
// and the 落款.
func WriteHearingNotice(w io.Writer, n HearingNotice, modified time.Time) error {
	return noticeDoc(n).write(w, "听证公告", modified)
}

// WriteHearingNoticeHTML writes n as the A4 print view.
func WriteHearingNoticeHTML(w io.Writer, n HearingNotice) error {
	return noticeDoc(n).writeHTML(w, "听证公告")
}

func noticeDoc(n HearingNotice) *doc {
	d := &doc{}
	d.title(n.UnitName, "听证公告")
	when := domain.ChineseDateTime(n.StartsAt)
	d.body("根据《人民检察院审查案件听证工作规定》，本院决定公开举行检察听证，依法接受社会监督。现将有关事项公告如下：")
	// Each item on one line, its name in 黑体 as a first-level heading.
	item := 0
	section := func(name, text string) {
		item++
		lines := paragraphs(text)
		d.add(para{align: alignJustify, firstIndent: indentTwips, runs: []run{
			{text: domain.ChineseNumber(item) + "、" + name + "：", font: fontHeading}, {text: lines[0]}}})
		d.body(strings.Join(lines[1:], "\n"))
	}
	section("听证事项", kindMatter(n.Kind, n.Matter)+"。")
	section("听证时间", when+"。")
	section("听证地点", strings.TrimSpace(n.Location)+"。")
	section("旁听办法", "年满十八周岁、具有完全民事行为能力的公民可以申请旁听。"+
		"申请人请于听证开始前一个工作日内，持本人有效身份证件到本院12309检察服务中心登记；旁听席位有限，按登记先后确定。"+
		"\n旁听人员应当遵守听证纪律，不得录音、录像、摄影，不得发言、提问。新闻媒体采访报道的，请事先与本院联系。")
	if u := strings.TrimSpace(n.LivestreamURL); u != "" {
		section("网络直播", "本次听证通过网络同步直播，网址："+u+"。")
	}
	d.body("特此公告。")
	d.signOff(n.UnitName, n.IssuedOn)
	return d
}

// WriteInvitation writes inv as a DOCX file: the title, the salutation, the
// time, place and matter, what the officer is asked to do, attendance and
// confidentiality, the contact, and the 落款.
func WriteInvitation(w io.Writer, inv Invitation, modified time.Time) error {
	return invitationDoc(inv).write(w, "听证员邀请函", modified)
}

// WriteInvitationHTML writes inv as the A4 print view.
func WriteInvitationHTML(w io.Writer, inv Invitation) error {
	return invitationDoc(inv).writeHTML(w, "听证员邀请函 "+inv.OfficerName)
}

func invitationDoc(inv Invitation) *doc {
	d := &doc{}
	d.title(inv.UnitName, "听证员邀请函")
	d.add(para{align: alignJustify, runs: []run{{text: inv.OfficerName + "同志："}}})
	mode := "公开"
	if !inv.Public {
		mode = "不公开"
	}
	d.body("本院定于" + domain.ChineseDateTime(inv.StartsAt) + "在" + strings.TrimSpace(inv.Location) + "，就" + kindMatter(inv.Kind, inv.Matter) +
		mode + "举行检察听证。根据《人民检察院审查案件听证工作规定》，经从听证员库中选取，诚邀您担任本次听证的听证员，" +
		"听取各方意见，就案件事实认定、法律适用和拟处理意见发表独立意见。")
	d.body("请您于听证开始前三十分钟到达，并携带本邀请函和有效身份证件。如您与本案当事人存在利害关系或者有其他应当回避的情形，" +
		"或者因故不能参加，请及时告知本院，以便另行安排。")
	d.body("听证员对听证中知悉的国家秘密、商业秘密、个人隐私和未成年人信息负有保密义务。")
	if c := strings.TrimSpace(inv.Contact); c != "" {
		line := "联系人：" + c
		if p := strings.TrimSpace(inv.ContactPhone); p != "" {
			line += "，联系电话：" + p
		}
		d.body(line + "。")
	}
	d.body("特此邀请。")
	d.signOff(inv.UnitName, inv.IssuedOn)
	return d
}
