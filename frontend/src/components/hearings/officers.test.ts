import { describe, expect, it } from 'vitest'
import type { HearingOfficer, Unit } from '@/api/types'
import { canChangeOfficer, officerStatusPatch, poolUnits } from './officers'

describe('officer pool', () => {
  const unit = (id: number, level: Unit['level'], path: string, active = true): Unit =>
    ({ id, level, path, active, code: path.split('/').at(-1), name: path, short_name: '', parent_id: null, version: 1 }) as Unit

  it('offers the units that keep a pool: branch level and above, active', () => {
    const units = [unit(3, 'basic', '/420000/429000/429004'), unit(2, 'branch', '/420000/429000'), unit(1, 'province', '/420000'), unit(9, 'branch', '/420000/429900', false)]
    expect(poolUnits(units).map((u) => u.id)).toEqual([1, 2])
  })

  it('offers changes only with officer:manage on a pool the user sees', () => {
    const o = { id: 5, unit: { id: 2, code: '429000', name: '汉江分院' }, version: 4 } as HearingOfficer
    expect(canChangeOfficer(o, true, new Set([2]))).toBe(true)
    expect(canChangeOfficer(o, false, new Set([2]))).toBe(false)
    expect(canChangeOfficer(o, true, new Set([1]))).toBe(false)
  })

  it('revokes with the reason and the version, reactivates with the version', () => {
    const o = { id: 5, version: 4 } as HearingOfficer
    expect(officerStatusPatch(o, 'revoked', ' 任期届满 ')).toEqual({ status: 'revoked', revoked_reason: '任期届满', version: 4 })
    expect(officerStatusPatch(o, 'active')).toEqual({ status: 'active', version: 4 })
  })
})
