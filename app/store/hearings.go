package store

import (
	"context"
	"fmt"
	"time"

	"procura/domain"
)

type hearingRow struct {
	ID                    int64
	UnitID                int64
	UnitPath              string
	UnitCode              string
	UnitName              string
	UnitShortName         string
	Kind                  string
	Title                 string
	CaseNumber            string
	Public                bool
	InvolvesMinor         bool
	ClosedReason          string
	ProposedDecision      string
	PlannedStart          *time.Time
	StartsAt              *time.Time
	Location              string
	InHearingRoom         bool
	InHearingRoomApproved bool
	LivestreamRequested   bool
	LivestreamURL         string
	LivestreamApproved    bool
	DepartureApproved     bool
	DepartureApprovedBy   *int64
	Status                string
	StatusReason          string
	Postponements         int
	CreatedBy             int64
	CreatorName           string
	HeldAt                *time.Time
	Attendance            string
	Minutes               string
	Decision              string
	Reasons               string
	FollowsProposal       *bool
	DepartsFromMajority   bool
	AnnouncedOnSpot       bool
	AnnouncedAt           *time.Time
	DecidedAt             *time.Time
	Version               int
	CreatedAt             time.Time
}

// HearingRecord is a hearing with what the pages show beside it.
type HearingRecord struct {
	domain.Hearing
	UnitCode, UnitName string
	UnitShortName      string
	CreatorName        string
	CreatedAt          time.Time
}

func tv(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func (r hearingRow) toRecord() HearingRecord {
	return HearingRecord{Hearing: domain.Hearing{ID: r.ID, UnitID: r.UnitID, UnitPath: r.UnitPath, Kind: domain.HearingKind(r.Kind),
		Title: r.Title, CaseNumber: r.CaseNumber, Public: r.Public, InvolvesMinor: r.InvolvesMinor, ClosedReason: r.ClosedReason,
		ProposedDecision: r.ProposedDecision, PlannedStart: tv(r.PlannedStart), StartsAt: tv(r.StartsAt), Location: r.Location,
		InHearingRoom: r.InHearingRoom, InHearingRoomApproved: r.InHearingRoomApproved, LivestreamRequested: r.LivestreamRequested,
		LivestreamURL: r.LivestreamURL, LivestreamApproved: r.LivestreamApproved, DepartureApproved: r.DepartureApproved,
		DepartureApprovedBy: deref(r.DepartureApprovedBy), Status: domain.HearingStatus(r.Status), StatusReason: r.StatusReason,
		Postponements: r.Postponements, CreatedBy: r.CreatedBy, HeldAt: tv(r.HeldAt), Attendance: r.Attendance, Minutes: r.Minutes,
		Decision: r.Decision, Reasons: r.Reasons, FollowsProposal: r.FollowsProposal, DepartsFromMajority: r.DepartsFromMajority,
		AnnouncedOnSpot: r.AnnouncedOnSpot, AnnouncedAt: tv(r.AnnouncedAt), DecidedAt: tv(r.DecidedAt), Version: r.Version},
		UnitCode: r.UnitCode, UnitName: r.UnitName, UnitShortName: r.UnitShortName, CreatorName: r.CreatorName, CreatedAt: r.CreatedAt}
}

// hearingColumns and hearingFrom read a hearing with its unit and
// creator; hearingSelect is the two together.
const (
	hearingJoinColumns = `un.path AS unit_path, un.code AS unit_code, un.name AS unit_name, un.short_name AS unit_short_name, cu.name AS creator_name`
	hearingColumns     = `h.*, ` + hearingJoinColumns
	hearingFrom        = `FROM hearings h JOIN units un ON un.id = h.unit_id JOIN users cu ON cu.id = h.created_by`
	hearingSelect      = `SELECT ` + hearingColumns + ` ` + hearingFrom
)

// hearingsWhere selects hearings, after the WITH clause with ("" for none).
func (db *DB) hearingsWhere(ctx context.Context, with, cond string, args []any, suffix string) ([]HearingRecord, error) {
	return db.hearingsSelect(ctx, with, hearingSelect, cond, args, suffix)
}

// hearingsSelect is hearingsWhere with the SELECT … FROM sel.
func (db *DB) hearingsSelect(ctx context.Context, with, sel, cond string, args []any, suffix string) ([]HearingRecord, error) {
	var rows []hearingRow
	if err := db.pageConn(ctx, with).Raw(with+sel+" WHERE "+cond+" "+suffix, args...).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]HearingRecord, len(rows))
	for i, r := range rows {
		out[i] = r.toRecord()
	}
	return out, nil
}

// GetHearing returns a hearing. Errors: domain.ErrNotFound.
func (db *DB) GetHearing(ctx context.Context, id int64) (HearingRecord, error) {
	recs, err := db.hearingsWhere(ctx, "", "h.id = ?", []any{id}, "")
	if err != nil {
		return HearingRecord{}, fmt.Errorf("get hearing: %w", err)
	}
	if len(recs) == 0 {
		return HearingRecord{}, fmt.Errorf("get hearing: %w", domain.ErrNotFound)
	}
	return recs[0], nil
}

// CreateHearing stores a proposed hearing.
func (db *DB) CreateHearing(ctx context.Context, h domain.Hearing) (HearingRecord, error) {
	var rec HearingRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		var id int64
		if err := db.conn(ctx).Raw(`INSERT INTO hearings (unit_id, kind, title, case_number, public, involves_minor, closed_reason, proposed_decision,
			starts_at, location, in_hearing_room, livestream_requested, status, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			h.UnitID, string(h.Kind), h.Title, h.CaseNumber, h.Public, h.InvolvesMinor, h.ClosedReason, h.ProposedDecision,
			timeArg(h.StartsAt), h.Location, h.InHearingRoom, h.LivestreamRequested, string(h.Status), h.CreatedBy).Scan(&id).Error; err != nil {
			return translate(err)
		}
		var err error
		if rec, err = db.GetHearing(ctx, id); err != nil {
			return err
		}
		if err := db.handOff(ctx, true, id); err != nil {
			return err
		}
		return db.audit(ctx, "create", "hearing", id, h.UnitID, nil, hearingSnapshot(rec.Hearing))
	})
	if err != nil {
		return HearingRecord{}, fmt.Errorf("create hearing: %w", err)
	}
	return rec, nil
}

// HearingChange computes the hearing after an edit or transition from the
// locked current record and its participants; ctx carries the transaction,
// for reads that must see the same state.
type HearingChange func(ctx context.Context, current domain.Hearing, parts []ParticipantRecord) (domain.Hearing, error)

// ChangeHearing applies an edit or a transition under the hearing's row
// lock, logs a state change and audits it. version 0 skips the version check.
func (db *DB) ChangeHearing(ctx context.Context, id int64, version int, action domain.HearingAction, note string, change HearingChange) (HearingRecord, error) {
	var rec HearingRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		before, parts, err := db.lockHearing(ctx, id)
		if err != nil {
			return err
		}
		if version != 0 && before.Version != version {
			return domain.ErrVersionConflict
		}
		h, err := change(ctx, before.Hearing, parts)
		if err != nil {
			return err
		}
		if err := db.saveHearing(ctx, h); err != nil {
			return err
		}
		if action == domain.HearingActDecide {
			// The decision is reported back to every officer who took part.
			if err := db.conn(ctx).Exec(`UPDATE hearing_participants SET decision_reported = true
				WHERE hearing_id = ? AND role = 'hearing_officer' AND attended AND NOT conflict AND recusal_outcome <> 'granted'`, id).Error; err != nil {
				return translate(err)
			}
		}
		if h.Status != before.Status || action != domain.HearingActEdit {
			if err := db.conn(ctx).Exec(`INSERT INTO hearing_transitions (hearing_id, action, from_status, to_status, actor_id, note) VALUES (?, ?, ?, ?, ?, ?)`,
				id, string(action), string(before.Status), string(h.Status), actorFrom(ctx).UserID, note).Error; err != nil {
				return translate(err)
			}
		}
		if rec, err = db.GetHearing(ctx, id); err != nil {
			return err
		}
		if err := db.handOff(ctx, true, id); err != nil {
			return err
		}
		return db.audit(ctx, string(action), "hearing", id, h.UnitID, hearingSnapshot(before.Hearing), hearingSnapshot(rec.Hearing))
	})
	if err != nil {
		return HearingRecord{}, fmt.Errorf("%s hearing: %w", action, err)
	}
	return rec, nil
}

// HearingTransitionFunc decides a transition from the hearing, its
// participants and, for hold and decide, the pool records of its officers
// as they stand on the day.
type HearingTransitionFunc func(cur domain.Hearing, parts []ParticipantRecord, officers []domain.Officer) (domain.Hearing, error)

// TransitionHearing takes a transition in one transaction: for hold, the
// participants named absent are marked so first; then, under the
// hearing's lock, apply decides the new hearing, which is saved, logged
// and audited as ChangeHearing does.
func (db *DB) TransitionHearing(ctx context.Context, id int64, version int, action domain.HearingAction, note string, absent []int64,
	today domain.Date, apply HearingTransitionFunc) (HearingRecord, error) {
	var rec HearingRecord
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if action == domain.HearingActHold {
			if err := db.SetAttendance(ctx, id, absent); err != nil {
				return err
			}
		}
		var err error
		rec, err = db.ChangeHearing(ctx, id, version, action, note, func(ctx context.Context, cur domain.Hearing, parts []ParticipantRecord) (domain.Hearing, error) {
			var officers []domain.Officer
			if action == domain.HearingActHold || action == domain.HearingActDecide {
				var err error
				if officers, err = db.OfficersByID(ctx, officerIDs(parts), today); err != nil {
					return cur, err
				}
			}
			return apply(cur, parts, officers)
		})
		return err
	})
	return rec, err
}

func officerIDs(parts []ParticipantRecord) []int64 {
	var ids []int64
	for _, p := range parts {
		if p.OfficerID != 0 {
			ids = append(ids, p.OfficerID)
		}
	}
	return ids
}

func (db *DB) lockHearing(ctx context.Context, id int64) (HearingRecord, []ParticipantRecord, error) {
	if err := db.conn(ctx).Exec(`SELECT 1 FROM hearings WHERE id = ? FOR UPDATE`, id).Error; err != nil {
		return HearingRecord{}, nil, translate(err)
	}
	rec, err := db.GetHearing(ctx, id)
	if err != nil {
		return HearingRecord{}, nil, err
	}
	parts, err := db.HearingParticipants(ctx, id)
	if err != nil {
		return HearingRecord{}, nil, err
	}
	return rec, parts, nil
}

// DomainParticipants strips participant records to the domain's view.
func DomainParticipants(parts []ParticipantRecord) []domain.Participant {
	out := make([]domain.Participant, len(parts))
	for i, p := range parts {
		out[i] = p.Participant
	}
	return out
}

// SetAttendance records which participants of a hearing did not attend
// (all others did).
func (db *DB) SetAttendance(ctx context.Context, hearingID int64, absent []int64) error {
	if err := db.conn(ctx).Exec(`UPDATE hearing_participants SET attended = true WHERE hearing_id = ?`, hearingID).Error; err != nil {
		return translate(err)
	}
	for _, id := range absent {
		res := db.conn(ctx).Exec(`UPDATE hearing_participants SET attended = false WHERE hearing_id = ? AND id = ?`, hearingID, id)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.Invalid(domain.Field("absent_participant_ids", "unknown", "No such participant in this hearing.", "该听证没有此参加人。"))
		}
	}
	return nil
}

// OfficersByID returns the pool records of officers.
func (db *DB) OfficersByID(ctx context.Context, ids []int64, today domain.Date) ([]domain.Officer, error) {
	out := make([]domain.Officer, 0, len(ids))
	for _, id := range ids {
		o, err := db.GetOfficer(ctx, id, today)
		if err != nil {
			return nil, err
		}
		out = append(out, o.Officer)
	}
	return out, nil
}

func (db *DB) saveHearing(ctx context.Context, h domain.Hearing) error {
	return translate(db.conn(ctx).Exec(`UPDATE hearings SET kind = ?, title = ?, case_number = ?, public = ?, involves_minor = ?, closed_reason = ?,
		proposed_decision = ?, planned_start = ?, starts_at = ?, location = ?, in_hearing_room = ?, in_hearing_room_approved = ?,
		livestream_requested = ?, livestream_url = ?, livestream_approved = ?, departure_approved = ?, departure_approved_by = ?,
		status = ?, status_reason = ?, postponements = ?, held_at = ?, attendance = ?, minutes = ?, decision = ?, reasons = ?,
		follows_proposal = ?, departs_from_majority = ?, announced_on_spot = ?, announced_at = ?, decided_at = ?, version = version + 1
		WHERE id = ?`,
		string(h.Kind), h.Title, h.CaseNumber, h.Public, h.InvolvesMinor, h.ClosedReason, h.ProposedDecision, timeArg(h.PlannedStart),
		timeArg(h.StartsAt), h.Location, h.InHearingRoom, h.InHearingRoomApproved, h.LivestreamRequested, h.LivestreamURL,
		h.LivestreamApproved, h.DepartureApproved, nullID(h.DepartureApprovedBy), string(h.Status), h.StatusReason, h.Postponements,
		timeArg(h.HeldAt), h.Attendance, h.Minutes, h.Decision, h.Reasons, h.FollowsProposal, h.DepartsFromMajority, h.AnnouncedOnSpot,
		timeArg(h.AnnouncedAt), timeArg(h.DecidedAt), h.ID).Error)
}

func hearingSnapshot(h domain.Hearing) map[string]any {
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	return map[string]any{"id": h.ID, "status": h.Status, "kind": h.Kind, "title": h.Title, "case_number": h.CaseNumber, "public": h.Public,
		"involves_minor": h.InvolvesMinor, "proposed_decision": h.ProposedDecision, "starts_at": ts(h.StartsAt), "location": h.Location,
		"in_hearing_room": h.InHearingRoom, "livestream_url": h.LivestreamURL, "livestream_approved": h.LivestreamApproved,
		"departure_approved": h.DepartureApproved, "held_at": ts(h.HeldAt), "decision": h.Decision, "follows_proposal": h.FollowsProposal,
		"status_reason": h.StatusReason, "postponements": h.Postponements}
}

// HearingTransition is one step of a hearing's lifecycle.
type HearingTransition struct {
	Action    string
	From, To  string
	ActorName string
	Note      string
	At        time.Time
}

// HearingStats are a year's hearing figures for a scope.
type HearingStats struct {
	Held, Public, Officers int
	OfficersByCategory     map[string]int
	ByKind                 map[string]int
}

// HearingStatistics counts the hearings held in year within scope.
func (db *DB) HearingStatistics(ctx context.Context, scope domain.Scope, year int) (HearingStats, error) {
	cond, args := scopeCondition("un.path", scope)
	args = append(args, year, year+1)
	where := ` FROM hearings h JOIN units un ON un.id = h.unit_id WHERE ` + cond +
		` AND h.held_at >= make_timestamptz(?, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND h.held_at < make_timestamptz(?, 1, 1, 0, 0, 0, 'Asia/Shanghai')`
	st := HearingStats{OfficersByCategory: map[string]int{}, ByKind: map[string]int{}}
	var totals struct{ Held, Public int }
	if err := db.conn(ctx).Raw(`SELECT count(*) AS held, count(*) FILTER (WHERE h.public) AS public`+where, args...).Scan(&totals).Error; err != nil {
		return st, fmt.Errorf("hearing statistics: %w", translate(err))
	}
	st.Held, st.Public = totals.Held, totals.Public
	var kinds []struct {
		Kind string
		N    int
	}
	if err := db.conn(ctx).Raw(`SELECT h.kind, count(*) AS n`+where+` GROUP BY h.kind`, args...).Scan(&kinds).Error; err != nil {
		return st, fmt.Errorf("hearing statistics: %w", translate(err))
	}
	for _, k := range kinds {
		st.ByKind[k.Kind] = k.N
	}
	var cats []struct {
		Category string
		N        int
	}
	if err := db.conn(ctx).Raw(`SELECT o.category, count(*) AS n FROM hearing_participants hp JOIN hearing_officers o ON o.id = hp.officer_id
		WHERE hp.attended AND NOT hp.conflict AND hp.recusal_outcome <> 'granted' AND hp.hearing_id IN (SELECT h.id`+where+`) GROUP BY o.category`,
		args...).Scan(&cats).Error; err != nil {
		return st, fmt.Errorf("hearing statistics: %w", translate(err))
	}
	for _, c := range cats {
		st.OfficersByCategory[c.Category] = c.N
		st.Officers += c.N
	}
	return st, nil
}
