import { describe, expect, it } from 'vitest'
import { localUnitName } from './unitNames'

describe('localUnitName', () => {
  const xiantao = { id: 3, name: '仙桃市人民检察院', short_name: '仙检' }
  const english = { name_en: "Xiantao Municipal People's Procuratorate", short_name_en: 'Xiantao' }

  it('gives the Chinese names in Chinese', () => {
    expect(localUnitName(xiantao, english, 'zh-CN')).toBe('仙桃市人民检察院')
    expect(localUnitName(xiantao, english, 'zh-CN', true)).toBe('仙检')
  })

  it('gives the English names in English', () => {
    expect(localUnitName(xiantao, english, 'en')).toBe("Xiantao Municipal People's Procuratorate")
    expect(localUnitName(xiantao, english, 'en', true)).toBe('Xiantao')
  })

  it('takes English names the reference carries itself', () => {
    expect(localUnitName({ ...xiantao, ...english }, undefined, 'en', true)).toBe('Xiantao')
  })

  it('falls back: short to full English name, then to the Chinese names', () => {
    expect(localUnitName(xiantao, { name_en: 'Xiantao Procuratorate', short_name_en: null }, 'en', true)).toBe('Xiantao Procuratorate')
    expect(localUnitName(xiantao, { name_en: null, short_name_en: null }, 'en')).toBe('仙桃市人民检察院')
    expect(localUnitName(xiantao, undefined, 'en', true)).toBe('仙检')
    expect(localUnitName({ id: 4, name: '潜江市人民检察院' }, undefined, 'en', true)).toBe('潜江市人民检察院')
    expect(localUnitName(null, english, 'en')).toBe('')
  })
})
