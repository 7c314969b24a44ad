// What each hearing action opens on the detail page, and the order of the
// buttons: the step forward first, records next, risky ones last.
import type { HearingAction } from '@/api/types'
import { formatDateTime } from '@/utils/format'

export type HearingActionKind = 'transition' | 'draw' | 'participants' | 'opinion' | 'edit'

/** Order of the buttons. Actions not listed (unknown to this client) are not shown. */
export const HEARING_ACTION_ORDER = [
  'approve',
  'approve_livestream',
  'schedule',
  'draw',
  'participants',
  'opinion',
  'hold',
  'decide',
  'approve_departure',
  'announce',
  'minutes',
  'report_back',
  'edit',
  'postpone',
  'reject',
  'cancel',
] as const satisfies readonly HearingAction[]

export type HearingButtonAction = (typeof HEARING_ACTION_ORDER)[number]

const RISKY: ReadonlySet<string> = new Set(['reject', 'cancel'])
const PRIMARY: ReadonlySet<string> = new Set(['approve', 'schedule', 'hold', 'decide'])

/** The buttons for the server's allowed_actions, in display order. */
export function hearingButtons(allowed: readonly string[]): HearingButtonAction[] {
  const set = new Set(allowed)
  return HEARING_ACTION_ORDER.filter((a) => set.has(a))
}

export function buttonType(action: string): 'primary' | 'danger' | 'default' {
  if (PRIMARY.has(action)) return 'primary'
  if (RISKY.has(action)) return 'danger'
  return 'default'
}

/** Inputs of each transition dialog. */
export type TransitionField =
  | 'reason'
  | 'livestream_url'
  | 'starts_at'
  | 'location'
  | 'held_at'
  | 'minutes'
  | 'attendance'
  | 'absent_participant_ids'
  | 'decision'
  | 'reasons'
  | 'follows_proposal'
  | 'announced_on_spot'
  | 'announced_at'

export const TRANSITION_FIELDS: Partial<Record<HearingAction, TransitionField[]>> = {
  approve: [],
  reject: ['reason'],
  approve_livestream: ['livestream_url'],
  schedule: ['starts_at', 'location'],
  postpone: ['reason', 'starts_at', 'location'],
  cancel: ['reason'],
  hold: ['held_at', 'minutes', 'attendance', 'absent_participant_ids'],
  approve_departure: ['reason'],
  decide: ['decision', 'reasons', 'follows_proposal', 'announced_on_spot'],
  announce: ['announced_at'],
  minutes: ['minutes'],
  report_back: [],
}

/** Fields the dialog requires before sending (the server decides the rest). */
export const REQUIRED_FIELDS: Partial<Record<HearingAction, TransitionField[]>> = {
  reject: ['reason'],
  cancel: ['reason'],
  approve_livestream: ['livestream_url'],
  schedule: ['starts_at', 'location'],
  postpone: ['reason'],
  hold: ['held_at'],
  decide: ['decision', 'reasons'],
  minutes: ['minutes'],
}

export function actionKind(action: string): HearingActionKind {
  if (action === 'draw' || action === 'participants' || action === 'opinion' || action === 'edit') return action
  return 'transition'
}

/**
 * Whether a decision goes against the officers' majority (domain
 * MajorityResult.Departs): following the proposal when most disagreed, or
 * not following it when most agreed. A tie or no opinions never departs.
 */
export function departsFromMajority(majority: string, followsProposal: boolean): boolean {
  return (majority === 'agree' && !followsProposal) || (majority === 'disagree' && followsProposal)
}

/** The catalogue key of a majority: "none" until some officer has given an opinion. */
export function majorityKey(m: { position: string; agree: number; disagree: number; abstain: number }): string {
  return m.position && m.agree + m.disagree + m.abstain > 0 ? m.position : 'none'
}

/** The time a hold dialog starts with: the planned start once it has passed, else nothing. */
export function heldAtDefault(startsAt: string | null, now: Date): string {
  if (!startsAt || new Date(startsAt).getTime() > now.getTime()) return ''
  return formatDateTime(startsAt).replace(' ', 'T')
}

/** A scheduled hearing whose start has passed and whose holding is not yet recorded. */
export function awaitingRecord(h: { status: string; starts_at: string | null }, now: Date): boolean {
  return h.status === 'scheduled' && h.starts_at !== null && new Date(h.starts_at).getTime() < now.getTime()
}
