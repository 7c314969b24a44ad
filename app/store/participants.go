package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"procura/domain"
)

// ParticipantRecord is a participant with the person's details and the
// officer's opinion.
type ParticipantRecord struct {
	domain.Participant
	Person          Person
	OfficerCategory string
	Position        string
	Opinion         string
}

type participantRow struct {
	ID               int64
	HearingID        int64
	PersonID         int64
	Role             string
	OfficerID        *int64
	Attended         bool
	Conflict         bool
	Position         string
	Opinion          string
	RecusalReason    string
	RecusalOutcome   string
	DecisionReported bool
	OfficerCategory  *string
	Name             string
	Gender           string
	BirthDate        *time.Time
	IDNumber         string
	Phone            string
	Organisation     string
	Occupation       string
}

// HearingParticipants lists a hearing's participants in the order added.
func (db *DB) HearingParticipants(ctx context.Context, hearingID int64) ([]ParticipantRecord, error) {
	var rows []participantRow
	if err := db.conn(ctx).Raw(`SELECT hp.id, hp.hearing_id, hp.person_id, hp.role, hp.officer_id, hp.attended, hp.conflict, hp.position, hp.opinion,
		hp.recusal_reason, hp.recusal_outcome, hp.decision_reported, o.category AS officer_category,
		p.name, p.gender, p.birth_date, p.id_number, p.phone, p.organisation, p.occupation
		FROM hearing_participants hp JOIN persons p ON p.id = hp.person_id LEFT JOIN hearing_officers o ON o.id = hp.officer_id
		WHERE hp.hearing_id = ? ORDER BY hp.id`, hearingID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("participants: %w", translate(err))
	}
	out := make([]ParticipantRecord, len(rows))
	for i, r := range rows {
		out[i] = r.toRecord()
	}
	return out, nil
}

func (r participantRow) toRecord() ParticipantRecord {
	out := ParticipantRecord{Participant: domain.Participant{ID: r.ID, HearingID: r.HearingID, PersonID: r.PersonID, Name: r.Name,
		Role: domain.ParticipantRole(r.Role), OfficerID: deref(r.OfficerID), Attended: r.Attended, Conflict: r.Conflict,
		RecusalReason: r.RecusalReason, RecusalOutcome: r.RecusalOutcome, DecisionReported: r.DecisionReported},
		Person: personRow{ID: r.PersonID, Name: r.Name, Gender: r.Gender, BirthDate: r.BirthDate, IDNumber: r.IDNumber,
			Phone: r.Phone, Organisation: r.Organisation, Occupation: r.Occupation}.toPerson(),
		Position: r.Position, Opinion: r.Opinion}
	if r.OfficerCategory != nil {
		out.OfficerCategory = *r.OfficerCategory
	}
	return out
}

// SeatFunc checks a participant against the locked hearing and its other
// participants.
type SeatFunc func(ctx context.Context, h domain.Hearing, p domain.Participant, existing []domain.Participant) error

// AddParticipant seats a person (an existing one, or a new one from the
// name index) in a role. Errors: domain.ErrInvalid and check's errors.
func (db *DB) AddParticipant(ctx context.Context, hearingID int64, p domain.Participant, newPerson *Person, today domain.Date, check SeatFunc) (ParticipantRecord, error) {
	var out ParticipantRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		h, parts, err := db.lockHearing(ctx, hearingID)
		if err != nil {
			return err
		}
		if newPerson != nil {
			np := *newPerson
			np.UnitID = h.UnitID
			person, _, err := db.createPerson(ctx, np, today)
			if err != nil {
				return err
			}
			p.PersonID, p.Name = person.ID, person.Name
		} else if person, err := db.GetPerson(ctx, p.PersonID); errors.Is(err, domain.ErrNotFound) {
			return domain.Invalid(domain.Field("person_id", "unknown", "No such person.", "没有该人员。"))
		} else if err != nil {
			return err
		} else {
			p.Name = person.Name
		}
		p.HearingID = hearingID
		if err := check(ctx, h.Hearing, p, DomainParticipants(parts)); err != nil {
			return err
		}
		if err := db.conn(ctx).Raw(`INSERT INTO hearing_participants (hearing_id, person_id, role, officer_id, attended, conflict)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, hearingID, p.PersonID, string(p.Role), nullID(p.OfficerID), true, p.Conflict).Scan(&p.ID).Error; err != nil {
			return translate(err)
		}
		all, err := db.HearingParticipants(ctx, hearingID)
		if err != nil {
			return err
		}
		for _, x := range all {
			if x.ID == p.ID {
				out = x
			}
		}
		return db.audit(ctx, "add_participant", "hearing", hearingID, h.UnitID, nil, map[string]any{"participant_id": p.ID,
			"person_id": p.PersonID, "name": p.Name, "role": p.Role, "officer_id": p.OfficerID})
	})
	if err != nil {
		return ParticipantRecord{}, fmt.Errorf("add participant: %w", err)
	}
	return out, nil
}

// ParticipantChange edits one participant of the locked hearing.
type ParticipantChange func(h domain.Hearing, p ParticipantRecord, all []domain.Participant) (ParticipantRecord, error)

// ChangeParticipant updates a participant (recusal, conflict, attendance,
// opinion) or, with remove, deletes it. Errors: domain.ErrNotFound.
func (db *DB) ChangeParticipant(ctx context.Context, hearingID, participantID int64, action string, remove bool, change ParticipantChange) (ParticipantRecord, error) {
	var out ParticipantRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		h, recs, err := db.lockHearing(ctx, hearingID)
		if err != nil {
			return err
		}
		var before *ParticipantRecord
		for i := range recs {
			if recs[i].ID == participantID {
				before = &recs[i]
			}
		}
		if before == nil {
			return domain.ErrNotFound
		}
		p, err := change(h.Hearing, *before, DomainParticipants(recs))
		if err != nil {
			return err
		}
		snap := func(r ParticipantRecord) map[string]any {
			return map[string]any{"participant_id": r.ID, "name": r.Name, "role": r.Role, "attended": r.Attended, "conflict": r.Conflict,
				"recusal_reason": r.RecusalReason, "recusal_outcome": r.RecusalOutcome, "position": r.Position, "opinion": r.Opinion}
		}
		if remove {
			if err := db.conn(ctx).Exec(`DELETE FROM hearing_participants WHERE id = ?`, participantID).Error; err != nil {
				return translate(err)
			}
			return db.audit(ctx, action, "hearing", hearingID, h.UnitID, snap(*before), nil)
		}
		if err := db.conn(ctx).Exec(`UPDATE hearing_participants SET attended = ?, conflict = ?, recusal_reason = ?, recusal_outcome = ?,
			position = ?, opinion = ? WHERE id = ?`, p.Attended, p.Conflict, strings.TrimSpace(p.RecusalReason), p.RecusalOutcome,
			p.Position, strings.TrimSpace(p.Opinion), participantID).Error; err != nil {
			return translate(err)
		}
		out = p
		return db.audit(ctx, action, "hearing", hearingID, h.UnitID, snap(*before), snap(p))
	})
	if err != nil {
		return ParticipantRecord{}, fmt.Errorf("%s: %w", action, err)
	}
	return out, nil
}

// drawCandidates returns the officers of the pools serving the hearing's
// unit (its own and those above it), with their participation in the 12
// months before day and whether they are seated or conflicted here.
func (db *DB) drawCandidates(ctx context.Context, h HearingRecord, day domain.Date) ([]domain.DrawCandidate, error) {
	var rows []officerRow
	err := db.conn(ctx).Raw(officerSelect+` WHERE (un.path = @path OR @path LIKE un.path || '/%')`,
		map[string]any{"path": h.UnitPath, "since": day.AddMonths(-12).String()}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("draw candidates: %w", translate(err))
	}
	parts, err := db.HearingParticipants(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	out := make([]domain.DrawCandidate, len(rows))
	for i, r := range rows {
		rec := r.toRecord()
		c := domain.DrawCandidate{Officer: rec.Officer, HearingsLast12Months: rec.HearingsLast12Months, LastHearingOn: rec.LastHearingOn}
		for _, p := range parts {
			if p.PersonID != rec.PersonID {
				continue
			}
			if p.Role == domain.ParticipantHearingOfficer && p.Seated() {
				c.Seated = true
			} else {
				c.Conflict = true // a recused or conflicted officer, or a person with another role here
			}
		}
		out[i] = c
	}
	return out, nil
}

// DrawFunc picks officers from the candidates of a draw and says what to
// record of it.
type DrawFunc func(cands []domain.DrawCandidate) (picked []domain.DrawCandidate, record any, err error)

// DrawOfficers proposes officers for a hearing from the pools serving its
// unit, as they stand on day: pick chooses among the candidates, and the
// draw (its seed, mode and proposal, as pick records it) is audited in the
// same transaction, so that every proposal can be reproduced.
func (db *DB) DrawOfficers(ctx context.Context, h HearingRecord, day domain.Date, pick DrawFunc) ([]domain.DrawCandidate, error) {
	var picked []domain.DrawCandidate
	err := db.WithTx(ctx, func(ctx context.Context) error {
		cands, err := db.drawCandidates(ctx, h, day)
		if err != nil {
			return err
		}
		var record any
		if picked, record, err = pick(cands); err != nil {
			return err
		}
		return db.audit(ctx, "officer_draw", "hearing", h.ID, h.UnitID, nil, record)
	})
	if err != nil {
		return nil, fmt.Errorf("draw officers: %w", err)
	}
	return picked, nil
}
