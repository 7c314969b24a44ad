package demo

import (
	"context"
	"fmt"
	"time"

	"procura/app/store"
	"procura/domain"
)

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"}
	given    = []string{"建华", "丽娟", "志强", "秀英", "国庆", "海燕", "文军", "春梅", "红兵", "晓东", "玉兰", "德明", "静", "伟", "敏", "磊", "芳", "勇", "洁", "涛"}
	// femaleNames are the given names above borne mostly by women.
	femaleNames = map[string]bool{"丽娟": true, "秀英": true, "海燕": true, "春梅": true, "玉兰": true, "静": true, "敏": true, "芳": true, "洁": true}
	orgs        = map[domain.OfficerCategory]string{
		domain.OfficerNPCDeputy: "仙桃市人大代表", domain.OfficerCPPCCMember: "天门市政协委员", domain.OfficerPeopleSupervisor: "人民监督员",
		domain.OfficerMediator: "社区人民调解委员会", domain.OfficerSpecialProsecutor: "特约检察员", domain.OfficerExpert: "江汉大学",
		domain.OfficerLawyer: "湖北汉江律师事务所", domain.OfficerPublic: "社区居民",
	}
)

// seedHearings enrols about forty hearing officers in the Hanjiang pool and
// writes about twenty-five hearings across kinds and states.
func seedHearings(s *seeder) error {
	branch := s.units["429000"]
	branch.Level, branch.Path = domain.LevelBranch, "/420000/429000"
	var officers []store.OfficerRecord
	for i := 0; i < 40; i++ {
		cat := domain.OfficerCategories[i%len(domain.OfficerCategories)]
		name, gender := officerName(i)
		p := store.Person{Name: name, Gender: gender,
			BirthDate: domain.NewDate(1960+i%35, time.Month(1+i%12), 1+i%27), Phone: fmt.Sprintf("1390728%04d", 1000+i*37),
			IDNumber: fmt.Sprintf("429004%04d%02d%02d%03d%d", 1960+i%35, 1+i%12, 1+i%27, 100+i, i%10), Organisation: orgs[cat]}
		o, _, err := s.db.CreateOfficer(s.as("supervisor.hanjiang"), branch, 0, p, cat, s.today)
		if err != nil {
			return fmt.Errorf("officer %d: %w", i, err)
		}
		officers = append(officers, o)
	}

	type plan struct {
		unit, prosecutor, chief string
		kind                    domain.HearingKind
		title                   string
		state                   domain.HearingStatus
		minor, livestream       bool
		daysFromNow             int      // start, relative to today
		votes                   []string // officers' positions, for held and decided
		follows                 bool
		departure               bool
	}
	x, t, q := "429004", "429006", "429005"
	owner := map[string][2]string{x: {"prosecutor.xiantao", "chief.xiantao"}, t: {"prosecutor.tianmen", "chief.hanjiang"}, q: {"prosecutor.qianjiang", "chief.hanjiang"}}
	agree5 := []string{"agree", "agree", "agree", "agree", "agree"}
	four1 := []string{"agree", "agree", "agree", "agree", "disagree"}
	plans := []plan{
		{unit: x, kind: domain.HearingKindNonProsecution, title: "刘某危险驾驶案拟不起诉公开听证", state: domain.HearingScheduled, livestream: true, daysFromNow: 9},
		{unit: x, kind: domain.HearingKindNonProsecution, title: "未成年人李某盗窃案拟不起诉听证", state: domain.HearingScheduled, minor: true, daysFromNow: 6},
		{unit: x, kind: domain.HearingKindNonProsecution, title: "陈某交通肇事案拟不起诉听证", state: domain.HearingDecided, daysFromNow: -40, votes: four1, follows: true},
		{unit: x, kind: domain.HearingKindCriminalAppeal, title: "王某不服不起诉决定刑事申诉听证", state: domain.HearingDecided, daysFromNow: -75, votes: []string{"disagree", "disagree", "disagree", "agree", "agree"}, follows: true, departure: true},
		{unit: x, kind: domain.HearingKindCustodyNecessity, title: "张某涉毒案羁押必要性审查听证", state: domain.HearingDecided, daysFromNow: -20, votes: agree5, follows: true},
		{unit: x, kind: domain.HearingKindPublicInterest, title: "沔阳河流域污染公益诉讼诉前检察建议听证", state: domain.HearingScheduled, daysFromNow: 15},
		{unit: x, kind: domain.HearingKindArrestReview, title: "孙某涉嫌帮信罪审查逮捕听证", state: domain.HearingApproved},
		{unit: x, kind: domain.HearingKindCivilSupervision, title: "某建筑公司劳务合同纠纷民事诉讼监督听证", state: domain.HearingProposed},
		{unit: t, kind: domain.HearingKindNonProsecution, title: "赵某轻伤害案拟不起诉公开听证", state: domain.HearingDecided, daysFromNow: -30, votes: four1, follows: true},
		{unit: t, kind: domain.HearingKindAdministrativeSupervision, title: "某食品店行政处罚行政诉讼监督听证", state: domain.HearingDecided, daysFromNow: -55, votes: agree5, follows: true},
		{unit: t, kind: domain.HearingKindNonProsecution, title: "周某电信诈骗帮助犯拟不起诉听证", state: domain.HearingScheduled, daysFromNow: 12},
		{unit: t, kind: domain.HearingKindCriminalAppeal, title: "吴某刑事申诉公开听证", state: domain.HearingHeld, daysFromNow: -2, votes: agree5},
		{unit: t, kind: domain.HearingKindPublicInterest, title: "天门市校园周边食品安全公益诉讼听证", state: domain.HearingDecided, daysFromNow: -90, votes: agree5, follows: true},
		{unit: t, kind: domain.HearingKindArrestReview, title: "钱某涉嫌寻衅滋事审查逮捕听证", state: domain.HearingRejected},
		{unit: t, kind: domain.HearingKindOther, title: "涉企案件检察听证", state: domain.HearingProposed},
		{unit: q, kind: domain.HearingKindNonProsecution, title: "郑某醉驾案拟不起诉公开听证", state: domain.HearingDecided, daysFromNow: -45, votes: four1, follows: true},
		{unit: q, kind: domain.HearingKindPublicInterest, title: "东荆河非法排污公益诉讼听证", state: domain.HearingScheduled, daysFromNow: 20},
		{unit: q, kind: domain.HearingKindCustodyNecessity, title: "冯某羁押必要性审查听证", state: domain.HearingDecided, daysFromNow: -12, votes: agree5, follows: true},
		{unit: q, kind: domain.HearingKindNonProsecution, title: "未成年人何某故意伤害案拟不起诉听证", state: domain.HearingDecided, minor: true, daysFromNow: -60, votes: agree5, follows: true},
		{unit: q, kind: domain.HearingKindCivilSupervision, title: "民间借贷纠纷民事诉讼监督听证", state: domain.HearingCancelled},
		{unit: q, kind: domain.HearingKindNonProsecution, title: "蒋某盗窃案拟不起诉听证", state: domain.HearingApproved},
		{unit: x, kind: domain.HearingKindNonProsecution, title: "韩某交通肇事案拟不起诉听证", state: domain.HearingDecided, daysFromNow: -100, votes: agree5, follows: true},
		{unit: t, kind: domain.HearingKindNonProsecution, title: "曹某掩饰隐瞒犯罪所得案拟不起诉听证", state: domain.HearingDecided, daysFromNow: -130, votes: four1, follows: true},
		{unit: q, kind: domain.HearingKindCriminalAppeal, title: "许某刑事申诉听证", state: domain.HearingScheduled, daysFromNow: 25},
		{unit: x, kind: domain.HearingKindAdministrativeSupervision, title: "行政强制执行监督听证", state: domain.HearingProposed},
		// Started yesterday and not yet recorded: the clerk still has to seat
		// the officers, take their opinions and record the holding.
		{unit: x, kind: domain.HearingKindNonProsecution, title: "杨某故意伤害案拟不起诉听证", state: domain.HearingScheduled, daysFromNow: -1},
	}
	for i, p := range plans {
		p.prosecutor, p.chief = owner[p.unit][0], owner[p.unit][1]
		if err := s.hearing(p.unit, p.prosecutor, p.chief, p.kind, p.title, p.state, p.minor, p.livestream, p.daysFromNow, p.votes, p.follows, p.departure, officers, i); err != nil {
			return fmt.Errorf("hearing %q: %w", p.title, err)
		}
	}
	return nil
}

// officerName is the name and gender of the i-th demo officer. From the
// twenty-first on, the given names shift, so that no two officers of the
// pool share a name.
func officerName(i int) (name, gender string) {
	g := given[(i*7+2*(i/len(surnames)))%len(given)]
	gender = "male"
	if femaleNames[g] {
		gender = "female"
	}
	return surnames[i%len(surnames)] + g, gender
}

// hearing writes one hearing's history, each step at the time it would
// have happened.
func (s *seeder) hearing(unitCode, prosecutor, chief string, kind domain.HearingKind, title string, state domain.HearingStatus,
	minor, livestream bool, daysFromNow int, votes []string, follows, departure bool, officers []store.OfficerRecord, n int) error {
	unit := s.units[unitCode]
	unit.Path = "/420000/429000/" + unitCode
	pUser, cUser := s.users[prosecutor], s.users[chief]
	staff := domain.HearingActor{UserID: pUser.ID, Roles: []domain.Role{domain.RoleProsecutor}}
	boss := domain.HearingActor{UserID: cUser.ID, Roles: []domain.Role{domain.RoleChief}}
	realNow := time.Now()
	start := time.Date(realNow.Year(), realNow.Month(), realNow.Day()+daysFromNow, 9, 30, 0, 0, domain.Shanghai)
	at := func(d time.Duration) time.Time { return start.Add(d) }
	public := !minor && kind.DefaultPublic()
	in := domain.HearingInput{Kind: kind, Title: title, CaseNumber: fmt.Sprintf("%s2026%07d", unitCode, 400+n), Public: &public, InvolvesMinor: minor,
		ProposedDecision: proposedDecision(kind), InHearingRoom: true, Location: s.unitName(unitCode) + "检察听证室", LivestreamRequested: livestream}
	h, err := domain.NewHearing(unit.ID, unit.Path, in, staff, at(-20*24*time.Hour))
	if err != nil {
		return err
	}
	rec, err := s.db.CreateHearing(s.as(prosecutor), h)
	if err != nil {
		return err
	}
	step := func(who string, actor domain.HearingActor, a domain.HearingAction, p domain.HearingParams, now time.Time) error {
		_, err := s.db.ChangeHearing(s.as(who), rec.ID, 0, a, p.Reason, func(ctx context.Context, cur domain.Hearing, parts []store.ParticipantRecord) (domain.Hearing, error) {
			if a == domain.HearingActHold || a == domain.HearingActDecide {
				p.Participants = store.DomainParticipants(parts)
				for _, x := range parts {
					if x.OfficerID != 0 {
						o, err := s.db.GetOfficer(ctx, x.OfficerID, s.today)
						if err != nil {
							return cur, err
						}
						p.Officers = append(p.Officers, o.Officer)
					}
					if x.Position != "" {
						p.Opinions = append(p.Opinions, domain.Opinion{ParticipantID: x.ID, Position: domain.OpinionPosition(x.Position), Text: x.Opinion})
					}
				}
			}
			return domain.ApplyHearingTransition(cur, a, p, actor, domain.DefaultHearingRules, now)
		})
		return err
	}
	switch state {
	case domain.HearingProposed:
		return nil
	case domain.HearingRejected:
		return step(chief, boss, domain.HearingActReject, domain.HearingParams{Reason: "案件事实清楚，无听证必要。"}, realNow)
	}
	if err := step(chief, boss, domain.HearingActApprove, domain.HearingParams{}, at(-18*24*time.Hour)); err != nil {
		return err
	}
	switch state {
	case domain.HearingApproved:
		return nil
	case domain.HearingCancelled:
		return step(chief, boss, domain.HearingActCancel, domain.HearingParams{Reason: "申请人撤回申请。"}, realNow)
	}
	scheduleAt := at(-10 * 24 * time.Hour)
	if scheduleAt.After(realNow) {
		scheduleAt = realNow
	}
	if err := step(prosecutor, staff, domain.HearingActSchedule, domain.HearingParams{StartsAt: start, Location: in.Location}, scheduleAt); err != nil {
		return err
	}
	if livestream {
		if err := step(chief, boss, domain.HearingActApproveLivestream, domain.HearingParams{LivestreamURL: "https://tingzheng.example.cn/live/xiantao"}, scheduleAt); err != nil {
			return err
		}
	}
	// Seat the presider, a party and five officers (least used first).
	seat := func(p domain.Participant, person *store.Person) (int64, error) {
		pr, err := s.db.AddParticipant(s.as(prosecutor), rec.ID, p, person, s.today, func(context.Context, domain.Hearing, domain.Participant, []domain.Participant) error { return nil })
		return pr.ID, err
	}
	if _, err := seat(domain.Participant{Role: domain.ParticipantPresider, Attended: true}, &store.Person{Name: pUser.Name, Organisation: s.unitName(unitCode)}); err != nil {
		return err
	}
	party := domain.ParticipantSuspect
	if kind == domain.HearingKindCriminalAppeal || kind == domain.HearingKindCivilSupervision {
		party = domain.ParticipantPetitioner
	}
	if _, err := seat(domain.Participant{Role: party, Attended: true}, &store.Person{Name: surnames[n%len(surnames)] + "某", Gender: "male",
		IDNumber: fmt.Sprintf("42900419%02d0101%04d", 70+n%25, 1000+n), Phone: fmt.Sprintf("1380000%04d", n)}); err != nil {
		return err
	}
	var seatIDs []int64
	for k := 0; k < 5 && state != domain.HearingScheduled; k++ {
		o := officers[(n*5+k)%len(officers)]
		id, err := seat(domain.Participant{PersonID: o.PersonID, OfficerID: o.ID, Role: domain.ParticipantHearingOfficer, Attended: true}, nil)
		if err != nil {
			return err
		}
		seatIDs = append(seatIDs, id)
	}
	if state == domain.HearingScheduled {
		return nil
	}
	for k, id := range seatIDs {
		pos := votes[k%len(votes)]
		_, err := s.db.ChangeParticipant(s.as(prosecutor), rec.ID, id, "opinion", false,
			func(_ domain.Hearing, p store.ParticipantRecord, _ []domain.Participant) (store.ParticipantRecord, error) {
				p.Position, p.Opinion = pos, map[string]string{"agree": "同意检察机关拟处理意见。", "disagree": "不同意拟处理意见，建议依法起诉。"}[pos]
				return p, nil
			})
		if err != nil {
			return err
		}
	}
	heldAt := at(time.Hour)
	if err := step(prosecutor, staff, domain.HearingActHold, domain.HearingParams{HeldAt: heldAt, Attendance: "参加人均到场。",
		Minutes: "听证会依法进行，听证员充分发表了意见。"}, at(3*time.Hour)); err != nil {
		return err
	}
	if state == domain.HearingHeld {
		return nil
	}
	if departure {
		if err := step(chief, boss, domain.HearingActApproveDeparture, domain.HearingParams{}, at(4*time.Hour)); err != nil {
			return err
		}
	}
	f := follows
	return step(prosecutor, staff, domain.HearingActDecide, domain.HearingParams{Decision: decisionText(kind, follows), Reasons: "综合听证员意见和案件事实证据作出决定。",
		FollowsProposal: &f, AnnouncedOnSpot: true}, at(5*time.Hour))
}

func (s *seeder) unitName(code string) string {
	return map[string]string{"429004": "仙桃市人民检察院", "429005": "潜江市人民检察院", "429006": "天门市人民检察院"}[code]
}

func proposedDecision(k domain.HearingKind) string {
	switch k {
	case domain.HearingKindNonProsecution:
		return "拟作相对不起诉决定"
	case domain.HearingKindArrestReview:
		return "拟不批准逮捕"
	case domain.HearingKindCustodyNecessity:
		return "拟建议变更强制措施为取保候审"
	case domain.HearingKindCriminalAppeal:
		return "拟维持原不起诉决定"
	case domain.HearingKindPublicInterest:
		return "拟向行政机关制发诉前检察建议"
	}
	return "拟依法作出监督决定"
}

func decisionText(k domain.HearingKind, follows bool) string {
	if !follows {
		return "不采纳拟处理意见，依法作出其他处理"
	}
	return "依法" + proposedDecision(k)[len("拟"):]
}
