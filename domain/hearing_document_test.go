package domain

import (
	"errors"
	"testing"
	"time"
)

func TestCheckHearingDocument(t *testing.T) {
	start := time.Date(2026, 6, 10, 9, 30, 0, 0, Shanghai)
	h := func(st HearingStatus, public bool) Hearing {
		x := Hearing{Status: st, Public: public}
		if st != HearingProposed {
			x.StartsAt = start
		}
		return x
	}
	for _, c := range []struct {
		h    Hearing
		doc  HearingDocument
		code string // "" for allowed
	}{
		{h(HearingScheduled, true), HearingDocNotice, ""},
		{h(HearingDecided, true), HearingDocNotice, ""},
		{h(HearingScheduled, false), HearingDocNotice, "hearing_not_public"},
		{h(HearingApproved, true), HearingDocNotice, "hearing_not_scheduled"},
		{h(HearingCancelled, true), HearingDocNotice, "hearing_not_scheduled"},
		{h(HearingProposed, true), HearingDocInvitation, "hearing_not_scheduled"},
		{h(HearingScheduled, false), HearingDocInvitation, ""},
		{h(HearingScheduled, true), HearingDocMinutes, "hearing_not_held"},
		{h(HearingHeld, false), HearingDocMinutes, ""},
		{h(HearingDecided, false), HearingDocMinutes, ""},
	} {
		err := CheckHearingDocument(c.h, c.doc)
		var e *Error
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s of a %s hearing (public %v): %v", c.doc, c.h.Status, c.h.Public, err)
		case c.code != "" && (!errors.As(err, &e) || e.Code != c.code || e.Kind != KindConflict || e.MessageZh == ""):
			t.Errorf("%s of a %s hearing (public %v): %v, want %s", c.doc, c.h.Status, c.h.Public, err, c.code)
		}
	}
	officer := Participant{ID: 1, Role: ParticipantHearingOfficer, OfficerID: 9}
	if err := CheckInvitation(h(HearingScheduled, true), officer); err != nil {
		t.Errorf("seated officer: %v", err)
	}
	recused := officer
	recused.RecusalOutcome = "granted"
	for _, p := range []Participant{recused, {ID: 2, Role: ParticipantWitness}} {
		var e *Error
		if err := CheckInvitation(h(HearingScheduled, true), p); !errors.As(err, &e) || e.Code != "not_seated_officer" {
			t.Errorf("invitation to %+v: %v", p, err)
		}
	}
}

func TestPublicHearingTitle(t *testing.T) {
	parts := []Participant{
		{Name: "张三丰", Role: ParticipantSuspect},
		{Name: "李四", Role: ParticipantVictim},
		{Name: "仙桃市交通运输局", Role: ParticipantAdministrativeAgency},
	}
	got := PublicHearingTitle("张三丰涉嫌危险驾驶、李四被害一案（仙桃市交通运输局）拟不起诉听证", parts)
	if want := "张某涉嫌危险驾驶、李某被害一案（仙桃市交通运输局）拟不起诉听证"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
