// Hand-written types for the JSON API under /api/v1. They mirror the
// backend contract and are to be checked against /api/openapi.json.

/** RFC 3339 timestamp with zone, e.g. "2026-11-26T09:30:00+08:00". */
export type Timestamp = string
/** Calendar date "YYYY-MM-DD" (Asia/Shanghai). */
export type DateString = string
/** Database id (int64 on the server; safe as a JS number up to 2^53). */
export type Id = number

// ---------- errors ----------

export interface ApiFieldErrorBody {
  field: string
  code: string
  message: string
  message_zh?: string
}

export interface ApiErrorBody {
  error: {
    code: string
    message: string
    message_zh?: string
    fields?: ApiFieldErrorBody[]
    /** Extra machine-readable facts, e.g. {"retry_after_seconds": 300} on 429 locked. */
    details?: Record<string, unknown>
  }
}

// ---------- roles, units, permissions ----------

export type Role = 'admin' | 'chief' | 'supervisor' | 'prosecutor' | 'clerk'
export const ROLES: readonly Role[] = ['admin', 'chief', 'supervisor', 'prosecutor', 'clerk']

export type UnitLevel = 'province' | 'branch' | 'basic'
export const UNIT_LEVELS: readonly UnitLevel[] = ['province', 'branch', 'basic']

/** Permission strings such as "unit:read"; the server decides the list. */
export type Permission = string

// ---------- auth ----------

export interface SessionUser {
  id: Id
  username: string
  name: string
  must_change_password: boolean
}

export interface UnitSummary {
  id: Id
  code: string
  name: string
  short_name: string
  level: UnitLevel
}

export interface Grant {
  role: Role
  unit_id: Id
  unit_code: string
  unit_name: string
}

export interface LoginRequest {
  username: string
  password: string
}

export interface LoginResponse {
  user: SessionUser
  csrf_token: string
}

export interface MeResponse {
  user: SessionUser
  unit: UnitSummary
  grants: Grant[]
  permissions: Permission[]
  csrf_token: string
}

export interface ChangePasswordRequest {
  current_password: string
  new_password: string
}

// ---------- units ----------

export interface Unit {
  id: Id
  code: string
  name: string
  short_name: string
  level: UnitLevel
  parent_id: Id | null
  /** Materialised path of unit codes, e.g. "/420000/429000/429004". */
  path: string
  active: boolean
  version: number
}

export interface UnitList {
  items: Unit[]
  /** Always null today: every visible unit comes in one answer. */
  next_cursor?: string | null
}

export interface CreateUnitRequest {
  code: string
  name: string
  short_name: string
  level: UnitLevel
  parent_id: Id | null
}

export interface UpdateUnitRequest {
  name?: string
  short_name?: string
  parent_id?: Id | null
  active?: boolean
  version: number
}

// ---------- users ----------

/** The unit a user belongs to (the server's unitRef, same fields as UnitSummary). */
export type UnitRef = UnitSummary

export interface User {
  id: Id
  username: string
  name: string
  unit: UnitRef
  active: boolean
  must_change_password: boolean
  grants: Grant[]
  version: number
  /** The account cannot sign in now from at least one address. */
  locked: boolean
  /** The name's lock after failures from many addresses, in force everywhere. */
  locked_until: string | null
  /** The latest end of the delays that failures impose at some address. */
  delayed_until: string | null
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export type UserList = Page<User>

export interface UserQuery {
  unit_id?: Id
  q?: string
  active?: boolean
  limit?: number
  cursor?: string
}

export interface GrantInput {
  role: Role
  unit_id: Id
}

export interface CreateUserRequest {
  username: string
  name: string
  unit_id: Id
  grants: GrantInput[]
}

export interface CreateUserResponse {
  user: User
  temporary_password: string
}

export interface UpdateUserRequest {
  name?: string
  unit_id?: Id
  active?: boolean
  version: number
}

export interface ReplaceGrantsRequest {
  grants: GrantInput[]
}

// ---------- audit ----------

/** A JSON object as stored in the audit trail. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export interface AuditEvent {
  id: Id
  at: Timestamp
  actor: string
  actor_id: Id | null
  unit_id: Id | null
  action: string
  entity: string
  entity_id: string
  before: JsonObject | null
  after: JsonObject | null
  request_id: string
  client_ip: string
}

export type AuditEventList = Page<AuditEvent>

export interface AuditQuery {
  actor?: string
  entity?: string
  entity_id?: string
  action?: string
  from?: DateString
  to?: DateString
  limit?: number
  cursor?: string
}

// ---------- suggestions (检察建议) ----------

export type SuggestionType = 'retrial' | 'correction' | 'public_interest' | 'social_governance' | 'other'
export const SUGGESTION_TYPES: readonly SuggestionType[] = ['retrial', 'correction', 'public_interest', 'social_governance', 'other']

/** The lifecycle states, in lifecycle order (DESIGN.md §3). */
export type SuggestionStatus =
  | 'draft'
  | 'pending_approval'
  | 'approved'
  | 'issued'
  | 'objection_review'
  | 'replied'
  | 'rectifying'
  | 'verified'
  | 'closed'
  | 'escalated'
  | 'litigation'
  | 'withdrawn'
export const SUGGESTION_STATUSES: readonly SuggestionStatus[] = [
  'draft',
  'pending_approval',
  'approved',
  'issued',
  'objection_review',
  'replied',
  'rectifying',
  'verified',
  'closed',
  'escalated',
  'litigation',
  'withdrawn',
]

/** The actions of POST /suggestions/{id}/transitions. */
export type TransitionAction =
  | 'submit'
  | 'return'
  | 'approve'
  | 'issue'
  | 'object'
  | 'uphold'
  | 'amend'
  | 'withdraw'
  | 'extend'
  | 'file_upward'
  | 'escalate'
  | 'litigate'
  | 'close'
export const TRANSITION_ACTIONS: readonly TransitionAction[] = [
  'submit',
  'return',
  'approve',
  'issue',
  'object',
  'uphold',
  'amend',
  'withdraw',
  'extend',
  'file_upward',
  'escalate',
  'litigate',
  'close',
]

/** Everything allowed_actions may hold: the transitions and the record actions. */
export type SuggestionAction = TransitionAction | 'edit' | 'reply' | 'followup' | 'verify' | 'attach'

export type RecipientKind = 'government' | 'court' | 'agency' | 'enterprise' | 'other'
export const RECIPIENT_KINDS: readonly RecipientKind[] = ['government', 'court', 'agency', 'enterprise', 'other']

export type ServiceMethod = 'written' | 'announced'
export const SERVICE_METHODS: readonly ServiceMethod[] = ['written', 'announced']

export type EscalationLevel = 'upper_procuratorate' | 'recipient_superior' | 'party_committee_npc'
export const ESCALATION_LEVELS: readonly EscalationLevel[] = ['upper_procuratorate', 'recipient_superior', 'party_committee_npc']

export type Outcome = 'adopted' | 'partially_adopted' | 'not_adopted'
export const OUTCOMES: readonly Outcome[] = ['adopted', 'partially_adopted', 'not_adopted']

export type FollowUpMethod = 'inquiry' | 'site_visit' | 'consultation' | 'joint_meeting' | 'revisit'
export const FOLLOWUP_METHODS: readonly FollowUpMethod[] = ['inquiry', 'site_visit', 'consultation', 'joint_meeting', 'revisit']

export type VerificationResult = 'rectified' | 'partially_rectified' | 'not_rectified'
export const VERIFICATION_RESULTS: readonly VerificationResult[] = ['rectified', 'partially_rectified', 'not_rectified']

/** Non-performance situations of a public-interest recipient (不依法履职情形). */
export type NonPerformanceCode =
  | 'no_reply_no_rectification'
  | 'plan_not_executed'
  | 'reply_without_measures'
  | 'duty_unperformed_despite_prosecution'
  | 'not_resumed_after_obstacle'
  | 'unlawful_measures'
  | 'other'
export const NON_PERFORMANCE_CODES: readonly NonPerformanceCode[] = [
  'no_reply_no_rectification',
  'plan_not_executed',
  'reply_without_measures',
  'duty_unperformed_despite_prosecution',
  'not_resumed_after_obstacle',
  'unlawful_measures',
  'other',
]

/** A person named on a record (the server's personRef). */
export interface PersonRef {
  id: Id
  name: string
}

export interface Recipient {
  name: string
  /** One of RECIPIENT_KINDS; '' only in an unfinished form. */
  kind: RecipientKind | ''
  address: string
  legal_representative: string
  phone: string
}

/** One numbered suggestion item; the server numbers them in order (no is absent in requests). */
export interface SuggestionItem {
  no?: number
  text: string
}

/** The body of POST /suggestions and (with version) PATCH /suggestions/{id}. */
export interface SuggestionRequest {
  /** The unit to create in; the caller's own unit when absent. */
  unit_id?: Id
  type: SuggestionType | ''
  category: string
  title: string
  recipient: Recipient
  copy_to: string[]
  case_numbers: string[]
  source: string
  facts: string
  problems: string
  items: SuggestionItem[]
  legal_basis: string
  urgent: boolean
  civil_enforcement: boolean
  version?: number
}

/** A row of the suggestion list. */
export interface SuggestionSummary {
  id: Id
  unit: UnitRef
  type: SuggestionType
  category: string
  title: string
  recipient_name: string
  status: SuggestionStatus
  /** 文号, assigned at issue. */
  doc_no: string | null
  served_on: DateString | null
  reply_due_on: DateString | null
  /** Days until the reply is due (negative when overdue); only while issued without a final reply. */
  days_left: number | null
  overdue: boolean
  handling_prosecutor: PersonRef
  updated_at: Timestamp
  version: number
}

export type SuggestionList = Page<SuggestionSummary>

export interface SuggestionQuery {
  /** Comma-separated statuses. */
  status?: string
  type?: string
  category?: string
  /** A unit and its subtree. */
  unit_id?: Id
  overdue?: boolean
  q?: string
  due_before?: DateString
  limit?: number
  cursor?: string
}

export interface ItemOutcome {
  /** The item's number (1-based). */
  item: number
  outcome: Outcome
}

/** A written reply (复函) as recorded. */
export interface Reply {
  id?: Id
  received_on: DateString
  doc_no: string
  replier: string
  outcome: Outcome
  item_outcomes: ItemOutcome[]
  measures: string
  /** Whole yuan committed. */
  funds_yuan: number
  personnel: number
  /** An interim reply does not end the wait for the final one. */
  interim: boolean
  /** Received after the reply due date. */
  late?: boolean
  created_at?: Timestamp | null
}

export interface ReplyRequest {
  received_on: DateString
  doc_no: string
  replier: string
  outcome: Outcome | ''
  item_outcomes: ItemOutcome[]
  measures: string
  funds_yuan: number
  personnel: number
  interim: boolean
}

export interface FollowUp {
  id?: Id
  on: DateString
  method: FollowUpMethod
  findings: string
  created_at?: Timestamp | null
}

export interface FollowUpRequest {
  on: DateString
  method: FollowUpMethod | ''
  findings: string
}

export interface Verification {
  id?: Id
  on: DateString
  result: VerificationResult
  non_performance_codes: NonPerformanceCode[]
  notes: string
  created_at?: Timestamp | null
}

export interface VerificationRequest {
  on: DateString
  result: VerificationResult | ''
  non_performance_codes: NonPerformanceCode[]
  notes: string
}

/** One step of the lifecycle (also replies, follow-ups and verifications that moved it). */
export interface Transition {
  action: string
  from: SuggestionStatus
  to: SuggestionStatus
  actor: PersonRef
  opinion: string
  at: Timestamp
}

export interface Attachment {
  id: Id
  filename: string
  size: number
  content_type: string
  sha256: string
  uploaded_by: string
  uploaded_at: Timestamp
  /** Download address (GET). */
  url: string
}

/** Everything about one suggestion. */
export interface Suggestion extends SuggestionSummary {
  recipient: Recipient
  copy_to: string[]
  case_numbers: string[]
  source: string
  facts: string
  problems: string
  items: SuggestionItem[]
  legal_basis: string
  urgent: boolean
  civil_enforcement: boolean
  /** written / announced, '' before issue. */
  service_method: ServiceMethod | ''
  objected_on: DateString | null
  paused_days: number
  filing_due_on: DateString | null
  filed_on: DateString | null
  extension_months: number
  escalation_level: EscalationLevel | ''
  closed_reason: string
  created_at: Timestamp
  /** The reply period that applies to this suggestion (urgent or not). */
  reply_period: DeadlinePeriod
  /** The filing (备案) period after issue. */
  filing_period: DeadlinePeriod
  replies: Reply[]
  followups: FollowUp[]
  /** The latest verification, or null. */
  verification: Verification | null
  verifications: Verification[]
  /** Approvals and returns. */
  approvals: Transition[]
  transitions: Transition[]
  attachments: Attachment[]
  /** The audit events of this suggestion, newest first. */
  history: AuditEvent[]
  /** What the signed-in user may do now: show exactly these buttons. */
  allowed_actions: SuggestionAction[]
}

/** A deadline period in calendar months and days. */
export interface DeadlinePeriod {
  months: number
  days: number
}

export interface TransitionRequest {
  action: TransitionAction
  version?: number
  opinion?: string
  served_on?: DateString
  service_method?: ServiceMethod
  on?: DateString
  months?: number
  filed_on?: DateString
  level?: EscalationLevel
  reason?: string
}

/** The home page's "my work". */
export interface WorkResponse {
  drafts: SuggestionSummary[]
  awaiting_my_approval: SuggestionSummary[]
  due_within_7_days: SuggestionSummary[]
  overdue: SuggestionSummary[]
}

// ---------- catalogue: categories, 文号 prefixes, calendar ----------

/** A class-case category (类案类别). */
export interface Category {
  code: string
  name_zh: string
  name_en: string
  sort: number
  active: boolean
}

export interface CategoryList {
  items: Category[]
  next_cursor: string | null
}

/** The body of PUT /categories/{code} (the code comes from the path). */
export interface CategoryRequest {
  name_zh: string
  name_en: string
  sort: number
  active: boolean
}

export interface DocPrefix {
  type: SuggestionType
  prefix: string
}

export interface DocPrefixList {
  items: DocPrefix[]
  next_cursor: string | null
}

export interface DocPrefixRequest {
  prefix: string
}

/** A year's statutory holidays and make-up working days (调休上班). */
export interface CalendarYear {
  year?: number
  holidays: DateString[]
  workdays: DateString[]
}

export interface DeadlineResponse {
  due_on: DateString
}

// ---------- notifications ----------

export interface Notification {
  id: Id
  /** reply_due_7d, reply_due_1d, overdue, awaiting_approval, filing_due (more may come). */
  kind: string
  suggestion_id: Id | null
  title_zh: string
  title_en: string
  created_at: Timestamp
  read_at: Timestamp | null
}

export interface NotificationList {
  items: Notification[]
  next_cursor: string | null
  unread_count: number
}

export interface NotificationQuery {
  unread?: boolean
  limit?: number
  cursor?: string
}

// ---------- hearings (检察听证) ----------

export type HearingKind =
  | 'arrest_review'
  | 'custody_necessity'
  | 'non_prosecution'
  | 'criminal_appeal'
  | 'civil_supervision'
  | 'administrative_supervision'
  | 'public_interest'
  | 'other'
export const HEARING_KINDS: readonly HearingKind[] = [
  'arrest_review',
  'custody_necessity',
  'non_prosecution',
  'criminal_appeal',
  'civil_supervision',
  'administrative_supervision',
  'public_interest',
  'other',
]

export type HearingStatus = 'proposed' | 'approved' | 'scheduled' | 'held' | 'decided' | 'rejected' | 'cancelled'
export const HEARING_STATUSES: readonly HearingStatus[] = ['proposed', 'approved', 'scheduled', 'held', 'decided', 'rejected', 'cancelled']

export type HearingAction =
  | 'edit'
  | 'approve'
  | 'reject'
  | 'schedule'
  | 'postpone'
  | 'hold'
  | 'decide'
  | 'cancel'
  | 'approve_livestream'
  | 'approve_departure'
  | 'announce'
  | 'participants'
  | 'draw'
  | 'opinion'
  | 'minutes'
  | 'report_back'

export type OfficerCategory =
  | 'npc_deputy'
  | 'cppcc_member'
  | 'people_supervisor'
  | 'mediator'
  | 'special_prosecutor'
  | 'expert'
  | 'lawyer'
  | 'public'
export const OFFICER_CATEGORIES: readonly OfficerCategory[] = [
  'npc_deputy',
  'cppcc_member',
  'people_supervisor',
  'mediator',
  'special_prosecutor',
  'expert',
  'lawyer',
  'public',
]

export type OpinionPosition = 'agree' | 'disagree' | 'abstain'

export interface HearingSummary {
  id: Id
  unit: UnitRef
  kind: string
  title: string
  case_number: string
  public: boolean
  involves_minor: boolean
  status: string
  starts_at: Timestamp | null
  held_at: Timestamp | null
  location: string
  livestream_url: string
  version: number
}

export interface HearingList {
  items: HearingSummary[]
  next_cursor: string | null
}

export interface Person {
  id: Id
  name: string
  gender: string
  birth_date: string
  id_number: string
  phone: string
  organisation: string
  occupation: string
}

export interface Participant {
  id: Id
  person_id: Id
  name: string
  role: string
  officer_id: Id | null
  officer_category: string
  attended: boolean
  conflict: boolean
  recusal_reason: string
  recusal_outcome: string
  decision_reported: boolean
  position: string
  opinion: string
  person: Person
}

export interface Majority {
  position: string
  agree: number
  disagree: number
  abstain: number
}

export interface HearingTransition {
  action: string
  from: string
  to: string
  actor: string
  note: string
  at: Timestamp
}

export interface Hearing extends HearingSummary {
  closed_reason: string
  proposed_decision: string
  planned_start: Timestamp | null
  in_hearing_room: boolean
  in_hearing_room_approved: boolean
  livestream_requested: boolean
  livestream_approved: boolean
  departure_approved: boolean
  status_reason: string
  postponements: number
  created_by: PersonRef
  attendance: string
  minutes: string
  decision: string
  reasons: string
  follows_proposal: boolean | null
  departs_from_majority: boolean
  announced_on_spot: boolean
  announced_at: Timestamp | null
  decided_at: Timestamp | null
  created_at: Timestamp
  participants: Participant[]
  majority: Majority
  transitions: HearingTransition[]
  history: AuditEvent[]
  allowed_actions: string[]
}

export interface HearingRequest {
  unit_id?: Id
  kind?: string
  title?: string
  case_number?: string
  public?: boolean
  involves_minor?: boolean
  closed_reason?: string
  proposed_decision?: string
  starts_at?: Timestamp
  location?: string
  in_hearing_room?: boolean
  livestream_requested?: boolean
  version?: number
}

export interface HearingTransitionRequest {
  action: string
  version?: number
  reason?: string
  starts_at?: Timestamp
  location?: string
  livestream_url?: string
  held_at?: Timestamp
  attendance?: string
  absent_participant_ids?: Id[]
  minutes?: string
  decision?: string
  reasons?: string
  follows_proposal?: boolean
  announced_on_spot?: boolean
  announced_at?: Timestamp
}

export interface HearingQuery {
  status?: string
  kind?: string
  unit_id?: Id
  from?: string
  to?: string
  q?: string
  limit?: number
  cursor?: string
}

export interface HearingStats {
  year: number
  held: number
  public: number
  public_share: number | null
  officers_per_hearing: number | null
  officers_by_category: Record<string, number>
  by_kind: Record<string, number>
}

export interface PersonRequest {
  name: string
  gender: string
  birth_date: string
  id_number: string
  phone: string
  organisation: string
  occupation: string
}

export interface ParticipantRequest {
  person_id?: Id
  officer_id?: Id
  person?: PersonRequest
  role: string
  conflict?: boolean
}

export interface RecusalRequest {
  reason: string
  /** pending, granted or refused. */
  outcome: string
}

export interface PersonList {
  items: Person[]
  next_cursor: string | null
}

export interface OpinionRequest {
  position: string
  text: string
}

export interface DrawRequest {
  count: number
  mode: string
  categories: string[]
  seed?: number
}

export interface DrawnOfficer {
  officer_id: Id
  person_id: Id
  name: string
  category: string
  hearings_last_12_months: number
  last_hearing_on: string
}

export interface DrawResponse {
  proposed: DrawnOfficer[]
  seed: number
  mode: string
}

export interface HearingOfficer {
  id: Id
  person_id: Id
  name: string
  unit: UnitRef
  category: string
  status: string
  revoked_reason: string
  disqualified: boolean
  hearings_last_12_months: number
  hearings_total: number
  last_hearing_on: string | null
  person: Person
  version: number
  duplicate_warning?: boolean
}

export interface HearingOfficerList {
  items: HearingOfficer[]
  next_cursor: string | null
}

export interface OfficerRequest {
  person_id?: Id
  person?: PersonRequest
  category: string
  unit_id: Id
}

export interface OfficerPatchRequest {
  category?: string
  status?: string
  revoked_reason?: string
  disqualified?: boolean
  version?: number
}

export interface OfficerQuery {
  unit_id?: Id
  category?: string
  status?: string
  q?: string
  limit?: number
  cursor?: string
}

// ---------------------------------------------------------------------------
// Cases, imports, indicators, metrics, class-case analysis, reports (issue 6)
// ---------------------------------------------------------------------------

export type CaseEventCode =
  | 'arrest_review_received'
  | 'arrest_approved'
  | 'arrest_denied'
  | 'prosecution_review_received'
  | 'prosecuted'
  | 'not_prosecuted'
  | 'returned_for_investigation'
  | 'review_extended'
  | 'reconsideration'
  | 'review'
  | 'appeal'
  | 'protest'
  | 'petition'
  | 'plea_leniency'
  | 'sentencing_recommended'
  | 'sentencing_adopted'

/** The handling prosecutor: an account when the name matched one, else only a name. */
export interface CaseProsecutor {
  id: Id | null
  name: string
}

export interface CaseSummary {
  id: Id
  unified_no: string
  dept_no: string
  unit: UnitRef
  case_type: string
  category: string
  prosecutor: CaseProsecutor
  received_on: DateString
  persons: number
  /** The latest event's code, '' without events. */
  stage: CaseEventCode | ''
  events_count: number
}

export type CaseList = Page<CaseSummary>

export interface CaseQuery {
  unit_id?: Id
  category?: string
  /** An account id, or a name kept as text. */
  prosecutor?: string
  received_from?: DateString
  received_to?: DateString
  q?: string
  limit?: number
  cursor?: string
}

export interface CaseEventRecord {
  id: Id
  event: CaseEventCode
  occurred_on: DateString
  persons: number
}

export interface CaseSuggestionRef {
  id: Id
  doc_no: string | null
  title: string
  status: SuggestionStatus
}

export interface CaseHearingRef {
  id: Id
  title: string
  kind: string
  status: string
  starts_at: Timestamp | null
}

export interface Case extends CaseSummary {
  events: CaseEventRecord[]
  suggestions: CaseSuggestionRef[]
  hearings: CaseHearingRef[]
}

export interface CaseRequest {
  unified_no: string
  dept_no: string
  unit_id: Id
  case_type: string
  category: string
  /** An account username, or a name. */
  prosecutor: string
  received_on: DateString
  persons: number
}

export interface CaseEventRequest {
  event: CaseEventCode
  occurred_on: DateString
  persons: number
}

export type ImportKind = 'cases' | 'events'
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface ImportError {
  /** The file's line, the header being line 1. */
  line: number
  field: string
  message: string
  message_zh: string
}

export interface ImportJob {
  id: Id
  kind: ImportKind
  filename: string
  format: string
  status: ImportStatus
  rows_total: number
  rows_ok: number
  rows_failed: number
  /** Rows that added or changed something (0 when the same file is imported again). */
  rows_changed: number
  /** The first errors (at most 1000), by line. */
  errors: ImportError[]
  /** Why a failed import stopped (the file could not be read, …). */
  failure: string
  created_by: PersonRef
  created_at: Timestamp
  started_at: Timestamp | null
  finished_at: Timestamp | null
}

export type ImportList = Page<ImportJob>

export type IndicatorDirection = 'higher_better' | 'lower_better' | 'neutral'
export type IndicatorUnitKind = 'ratio' | 'percent' | 'count' | 'per_hearing'

export interface IndicatorDef {
  code: string
  version: number
  name_zh: string
  name_en: string
  /** Expressions over quantities, e.g. "persons:arrest_denied". */
  numerator: string
  denominator: string
  direction: IndicatorDirection
  unit: IndicatorUnitKind
  reference: number | null
  formula_zh: string
  formula_en: string
  builtin: boolean
  active: boolean
  updated_at: Timestamp
}

export interface IndicatorList {
  items: IndicatorDef[]
}

export interface IndicatorRequest {
  /** Only on create. */
  code?: string
  name_zh: string
  name_en: string
  numerator: string
  denominator: string
  direction: IndicatorDirection
  unit: IndicatorUnitKind
  reference: number | null
  formula_zh: string
  formula_en: string
  active: boolean
}

export interface QuantityInfo {
  code: string
  name_zh: string
  name_en: string
}

export interface QuantityList {
  items: QuantityInfo[]
}

export interface PeriodInfo {
  from: DateString
  to: DateString
  label: string
}

export type MetricGroupBy = 'unit' | 'category' | 'prosecutor' | 'month' | 'bimonth'

export interface MetricRow {
  /** Unit id, category code, prosecutor id or name, or "2026-03" / "2026-B2"; "total" for the whole scope. */
  key: string
  label: string
  numerator: number
  denominator: number
  value: number | null
  previous_value: number | null
  change: number | null
  /** By the indicator's direction: true better, false worse, null neutral or unknown. */
  better: boolean | null
  /** The value written for people ("1:1.07", "12.5%"). */
  display: string
  change_display: string
}

export interface MetricsResponse {
  indicator: IndicatorDef
  period: PeriodInfo
  previous: PeriodInfo
  group_by: MetricGroupBy | ''
  rows: MetricRow[]
}

export interface MetricsQuery {
  indicator: string
  unit_id?: Id
  from: DateString
  to: DateString
  category?: string
  prosecutor?: string
  group_by?: MetricGroupBy
}

export interface IndicatorCell {
  code: string
  numerator: number
  denominator: number
  value: number | null
  previous_value: number | null
  change: number | null
  better: boolean | null
  display: string
  change_display: string
}

export interface UnitIndicatorRow {
  unit: UnitRef
  /** 'total' for the unit with its subtree, 'own' for the unit's own records, 'child' for a child with its subtree. */
  kind: 'total' | 'own' | 'child'
  cells: IndicatorCell[]
  /** With scoring on (reports only). */
  score: number | null
  rank: number | null
}

export interface TrendSeries {
  code: string
  values: (number | null)[]
}

export interface ClassCaseAnalysis {
  category: Category
  unit: UnitRef
  period: PeriodInfo
  previous: PeriodInfo
  indicators: IndicatorDef[]
  /** The category's figures for the whole scope. */
  totals: IndicatorCell[]
  /** By month: months[i] labels values[i] of each series. */
  trend: { months: PeriodInfo[]; series: TrendSeries[] }
  /** The unit itself (total, own) and each child with its subtree. */
  units: UnitIndicatorRow[]
  cases: { total: number; persons: number; received_in_period: number }
  suggestions: {
    issued: number
    by_status: Record<string, number>
    replied: number
    adopted: number
    verified: number
    rectified: number
    overdue: number
    funds_yuan: number
    personnel: number
    items: SuggestionSummary[]
  }
  hearings: {
    held: number
    public: number
    items: CaseHearingRef[]
  }
}

export interface OverdueSuggestion {
  id: Id
  doc_no: string | null
  title: string
  unit: UnitRef
  recipient_name: string
  reply_due_on: DateString
  days_overdue: number
}

export interface CategoryVolume {
  code: string
  name_zh: string
  name_en: string
  cases: number
  persons: number
}

export interface ReportScoring {
  enabled: boolean
  /** indicator code → weight. */
  weights: Record<string, number>
  /** indicator code → reference value overriding the catalogue's. */
  references: Record<string, number>
}

export interface BimonthlyReport {
  unit: UnitRef
  year: number
  bimonth: number
  period: PeriodInfo
  previous: PeriodInfo
  indicators: IndicatorDef[]
  rows: UnitIndicatorRow[]
  overdue_suggestions: OverdueSuggestion[]
  hearings_held: { unit: UnitRef; held: number; public: number }[]
  top_categories: CategoryVolume[]
  scoring: ReportScoring
  generated_at: Timestamp
}

export interface ReportQuery {
  unit_id?: Id
  year: number
  bimonth: number
}

export interface SnapshotRequest {
  unit_id: Id
  year: number
  bimonth: number
}

export interface ReportSnapshot {
  id: Id
  unit: UnitRef
  year: number
  bimonth: number
  content_hash: string
  indicator_versions: Record<string, number>
  created_by: PersonRef
  created_at: Timestamp
  report: BimonthlyReport
}

export interface ReportSnapshotSummary {
  id: Id
  unit: UnitRef
  year: number
  bimonth: number
  content_hash: string
  created_by: PersonRef
  created_at: Timestamp
}

export type ReportSnapshotList = Page<ReportSnapshotSummary>
