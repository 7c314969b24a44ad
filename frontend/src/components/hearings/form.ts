// The hearing form's state, its request body, and what an edit may change.
import type { Hearing, HearingKind, HearingRequest } from '@/api/types'
import { formatDateTime } from '@/utils/format'

export interface HearingFormState {
  kind: HearingKind | ''
  title: string
  case_number: string
  public: boolean
  involves_minor: boolean
  closed_reason: string
  proposed_decision: string
  /** "YYYY-MM-DDTHH:mm:ss" in Asia/Shanghai, or "". */
  starts_at: string
  location: string
  in_hearing_room: boolean
  livestream_requested: boolean
}

/** A blank form, or the form of a hearing being edited. */
export function hearingForm(h: Hearing | null = null): HearingFormState {
  if (!h) {
    return {
      kind: '',
      title: '',
      case_number: '',
      public: true,
      involves_minor: false,
      closed_reason: '',
      proposed_decision: '',
      starts_at: '',
      location: '',
      in_hearing_room: true,
      livestream_requested: false,
    }
  }
  return {
    kind: h.kind,
    title: h.title,
    case_number: h.case_number,
    public: h.public,
    involves_minor: h.involves_minor,
    closed_reason: h.closed_reason,
    proposed_decision: h.proposed_decision,
    starts_at: h.starts_at ? formatDateTime(h.starts_at).replace(' ', 'T') : '',
    location: h.location,
    in_hearing_room: h.in_hearing_room,
    livestream_requested: h.livestream_requested,
  }
}

/** The request body of a form: trimmed, and without what the choices make moot. */
export function hearingRequest(f: HearingFormState): HearingRequest {
  const body: HearingRequest = {
    title: f.title.trim(),
    case_number: f.case_number.trim(),
    public: f.public,
    involves_minor: f.involves_minor,
    closed_reason: f.public ? '' : f.closed_reason.trim(),
    proposed_decision: f.proposed_decision.trim(),
    location: f.location.trim(),
    in_hearing_room: f.in_hearing_room,
    livestream_requested: f.public && f.livestream_requested,
  }
  // No kind yet: the server names the missing field.
  if (f.kind) body.kind = f.kind
  if (f.starts_at) body.starts_at = `${f.starts_at}+08:00`
  return body
}

/**
 * The fields of `after` that differ from `before`: a PATCH sends only what
 * the user changed, so that fields locked on the server are not touched.
 */
export function hearingPatch(before: HearingRequest, after: HearingRequest): HearingRequest {
  const out: HearingRequest = {}
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof HearingRequest)[])
  for (const k of keys) {
    if (before[k] !== after[k] && after[k] !== undefined) (out as Record<string, unknown>)[k] = after[k]
  }
  return out
}

/**
 * Fields that cannot change once the chief approved the hearing (domain
 * ApplyHearingEdit): the server answers 409 locked_after_approval. Making
 * the hearing public and clearing "involves a minor" are locked too, and
 * handled by `canMakePublic` / `canClearMinor`.
 */
const LOCKED_AFTER_APPROVAL = ['kind', 'proposed_decision', 'in_hearing_room', 'starts_at', 'location'] as const
export type LockableField = (typeof LOCKED_AFTER_APPROVAL)[number]

export function lockedFields(status: string | null): ReadonlySet<string> {
  return new Set(status === null || status === 'proposed' ? [] : LOCKED_AFTER_APPROVAL)
}

/** Whether a closed hearing may be opened, and a minor's flag cleared, in this state. */
export function canMakePublic(status: string | null, wasPublic: boolean): boolean {
  return status === null || status === 'proposed' || wasPublic
}
export function canClearMinor(status: string | null, wasMinor: boolean): boolean {
  return status === null || status === 'proposed' || !wasMinor
}

/**
 * What the server would refuse in a form, checked before sending (the
 * server checks again): a kind, a title, and the reason for holding a
 * normally public hearing in private unless a minor is involved. The
 * answer maps each field to the i18n key of its message.
 */
export function checkHearingForm(f: HearingFormState, defaultPublic: (k: HearingKind | '') => boolean | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (!f.kind) out.kind = 'hearing.form.kindRequired'
  if (f.title.trim() === '') out.title = 'hearing.form.titleRequired'
  if (!f.public && !f.involves_minor && defaultPublic(f.kind) === true && f.closed_reason.trim() === '') {
    out.closed_reason = 'hearing.form.closedReasonRequired'
  }
  if (f.livestream_requested && !f.public) out.livestream_requested = 'hearing.form.livestreamNotPublic'
  return out
}
