package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"testing"
	"time"

	"procura/app/store"
	"procura/domain"
)

// multipartBody is a request body sent as multipart/form-data.
type multipartBody struct {
	contentType string
	data        []byte
}

func multipartFile(t *testing.T, name string, content []byte) multipartBody {
	t.Helper()
	return multipartForm(t, nil, name, content)
}

// suggestionBody is a complete, valid create request.
func suggestionBody() map[string]any {
	return map[string]any{
		"type": "social_governance", "category": "drug", "title": "关于加强毒品犯罪综合治理的检察建议",
		"recipient": map[string]any{"name": "仙桃市人民政府", "kind": "government", "address": "湖北省仙桃市", "legal_representative": "市长", "phone": "0728-3324000"},
		"copy_to":   []string{"仙桃市人大常委会"}, "case_numbers": []string{"42900420260000123"}, "source": "类案分析",
		"facts": "毒品犯罪案件上升。", "problems": "禁毒宣传不到位。", "items": []map[string]any{{"text": "加大禁毒投入。"}, {"text": "完善社区戒毒。"}},
		"legal_basis": "《人民检察院检察建议工作规定》第十一条", "urgent": false, "civil_enforcement": false,
	}
}

// seedSuggestion creates a suggestion in unit, handled by handlerID, and
// walks it to state: draft, pending_approval, approved, issued (served
// 2026-03-31) or replied.
func seedSuggestion(t *testing.T, db *store.DB, unitID, handlerID int64, state domain.SuggestionStatus) int64 {
	t.Helper()
	ctx := store.WithActor(context.Background(), store.Actor{UserID: handlerID, Username: "fixture"})
	sg := domain.Suggestion{UnitID: unitID, Type: domain.TypeSocialGovernance, Category: "drug", Title: "测试检察建议",
		Recipient: domain.Recipient{Name: "测试市人民政府", Kind: "government"}, Facts: "事实", Problems: "问题", LegalBasis: "依据",
		Items: []domain.SuggestionItem{{Text: "建议一"}, {Text: "建议二"}}, HandlingProsecutorID: handlerID, CreatedBy: handlerID}
	rec, err := db.CreateSuggestion(ctx, sg)
	if err != nil {
		t.Fatal(err)
	}
	today := domain.DateOf(time.Now(), domain.Shanghai)
	cal, err := db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		to     domain.SuggestionStatus
		action domain.SuggestionAction
		p      domain.TransitionParams
	}{
		{domain.StatusPendingApproval, domain.ActSubmit, domain.TransitionParams{}},
		{domain.StatusApproved, domain.ActApprove, domain.TransitionParams{}},
		{domain.StatusIssued, domain.ActIssue, domain.TransitionParams{ServedOn: domain.NewDate(2026, 3, 31), ServiceMethod: "written"}},
	}
	for _, st := range steps {
		if state == domain.StatusDraft {
			break
		}
		if _, err := db.Transition(ctx, rec.ID, 0, st.action, "", func(cur domain.Suggestion) (domain.Suggestion, error) {
			return domain.ApplyTransition(cur, st.action, st.p, cal, today)
		}); err != nil {
			t.Fatal(err)
		}
		if st.to == state {
			return rec.ID
		}
	}
	if state == domain.StatusReplied {
		r := domain.Reply{ReceivedOn: domain.NewDate(2026, 5, 20), Replier: "测试市人民政府", Outcome: domain.Adopted}
		if _, err := db.AddReply(ctx, rec.ID, func(cur domain.Suggestion) (domain.Suggestion, domain.Reply, error) {
			next, rep := domain.ApplyReply(cur, r)
			return next, rep, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return rec.ID
}

func (f *matrixFixture) suggestion(t *testing.T, target domain.Unit, state domain.SuggestionStatus) int64 {
	return seedSuggestion(t, f.ts.db, target.ID, f.prosecutorID, state)
}

func (f *matrixFixture) attachment(t *testing.T, target domain.Unit) int64 {
	t.Helper()
	id := f.suggestion(t, target, domain.StatusIssued)
	ctx := store.WithActor(context.Background(), store.Actor{UserID: f.prosecutorID, Username: "fixture"})
	a, err := f.ts.db.AddSuggestionAttachment(ctx, id, "复函.pdf", "application/pdf", []byte("%PDF-1.4 fixture"), func(domain.Suggestion) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// pendingReply makes the delivery link of an issued suggestion in target
// and a reply submitted through it; it returns both ids.
func (f *matrixFixture) pendingReply(t *testing.T, target domain.Unit) (linkID, replyID int64) {
	t.Helper()
	id := f.suggestion(t, target, domain.StatusIssued)
	ctx := store.WithActor(context.Background(), store.Actor{UserID: f.prosecutorID, Username: "fixture"})
	link, err := f.ts.db.CreateDeliveryLink(ctx, id, store.HashToken(fmt.Sprintf("fixture-%d-%d", id, f.next())),
		func(domain.Suggestion) (domain.Date, error) { return domain.NewDate(2099, 1, 1), nil })
	if err != nil {
		t.Fatal(err)
	}
	r := store.PendingReply{Files: []store.PendingFile{{Filename: "复函.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n%fixture\n")}}}
	r.Replier, r.Outcome = "仙桃市人民政府", domain.Adopted
	replyID, err = f.ts.db.SubmitPendingReply(ctx, link, target.ID, r)
	if err != nil {
		t.Fatal(err)
	}
	return link.ID, replyID
}

// pendingFile is the file of a fresh submission of the fixture's.
func (f *matrixFixture) pendingFile(t *testing.T, target domain.Unit) (replyID, fileID int64) {
	t.Helper()
	_, replyID = f.pendingReply(t, target)
	if err := f.ts.db.SQL().QueryRow(`SELECT id FROM pending_reply_files WHERE pending_reply_id = $1`, replyID).Scan(&fileID); err != nil {
		t.Fatal(err)
	}
	return replyID, fileID
}

// notification is a notification of a fixture account (not of any caller).
func (f *matrixFixture) notification(t *testing.T) int64 {
	t.Helper()
	var id int64
	err := f.ts.db.SQL().QueryRow(`INSERT INTO notifications (user_id, kind, title_zh, title_en, dedupe_key)
		VALUES ($1, 'test', '测试', 'Test', 'test:' || clock_timestamp()) RETURNING id`, f.users["429000"]).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// hearingActor may do everything in the fixtures.
func (f *matrixFixture) hearingActor() domain.HearingActor {
	return domain.HearingActor{UserID: f.prosecutorID, Roles: []domain.Role{domain.RoleChief, domain.RoleProsecutor, domain.RoleClerk}}
}

// hearing creates a non-prosecution hearing in unit, walked to state
// proposed, approved or scheduled (starting ten days from now).
func (f *matrixFixture) hearing(t *testing.T, target domain.Unit, state domain.HearingStatus) int64 {
	return seedHearing(t, f.ts.db, target, f.hearingActor(), state)
}

func seedHearing(t *testing.T, db *store.DB, target domain.Unit, actor domain.HearingActor, state domain.HearingStatus) int64 {
	t.Helper()
	ctx := store.WithActor(context.Background(), store.Actor{UserID: actor.UserID, Username: "fixture"})
	now := time.Now()
	h, err := domain.NewHearing(target.ID, target.Path, domain.HearingInput{Kind: domain.HearingKindNonProsecution, Title: "测试听证",
		ProposedDecision: "拟作不起诉决定", InHearingRoom: true, Location: "听证室"}, actor, now)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := db.CreateHearing(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		to domain.HearingStatus
		a  domain.HearingAction
		p  domain.HearingParams
	}{
		{domain.HearingApproved, domain.HearingActApprove, domain.HearingParams{}},
		{domain.HearingScheduled, domain.HearingActSchedule, domain.HearingParams{StartsAt: now.Add(10 * 24 * time.Hour), Location: "听证室"}},
	}
	for _, st := range steps {
		if state == domain.HearingProposed {
			break
		}
		if _, err := db.ChangeHearing(ctx, rec.ID, 0, st.a, "", func(_ context.Context, cur domain.Hearing, _ []store.ParticipantRecord) (domain.Hearing, error) {
			return domain.ApplyHearingTransition(cur, st.a, st.p, actor, domain.DefaultHearingRules, now)
		}); err != nil {
			t.Fatal(err)
		}
		if st.to == state {
			break
		}
	}
	return rec.ID
}

// heldHearing is a hearing of target recorded as held an hour ago (set
// directly: holding needs seated officers, which the matrix does not test).
func (f *matrixFixture) heldHearing(t *testing.T, target domain.Unit) int64 {
	t.Helper()
	h := f.hearing(t, target, domain.HearingScheduled)
	if _, err := f.ts.db.SQL().Exec(`UPDATE hearings SET status = 'held', held_at = now() - interval '1 hour' WHERE id = $1`, h); err != nil {
		t.Fatal(err)
	}
	return h
}

func (f *matrixFixture) participant(t *testing.T, target domain.Unit) (int64, int64) {
	t.Helper()
	h := f.hearing(t, target, domain.HearingProposed)
	ctx := store.WithActor(context.Background(), store.Actor{UserID: f.prosecutorID, Username: "fixture"})
	p, err := f.ts.db.AddParticipant(ctx, h, domain.Participant{Role: domain.ParticipantWitness, Attended: true}, &store.Person{Name: "证人乙"},
		domain.DateOf(time.Now(), domain.Shanghai), func(context.Context, domain.Hearing, domain.Participant, []domain.Participant) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return h, p.ID
}

// poolOfficer is an officer in the province's pool, serving every unit.
func (f *matrixFixture) poolOfficer(t *testing.T) int64 {
	t.Helper()
	if f.provinceOfficer != 0 {
		return f.provinceOfficer
	}
	ctx := store.WithActor(context.Background(), store.Actor{UserID: f.prosecutorID, Username: "fixture"})
	o, _, err := f.ts.db.CreateOfficer(ctx, f.units["420000"], 0, store.Person{Name: "人大代表甲", Gender: "male", BirthDate: domain.NewDate(1970, 5, 1)},
		domain.OfficerNPCDeputy, domain.DateOf(time.Now(), domain.Shanghai))
	if err != nil {
		t.Fatal(err)
	}
	f.provinceOfficer = o.ID
	return o.ID
}

// officerIn is a pool entry of target (written directly for a basic
// procuratorate, which keeps no pool, so that the rules of access can
// still be tested on it).
func (f *matrixFixture) officerIn(t *testing.T, target domain.Unit) int64 {
	t.Helper()
	var id int64
	err := f.ts.db.SQL().QueryRow(`WITH p AS (INSERT INTO persons (name, birth_date) VALUES ('库员', '1970-01-01') RETURNING id)
		INSERT INTO hearing_officers (person_id, unit_id, category) SELECT id, $1, 'expert' FROM p RETURNING id`, target.ID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// seatedOfficer is a hearing officer seated in a scheduled hearing of target.
func (f *matrixFixture) seatedOfficer(t *testing.T, target domain.Unit) (int64, int64) {
	t.Helper()
	h := f.hearing(t, target, domain.HearingScheduled)
	officer := f.poolOfficer(t)
	o, err := f.ts.db.GetOfficer(context.Background(), officer, domain.DateOf(time.Now(), domain.Shanghai))
	if err != nil {
		t.Fatal(err)
	}
	ctx := store.WithActor(context.Background(), store.Actor{UserID: f.prosecutorID, Username: "fixture"})
	p, err := f.ts.db.AddParticipant(ctx, h, domain.Participant{PersonID: o.PersonID, OfficerID: o.ID, Role: domain.ParticipantHearingOfficer, Attended: true},
		nil, domain.DateOf(time.Now(), domain.Shanghai), func(context.Context, domain.Hearing, domain.Participant, []domain.Participant) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return h, p.ID
}

// multipartForm is a multipart body with text fields (sent first, in the
// order given) and one file.
func multipartForm(t *testing.T, fields [][2]string, name string, content []byte) multipartBody {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return multipartBody{contentType: w.FormDataContentType(), data: buf.Bytes()}
}

// unifiedNo is a fresh unified case number of the unit.
func (f *matrixFixture) unifiedNo(u domain.Unit) string {
	return fmt.Sprintf("%s2026%07d", u.Code, 9000000+f.next())
}

// caseIn records a new case in the target unit.
func (f *matrixFixture) caseIn(t *testing.T, target domain.Unit) int64 {
	t.Helper()
	rec, err := f.ts.db.CreateCase(context.Background(), store.CaseInput{UnifiedNo: f.unifiedNo(target), UnitID: target.ID,
		CaseType: "审查起诉", Category: "drug", ProsecutorName: "矩阵检察官", ReceivedOn: domain.NewDate(2026, 3, 2), Persons: 1})
	if err != nil {
		t.Fatal(err)
	}
	return rec.ID
}

// importIn records a finished import into the target unit.
func (f *matrixFixture) importIn(t *testing.T, target domain.Unit) int64 {
	t.Helper()
	id := f.queuedImportIn(t, target)
	if err := f.ts.db.EndImport(context.Background(), id, 0, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	return id
}

// queuedImportIn records an import into the target unit, waiting for its
// job.
func (f *matrixFixture) queuedImportIn(t *testing.T, target domain.Unit) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := f.ts.db.BeginImport(ctx, target.ID, "cases", "cases.csv", domain.Scope{Patterns: []string{target.Path}}, f.prosecutorID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.ts.db.QueueImport(ctx, id, "csv", 10, "00"); err != nil {
		t.Fatal(err)
	}
	return id
}

// snapshotIn freezes a (small, fake) report of the target unit's own
// records, which everyone who reads the unit's reports may open.
func (f *matrixFixture) snapshotIn(t *testing.T, target domain.Unit) int64 {
	t.Helper()
	s, err := f.ts.db.CreateSnapshot(context.Background(), store.Snapshot{UnitID: target.ID, Year: 2026, Bimonth: 1, Exact: true, ContentHash: "00",
		IndicatorVersions: map[string]int{"case_ratio": 1}, Report: []byte(`{"rows":[]}`), CreatedBy: f.prosecutorID})
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}
