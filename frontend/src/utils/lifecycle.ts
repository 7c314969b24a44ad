// The steps strip of a suggestion's lifecycle: the main path from draft to
// closed, with the side states (objection, escalation, litigation,
// withdrawal) inserted where the suggestion went into them.
import type { SuggestionStatus, Transition } from '@/api/types'

export const MAIN_PATH: readonly SuggestionStatus[] = [
  'draft',
  'pending_approval',
  'approved',
  'issued',
  'replied',
  'rectifying',
  'verified',
  'closed',
]

export const SIDE_STATES: readonly SuggestionStatus[] = ['objection_review', 'escalated', 'litigation', 'withdrawn']

/** done: passed; current: the state now; todo: still ahead; skipped: passed over (e.g. verified straight after the reply). */
export type StepState = 'done' | 'current' | 'todo' | 'skipped'

export interface LifecycleStep {
  status: SuggestionStatus
  state: StepState
  /** When the suggestion first reached this state. */
  at: string | null
  /** A side state rather than a step of the main path. */
  side: boolean
}

type TransitionLike = Pick<Transition, 'from' | 'to' | 'at'>

/**
 * The steps strip. `dates` gives a state a business date in place of the
 * time it was recorded (issued: the service date; replied: the day the
 * reply came in…).
 */
export function lifecycleSteps(
  status: SuggestionStatus,
  transitions: readonly TransitionLike[],
  createdAt: string | null = null,
  dates: Partial<Record<SuggestionStatus, string | null>> = {},
): LifecycleStep[] {
  const firstAt = new Map<SuggestionStatus, string | null>([['draft', createdAt]])
  const anchor = new Map<SuggestionStatus, SuggestionStatus>()
  for (const t of transitions) {
    if (t.to === t.from) continue
    if (!firstAt.has(t.to)) firstAt.set(t.to, t.at)
    if (SIDE_STATES.includes(t.to) && !anchor.has(t.to)) anchor.set(t.to, t.from)
  }
  if (!firstAt.has(status)) firstAt.set(status, null)
  for (const [st, d] of Object.entries(dates) as [SuggestionStatus, string | null][]) if (d && firstAt.has(st)) firstAt.set(st, d)
  if (SIDE_STATES.includes(status) && !anchor.has(status)) anchor.set(status, 'draft')

  const lastVisitedMain = MAIN_PATH.reduce((last, m, i) => (firstAt.has(m) ? i : last), -1)
  const steps: LifecycleStep[] = []
  const pushSides = (after: SuggestionStatus) => {
    for (const side of SIDE_STATES) {
      if (anchor.get(side) !== after || steps.some((s) => s.status === side)) continue
      steps.push({ status: side, state: side === status ? 'current' : 'done', at: firstAt.get(side) ?? null, side: true })
      pushSides(side)
    }
  }
  MAIN_PATH.forEach((m, i) => {
    let state: StepState
    if (m === status) state = 'current'
    else if (firstAt.has(m)) state = 'done'
    else state = i < lastVisitedMain ? 'skipped' : 'todo'
    steps.push({ status: m, state, at: firstAt.get(m) ?? null, side: false })
    pushSides(m)
  })
  // A withdrawn suggestion goes no further.
  if (status === 'withdrawn') {
    const end = steps.findIndex((s) => s.status === 'withdrawn')
    return steps.slice(0, end + 1).filter((s) => s.state !== 'todo')
  }
  return steps
}

/** The index of the current step (for el-steps' active). */
export function currentStepIndex(steps: readonly LifecycleStep[]): number {
  return steps.findIndex((s) => s.state === 'current')
}
