import { describe, expect, it } from 'vitest'
import en from './en'
import analysisEn from './analysis.en'

type Tree = { [k: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leaves(v, prefix ? `${prefix}.${k}` : k) : [[prefix ? `${prefix}.${k}` : k, String(v)]],
  )
}

/**
 * Full-width and CJK punctuation, which has no place in English text
 * (，。（）：；！？、《》【】 and the whole CJK symbol and full-width form
 * blocks), and the curly double quotes of Chinese writing (English uses "").
 * The ellipsis, dashes and the middle dot are English typography too.
 */
const FULL_WIDTH = /[“”\u3000-\u303f\uff00-\uffef]/u
const HAN = /\p{Script=Han}/u

// Messages that show Chinese on purpose: the language switch's own name,
// and hints quoting the Chinese forms a user types or sees in documents.
const CHINESE_ON_PURPOSE = new Set(['lang.zh', 'units.shortNameHint', 'catalog.prefixesIntro'])

describe.each([
  ['en.ts', en],
  ['analysis.en.ts', analysisEn],
])('English catalogue %s', (_, catalogue) => {
  const messages = leaves(catalogue as unknown as Tree)

  it('has no full-width or CJK punctuation', () => {
    const bad = messages.filter(([k, v]) => !CHINESE_ON_PURPOSE.has(k) && FULL_WIDTH.test(v)).map(([k, v]) => `${k}: ${v}`)
    expect(bad).toEqual([])
  })

  it('has no Chinese characters', () => {
    const bad = messages.filter(([k, v]) => !CHINESE_ON_PURPOSE.has(k) && HAN.test(v)).map(([k, v]) => `${k}: ${v}`)
    expect(bad).toEqual([])
  })
})

describe('document language', () => {
  it('follows the interface language, for the line-breaking rules of the stylesheet', async () => {
    const { i18n, setLocale, syncDocumentLanguage } = await import('./index')
    syncDocumentLanguage(document)
    setLocale('en')
    expect(document.documentElement.lang).toBe('en')
    setLocale('zh-CN')
    expect(document.documentElement.lang).toBe('zh-CN')
    i18n.global.locale.value = 'en'
    expect(document.documentElement.lang).toBe('en')
    setLocale('zh-CN')
  })
})
