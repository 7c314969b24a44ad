// Validation of the grant rows shared by the create and grants dialogs.
import type { Grant, GrantInput, Id, Role } from '@/api/types'

/** One editable grant row; empty strings while not chosen yet. */
export interface GrantRow {
  role: Role | ''
  unit_id: Id | null
}

export type GrantRowProblem = 'role' | 'unit' | 'duplicate'

/** Problems by row index; empty when every row is complete and unique. */
export function checkGrantRows(rows: readonly GrantRow[]): Record<number, GrantRowProblem> {
  const out: Record<number, GrantRowProblem> = {}
  const seen = new Set<string>()
  rows.forEach((r, i) => {
    if (!r.role) out[i] = 'role'
    else if (r.unit_id === null) out[i] = 'unit'
    else {
      const key = `${r.role}@${r.unit_id}`
      if (seen.has(key)) out[i] = 'duplicate'
      seen.add(key)
    }
  })
  return out
}

export function toGrantInputs(rows: readonly GrantRow[]): GrantInput[] {
  return rows
    .filter((r): r is { role: Role; unit_id: Id } => r.role !== '' && r.unit_id !== null)
    .map((r) => ({ role: r.role, unit_id: r.unit_id }))
}

export function toGrantRows(grants: readonly Grant[]): GrantRow[] {
  return grants.map((g) => ({ role: g.role, unit_id: g.unit_id }))
}

/**
 * Server field errors such as "grants[1].unit_id" or "grants.1.role",
 * regrouped by row index.
 */
export function grantErrorsByRow(errors: Record<string, string>): Record<number, string> {
  const out: Record<number, string> = {}
  for (const [field, msg] of Object.entries(errors)) {
    const m = /^grants(?:\[(\d+)\]|\.(\d+))/.exec(field)
    if (!m) continue
    const i = Number(m[1] ?? m[2])
    out[i] = out[i] ? `${out[i]}; ${msg}` : msg
  }
  return out
}
