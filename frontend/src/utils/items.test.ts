import { describe, expect, it } from 'vitest'
import { addRow, moveRow, numberItems, removeRow, toRows } from './items'

const rows = () => toRows([{ text: 'a' }, { text: 'b' }, { text: 'c' }])
const texts = (r: { text: string }[]) => r.map((x) => x.text)

describe('suggestion items', () => {
  it('gives every row its own key, kept through moves', () => {
    const r = rows()
    expect(new Set(r.map((x) => x.key)).size).toBe(3)
    const moved = moveRow(r, 2, 0)
    expect(texts(moved)).toEqual(['c', 'a', 'b'])
    expect(moved[0]?.key).toBe(r[2]?.key)
  })

  it('moves up and down, clamped at the ends', () => {
    expect(texts(moveRow(rows(), 1, 2))).toEqual(['a', 'c', 'b'])
    expect(texts(moveRow(rows(), 0, -1))).toEqual(['a', 'b', 'c'])
    expect(texts(moveRow(rows(), 2, 9))).toEqual(['a', 'b', 'c'])
    expect(texts(moveRow(rows(), 7, 0))).toEqual(['a', 'b', 'c'])
  })

  it('adds and removes without touching the input', () => {
    const r = rows()
    expect(texts(addRow(r, 'd'))).toEqual(['a', 'b', 'c', 'd'])
    expect(texts(removeRow(r, 1))).toEqual(['a', 'c'])
    expect(texts(r)).toEqual(['a', 'b', 'c'])
  })

  it('renumbers from 1 after any change', () => {
    const r = removeRow(moveRow(rows(), 2, 0), 1)
    expect(numberItems(r)).toEqual([
      { no: 1, text: 'c' },
      { no: 2, text: 'b' },
    ])
  })

  it('sends the items in order, trimmed', () => {
    expect(numberItems(addRow(rows(), '  d  ')).map((it) => it.text)).toEqual(['a', 'b', 'c', 'd'])
  })
})
