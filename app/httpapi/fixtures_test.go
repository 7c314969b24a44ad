package httpapi

import (
	"bytes"
	"context"
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
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
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
	today := domain.DateOf(time.Now(), shanghai)
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
