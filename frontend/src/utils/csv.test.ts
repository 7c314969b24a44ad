import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('toCsv', () => {
  it('writes a BOM, quotes what needs quoting and leaves nulls empty', () => {
    expect(toCsv([['单位', '案件比'], ['仙桃市人民检察院', '1:1.07'], ['a,b', null], ['say "x"', 3]])).toBe(
      '\uFEFF单位,案件比\r\n仙桃市人民检察院,1:1.07\r\n"a,b",\r\n"say ""x""",3\r\n',
    )
  })
})
