import type { CaseEventCode } from '@/api/types'

/** The case events in procedural order (as domain.CaseEvents). */
export const CASE_EVENTS: readonly CaseEventCode[] = [
  'arrest_review_received',
  'arrest_approved',
  'arrest_denied',
  'prosecution_review_received',
  'prosecuted',
  'not_prosecuted',
  'returned_for_investigation',
  'review_extended',
  'reconsideration',
  'review',
  'appeal',
  'protest',
  'petition',
  'plea_leniency',
  'sentencing_recommended',
  'sentencing_adopted',
]

/** The timeline dot's colour: intake blue, decisions green, further proceedings (件) orange. */
export function eventColor(e: CaseEventCode): string {
  switch (e) {
    case 'arrest_approved':
    case 'arrest_denied':
    case 'prosecuted':
    case 'not_prosecuted':
    case 'sentencing_adopted':
      return '#67c23a'
    // Each of these is a further 件 that raises the case ratio.
    case 'returned_for_investigation':
    case 'review_extended':
    case 'reconsideration':
    case 'review':
    case 'appeal':
    case 'protest':
    case 'petition':
      return '#e6a23c'
    default:
      return '#409eff'
  }
}
