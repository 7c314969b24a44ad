// The JSON API under /api/v1, by the names the views use. Every type here
// is the server's: an alias of a schema generated from its OpenAPI document
// (schema.d.ts, by `npm run gen:api`), and every list of values comes from
// the document's enums (enums.ts). Types only the UI needs live in
// ui-types.ts.
import type { components, operations } from './schema'
import { enums } from './enums'

type Schemas = components['schemas']
/** The query parameters of an operation. */
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>
/** T without keys the client does not send (the server assigns them, or the path carries them). */
type Without<T, K extends keyof T> = Omit<T, K>

/** RFC 3339 timestamp with zone, e.g. "2026-11-26T09:30:00+08:00". */
export type Timestamp = string
/** Calendar date "YYYY-MM-DD" (Asia/Shanghai). */
export type DateString = string
/** Database id (int64 on the server; safe as a JS number up to 2^53). */
export type Id = number

/**
 * A page of a keyset-paged list: the server's list shape with items of T;
 * the sortable lists (suggestions, hearings, cases) add the total, exact or
 * an estimate (total_exact false), and null after a cursor.
 */
export type Page<T> = Omit<Schemas['listResponse_unitResponse'], 'items'> & {
  items: T[]
  total?: Schemas['pageResponse_suggestionSummary']['total']
  total_exact?: boolean
}

// ---------- errors ----------

export type ApiFieldErrorBody = Schemas['fieldPayload']
export type ApiErrorBody = Schemas['errorBody']

// ---------- roles, units, permissions ----------

export type Role = Schemas['grantResponse']['role']
export const ROLES: readonly Role[] = enums.role

export type UnitLevel = Schemas['unitResponse']['level']
export const UNIT_LEVELS: readonly UnitLevel[] = enums.unit_level

/** Permission strings such as "unit:read"; the server decides the list. */
export type Permission = Schemas['meResponse']['permissions'][number]

// ---------- auth ----------

export type SessionUser = Schemas['userSummary']
/** A unit as other records name it (the caller's own unit carries its level). */
export type UnitRef = Schemas['unitRef']
export type UnitSummary = UnitRef
export type Grant = Schemas['grantResponse']
export type LoginRequest = Schemas['loginRequest']
export type LoginResponse = Schemas['loginResponse']
export type MeResponse = Schemas['meResponse']
export type ChangePasswordRequest = Schemas['passwordRequest']

// ---------- units ----------

export type Unit = Schemas['unitResponse']
export type UnitList = Schemas['listResponse_unitResponse']
export type CreateUnitRequest = Schemas['createUnitRequest']
export type UpdateUnitRequest = Schemas['updateUnitRequest']

// ---------- users ----------

export type User = Schemas['userResponse']
export type UserList = Schemas['listResponse_userResponse']
export type UserQuery = Query<'get_users'>
export type GrantInput = Schemas['grantRequest']
export type CreateUserRequest = Schemas['createUserRequest']
export type CreateUserResponse = Schemas['createUserResponse']
export type ResetPasswordResponse = Schemas['resetPasswordResponse']
export type UpdateUserRequest = Schemas['updateUserRequest']
export type ReplaceGrantsRequest = Schemas['grantsRequest']

// ---------- audit ----------

export type AuditEvent = Schemas['auditEventResponse']
export type AuditEventList = Schemas['listResponse_auditEventResponse']
export type AuditQuery = Query<'get_audit_events'>

// ---------- suggestions (检察建议) ----------

export type SuggestionType = Schemas['suggestionSummary']['type']
export const SUGGESTION_TYPES: readonly SuggestionType[] = enums.suggestion_type

/** The lifecycle states, in lifecycle order (DESIGN.md §3). */
export type SuggestionStatus = Schemas['suggestionSummary']['status']
export const SUGGESTION_STATUSES: readonly SuggestionStatus[] = enums.suggestion_status

/** The actions of POST /suggestions/{id}/transitions. */
export type TransitionAction = Schemas['transitionRequest']['action']
export const TRANSITION_ACTIONS: readonly TransitionAction[] = enums.transition_action

/** Everything allowed_actions may hold: the transitions and the record actions. */
export type SuggestionAction = Schemas['suggestionResponse']['allowed_actions'][number]

export type RecipientKind = Schemas['recipientDTO']['kind']
export const RECIPIENT_KINDS: readonly RecipientKind[] = enums.recipient_kind

export type ServiceMethod = NonNullable<Schemas['transitionRequest']['service_method']>
export const SERVICE_METHODS: readonly ServiceMethod[] = enums.service_method

export type EscalationLevel = NonNullable<Schemas['transitionRequest']['level']>
export const ESCALATION_LEVELS: readonly EscalationLevel[] = enums.escalation_level

export type Outcome = Schemas['replyDTO']['outcome']
export const OUTCOMES: readonly Outcome[] = enums.outcome

export type FollowUpMethod = Schemas['followUpDTO']['method']
export const FOLLOWUP_METHODS: readonly FollowUpMethod[] = enums.followup_method

export type VerificationResult = Schemas['verificationDTO']['result']
export const VERIFICATION_RESULTS: readonly VerificationResult[] = enums.verification_result

/** Non-performance situations of a public-interest recipient (不依法履职情形). */
export type NonPerformanceCode = Schemas['verificationDTO']['non_performance_codes'][number]
export const NON_PERFORMANCE_CODES: readonly NonPerformanceCode[] = enums.non_performance_code

/** A person named on a record. */
export type PersonRef = Schemas['personRef']
export type Recipient = Schemas['recipientDTO']
/** One numbered suggestion item. */
export type SuggestionItem = Schemas['itemDTO']
/** The body of POST /suggestions and (with version) PATCH /suggestions/{id}. */
export type SuggestionRequest = Schemas['suggestionRequest']
/** A row of the suggestion list. */
export type SuggestionSummary = Schemas['suggestionSummary']
export type SuggestionList = Schemas['pageResponse_suggestionSummary']
export type BatchApprovalRequest = Schemas['batchApprovalRequest']
export type BatchApprovalResponse = Schemas['batchApprovalResponse']
export type SuggestionQuery = Query<'get_suggestions'>

export type ItemOutcome = Schemas['itemOutcomeDTO']
/** A written reply (复函) as recorded. */
export type Reply = Schemas['replyDTO']
/** A reply to record: the server numbers it and judges lateness. */
export type ReplyRequest = Without<Reply, 'id' | 'late' | 'created_at'>
/** A recipient's delivery link (url only in the answer that made it). */
export type DeliveryLink = Schemas['deliveryLinkResponse']
/** A reply the recipient submitted through its link. */
export type PendingReply = Schemas['pendingReplyResponse']
export type PendingReplyState = PendingReply['state']
export const PENDING_REPLY_STATES: readonly PendingReplyState[] = enums.pending_reply_state
export type Portal = Schemas['portalResponse']
export type FollowUp = Schemas['followUpDTO']
export type FollowUpRequest = Without<FollowUp, 'id' | 'created_at'>
export type Verification = Schemas['verificationDTO']
export type VerificationRequest = Without<Verification, 'id' | 'created_at'>
/** One step of the lifecycle (also replies, follow-ups and verifications that moved it). */
export type Transition = Schemas['transitionDTO']
export type Attachment = Schemas['attachmentResponse']
/** Everything about one suggestion. */
export type Suggestion = Schemas['suggestionResponse']
/** A deadline period in calendar months and days. */
export type DeadlinePeriod = Schemas['periodDTO']
export type TransitionRequest = Schemas['transitionRequest']
/** The home page's "my work". */
export type WorkResponse = Schemas['workResponse']

// ---------- catalogue: categories, 文号 prefixes, calendar ----------

/** A class-case category (类案类别). */
export type Category = Schemas['categoryDTO']
export type CategoryList = Schemas['listResponse_categoryDTO']
/** The body of PUT /categories/{code}: the code comes from the path. */
export type CategoryRequest = Without<Category, 'code'>
export type DocPrefix = Schemas['docPrefixDTO']
export type DocPrefixList = Schemas['listResponse_docPrefixDTO']
/** The body of PUT /doc-prefixes/{type}: the type comes from the path. */
export type DocPrefixRequest = Without<DocPrefix, 'type'>
/** A year's statutory holidays and make-up working days (调休上班). */
export type CalendarYear = Schemas['calendarYear']
/** The body of PUT /calendar/{year}: the year comes from the path. */
export type CalendarYearRequest = Without<CalendarYear, 'year'>
export type DeadlineResponse = Schemas['deadlineResponse']
export type CalendarStatus = Schemas['calendarStatus']

// ---------- notifications ----------

export type Notification = Schemas['notificationResponse']
export type NotificationList = Schemas['notificationList']
export type NotificationQuery = Query<'get_notifications'>
/** What a notification is about: a hand-off to the reader or a reminder. */
export type NotificationKind = Schemas['notificationResponse']['kind']
export const NOTIFICATION_KINDS: readonly NotificationKind[] = enums.notification_kind
/** The to-do (待办): tasks still to do, by kind. */
export type TodoResponse = Schemas['todoResponse']
export type TodoGroup = Schemas['todoGroupResponse']

// ---------- rules ----------

/** The rules the client applies before the server does (GET /rules). */
export type Rules = Schemas['rulesResponse']
export type HearingKindRule = Schemas['hearingKindRule']

// ---------- hearings (检察听证) ----------

export type HearingKind = Schemas['hearingSummary']['kind']
export const HEARING_KINDS: readonly HearingKind[] = enums.hearing_kind

export type HearingStatus = Schemas['hearingSummary']['status']
export const HEARING_STATUSES: readonly HearingStatus[] = enums.hearing_status

export type HearingAction = Schemas['hearingResponse']['allowed_actions'][number]
/** A document of the hearing that applies now (notice, an officer's invitation, minutes), as the server lists it. */
export type HearingDocumentLink = Schemas['hearingDocumentLink']

export type OfficerCategory = Schemas['officerResponse']['category']
export const OFFICER_CATEGORIES: readonly OfficerCategory[] = enums.officer_category

export type OfficerStatus = Schemas['officerResponse']['status']
export type OpinionPosition = Schemas['opinionRequest']['position']
export type ParticipantRole = Schemas['participantResponse']['role']
export const PARTICIPANT_ROLES: readonly ParticipantRole[] = enums.participant_role
export type RecusalOutcome = Schemas['recusalRequest']['outcome']
export const RECUSAL_OUTCOMES: readonly RecusalOutcome[] = enums.recusal_outcome
export type DrawMode = Schemas['drawRequest']['mode']
export const DRAW_MODES: readonly DrawMode[] = enums.draw_mode

export type HearingSummary = Schemas['hearingSummary']
export type HearingList = Schemas['pageResponse_hearingSummary']
export type Person = Schemas['personResponse']
export type Participant = Schemas['participantResponse']
export type Majority = Schemas['majorityResponse']
export type HearingTransition = Schemas['hearingTransitionDTO']
export type Hearing = Schemas['hearingResponse']
export type HearingRequest = Schemas['hearingRequest']
export type HearingTransitionRequest = Schemas['hearingTransitionRequest']
export type HearingQuery = Query<'get_hearings'>
export type HearingStats = Schemas['hearingStats']
export type PersonRequest = Schemas['personRequest']
export type PersonCreated = Schemas['personCreated']
export type ParticipantRequest = Schemas['participantRequest']
export type RecusalRequest = Schemas['recusalRequest']
export type PersonList = Schemas['listResponse_personResponse']
export type OpinionRequest = Schemas['opinionRequest']
export type DrawRequest = Schemas['drawRequest']
export type DrawnOfficer = Schemas['drawnOfficer']
export type DrawResponse = Schemas['drawResponse']
export type HearingOfficer = Schemas['officerResponse']
export type HearingOfficerList = Schemas['listResponse_officerResponse']
export type OfficerRequest = Schemas['officerRequest']
export type OfficerPatchRequest = Schemas['officerPatchRequest']
export type OfficerQuery = Query<'get_hearing_officers'>

// ---------- cases, imports, indicators, metrics, class-case analysis, reports ----------

export type CaseEventCode = Schemas['caseEventResponse']['event']
export const CASE_EVENTS: readonly CaseEventCode[] = enums.case_event

/** The handling prosecutor: an account when the name matched one, else only a name. */
export type CaseProsecutor = Schemas['caseProsecutor']
export type CaseSummary = Schemas['caseSummary']
export type CaseList = Schemas['pageResponse_caseSummary']
export type CaseQuery = Query<'get_cases'>
export type CaseEventRecord = Schemas['caseEventResponse']
export type CaseSuggestionRef = Schemas['caseSuggestionRef']
export type CaseHearingRef = Schemas['caseHearingRef']
export type Case = Schemas['caseResponse']
export type CaseRequest = Schemas['caseRequest']
export type CaseEventRequest = Schemas['caseEventRequest']

export type ImportKind = Schemas['importResponse']['kind']
export const IMPORT_KINDS: readonly ImportKind[] = enums.import_kind
export type ImportStatus = Schemas['importResponse']['status']
export type ImportError = Schemas['importErrorResponse']
export type ImportJob = Schemas['importResponse']
export type ImportList = Schemas['listResponse_importResponse']

export type IndicatorDirection = Schemas['indicatorResponse']['direction']
export type IndicatorUnitKind = Schemas['indicatorResponse']['unit']
export const INDICATOR_DIRECTIONS: readonly IndicatorDirection[] = enums.direction
export const INDICATOR_UNITS: readonly IndicatorUnitKind[] = enums.indicator_unit
export type IndicatorDef = Schemas['indicatorResponse']
export type IndicatorList = Schemas['indicatorList']
export type IndicatorRequest = Schemas['indicatorRequest']
export type QuantityInfo = Schemas['quantityInfo']
export type QuantityList = Schemas['quantityList']
export type PeriodInfo = Schemas['periodInfo']
export type MetricGroupBy = Exclude<Schemas['metricsResponse']['group_by'], ''>
export type MetricRow = Schemas['metricRow']
export type MetricsResponse = Schemas['metricsResponse']
export type MetricsQuery = Query<'get_metrics'>
export type IndicatorCell = Schemas['indicatorCell']
export type UnitIndicatorRow = Schemas['unitIndicatorRow']
export type TrendSeries = Schemas['trendSeries']
export type ClassCaseAnalysis = Schemas['classCaseAnalysis']
export type OverdueSuggestion = Schemas['overdueSuggestion']
export type CategoryVolume = Schemas['categoryVolume']
export type ReportScoring = Schemas['scoringDTO']
export type BimonthlyReport = Schemas['bimonthlyReport']
export type ReportQuery = Query<'get_reports_bimonthly'>
export type SnapshotRequest = Schemas['snapshotRequest']
export type ReportSnapshot = Schemas['snapshotResponse']
export type ReportSnapshotSummary = Schemas['snapshotSummary']
export type ReportSnapshotList = Schemas['listResponse_snapshotSummary']
