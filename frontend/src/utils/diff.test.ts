import { describe, expect, it } from 'vitest'
import { diffObjects, displayJson, jsonEqual } from './diff'

describe('audit diff', () => {
  it('marks changed, added and removed keys', () => {
    const rows = diffObjects({ name: '甲', short_name: '甲检', version: 1, gone: true }, { name: '乙', short_name: '甲检', version: 2, added: 'x' })
    expect(rows.map((r) => [r.key, r.changed])).toEqual([
      ['name', true],
      ['short_name', false],
      ['version', true],
      ['added', true],
      ['gone', true],
    ])
  })

  it('handles a creation (no before) and a deletion (no after)', () => {
    expect(diffObjects(null, { a: 1 })).toEqual([{ key: 'a', before: undefined, after: 1, changed: true }])
    expect(diffObjects({ a: 1 }, null)).toEqual([{ key: 'a', before: 1, after: undefined, changed: true }])
    expect(diffObjects(null, null)).toEqual([])
  })

  it('compares nested values structurally', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true)
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonEqual(null, {})).toBe(false)
    const rows = diffObjects({ grants: [{ role: 'clerk' }] }, { grants: [{ role: 'clerk' }] })
    expect(rows[0]?.changed).toBe(false)
  })

  it('displays values', () => {
    expect(displayJson('仙检')).toBe('仙检')
    expect(displayJson(null)).toBe('null')
    expect(displayJson(undefined)).toBe('—')
    expect(displayJson({ a: 1 })).toBe('{"a":1}')
  })
})
