package document

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"procura/domain"
)

var hearingStart = time.Date(2026, 6, 10, 9, 30, 0, 0, domain.Shanghai)

// wantText fails for each piece missing from text.
func wantText(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q; text:\n%s", what, w, text)
		}
	}
}

// pageLayout checks the GB/T 9704 page of a document part.
func pageLayout(t *testing.T, doc string) {
	t.Helper()
	for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="2098"`, `w:left="1587"`, `w:eastAsia="方正小标宋简体"`, `w:eastAsia="仿宋_GB2312"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if strings.Contains(doc, `w:color w:val="FF0000"`) {
		t.Error("a hearing document has a red 发文机关标志")
	}
}

func TestWriteHearingNotice(t *testing.T) {
	n := HearingNotice{UnitName: "仙桃市人民检察院", Kind: domain.HearingKindNonProsecution, Matter: "张某涉嫌危险驾驶拟不起诉听证",
		StartsAt: hearingStart, Location: "仙桃市人民检察院听证室", LivestreamURL: "https://live.example.cn/h/1?a=1&b=2",
		IssuedOn: domain.NewDate(2026, 6, 2)}
	var buf bytes.Buffer
	if err := WriteHearingNotice(&buf, n, hearingStart); err != nil {
		t.Fatal(err)
	}
	p, text := parts(t, buf.Bytes())
	wantText(t, "notice", text,
		"仙桃市人民检察院\n听证公告\n",
		"本院决定公开举行检察听证",
		"一、听证事项：张某涉嫌危险驾驶拟不起诉听证（拟不起诉案件）。\n",
		"二、听证时间：二〇二六年六月十日（星期三）上午九时三十分。\n",
		"三、听证地点：仙桃市人民检察院听证室。\n",
		"四、旁听办法：年满十八周岁", "12309检察服务中心登记",
		"五、网络直播：本次听证通过网络同步直播，网址：https://live.example.cn/h/1?a=1&b=2。\n",
		"特此公告。\n仙桃市人民检察院\n二〇二六年六月二日\n")
	pageLayout(t, p["word/document.xml"])
	if strings.Contains(p["word/header1.xml"], "草稿") {
		t.Error("the notice is watermarked")
	}
	if got := NoticeFileName(n); got != "听证公告 仙桃市人民检察院 2026-06-10.docx" {
		t.Errorf("file name %q", got)
	}

	n.LivestreamURL = ""
	buf.Reset()
	if err := WriteHearingNotice(&buf, n, hearingStart); err != nil {
		t.Fatal(err)
	}
	if _, text := parts(t, buf.Bytes()); strings.Contains(text, "直播") {
		t.Errorf("a notice without a stream mentions one:\n%s", text)
	}
}

func TestWriteInvitation(t *testing.T) {
	inv := Invitation{UnitName: "仙桃市人民检察院", OfficerName: "王芳", Kind: domain.HearingKindArrestReview, Matter: "李某涉嫌盗窃审查逮捕听证",
		StartsAt: time.Date(2026, 6, 11, 14, 0, 0, 0, domain.Shanghai), Location: "听证室", Contact: "陈检察官", ContactPhone: "0728-3312309",
		IssuedOn: domain.NewDate(2026, 6, 2)}
	var buf bytes.Buffer
	if err := WriteInvitation(&buf, inv, hearingStart); err != nil {
		t.Fatal(err)
	}
	p, text := parts(t, buf.Bytes())
	wantText(t, "invitation", text,
		"仙桃市人民检察院\n听证员邀请函\n王芳同志：\n",
		"本院定于二〇二六年六月十一日（星期四）下午二时在听证室，就李某涉嫌盗窃审查逮捕听证（审查逮捕案件）不公开举行检察听证",
		"诚邀您担任本次听证的听证员", "负有保密义务", "联系人：陈检察官，联系电话：0728-3312309。",
		"特此邀请。\n仙桃市人民检察院\n二〇二六年六月二日\n")
	pageLayout(t, p["word/document.xml"])
	if got := InvitationFileName(inv); got != "听证员邀请函 王芳.docx" {
		t.Errorf("file name %q", got)
	}
}

func TestWriteMinutes(t *testing.T) {
	m := Minutes{UnitName: "仙桃市人民检察院", Title: "张三涉嫌危险驾驶拟不起诉听证", CaseNumber: "42900420260000321", Kind: domain.HearingKindNonProsecution,
		Public: true, HeldAt: hearingStart, Location: "听证室", Attendance: "全部到场", ProposedDecision: "拟作相对不起诉决定",
		Record: "主持人宣布听证开始。\n承办检察官介绍案情。",
		People: []MinutesPerson{
			{ID: 1, Name: "陈明", Role: domain.ParticipantPresider, Attended: true},
			{ID: 2, Name: "刘洋", Role: domain.ParticipantHandlingProsecutor, Attended: true},
			{ID: 3, Name: "王芳", Role: domain.ParticipantHearingOfficer, Category: domain.OfficerNPCDeputy, Attended: true, Seated: true,
				Position: domain.PositionAgree, Opinion: "情节轻微，同意不起诉。"},
			{ID: 4, Name: "赵敏", Role: domain.ParticipantHearingOfficer, Category: domain.OfficerLawyer, Attended: true, Seated: true,
				Position: domain.PositionDisagree, Opinion: "应当起诉。"},
			{ID: 5, Name: "孙立", Role: domain.ParticipantHearingOfficer, Category: domain.OfficerPeopleSupervisor, Attended: true, Seated: true,
				Position: domain.PositionAgree, Opinion: "同意。"},
			{ID: 6, Name: "周成", Role: domain.ParticipantHearingOfficer, Category: domain.OfficerExpert, Recused: true},
			{ID: 7, Name: "张三", Role: domain.ParticipantSuspect, Attended: true},
			{ID: 8, Name: "李律师", Role: domain.ParticipantDefenceLawyer, Organisation: "湖北某律师事务所", Attended: false},
		}}
	var buf bytes.Buffer
	if err := WriteMinutes(&buf, m, hearingStart); err != nil {
		t.Fatal(err)
	}
	p, text := parts(t, buf.Bytes())
	wantText(t, "minutes", text,
		"仙桃市人民检察院\n听证笔录\n",
		"时间：二〇二六年六月十日上午九时三十分至　　时　　分\n",
		"听证事项：张三涉嫌危险驾驶拟不起诉听证（拟不起诉案件）\n", "案号：42900420260000321\n", "听证方式：公开听证\n",
		"主持人：陈明\n承办检察官：刘洋\n",
		"听证员：王芳（人大代表）、赵敏（律师）、孙立（人民监督员）\n",
		"回避或不参加的听证员：周成（专家学者，已回避）\n",
		"犯罪嫌疑人/被告人：张三\n", "辩护人：李律师（湖北某律师事务所，未到场）\n", "到场情况：全部到场\n",
		"一、听证过程\n主持人宣布听证开始。\n承办检察官介绍案情。\n",
		"二、听证员意见\n拟处理意见：拟作相对不起诉决定\n",
		"（一）王芳（人大代表）：同意拟处理意见。情节轻微，同意不起诉。\n",
		"（二）赵敏（律师）：不同意拟处理意见。应当起诉。\n",
		"评议结果：同意二人，不同意一人，弃权〇人；多数意见同意拟处理意见。\n",
		"主持人（签名）：", "记录员（签名）：")
	if strings.Contains(text, "处理决定") {
		t.Error("undecided minutes show a decision section")
	}
	pageLayout(t, p["word/document.xml"])
	if got := MinutesFileName(m); got != "听证笔录 张三涉嫌危险驾驶拟不起诉听证.docx" {
		t.Errorf("file name %q", got)
	}

	// Before any opinion: blanks to fill in, no count; once decided, the decision.
	for i := range m.People {
		m.People[i].Position, m.People[i].Opinion = "", ""
	}
	m.Record, m.Decided, m.Decision, m.Reasons = "", true, "作出相对不起诉决定。", "犯罪情节轻微。"
	buf.Reset()
	if err := WriteMinutes(&buf, m, hearingStart); err != nil {
		t.Fatal(err)
	}
	_, text = parts(t, buf.Bytes())
	wantText(t, "decided minutes", text, "（一）王芳（人大代表）：\n", "三、处理决定\n作出相对不起诉决定。\n理由：犯罪情节轻微。\n")
	if strings.Contains(text, "评议结果") {
		t.Errorf("a count without opinions:\n%s", text)
	}
}
