// Colouring a unit × indicator heat map by the indicator's direction: green
// where a unit does better, red where it does worse, grey where the
// indicator has no direction or the figure is missing.
import type { IndicatorCell, IndicatorDirection } from '@/api/types'

/** Against the whole scope's figure, or against the unit's previous period. */
export type HeatBasis = 'total' | 'previous'

export type Tone = 'better' | 'worse' | 'neutral' | 'none'

/**
 * A score in [-1, 1]: positive better, negative worse, 0 neutral; null when
 * the unit has no value. Against the total, the relative difference in the
 * indicator's direction (±50 % or more is full colour); against the previous
 * period, the `better` flag the server set, with the relative change as strength.
 */
export function heatScore(
  cell: Pick<IndicatorCell, 'value' | 'previous_value' | 'better'> | undefined,
  total: Pick<IndicatorCell, 'value'> | undefined,
  direction: IndicatorDirection,
  basis: HeatBasis = 'total',
): number | null {
  if (!cell || cell.value === null) return null
  if (direction === 'neutral') return 0
  const clamp = (x: number) => Math.max(-1, Math.min(1, x))
  if (basis === 'previous') {
    if (cell.better === null) return 0
    const base = cell.previous_value
    const strength = base === null || base === 0 ? 1 : clamp(Math.abs(cell.value - base) / Math.abs(base) / 0.5)
    const s = Math.max(0.2, strength)
    return cell.better ? s : -s
  }
  const ref = total?.value
  if (ref === null || ref === undefined) return 0
  const diff = ref === 0 ? Math.sign(cell.value) : (cell.value - ref) / Math.abs(ref)
  const signed = direction === 'higher_better' ? diff : -diff
  return clamp(signed / 0.5)
}

/** The word for a score, so that colour is never the only signal. */
export function toneOf(score: number | null): Tone {
  if (score === null) return 'none'
  if (score > 0.02) return 'better'
  if (score < -0.02) return 'worse'
  return 'neutral'
}

/** The tone of a figure's change against the previous period, from the server's flag. */
export function changeTone(better: boolean | null): Tone {
  if (better === null) return 'neutral'
  return better ? 'better' : 'worse'
}

export const TONE_COLORS: Record<Tone, string> = {
  better: '#67c23a',
  worse: '#f56c6c',
  neutral: '#c0c4cc',
  none: '#ebeef5',
}
