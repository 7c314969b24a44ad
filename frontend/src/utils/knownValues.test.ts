import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import zhCN from '@/i18n/zh-CN'
import { KNOWN_VALUES, knownValueName, type KnownValueSet } from './knownValues'

const t = (key: string) => i18n.global.t(key)

describe('knownValueName', () => {
  it('names known case types and sources in English, and leaves other values as they are', () => {
    i18n.global.locale.value = 'en'
    try {
      expect(knownValueName('caseTypes', '审查逮捕', t)).toBe('Arrest review')
      expect(knownValueName('caseTypes', ' 审查起诉 ', t)).toBe('Prosecution review')
      expect(knownValueName('sources', '类案分析', t)).toBe('Class-case analysis')
      expect(knownValueName('sources', '某区人大转办', t)).toBe('某区人大转办')
      expect(knownValueName('caseTypes', null, t)).toBe('')
    } finally {
      i18n.global.locale.value = 'zh-CN'
    }
  })

  it('gives back the Chinese value itself in Chinese', () => {
    for (const set of Object.keys(KNOWN_VALUES) as KnownValueSet[]) {
      for (const [raw, key] of Object.entries(KNOWN_VALUES[set])) {
        expect((zhCN.knownValues[set] as Record<string, string>)[key]).toBe(raw)
        expect(knownValueName(set, raw, t)).toBe(raw)
      }
    }
  })
})
