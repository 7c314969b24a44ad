package httpapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestUnitLifecycle(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	if len(units) != 6 || units["429004"].Path != "/420000/429000/429004" || units["429004"].ShortName != "仙检" {
		t.Fatalf("demo units %+v", units)
	}

	// Create a basic procuratorate under Hanjiang.
	rec := admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "429099", "name": "测试市人民检察院", "short_name": "测检",
		"level": "basic", "parent_id": units["429000"].ID})
	if rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var u unitResponse
	mustDecode(t, rec, &u)
	if u.Path != "/420000/429000/429099" || u.Version != 1 {
		t.Fatalf("created %+v", u)
	}

	// Invalid input names the fields.
	rec = admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "12", "name": "", "short_name": "太长的简称超过十个字符了吧", "level": "basic", "parent_id": units["429004"].ID})
	e := decodeErrorBody(t, rec)
	fields := map[string]string{}
	for _, f := range e.Fields {
		fields[f.Field] = f.Code
	}
	if rec.Code != 422 || fields["code"] != "format" || fields["name"] != "required" || fields["short_name"] != "too_long" || fields["level"] != "not_below_parent" {
		t.Errorf("invalid unit: %d %s", rec.Code, rec.Body)
	}
	rec = admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "429099", "name": "重复", "short_name": "重", "level": "basic", "parent_id": units["429000"].ID})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Code != "taken" {
		t.Errorf("duplicate code: %d %s", rec.Code, rec.Body)
	}

	// Rename with a stale version: 409; with the right one: 200.
	path := fmt.Sprintf("/api/v1/units/%d", u.ID)
	if rec := admin.do(t, "PATCH", path, map[string]any{"name": "测试市检察院", "version": 7}); rec.Code != 409 || decodeErrorBody(t, rec).Code != "version_conflict" {
		t.Errorf("stale version: %d %s", rec.Code, rec.Body)
	}
	rec = admin.do(t, "PATCH", path, map[string]any{"name": "测试市检察院", "version": 1})
	mustDecode(t, rec, &u)
	if rec.Code != 200 || u.Name != "测试市检察院" || u.Version != 2 {
		t.Fatalf("rename: %d %+v", rec.Code, u)
	}

	// Move it under Wuhan: the path follows, Hanjiang's chief loses sight of it.
	chief := ts.login(t, "chief.hanjiang")
	if rec := chief.do(t, "GET", path, nil); rec.Code != 200 {
		t.Fatalf("chief before the move: %d", rec.Code)
	}
	rec = admin.do(t, "PATCH", path, map[string]any{"parent_id": units["420100"].ID, "version": 2})
	mustDecode(t, rec, &u)
	if rec.Code != 200 || u.Path != "/420000/420100/429099" {
		t.Fatalf("move: %d %s", rec.Code, rec.Body)
	}
	if rec := chief.do(t, "GET", path, nil); rec.Code != 404 {
		t.Errorf("chief after the move: %d", rec.Code)
	}
	// A unit cannot move below itself.
	if rec := admin.do(t, "PATCH", fmt.Sprintf("/api/v1/units/%d", units["429000"].ID), map[string]any{"parent_id": units["429004"].ID, "version": 1}); rec.Code != 422 {
		t.Errorf("move below itself: %d %s", rec.Code, rec.Body)
	}

	// Deactivating a unit above active units is refused.
	if rec := admin.do(t, "PATCH", fmt.Sprintf("/api/v1/units/%d", units["429000"].ID), map[string]any{"active": false, "version": 1}); rec.Code != 409 {
		t.Errorf("deactivate Hanjiang: %d %s", rec.Code, rec.Body)
	}
	// A unit with accounts cannot be deleted; an empty one can.
	if rec := admin.do(t, "DELETE", fmt.Sprintf("/api/v1/units/%d?version=1", units["429004"].ID), nil); rec.Code != 409 || decodeErrorBody(t, rec).Code != "unit_has_records" {
		t.Errorf("delete Xiantao: %d %s", rec.Code, rec.Body)
	}
	if rec := admin.do(t, "DELETE", fmt.Sprintf("%s?version=%d", path, u.Version), nil); rec.Code != 204 {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	if rec := admin.do(t, "GET", path, nil); rec.Code != 404 {
		t.Errorf("after delete: %d", rec.Code)
	}
}

// TestMovedUnitCarriesGrants: after a move, a prosecutor granted in the
// moved unit keeps access to it, and chiefs above the new parent gain it.
func TestMovedUnitCarriesGrants(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	tianmen := units["429006"]
	rec := admin.do(t, "PATCH", fmt.Sprintf("/api/v1/units/%d", tianmen.ID), map[string]any{"parent_id": units["420100"].ID, "version": tianmen.Version})
	if rec.Code != 200 {
		t.Fatalf("move: %d %s", rec.Code, rec.Body)
	}
	p := ts.login(t, "prosecutor.tianmen")
	if rec := p.do(t, "GET", fmt.Sprintf("/api/v1/units/%d", tianmen.ID), nil); rec.Code != 200 {
		t.Errorf("prosecutor in the moved unit: %d", rec.Code)
	}
	mine := unitsByCode(t, p)
	if len(mine) != 1 || mine["429006"].Path != "/420000/420100/429006" {
		t.Errorf("prosecutor sees %+v", mine)
	}
}

// TestCityLevel: 市级院 is a level of its own under the province, a
// branch can be re-levelled as one and back, and no other level changes.
func TestCityLevel(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	if units["420100"].Level != "city" {
		t.Errorf("Wuhan is %q, want city", units["420100"].Level)
	}
	rec := admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "421000", "name": "荆州市人民检察院", "short_name": "荆检",
		"level": "city", "parent_id": units["420000"].ID})
	var u unitResponse
	mustDecode(t, rec, &u)
	if rec.Code != 201 || u.Level != "city" {
		t.Fatalf("create city: %d %s", rec.Code, rec.Body)
	}
	// A city procuratorate is not a branch's child.
	rec = admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "429098", "name": "错位市人民检察院", "short_name": "错检",
		"level": "city", "parent_id": units["429000"].ID})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || len(e.Fields) != 1 || e.Fields[0].Field != "level" || e.MessageZh == "" {
		t.Errorf("city under a branch: %d %s", rec.Code, rec.Body)
	}
	path := fmt.Sprintf("/api/v1/units/%d", units["429000"].ID)
	rec = admin.do(t, "PATCH", path, map[string]any{"level": "city", "version": units["429000"].Version})
	mustDecode(t, rec, &u)
	if rec.Code != 200 || u.Level != "city" {
		t.Fatalf("branch → city: %d %s", rec.Code, rec.Body)
	}
	rec = admin.do(t, "PATCH", path, map[string]any{"level": "basic", "version": u.Version})
	if e := decodeErrorBody(t, rec); rec.Code != 422 || e.Fields[0].Field != "level" || e.Fields[0].Code != "rank_change" {
		t.Errorf("city → basic: %d %s", rec.Code, rec.Body)
	}
}

// TestUnitEnglishNames: the demo units carry English names; an admin sets,
// changes and clears them like the other fields, with the same checks and
// an audit entry, and a unit without them answers null.
func TestUnitEnglishNames(t *testing.T) {
	ts := newTestServer(t, nil)
	admin := ts.login(t, "admin")
	units := unitsByCode(t, admin)
	xiantao := units["429004"]
	if xiantao.NameEn == nil || *xiantao.NameEn != "Xiantao Municipal People's Procuratorate" || xiantao.ShortNameEn == nil || *xiantao.ShortNameEn != "Xiantao" {
		t.Fatalf("demo English names %+v", xiantao)
	}
	if h := units["429000"]; h.NameEn == nil || *h.NameEn != "Hanjiang Branch, Hubei Provincial People's Procuratorate" {
		t.Errorf("Hanjiang %+v", h)
	}

	// Created without English names: null in the answer.
	rec := admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "429099", "name": "测试市人民检察院", "short_name": "测检",
		"level": "basic", "parent_id": units["429000"].ID})
	var u unitResponse
	mustDecode(t, rec, &u)
	if rec.Code != 201 || u.NameEn != nil || u.ShortNameEn != nil || !strings.Contains(rec.Body.String(), `"name_en":null`) {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	// Created with them, trimmed.
	rec = admin.do(t, "POST", "/api/v1/units", map[string]any{"code": "429098", "name": "测试二市人民检察院", "short_name": "测二",
		"level": "basic", "parent_id": units["429000"].ID, "name_en": " Test Municipal People's Procuratorate ", "short_name_en": "Test"})
	var u2 unitResponse
	mustDecode(t, rec, &u2)
	if rec.Code != 201 || u2.NameEn == nil || *u2.NameEn != "Test Municipal People's Procuratorate" || u2.ShortNameEn == nil || *u2.ShortNameEn != "Test" {
		t.Fatalf("create with English: %d %s", rec.Code, rec.Body)
	}

	// Chinese text, full-width punctuation or too long: 422 naming the field.
	path := fmt.Sprintf("/api/v1/units/%d", u.ID)
	rec = admin.do(t, "PATCH", path, map[string]any{"name_en": "Test（测试）", "short_name_en": strings.Repeat("x", 41), "version": u.Version})
	fields := map[string]string{}
	for _, f := range decodeErrorBody(t, rec).Fields {
		fields[f.Field] = f.Code
	}
	if rec.Code != 422 || fields["name_en"] != "not_english" || fields["short_name_en"] != "too_long" {
		t.Errorf("invalid English names: %d %s", rec.Code, rec.Body)
	}

	// Set them; a PATCH without them leaves them; "" clears one.
	rec = admin.do(t, "PATCH", path, map[string]any{"name_en": "Test Municipal People's Procuratorate", "short_name_en": "Test", "version": u.Version})
	mustDecode(t, rec, &u)
	if rec.Code != 200 || u.NameEn == nil || *u.NameEn != "Test Municipal People's Procuratorate" || *u.ShortNameEn != "Test" {
		t.Fatalf("set: %d %s", rec.Code, rec.Body)
	}
	rec = admin.do(t, "PATCH", path, map[string]any{"name": "测试市检察院", "version": u.Version})
	mustDecode(t, rec, &u)
	if rec.Code != 200 || u.NameEn == nil || u.ShortNameEn == nil {
		t.Fatalf("rename keeps the English names: %d %s", rec.Code, rec.Body)
	}
	rec = admin.do(t, "PATCH", path, map[string]any{"short_name_en": "", "version": u.Version})
	mustDecode(t, rec, &u)
	if rec.Code != 200 || u.ShortNameEn != nil || u.NameEn == nil {
		t.Fatalf("clear: %d %s", rec.Code, rec.Body)
	}

	// Audited like the other fields.
	events := auditEvents(t, admin, fmt.Sprintf("entity=unit&entity_id=%d&action=update", u.ID))
	var setEvent map[string]any
	cleared := false
	for _, e := range events {
		var before, after map[string]any
		mustUnmarshal(t, e.Before, &before)
		mustUnmarshal(t, e.After, &after)
		if before["name_en"] == nil && after["name_en"] == "Test Municipal People's Procuratorate" {
			setEvent = after
		}
		if before["short_name_en"] == "Test" && after["short_name_en"] == nil {
			cleared = true
		}
	}
	if setEvent == nil || setEvent["short_name_en"] != "Test" || !cleared {
		t.Errorf("English names not audited in %d events", len(events))
	}

	// Every role reads them (the frontend's unit names come from here).
	p := ts.login(t, "prosecutor.xiantao")
	if mine := unitsByCode(t, p); mine["429004"].ShortNameEn == nil {
		t.Errorf("prosecutor sees %+v", mine)
	}
}

func mustUnmarshal(t *testing.T, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
}
