package httpapi

import (
	"context"
	"time"

	"procura/app/indicators"
	"procura/app/store"
	"procura/domain"
)

// Store is what the server needs of the database: the union of the small
// interfaces below, one per group of handlers, so that each group names
// exactly what it reads and writes. *store.DB implements it.
type Store interface {
	accountStore
	suggestionStore
	hearingStore
	caseStore
	calendarStore
	reportStore
	portalStore
	// Ping answers /readyz.
	Ping(ctx context.Context) error
	replicaRouter
}

// replicaRouter sends the heavy reads of a request to a read replica
// (see store.DB.OnReplica) and reports the replicas' state.
type replicaRouter interface {
	OnReplica(ctx context.Context) (context.Context, *store.ReadSource)
	Replicas() []store.ReplicaState
	ReplicaMisses() uint64
}

// accountStore is what the handlers of sign-in, sessions, passwords,
// users, units and the audit log need.
type accountStore interface {
	CreateSession(ctx context.Context, u domain.User, tokenHash string, csrf string, p domain.SessionPolicy, now time.Time) (store.Session, error)
	CreateUnit(ctx context.Context, u domain.Unit) (domain.Unit, error)
	CreateUser(ctx context.Context, u domain.User, passwordHash string) (domain.User, error)
	DeleteSession(ctx context.Context, id int64, u domain.User) error
	DeleteUnit(ctx context.Context, id int64, version int) error
	DropIdleConns()
	GetAccount(ctx context.Context, id int64) (domain.User, domain.Unit, error)
	GetUnit(ctx context.Context, id int64) (domain.Unit, error)
	GetUser(ctx context.Context, id int64) (domain.User, error)
	ListAuditEvents(ctx context.Context, f store.AuditFilter) ([]store.AuditEvent, error)
	ListUnits(ctx context.Context, scope domain.Scope) ([]domain.Unit, error)
	ListUsers(ctx context.Context, f store.UserFilter) ([]domain.User, error)
	RehashPassword(ctx context.Context, u domain.User, oldHash, newHash string) error
	LoginGate(ctx context.Context, usernameKey, clientIP string, p domain.LoginPolicy, now time.Time) (acc store.LoginAccount, ok bool, err error)
	LoginLocks(ctx context.Context, usernames []string, p domain.LoginPolicy, now time.Time) (map[string]store.LoginLock, error)
	PasswordChangeGate(ctx context.Context, userID int64, p domain.PasswordChangePolicy, now time.Time) error
	PasswordHash(ctx context.Context, userID int64) (string, error)
	RecordAccessEvent(ctx context.Context, action, entity string, entityID int64, unitID int64, details any) error
	RecordLoginFailure(ctx context.Context, usernameKey, clientIP string, userID, unitID int64, p domain.LoginPolicy, now time.Time) (wait time.Duration, err error)
	RecordPasswordFailure(ctx context.Context, u domain.User, sessionID int64, p domain.PasswordChangePolicy, now time.Time) (ended bool, wait time.Duration, err error)
	ReplaceGrants(ctx context.Context, id int64, grants []domain.Grant) (domain.User, error)
	ResetPassword(ctx context.Context, userID int64, hash string) (domain.User, error)
	SessionUser(ctx context.Context, tokenHash string, p domain.SessionPolicy, now time.Time) (store.Session, domain.User, error)
	SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, keepSessionID int64) error
	UnlockUser(ctx context.Context, id int64, p domain.LoginPolicy, now time.Time) error
	UpdateUnit(ctx context.Context, id int64, version int, p store.UnitPatch) (domain.Unit, error)
	UpdateUser(ctx context.Context, id int64, version int, p store.UserPatch) (domain.User, error)
}

// suggestionStore is what the handlers of suggestions, their records,
// attachments, notifications and exports need.
type suggestionStore interface {
	AddFollowUp(ctx context.Context, id int64, fn store.RecordFunc[domain.FollowUp]) (domain.FollowUp, error)
	AddReply(ctx context.Context, id int64, fn store.RecordFunc[domain.Reply]) (domain.Reply, error)
	AddSuggestionAttachment(ctx context.Context, suggestionID int64, filename, contentType string, data []byte,
		check func(domain.Suggestion) error) (store.Attachment, error)
	AddVerification(ctx context.Context, id int64, fn store.RecordFunc[domain.Verification]) (domain.Verification, error)
	AttachmentData(ctx context.Context, id int64) ([]byte, error)
	Calendar(ctx context.Context) (domain.Calendar, error)
	Categories(ctx context.Context) ([]store.Category, error)
	CreateSuggestion(ctx context.Context, s domain.Suggestion) (store.SuggestionRecord, error)
	GenerateReminders(ctx context.Context, today domain.Date) (int64, error)
	GetAttachment(ctx context.Context, id int64) (store.Attachment, error)
	GetSuggestion(ctx context.Context, id int64) (store.SuggestionRecord, error)
	GetSuggestionDetail(ctx context.Context, id int64, historyLimit int) (store.SuggestionDetail, error)
	CompleteSuggestionDetail(ctx context.Context, d store.SuggestionDetail) (store.SuggestionDetail, error)
	ListAuditEvents(ctx context.Context, f store.AuditFilter) ([]store.AuditEvent, error)
	ListNotifications(ctx context.Context, f store.NotificationFilter) ([]store.Notification, int64, error)
	Todo(ctx context.Context, userID int64, perKind int) ([]store.TodoGroup, error)
	DeleteSuggestion(ctx context.Context, id int64, check func(domain.Suggestion) error) error
	ListSuggestions(ctx context.Context, f store.SuggestionFilter) ([]store.SuggestionRecord, error)
	CountSuggestions(ctx context.Context, f store.SuggestionFilter) (store.ListTotal, error)
	MarkNotificationsRead(ctx context.Context, userID, id int64) error
	MarkNotificationIDsRead(ctx context.Context, userID int64, ids []int64) (int64, error)
	Transition(ctx context.Context, id int64, version int, action domain.SuggestionAction, opinion string, apply store.TransitionFunc) (store.SuggestionRecord, error)
	UpdateSuggestion(ctx context.Context, id int64, version int, edit func(domain.Suggestion) (domain.Suggestion, error)) (store.SuggestionRecord, error)
	// WithTx runs fn in one transaction that the calls made with its context join.
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// portalStore is what the recipient portal and its staff side need:
// delivery links and the replies and evidence submitted through them.
type portalStore interface {
	AcceptPendingReply(ctx context.Context, id int64, fn func(domain.Suggestion, store.PendingReply) (domain.Suggestion, domain.Reply, error)) (domain.Reply, error)
	AcceptPendingEvidence(ctx context.Context, id int64, fn func(domain.Suggestion, store.PendingReply) (domain.Suggestion, domain.FollowUp, error)) (domain.FollowUp, error)
	AcknowledgeService(ctx context.Context, linkID int64, serve func(domain.Suggestion) (domain.Suggestion, bool)) (store.SuggestionRecord, error)
	AttachmentData(ctx context.Context, id int64) ([]byte, error)
	Calendar(ctx context.Context) (domain.Calendar, error)
	CreateDeliveryLink(ctx context.Context, suggestionID int64, tokenHash string, check func(domain.Suggestion) (domain.Date, error)) (store.DeliveryLink, error)
	DeliveryLinkSuggestion(ctx context.Context, linkID int64) (store.SuggestionRecord, error)
	DeliveryLinks(ctx context.Context, suggestionID int64) ([]store.DeliveryLink, error)
	GetAttachment(ctx context.Context, id int64) (store.Attachment, error)
	GetSuggestion(ctx context.Context, id int64) (store.SuggestionRecord, error)
	HitRateLimits(ctx context.Context, now time.Time, limits []store.RateLimit) (time.Duration, error)
	PendingReplies(ctx context.Context, suggestionID, byLink int64) ([]store.PendingReply, error)
	PendingReplySuggestion(ctx context.Context, id int64) (store.SuggestionRecord, string, error)
	PendingReplyFile(ctx context.Context, id, fileID int64) (store.PendingFile, error)
	RecordPortalVisit(ctx context.Context, link store.DeliveryLink, rec store.SuggestionRecord, what string) error
	ResolveDeliveryLink(ctx context.Context, token string) (store.DeliveryLink, store.SuggestionRecord, error)
	ReturnPendingReply(ctx context.Context, id int64, note string) error
	RevokeDeliveryLink(ctx context.Context, linkID int64) error
	SubmitPendingReply(ctx context.Context, link store.DeliveryLink, unitID int64, r store.PendingReply) (int64, error)
}

// hearingStore is what the handlers of hearings, participants, the public
// notice and the officer pool need.
type hearingStore interface {
	AddParticipant(ctx context.Context, hearingID int64, p domain.Participant, newPerson *store.Person, today domain.Date, check store.SeatFunc) (store.ParticipantRecord, error)
	ChangeHearing(ctx context.Context, id int64, version int, action domain.HearingAction, note string, change store.HearingChange) (store.HearingRecord, error)
	ChangeParticipant(ctx context.Context, hearingID, participantID int64, action string, remove bool, change store.ParticipantChange) (store.ParticipantRecord, error)
	CreateHearing(ctx context.Context, h domain.Hearing) (store.HearingRecord, error)
	CreateOfficer(ctx context.Context, unit domain.Unit, personID int64, p store.Person, category domain.OfficerCategory, today domain.Date) (store.OfficerRecord, bool, error)
	CreatePerson(ctx context.Context, p store.Person, today domain.Date) (store.Person, bool, error)
	DrawOfficers(ctx context.Context, h store.HearingRecord, day domain.Date, pick store.DrawFunc) ([]domain.DrawCandidate, error)
	GetHearing(ctx context.Context, id int64) (store.HearingRecord, error)
	GetHearingDetail(ctx context.Context, id int64, historyLimit int) (store.HearingDetail, error)
	CompleteHearingDetail(ctx context.Context, d store.HearingDetail) (store.HearingDetail, error)
	GetOfficer(ctx context.Context, id int64, today domain.Date) (store.OfficerRecord, error)
	GetUnit(ctx context.Context, id int64) (domain.Unit, error)
	HearingStatistics(ctx context.Context, scope domain.Scope, year int) (store.HearingStats, error)
	ListAuditEvents(ctx context.Context, f store.AuditFilter) ([]store.AuditEvent, error)
	ListHearings(ctx context.Context, f store.HearingFilter) ([]store.HearingRecord, error)
	CountHearings(ctx context.Context, f store.HearingFilter) (store.ListTotal, error)
	ListOfficers(ctx context.Context, f store.OfficerFilter) ([]store.OfficerRecord, error)
	ListUnits(ctx context.Context, scope domain.Scope) ([]domain.Unit, error)
	PersonInScope(ctx context.Context, id int64, scope domain.Scope) (store.PersonMatch, error)
	SearchPersons(ctx context.Context, scope domain.Scope, q string, beforeID int64, limit int) ([]store.PersonMatch, error)
	TransitionHearing(ctx context.Context, id int64, version int, action domain.HearingAction, note string, absent []int64,
		today domain.Date, apply store.HearingTransitionFunc) (store.HearingRecord, error)
	UpdateOfficer(ctx context.Context, id int64, version int, p store.OfficerPatch, today domain.Date) (store.OfficerRecord, error)
}

// caseStore is what the handlers of cases, their events and imports need.
type caseStore interface {
	AccountsByUsername(ctx context.Context) (map[string]int64, error)
	AddCaseEvent(ctx context.Context, caseID int64, ev domain.CaseEvent, on domain.Date, persons int) (store.CaseEventRecord, error)
	CancelImport(ctx context.Context, id int64, now time.Time) (rec store.ImportRecord, wasRunning bool, err error)
	Categories(ctx context.Context) ([]store.Category, error)
	CreateCase(ctx context.Context, in store.CaseInput) (store.CaseRecord, error)
	GetCase(ctx context.Context, id int64) (store.CaseRecord, error)
	GetCaseDetail(ctx context.Context, id int64, suggestionScope, hearingScope domain.Scope) (store.CaseDetail, error)
	GetImport(ctx context.Context, id int64) (store.ImportRecord, error)
	ListCases(ctx context.Context, f store.CaseFilter) ([]store.CaseRecord, error)
	CountCases(ctx context.Context, f store.CaseFilter) (store.ListTotal, error)
	ListImports(ctx context.Context, scope domain.Scope, beforeID int64, limit int) ([]store.ImportRecord, error)
	ReceiveImport(ctx context.Context, up store.ImportUpload) (store.ImportRecord, error)
	RefreshRollups(ctx context.Context) error
}

// calendarStore is what the handlers of the working-day calendar, categories
// and document prefixes need.
type calendarStore interface {
	Calendar(ctx context.Context) (domain.Calendar, error)
	CalendarYear(ctx context.Context, year int) (holidays, workdays []domain.Date, err error)
	CalendarYears(ctx context.Context) ([]int, error)
	OpenDeadlineYears(ctx context.Context) (map[int]int, error)
	Categories(ctx context.Context) ([]store.Category, error)
	DocPrefixes(ctx context.Context) (map[domain.SuggestionType]string, error)
	PutCategory(ctx context.Context, c store.Category) error
	SetCalendarYear(ctx context.Context, year int, holidays, workdays []domain.Date) error
	SetDocPrefix(ctx context.Context, t domain.SuggestionType, prefix string) error
}

// reportStore is what the handlers of indicators, reports and snapshots need.
type reportStore interface {
	indicators.Store
	Categories(ctx context.Context) ([]store.Category, error)
	CreateSnapshot(ctx context.Context, s store.Snapshot) (store.Snapshot, error)
	GetSnapshot(ctx context.Context, id int64) (store.Snapshot, error)
	Indicator(ctx context.Context, code string) (store.IndicatorRecord, error)
	Indicators(ctx context.Context, withInactive bool) ([]store.IndicatorRecord, error)
	ListSnapshots(ctx context.Context, scope domain.Scope, unitPath string, beforeID int64, limit int) ([]store.Snapshot, error)
	SaveIndicator(ctx context.Context, ind domain.Indicator, active, create bool, by int64) (store.IndicatorRecord, error)
	Scoring(ctx context.Context) (store.ScoringSettings, error)
	SetScoring(ctx context.Context, s store.ScoringSettings) error
}
