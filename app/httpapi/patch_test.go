package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// contentOf is a record's answer as JSON members, without those every
// change moves (version, time of update, history, actions).
func contentOf(t *testing.T, s any) map[string]any {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "updated_at", "history", "allowed_actions"} {
		delete(m, k)
	}
	return m
}

// TestSuggestionMergePatch: a PATCH of one member changes that member
// only (it answered 422 for every other field); null clears an optional
// member; nested objects merge; the version is required.
func TestSuggestionMergePatch(t *testing.T) {
	ts := newTestServer(t, nil)
	p := ts.login(t, "prosecutor.xiantao")
	rec := p.do(t, http.MethodPost, "/api/v1/suggestions", suggestionBody())
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var before suggestionResponse
	mustDecode(t, rec, &before)
	path := fmt.Sprintf("/api/v1/suggestions/%d", before.ID)

	patch := func(body map[string]any) suggestionResponse {
		t.Helper()
		rec := p.do(t, http.MethodPatch, path, body)
		if rec.Code != http.StatusOK {
			t.Fatalf("PATCH %v: %d %s", body, rec.Code, rec.Body)
		}
		var out suggestionResponse
		mustDecode(t, rec, &out)
		return out
	}
	after := patch(map[string]any{"title": "关于规范毒品案件涉案财物管理的检察建议", "version": before.Version})
	want := contentOf(t, before)
	want["title"] = "关于规范毒品案件涉案财物管理的检察建议"
	if diff := cmp.Diff(want, contentOf(t, after), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("PATCH title changed more (-want +got):\n%s", diff)
	}
	if after.Version != before.Version+1 {
		t.Errorf("version %d after %d", after.Version, before.Version)
	}

	// A nested member merges: only the recipient's phone changes.
	after2 := patch(map[string]any{"recipient": map[string]any{"phone": "0728-3324001"}, "version": after.Version})
	if after2.Recipient.Phone != "0728-3324001" || after2.Recipient.Name != before.Recipient.Name || after2.Recipient.Address != before.Recipient.Address {
		t.Errorf("recipient after nested patch: %+v", after2.Recipient)
	}
	// null clears an optional member.
	after3 := patch(map[string]any{"source": nil, "copy_to": nil, "version": after2.Version})
	if after3.Source != "" || len(after3.CopyTo) != 0 || after3.Facts != before.Facts {
		t.Errorf("after clearing: source %q copy_to %v facts %q", after3.Source, after3.CopyTo, after3.Facts)
	}
	// null on a required member is refused by the rules, not silently kept.
	wantError(t, p, http.MethodPatch, path, map[string]any{"title": nil, "version": after3.Version}, 422, "title", "")
	wantError(t, p, http.MethodPatch, path, map[string]any{"title": "无版本"}, 422, "version", "required")
	wantError(t, p, http.MethodPatch, path, map[string]any{"nope": 1, "version": after3.Version}, 400, "nope", "")
	wantError(t, p, http.MethodPatch, path, map[string]any{"unit_id": 1, "version": after3.Version}, 422, "unit_id", "immutable")
	if rec := p.do(t, http.MethodPatch, path, map[string]any{"title": "旧版本", "version": before.Version}); rec.Code != http.StatusConflict {
		t.Errorf("stale version: %d %s", rec.Code, rec.Body)
	}
}

// TestHearingPatchOneField: the hearing PATCH leaves every other member.
func TestHearingPatchOneField(t *testing.T) {
	ts := newTestServer(t, nil)
	clerk := ts.login(t, "clerk.xiantao")
	rec := clerk.do(t, http.MethodPost, "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "原标题听证", "public": true,
		"proposed_decision": "拟作不起诉决定", "location": "第一听证室", "case_number": "42900420260000123"})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var before hearingResponse
	mustDecode(t, rec, &before)
	rec = clerk.do(t, http.MethodPatch, fmt.Sprintf("/api/v1/hearings/%d", before.ID), map[string]any{"title": "新标题听证", "version": before.Version})
	if rec.Code != http.StatusOK {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body)
	}
	var after hearingResponse
	mustDecode(t, rec, &after)
	want := contentOf(t, before)
	want["title"] = "新标题听证"
	if diff := cmp.Diff(want, contentOf(t, after), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("PATCH title changed more (-want +got):\n%s", diff)
	}
}

// TestTransitionNeedsVersion: a transition names the version it was
// chosen on, like a PATCH.
func TestTransitionNeedsVersion(t *testing.T) {
	ts := newTestServer(t, nil)
	p := ts.login(t, "prosecutor.xiantao")
	rec := p.do(t, http.MethodPost, "/api/v1/suggestions", suggestionBody())
	var s suggestionResponse
	mustDecode(t, rec, &s)
	wantError(t, p, http.MethodPost, fmt.Sprintf("/api/v1/suggestions/%d/transitions", s.ID), map[string]any{"action": "submit"}, 422, "version", "required")
	clerk := ts.login(t, "clerk.xiantao")
	rec = clerk.do(t, http.MethodPost, "/api/v1/hearings", map[string]any{"kind": "non_prosecution", "title": "版本测试听证", "public": true})
	var h hearingResponse
	mustDecode(t, rec, &h)
	chief := ts.login(t, "chief.xiantao")
	wantError(t, chief, http.MethodPost, fmt.Sprintf("/api/v1/hearings/%d/transitions", h.ID), map[string]any{"action": "approve"}, 422, "version", "required")
	if rec := chief.do(t, http.MethodPost, fmt.Sprintf("/api/v1/hearings/%d/transitions", h.ID), map[string]any{"action": "approve", "version": h.Version + 1}); rec.Code != http.StatusConflict {
		t.Errorf("stale version: %d %s", rec.Code, rec.Body)
	}
}
