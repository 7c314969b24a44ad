package store

import "context"

// HearingDetail is a hearing with every section of its page: the
// participants in the order added with their persons unmasked (the caller
// masks them), the lifecycle oldest first, the history newest first.
type HearingDetail struct {
	HearingRecord
	Participants []ParticipantRecord
	Transitions  []HearingTransition
	History      []AuditEvent
	PageState
}

// hearingDetailSelect reads a hearing and its sections (see details.go);
// its parameters are the history's limit and the id.
const hearingDetailSelect = `SELECT ` + hearingColumns + `,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT hp.id, hp.hearing_id, hp.person_id, hp.role, hp.officer_id,
		hp.attended, hp.conflict, hp.position, hp.opinion, hp.recusal_reason, hp.recusal_outcome, hp.decision_reported,
		o.category AS officer_category, p.name, p.gender, p.birth_date, p.id_number, p.phone, p.organisation, p.occupation
		FROM hearing_participants hp JOIN persons p ON p.id = hp.person_id LEFT JOIN hearing_officers o ON o.id = hp.officer_id
		WHERE hp.hearing_id = h.id) x)::text AS participants,
	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT t.id, t.action, t.from_status, t.to_status, u.name AS actor_name,
		t.note, t.at
		FROM hearing_transitions t JOIN users u ON u.id = t.actor_id WHERE t.hearing_id = h.id) x)::text AS transitions,
	(SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM (SELECT e.id, e.at, e.actor_id, e.actor, e.unit_id, e.action, e.entity,
		e.entity_id, e.before, e.after, e.request_id, e.client_ip, ` + auditActorName + ` AS actor_name
		FROM audit_events e WHERE e.entity = 'hearing' AND e.entity_id = h.id::text AND e.unit_id = h.unit_id
		ORDER BY e.id DESC LIMIT ?) x)::text AS history
	` + hearingFrom + ` WHERE h.id = ?`

type hearingDetailRow struct {
	Row          hearingRow `gorm:"embedded"` // named: gorm fills no unexported embedded struct
	Participants string
	Transitions  string
	History      string
}

type participantJSON struct {
	ID               int64    `json:"id"`
	HearingID        int64    `json:"hearing_id"`
	PersonID         int64    `json:"person_id"`
	Role             string   `json:"role"`
	OfficerID        *int64   `json:"officer_id"`
	Attended         bool     `json:"attended"`
	Conflict         bool     `json:"conflict"`
	Position         string   `json:"position"`
	Opinion          string   `json:"opinion"`
	RecusalReason    string   `json:"recusal_reason"`
	RecusalOutcome   string   `json:"recusal_outcome"`
	DecisionReported bool     `json:"decision_reported"`
	OfficerCategory  *string  `json:"officer_category"`
	Name             string   `json:"name"`
	Gender           string   `json:"gender"`
	BirthDate        jsonDate `json:"birth_date"`
	IDNumber         string   `json:"id_number"`
	Phone            string   `json:"phone"`
	Organisation     string   `json:"organisation"`
	Occupation       string   `json:"occupation"`
}

type hearingTransitionJSON struct {
	Action    string   `json:"action"`
	From      string   `json:"from_status"`
	To        string   `json:"to_status"`
	ActorName string   `json:"actor_name"`
	Note      string   `json:"note"`
	At        jsonTime `json:"at"`
}

// GetHearingDetail returns a hearing with its sections and at most
// historyLimit events of its history, in one statement, or from the page
// cache (detailcache.go): the caller must not modify what it returns.
// Errors: domain.ErrNotFound.
func (db *DB) GetHearingDetail(ctx context.Context, id int64, historyLimit int) (HearingDetail, error) {
	return hearingPages.get(ctx, db, id, historyLimit)
}

// CompleteHearingDetail returns d with its sections (see PageState.Partial).
func (db *DB) CompleteHearingDetail(ctx context.Context, d HearingDetail) (HearingDetail, error) {
	return hearingPages.complete(ctx, db, d, d.ID, d.PageState)
}

var hearingPages = memoPages[hearingDetailRow, HearingDetail]{kind: kindHearing, what: "hearing", query: hearingDetailSelect, toDetail: hearingDetailRow.toDetail}

func (d HearingDetail) withState(st PageState) HearingDetail { d.PageState = st; return d }

func (d HearingDetail) withoutSections() (any, int) {
	return HearingDetail{HearingRecord: d.HearingRecord, PageState: d.shed()}, recordBytes(d.HearingRecord)
}

func (r hearingDetailRow) toDetail() (HearingDetail, error) {
	d := HearingDetail{HearingRecord: r.Row.toRecord()}
	parts, err := decodeSection[participantJSON]("participants", r.Row.ID, r.Participants)
	if err != nil {
		return HearingDetail{}, err
	}
	for _, x := range parts {
		d.Participants = append(d.Participants, participantRow{ID: x.ID, HearingID: x.HearingID, PersonID: x.PersonID, Role: x.Role,
			OfficerID: x.OfficerID, Attended: x.Attended, Conflict: x.Conflict, Position: x.Position, Opinion: x.Opinion,
			RecusalReason: x.RecusalReason, RecusalOutcome: x.RecusalOutcome, DecisionReported: x.DecisionReported,
			OfficerCategory: x.OfficerCategory, Name: x.Name, Gender: x.Gender, BirthDate: x.BirthDate.timePtr(), IDNumber: x.IDNumber,
			Phone: x.Phone, Organisation: x.Organisation, Occupation: x.Occupation}.toRecord())
	}
	transitions, err := decodeSection[hearingTransitionJSON]("transitions", r.Row.ID, r.Transitions)
	if err != nil {
		return HearingDetail{}, err
	}
	for _, x := range transitions {
		d.Transitions = append(d.Transitions, HearingTransition{Action: x.Action, From: x.From, To: x.To, ActorName: x.ActorName,
			Note: x.Note, At: x.At.Time})
	}
	if d.History, err = decodeHistory(r.Row.ID, r.History); err != nil {
		return HearingDetail{}, err
	}
	return d, nil
}
