import type { CaseEventCode } from '@/api/types'

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
