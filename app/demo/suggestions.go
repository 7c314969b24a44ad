package demo

import (
	"context"
	"fmt"

	"procura/app/store"
	"procura/domain"
)

// seeder replays realistic lifecycles through the store, each step as the
// demo account that would take it, so that transitions, audit events and
// 文号 come out as they would in use.
type seeder struct {
	db    *store.DB
	ctx   context.Context
	cal   domain.Calendar
	today domain.Date
	users map[string]domain.User
	units map[string]domain.Unit
}

func (s *seeder) as(username string) context.Context {
	u := s.users[username]
	return store.WithActor(s.ctx, store.Actor{UserID: u.ID, Username: u.Username, UnitID: u.UnitID, RequestID: "demo"})
}

type draft struct {
	unit, prosecutor string
	typ              domain.SuggestionType
	category, title  string
	recipient        domain.Recipient
	copyTo, cases    []string
	facts, problems  string
	items            []string
	urgent           bool
}

func (s *seeder) create(d draft) (int64, error) {
	sg := domain.Suggestion{UnitID: s.units[d.unit].ID, Type: d.typ, Category: d.category, Title: d.title, Recipient: d.recipient,
		CopyTo: d.copyTo, CaseNumbers: d.cases, Source: "类案分析", Facts: d.facts, Problems: d.problems, Urgent: d.urgent,
		LegalBasis:           "《人民检察院检察建议工作规定》第十一条；《中华人民共和国人民检察院组织法》第二十一条",
		HandlingProsecutorID: s.users[d.prosecutor].ID, CreatedBy: s.users[d.prosecutor].ID}
	for _, it := range d.items {
		sg.Items = append(sg.Items, domain.SuggestionItem{Text: it})
	}
	rec, err := s.db.CreateSuggestion(s.as(d.prosecutor), sg)
	if err != nil {
		return 0, fmt.Errorf("suggestion %q: %w", d.title, err)
	}
	return rec.ID, nil
}

func (s *seeder) step(username string, id int64, a domain.SuggestionAction, p domain.TransitionParams) error {
	_, err := s.db.Transition(s.as(username), id, 0, a, p.Opinion+p.Reason, func(cur domain.Suggestion) (domain.Suggestion, error) {
		return domain.ApplyTransition(cur, a, p, s.cal, s.today)
	})
	if err != nil {
		return fmt.Errorf("suggestion %d %s: %w", id, a, err)
	}
	return nil
}

// issue takes a draft through submit, approval and service on servedOn.
func (s *seeder) issue(id int64, prosecutor, chief, issuer string, servedOn domain.Date) error {
	if err := s.step(prosecutor, id, domain.ActSubmit, domain.TransitionParams{}); err != nil {
		return err
	}
	if err := s.step(chief, id, domain.ActApprove, domain.TransitionParams{Opinion: "同意制发。"}); err != nil {
		return err
	}
	return s.step(issuer, id, domain.ActIssue, domain.TransitionParams{ServedOn: servedOn, ServiceMethod: "written"})
}

func (s *seeder) reply(username string, id int64, r domain.Reply) error {
	_, err := s.db.AddReply(s.as(username), id, func(cur domain.Suggestion) (domain.Suggestion, domain.Reply, error) {
		if err := domain.ValidateReply(cur, r, s.today); err != nil {
			return cur, r, err
		}
		next, rep := domain.ApplyReply(cur, r)
		return next, rep, nil
	})
	return err
}

func (s *seeder) followUp(username string, id int64, f domain.FollowUp) error {
	_, err := s.db.AddFollowUp(s.as(username), id, func(cur domain.Suggestion) (domain.Suggestion, domain.FollowUp, error) {
		return domain.ApplyFollowUp(cur), f, domain.ValidateFollowUp(cur, f, s.today)
	})
	return err
}

func (s *seeder) verify(username string, id int64, v domain.Verification) error {
	_, err := s.db.AddVerification(s.as(username), id, func(cur domain.Suggestion) (domain.Suggestion, domain.Verification, error) {
		return domain.ApplyVerification(cur, v), v, domain.ValidateVerification(cur, v, s.today)
	})
	return err
}

func day(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		panic(err) // literal dates of the seed
	}
	return d
}

// seedSuggestions writes the Hanjiang story of the news report and about
// thirty more suggestions across units, types, categories and states.
func seedSuggestions(s *seeder) error {
	gov := func(name string) domain.Recipient {
		return domain.Recipient{Name: name, Kind: "government", Address: "湖北省", LegalRepresentative: "", Phone: ""}
	}
	// 1. Xiantao's drug-crime social-governance suggestion to the city
	// government: issued, adopted with 43 million yuan and 10 officers,
	// followed up and verified.
	id, err := s.create(draft{unit: "429004", prosecutor: "prosecutor.xiantao", typ: domain.TypeSocialGovernance, category: "drug",
		title:     "关于加强毒品犯罪综合治理的检察建议",
		recipient: domain.Recipient{Name: "仙桃市人民政府", Kind: "government", Address: "湖北省仙桃市沔阳大道", LegalRepresentative: "市长", Phone: "0728-3324000"},
		copyTo:    []string{"仙桃市人大常委会", "湖北省人民检察院汉江分院"}, cases: []string{"42900420260000123", "42900420260000187"},
		facts:    "2025年以来，我院办理毒品犯罪案件同比上升，涉案人员低龄化、吸贩交织问题突出，部分乡镇禁毒宣传和社区戒毒康复工作存在薄弱环节。",
		problems: "一是禁毒宣传教育覆盖不全；二是社区戒毒社区康复人员管控不到位；三是易制毒化学品监管存在漏洞。",
		items:    []string{"加大禁毒经费投入，完善禁毒基础设施建设。", "配齐配强社区戒毒社区康复专职人员，落实分类管控。", "建立易制毒化学品全流程监管机制。"}})
	if err != nil {
		return err
	}
	if err := s.issue(id, "prosecutor.xiantao", "chief.xiantao", "clerk.xiantao", day("2026-03-31")); err != nil {
		return err
	}
	if err := s.reply("clerk.xiantao", id, domain.Reply{ReceivedOn: day("2026-05-20"), DocNo: "仙政函〔2026〕12号", Replier: "仙桃市人民政府",
		Outcome: domain.Adopted, ItemOutcomes: []domain.ItemOutcome{{Item: 1, Outcome: domain.Adopted}, {Item: 2, Outcome: domain.Adopted}, {Item: 3, Outcome: domain.Adopted}},
		Measures: "市政府专题研究部署，投入禁毒专项经费4300万元，新增禁毒专职人员10名，开展易制毒化学品专项整治。", FundsYuan: 43000000, Personnel: 10}); err != nil {
		return err
	}
	if err := s.followUp("prosecutor.xiantao", id, domain.FollowUp{On: day("2026-06-10"), Method: "site_visit", Findings: "实地查看社区戒毒康复站点建设，专职人员已到岗。"}); err != nil {
		return err
	}
	if err := s.verify("supervisor.xiantao", id, domain.Verification{On: day("2026-08-01"), Result: domain.Rectified, Notes: "各项建议均已落实，整改到位。"}); err != nil {
		return err
	}

	// 2. Tianmen's suggestion to the market regulator on late applications
	// for enforcement: partially adopted, rectification under way.
	id, err = s.create(draft{unit: "429006", prosecutor: "prosecutor.tianmen", typ: domain.TypeCorrection, category: "other",
		title:     "关于规范行政非诉执行申请工作的检察建议",
		recipient: domain.Recipient{Name: "天门市市场监督管理局", Kind: "agency", Address: "湖北省天门市", LegalRepresentative: "局长", Phone: "0728-5222000"},
		facts:     "经审查，该局2025年作出的行政处罚决定中有27件在法定期限届满后未及时申请人民法院强制执行。",
		problems:  "申请强制执行超过法定期限，导致行政处罚决定无法执行，损害行政执法权威。",
		items:     []string{"全面清理逾期未申请执行的行政处罚案件。", "建立行政处罚决定执行期限预警机制。"}})
	if err != nil {
		return err
	}
	if err := s.issue(id, "prosecutor.tianmen", "chief.hanjiang", "clerk.tianmen", day("2026-06-15")); err != nil {
		return err
	}
	if err := s.reply("clerk.tianmen", id, domain.Reply{ReceivedOn: day("2026-08-10"), DocNo: "天市监函〔2026〕35号", Replier: "天门市市场监督管理局",
		Outcome: domain.PartiallyAdopted, ItemOutcomes: []domain.ItemOutcome{{Item: 1, Outcome: domain.Adopted}, {Item: 2, Outcome: domain.NotAdopted}},
		Measures: "已完成逾期案件清理，对12件依法申请强制执行。", Personnel: 3}); err != nil {
		return err
	}
	if err := s.followUp("clerk.tianmen", id, domain.FollowUp{On: day("2026-09-20"), Method: "inquiry", Findings: "预警机制尚在建设中。"}); err != nil {
		return err
	}

	// 3. A Qianjiang public-interest suggestion left unanswered: overdue.
	id, err = s.create(draft{unit: "429005", prosecutor: "prosecutor.qianjiang", typ: domain.TypePublicInterest, category: "environment",
		title:     "关于督促整治东荆河沿岸非法排污的检察建议",
		recipient: domain.Recipient{Name: "潜江市生态环境局", Kind: "agency", Address: "湖北省潜江市", LegalRepresentative: "局长"},
		facts:     "东荆河潜江段沿岸存在多处非法排污口，污水直排河道。",
		problems:  "负有监管职责的行政机关未依法全面履行监管职责，社会公共利益持续受到侵害。",
		items:     []string{"依法查处非法排污行为。", "对排污口进行封堵整治并开展生态修复。"}})
	if err != nil {
		return err
	}
	if err := s.issue(id, "prosecutor.qianjiang", "chief.hanjiang", "prosecutor.qianjiang", day("2026-08-20")); err != nil {
		return err
	}

	// 4. Drafts awaiting approval.
	for _, d := range []draft{
		{unit: "429004", prosecutor: "prosecutor.xiantao", typ: domain.TypeSocialGovernance, category: "dangerous_driving",
			title: "关于加强酒驾醉驾源头治理的检察建议", recipient: gov("仙桃市公安局交通警察支队"),
			facts: "2026年1至9月，我院受理危险驾驶案件同比上升18%。", problems: "夜间酒驾查处力度不足，餐饮场所劝阻机制缺位。",
			items: []string{"加强重点时段、路段酒驾查处。", "会同商务部门建立餐饮场所代驾提示制度。"}},
		{unit: "429006", prosecutor: "prosecutor.tianmen", typ: domain.TypeSocialGovernance, category: "telecom_fraud",
			title: "关于加强电信网络诈骗犯罪源头治理的检察建议", recipient: gov("天门市通信管理办公室"),
			facts: "近期办理的帮助信息网络犯罪活动案件中，涉案电话卡多为批量开办。", problems: "电话卡实名制落实不严，营业网点审核流于形式。",
			items: []string{"督促各运营商落实一人多卡风险排查。", "开展营业网点专项检查。"}},
	} {
		id, err := s.create(d)
		if err != nil {
			return err
		}
		if err := s.step(d.prosecutor, id, domain.ActSubmit, domain.TransitionParams{}); err != nil {
			return err
		}
	}
	return seedMore(s)
}

// seedMore adds suggestions in every state across the units, so that lists,
// filters and the analysis have material.
func seedMore(s *seeder) error {
	type owner struct{ unit, prosecutor, chief, clerk string }
	owners := []owner{
		{"429004", "prosecutor.xiantao", "chief.xiantao", "clerk.xiantao"},
		{"429006", "prosecutor.tianmen", "chief.hanjiang", "clerk.tianmen"},
		{"429005", "prosecutor.qianjiang", "chief.hanjiang", "prosecutor.qianjiang"},
	}
	topics := []struct {
		typ       domain.SuggestionType
		category  string
		title     string
		recipient domain.Recipient
	}{
		{domain.TypeSocialGovernance, "traffic_accident", "关于消除农村道路交通安全隐患的检察建议", domain.Recipient{Name: "交通运输局", Kind: "agency"}},
		{domain.TypeSocialGovernance, "financial", "关于防范非法集资风险的检察建议", domain.Recipient{Name: "地方金融工作局", Kind: "agency"}},
		{domain.TypePublicInterest, "environment", "关于督促履行林地保护监管职责的检察建议", domain.Recipient{Name: "自然资源和规划局", Kind: "agency"}},
		{domain.TypeSocialGovernance, "work_safety", "关于加强建筑施工安全监管的检察建议", domain.Recipient{Name: "住房和城乡建设局", Kind: "agency"}},
		{domain.TypeSocialGovernance, "campus_safety", "关于加强校园周边安全管理的检察建议", domain.Recipient{Name: "教育局", Kind: "agency"}},
		{domain.TypeCorrection, "juvenile", "关于纠正未成年人社区矫正违法问题的检察建议", domain.Recipient{Name: "司法局", Kind: "agency"}},
		{domain.TypeRetrial, "fraud", "关于某合同诈骗关联民事案件的再审检察建议", domain.Recipient{Name: "人民法院", Kind: "court"}},
		{domain.TypeSocialGovernance, "drug", "关于加强娱乐场所涉毒问题整治的检察建议", domain.Recipient{Name: "文化和旅游局", Kind: "agency"}},
		{domain.TypeOther, "other", "关于规范涉案财物管理的检察建议", domain.Recipient{Name: "公安局", Kind: "agency"}},
		{domain.TypeSocialGovernance, "telecom_fraud", "关于加强银行账户风险防控的检察建议", domain.Recipient{Name: "中国人民银行分理处", Kind: "agency"}},
	}
	cityName := map[string]string{"429004": "仙桃市", "429005": "潜江市", "429006": "天门市"}
	// The states to reach, in turn; served dates spread over 2025–2026.
	stages := []string{"draft", "approved", "issued", "replied", "rectifying", "verified", "closed", "issued_recent", "pending"}
	for i := 0; i < 27; i++ {
		o := owners[i%len(owners)]
		t := topics[i%len(topics)]
		rcp := t.recipient
		rcp.Name = cityName[o.unit] + rcp.Name
		if rcp.Kind == "court" {
			rcp.Name = cityName[o.unit] + "人民法院"
		}
		id, err := s.create(draft{unit: o.unit, prosecutor: o.prosecutor, typ: t.typ, category: t.category, title: t.title, recipient: rcp,
			facts: "在办理相关案件中发现，" + rcp.Name + "在日常监管中存在薄弱环节。", problems: "监管机制不健全，责任落实不到位。",
			items: []string{"健全日常监管机制。", "开展专项排查整治。", "建立长效管理制度。"}})
		if err != nil {
			return err
		}
		// Every unit reaches every stage.
		stage := stages[(i/len(owners)+i%len(owners))%len(stages)]
		served := day("2025-03-10").AddDays(i * 19)
		switch stage {
		case "draft":
			continue
		case "pending":
			if err := s.step(o.prosecutor, id, domain.ActSubmit, domain.TransitionParams{}); err != nil {
				return err
			}
			continue
		case "approved":
			if err := s.step(o.prosecutor, id, domain.ActSubmit, domain.TransitionParams{}); err != nil {
				return err
			}
			if err := s.step(o.chief, id, domain.ActApprove, domain.TransitionParams{Opinion: "同意。"}); err != nil {
				return err
			}
			continue
		case "issued_recent":
			// Served so that the reply falls due within the coming week.
			served = s.today.AddMonths(-2).AddDays(3 + i%3)
		}
		if err := s.issue(id, o.prosecutor, o.chief, o.clerk, served); err != nil {
			return err
		}
		if stage == "issued" || stage == "issued_recent" {
			continue
		}
		outcome := []domain.Outcome{domain.Adopted, domain.PartiallyAdopted, domain.Adopted, domain.NotAdopted}[i%4]
		if err := s.reply(o.clerk, id, domain.Reply{ReceivedOn: served.AddDays(40 + i%30), DocNo: fmt.Sprintf("复〔%d〕%d号", served.Year(), i+1),
			Replier: rcp.Name, Outcome: outcome, Measures: "已制定整改方案并组织实施。", FundsYuan: int64(50000 * (i%7 + 1)), Personnel: i%5 + 1}); err != nil {
			return err
		}
		if stage == "replied" {
			continue
		}
		if err := s.followUp(o.prosecutor, id, domain.FollowUp{On: served.AddDays(80), Method: []string{"inquiry", "site_visit", "revisit"}[i%3],
			Findings: "整改措施正在推进。"}); err != nil {
			return err
		}
		if stage == "rectifying" {
			continue
		}
		if err := s.verify(supervisorOf(o.unit), id, domain.Verification{On: served.AddDays(120), Result: domain.Rectified, Notes: "整改到位。"}); err != nil {
			return err
		}
		if stage == "closed" {
			if err := s.step(supervisorOf(o.unit), id, domain.ActClose, domain.TransitionParams{Reason: "整改到位，依法办结。"}); err != nil {
				return err
			}
		}
	}
	return nil
}

func supervisorOf(unit string) string {
	if unit == "429004" {
		return "supervisor.xiantao"
	}
	return "supervisor.hanjiang"
}
