package document

import (
	"io"
	"strings"
	"time"

	"procura/domain"
)

// MinutesPerson is one participant as the minutes list them.
type MinutesPerson struct {
	ID           int64
	Name         string
	Role         domain.ParticipantRole
	Category     domain.OfficerCategory // a hearing officer's pool category
	Organisation string
	Attended     bool
	Seated       bool // sits as a hearing officer (domain.Participant.Seated)
	Conflict     bool
	Recused      bool // recusal granted
	Position     domain.OpinionPosition
	Opinion      string
}

// Minutes is what the 听证笔录 holds when generated after the hearing: the
// record as it stands, for the recorder to complete and everyone to sign.
// The minutes are an internal record: they name the participants in full.
type Minutes struct {
	UnitName         string
	Title            string
	CaseNumber       string
	Kind             domain.HearingKind
	Public           bool
	ClosedReason     string
	HeldAt           time.Time
	Location         string
	Attendance       string
	ProposedDecision string
	Record           string // the minutes text recorded so far
	People           []MinutesPerson
	Decided          bool
	Decision         string
	Reasons          string
}

// MinutesFileName names the minutes' file by the hearing's title.
func MinutesFileName(m Minutes) string {
	return "听证笔录 " + strings.TrimSpace(m.Title) + ".docx"
}

// staffRoles are listed first, each on its own line, in this order.
var staffRoles = []domain.ParticipantRole{domain.ParticipantPresider, domain.ParticipantHandlingProsecutor, domain.ParticipantRecorder}

var positionZh = map[domain.OpinionPosition]string{domain.PositionAgree: "同意", domain.PositionDisagree: "不同意", domain.PositionAbstain: "弃权"}

// field adds a "label：value" line, the label in 黑体; an empty value
// leaves a blank to fill in by hand.
func (d *doc) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		value = strings.Repeat("　", 12)
	}
	d.add(para{align: alignJustify, runs: []run{{text: label + "：", font: fontHeading}, {text: value}}})
}

// WriteMinutes writes m as a DOCX file: the heading block (time, place,
// matter, publicity, staff, officers, other participants, attendance), the
// record, the officers' opinions with the count, the decision when made,
// and the signature lines.
func WriteMinutes(w io.Writer, m Minutes, modified time.Time) error {
	return minutesDoc(m).write(w, "听证笔录", modified)
}

// WriteMinutesHTML writes m as the A4 print view.
func WriteMinutesHTML(w io.Writer, m Minutes) error {
	return minutesDoc(m).writeHTML(w, "听证笔录")
}

func minutesDoc(m Minutes) *doc {
	d := &doc{}
	d.title(m.UnitName, "听证笔录")
	held := domain.ChineseDate(domain.DateOf(m.HeldAt, domain.Shanghai)) + domain.ChineseClock(m.HeldAt) + "至　　时　　分"
	d.field("时间", held)
	d.field("地点", m.Location)
	d.field("听证事项", kindMatter(m.Kind, m.Title))
	if c := strings.TrimSpace(m.CaseNumber); c != "" {
		d.field("案号", c)
	}
	publicity := "公开听证"
	if !m.Public {
		publicity = "不公开听证"
		if r := strings.TrimSpace(m.ClosedReason); r != "" {
			publicity += "（" + r + "）"
		}
	}
	d.field("听证方式", publicity)
	for _, role := range staffRoles {
		d.field(domain.ParticipantRoleNameZh[role], names(m.People, func(p MinutesPerson) bool { return p.Role == role }))
	}
	d.field("听证员", names(m.People, func(p MinutesPerson) bool { return p.Seated }))
	if out := names(m.People, func(p MinutesPerson) bool { return p.Role == domain.ParticipantHearingOfficer && !p.Seated }); out != "" {
		d.field("回避或不参加的听证员", out)
	}
	// The other participants by role, in the order of domain.ParticipantRoles.
	for _, role := range domain.ParticipantRoles {
		if role == domain.ParticipantHearingOfficer || role == domain.ParticipantPresider || role == domain.ParticipantHandlingProsecutor ||
			role == domain.ParticipantRecorder {
			continue
		}
		if list := names(m.People, func(p MinutesPerson) bool { return p.Role == role }); list != "" {
			d.field(domain.ParticipantRoleNameZh[role], list)
		}
	}
	if a := strings.TrimSpace(m.Attendance); a != "" {
		d.field("到场情况", a)
	}

	n := 0
	section := func(name string) {
		n++
		d.heading(domain.ChineseNumber(n) + "、" + name)
	}
	section("听证过程")
	if strings.TrimSpace(m.Record) != "" {
		d.body(m.Record)
	} else {
		for range 4 {
			d.add(para{runs: []run{{text: ""}}})
		}
	}

	section("听证员意见")
	if p := strings.TrimSpace(m.ProposedDecision); p != "" {
		d.body("拟处理意见：" + p)
	}
	var opinions []domain.Opinion
	k := 0
	for _, p := range m.People {
		if !p.Seated {
			continue
		}
		k++
		line := "（" + domain.ChineseNumber(k) + "）" + p.Name
		if c := domain.OfficerCategoryNameZh[p.Category]; c != "" {
			line += "（" + c + "）"
		}
		switch {
		case !p.Attended:
			line += "：未到场。"
		case p.Position == "":
			line += "："
		default:
			line += "：" + positionZh[p.Position] + "拟处理意见。" + strings.TrimSpace(p.Opinion)
			opinions = append(opinions, domain.Opinion{ParticipantID: p.ID, Position: p.Position})
		}
		d.body(line)
	}
	if len(opinions) > 0 {
		mr := domain.Majority(opinions)
		result := "评议结果：同意" + domain.ChineseNumber(mr.Agree) + "人，不同意" + domain.ChineseNumber(mr.Disagree) + "人，弃权" +
			domain.ChineseNumber(mr.Abstain) + "人；"
		switch mr.Position {
		case domain.MajorityAgree:
			result += "多数意见同意拟处理意见。"
		case domain.MajorityDisagree:
			result += "多数意见不同意拟处理意见。"
		default:
			result += "未形成多数意见。"
		}
		d.body(result)
	}

	if m.Decided {
		section("处理决定")
		d.body(m.Decision)
		if strings.TrimSpace(m.Reasons) != "" {
			d.body("理由：" + strings.TrimSpace(m.Reasons))
		}
	}

	// Signatures: everyone who took part reads the minutes and signs.
	d.add(para{before: lineTwips, runs: []run{{text: "以上笔录经参加人核对无误。"}}, firstIndent: indentTwips})
	for _, label := range []string{"主持人（签名）", "听证员（签名）", "承办检察官（签名）", "其他参加人（签名）", "记录员（签名）"} {
		d.add(para{align: alignLeft, before: lineTwips / 2, runs: []run{{text: label + "：" + strings.Repeat("　", 14)}}})
	}
	return d
}

// names lists the names of the people who match, separated by 、, with the
// organisation of a representative or an agency's staff, and 未到场 for
// those absent.
func names(people []MinutesPerson, match func(MinutesPerson) bool) string {
	var out []string
	for _, p := range people {
		if !match(p) {
			continue
		}
		s := p.Name
		var notes []string
		if c := domain.OfficerCategoryNameZh[p.Category]; c != "" && p.Role == domain.ParticipantHearingOfficer {
			notes = append(notes, c)
		}
		if o := strings.TrimSpace(p.Organisation); o != "" && p.Role != domain.ParticipantHearingOfficer {
			notes = append(notes, o)
		}
		switch {
		case p.Recused:
			notes = append(notes, "已回避")
		case p.Conflict:
			notes = append(notes, "申报利害关系")
		case !p.Attended:
			notes = append(notes, "未到场")
		}
		if len(notes) > 0 {
			s += "（" + strings.Join(notes, "，") + "）"
		}
		out = append(out, s)
	}
	return strings.Join(out, "、")
}
