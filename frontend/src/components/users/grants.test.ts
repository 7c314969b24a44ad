import { describe, expect, it } from 'vitest'
import { checkGrantRows, grantErrorsByRow, toGrantInputs } from './grants'

describe('grant rows', () => {
  it('flags incomplete and duplicate rows', () => {
    expect(
      checkGrantRows([
        { role: 'prosecutor', unit_id: 3 },
        { role: '', unit_id: 3 },
        { role: 'clerk', unit_id: null },
        { role: 'prosecutor', unit_id: 3 },
      ]),
    ).toEqual({ 1: 'role', 2: 'unit', 3: 'duplicate' })
    expect(checkGrantRows([])).toEqual({})
  })

  it('keeps only complete rows for the request', () => {
    expect(toGrantInputs([{ role: 'chief', unit_id: 2 }, { role: '', unit_id: 5 }, { role: 'clerk', unit_id: null }])).toEqual([
      { role: 'chief', unit_id: 2 },
    ])
  })

  it('maps server field names to rows', () => {
    expect(grantErrorsByRow({ 'grants[1].unit_id': 'out of scope', 'grants.0.role': 'bad role', name: 'x' })).toEqual({
      0: 'bad role',
      1: 'out of scope',
    })
  })
})
