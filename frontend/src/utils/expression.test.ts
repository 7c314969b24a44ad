import { describe, expect, it } from 'vitest'
import { expressionQuantities, insertQuantity, unknownQuantities } from './expression'

describe('insertQuantity', () => {
  it('starts an empty expression with the code', () => {
    expect(insertQuantity('', 'cases_received')).toEqual({ text: 'cases_received', caret: 14 })
  })

  it('adds a term at the end with " + "', () => {
    expect(insertQuantity('cases_received', 'count:appeal')).toEqual({ text: 'cases_received + count:appeal', caret: 29 })
  })

  it('does not add a second operator after one typed by hand', () => {
    expect(insertQuantity('cases_received - ', 'count:review').text).toBe('cases_received - count:review')
    expect(insertQuantity('2*', 'count:protest').text).toBe('2* count:protest')
  })

  it('inserts at the caret between terms', () => {
    const text = 'count:appeal + count:protest'
    const r = insertQuantity(text, 'count:review', 12)
    expect(r.text).toBe('count:appeal + count:review + count:protest')
    expect(r.caret).toBe('count:appeal + count:review'.length)
  })

  it('replaces a selection', () => {
    const text = 'count:appeal + count:protest'
    expect(insertQuantity(text, 'count:petition', 15, 28).text).toBe('count:appeal + count:petition')
  })

  it('clamps a caret outside the text', () => {
    expect(insertQuantity('a', 'b', 99).text).toBe('a + b')
  })
})

describe('expression quantities', () => {
  it('lists the codes once, without numbers', () => {
    expect(expressionQuantities('2*count:protest - count:review + count:protest + 1')).toEqual(['count:protest', 'count:review'])
  })

  it('finds the unknown ones', () => {
    expect(unknownQuantities('cases_received + count:nonsense', ['cases_received', 'count:appeal'])).toEqual(['count:nonsense'])
    expect(unknownQuantities('', [])).toEqual([])
  })
})
