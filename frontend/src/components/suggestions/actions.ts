// What each allowed action opens: a dialog with its inputs (the server's
// transition fields), a record dialog (reply, follow-up, verification), the
// edit form, or the upload. The buttons come only from allowed_actions.
import type { EscalationLevel, ServiceMethod, SuggestionAction, TransitionAction, TransitionRequest } from '@/api/types'
import { TRANSITION_ACTIONS } from '@/api/types'

export type ActionField = 'opinion' | 'served_on' | 'service_method' | 'on' | 'months' | 'filed_on' | 'level' | 'reason'

export type ActionKind = 'transition' | 'reply' | 'followup' | 'verify' | 'edit' | 'attach' | 'delete'

export type ButtonTone = 'primary' | 'success' | 'warning' | 'danger' | 'default'

export interface ActionSpec {
  kind: ActionKind
  /** Inputs of a transition, in order; required ones are required by the server too. */
  fields: { name: ActionField; required: boolean }[]
  tone: ButtonTone
  /** The step forward at this stage: shown first. */
  main: boolean
  /** A deadline preview in the dialog. */
  preview?: 'issue' | 'extend'
}

const none: ActionSpec['fields'] = []

export const ACTION_SPECS: Record<SuggestionAction, ActionSpec> = {
  submit: { kind: 'transition', fields: none, tone: 'primary', main: true },
  // 撤回: back to draft, nothing lost (ending for good is withdraw, 终止).
  recall: { kind: 'transition', fields: none, tone: 'warning', main: false },
  approve: { kind: 'transition', fields: [{ name: 'opinion', required: false }], tone: 'primary', main: true },
  return: { kind: 'transition', fields: [{ name: 'opinion', required: true }], tone: 'warning', main: false },
  issue: {
    kind: 'transition',
    fields: [
      { name: 'served_on', required: true },
      { name: 'service_method', required: true },
    ],
    tone: 'primary',
    main: true,
    preview: 'issue',
  },
  object: { kind: 'transition', fields: [{ name: 'on', required: true }], tone: 'warning', main: false },
  uphold: {
    kind: 'transition',
    fields: [
      { name: 'on', required: true },
      { name: 'opinion', required: false },
    ],
    tone: 'primary',
    main: true,
  },
  amend: {
    kind: 'transition',
    fields: [
      { name: 'on', required: true },
      { name: 'opinion', required: true },
    ],
    tone: 'default',
    main: false,
  },
  withdraw: { kind: 'transition', fields: [{ name: 'reason', required: true }], tone: 'danger', main: false },
  extend: { kind: 'transition', fields: [{ name: 'months', required: true }], tone: 'default', main: false, preview: 'extend' },
  file_upward: { kind: 'transition', fields: [{ name: 'filed_on', required: true }], tone: 'default', main: false },
  escalate: { kind: 'transition', fields: [{ name: 'level', required: true }], tone: 'warning', main: false },
  litigate: { kind: 'transition', fields: [{ name: 'reason', required: false }], tone: 'danger', main: false },
  close: { kind: 'transition', fields: [{ name: 'reason', required: true }], tone: 'success', main: false },
  edit: { kind: 'edit', fields: none, tone: 'default', main: false },
  reply: { kind: 'reply', fields: none, tone: 'primary', main: true },
  // 跟踪督促 is a step forward for whoever may take it (above all the
  // supervisor of an overdue reply), never hidden under "more".
  followup: { kind: 'followup', fields: none, tone: 'primary', main: true },
  verify: { kind: 'verify', fields: none, tone: 'primary', main: true },
  attach: { kind: 'attach', fields: none, tone: 'default', main: false },
  delete: { kind: 'delete', fields: none, tone: 'danger', main: false },
}

export function isTransition(a: SuggestionAction): a is TransitionAction {
  return (TRANSITION_ACTIONS as readonly string[]).includes(a)
}

/** The known actions of allowed_actions, main steps first, then the others, the risky ones last. */
export function orderActions(allowed: readonly string[]): SuggestionAction[] {
  const known = allowed.filter((a): a is SuggestionAction => a in ACTION_SPECS)
  const rank = (a: SuggestionAction) => {
    const s = ACTION_SPECS[a]
    if (s.main) return 0
    if (s.tone === 'danger' || s.tone === 'warning') return 2
    return 1
  }
  return known.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map((x) => x.a)
}

/** Buttons in the header, the rest behind "more". */
export function splitActions(allowed: readonly string[], max = 4): { buttons: SuggestionAction[]; more: SuggestionAction[] } {
  const ordered = orderActions(allowed)
  if (ordered.length <= max) return { buttons: ordered, more: [] }
  return { buttons: ordered.slice(0, max - 1), more: ordered.slice(max - 1) }
}

export interface ActionValues {
  opinion: string
  served_on: string
  service_method: ServiceMethod | ''
  on: string
  months: number
  filed_on: string
  level: EscalationLevel | ''
  reason: string
}

/** The dialog's starting values: dates default to today, written service, one month. */
export function initialValues(action: TransitionAction, today: string): ActionValues {
  const v: ActionValues = { opinion: '', served_on: '', service_method: '', on: '', months: 1, filed_on: '', level: '', reason: '' }
  for (const f of ACTION_SPECS[action].fields) {
    if (f.name === 'served_on' || f.name === 'on' || f.name === 'filed_on') v[f.name] = today
  }
  if (action === 'issue') v.service_method = 'written'
  return v
}

function filled(v: ActionValues, f: ActionField): boolean {
  const x = v[f]
  return typeof x === 'number' ? Number.isFinite(x) && x > 0 : x.trim() !== ''
}

/** Whether a field applies to the values as they stand: electronic service has no day of service (the recipient's confirmation dates it). */
export function applies(f: ActionField, v: ActionValues): boolean {
  return !(f === 'served_on' && v.service_method === 'electronic')
}

/** The required fields still empty. */
export function missingFields(action: TransitionAction, v: ActionValues): ActionField[] {
  return ACTION_SPECS[action].fields.filter((f) => f.required && applies(f.name, v) && !filled(v, f.name)).map((f) => f.name)
}

/** The transition request: the action, the version, and only this action's inputs (trimmed, empty ones left out). */
export function buildTransition(action: TransitionAction, v: ActionValues, version: number): TransitionRequest {
  const req: TransitionRequest = { action, version }
  for (const { name } of ACTION_SPECS[action].fields) {
    if (!filled(v, name) || !applies(name, v)) continue
    switch (name) {
      case 'months':
        req.months = v.months
        break
      case 'service_method':
        if (v.service_method) req.service_method = v.service_method
        break
      case 'level':
        if (v.level) req.level = v.level
        break
      default:
        req[name] = v[name].trim()
    }
  }
  return req
}

/** The month counts an extension may choose, 1 up to the server's longest (GET /rules). */
export function extensionChoices(maxMonths: number): number[] {
  return Array.from({ length: Math.max(0, maxMonths) }, (_, i) => i + 1)
}
