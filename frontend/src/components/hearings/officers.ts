// Rules of the officer pool page that mirror the server's.
import type { HearingOfficer, Unit } from '@/api/types'

/** Units that keep a pool: branch (city) level and above (domain.KeepsOfficerPool). */
export function poolUnits(units: readonly Unit[]): Unit[] {
  return units.filter((u) => u.active && (u.level === 'province' || u.level === 'branch')).sort((a, b) => a.path.localeCompare(b.path))
}

/**
 * Whether the pool page offers to change an officer: the user holds
 * officer:manage and can see the unit keeping the officer's pool as a pool
 * unit. The server decides in the end (403 otherwise).
 */
export function canChangeOfficer(o: HearingOfficer, canManage: boolean, manageable: ReadonlySet<number>): boolean {
  return canManage && manageable.has(o.unit.id)
}

/** The PATCH body of a revocation (reason required) or a reactivation. */
export function officerStatusPatch(o: HearingOfficer, status: 'active' | 'revoked', reason = '') {
  return status === 'revoked'
    ? { status, revoked_reason: reason.trim(), version: o.version }
    : { status, version: o.version }
}
