import { describe, expect, it } from 'vitest'
import { enums } from '@/api/enums'
import zhCN from './zh-CN'
import en from './en'
import { DEFAULT_LOCALE, LOCALE_STORAGE_KEY, storedLocale } from './index'

type Tree = { [k: string]: string | Tree }

/** Every leaf key with its value, as "a.b.c". */
function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'object' && v !== null) for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
    else out.set(key, v)
  }
  return out
}

const zh = leaves(zhCN as unknown as Tree)
const enLeaves = leaves(en as unknown as Tree)

/** Named placeholders such as {name}. */
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()
}

describe('message catalogue', () => {
  it('has every zh-CN key in en', () => {
    const missing = [...zh.keys()].filter((k) => !enLeaves.has(k))
    expect(missing).toEqual([])
  })

  it('has every en key in zh-CN', () => {
    const missing = [...enLeaves.keys()].filter((k) => !zh.has(k))
    expect(missing).toEqual([])
  })

  it('has no empty or non-string messages', () => {
    for (const [name, cat] of [
      ['zh-CN', zh],
      ['en', enLeaves],
    ] as const) {
      const bad = [...cat.entries()].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => `${name}:${k}`)
      expect(bad).toEqual([])
    }
  })

  it('uses the same placeholders in both languages', () => {
    const differing = [...zh.entries()]
      .filter(([k, v]) => JSON.stringify(placeholders(String(v))) !== JSON.stringify(placeholders(String(enLeaves.get(k)))))
      .map(([k]) => k)
    expect(differing).toEqual([])
  })

  it('has English that is really English (no Han characters outside examples)', () => {
    const allowed = new Set(['lang.zh', 'units.shortNameHint', 'catalog.prefixesIntro'])
    const han = /\p{Script=Han}/u
    const bad = [...enLeaves.entries()].filter(([k, v]) => !allowed.has(k) && han.test(String(v))).map(([k]) => k)
    expect(bad).toEqual([])
  })

  it('names the roles and unit levels as the design does', () => {
    expect(zhCN.roles).toEqual({
      admin: '管理员',
      chief: '检察长',
      supervisor: '部门负责人（案管）',
      prosecutor: '检察官',
      clerk: '书记员',
    })
    expect(zhCN.levels).toEqual({ province: '省院', branch: '分院', city: '市级院', basic: '基层院' })
  })
})

describe('names of the values the API lists', () => {
  // Each closed value set of the server (its OpenAPI document) has a name in the catalogue for every value.
  const named: [keyof typeof enums, string][] = [
    ['role', 'roles'],
    ['unit_level', 'levels'],
    ['suggestion_type', 'suggestion.types'],
    ['suggestion_status', 'suggestion.statuses'],
    ['recipient_kind', 'suggestion.recipientKinds'],
    ['service_method', 'suggestion.serviceMethods'],
    ['pending_reply_state', 'delivery.states'],
    ['escalation_level', 'suggestion.escalationLevels'],
    ['outcome', 'suggestion.outcomes'],
    ['followup_method', 'suggestion.followupMethods'],
    ['verification_result', 'suggestion.verificationResults'],
    ['non_performance_code', 'suggestion.nonPerformance'],
    ['transition_action', 'actions'],
    ['suggestion_action', 'actions'],
    ['notification_kind', 'todo.kinds'],
    ['hearing_kind', 'hearing.kinds'],
    ['hearing_status', 'hearing.statuses'],
    ['hearing_action', 'hearing.actions'],
    ['hearing_document', 'hearing.documents.kinds'],
    ['officer_category', 'hearing.categories'],
    ['officer_status', 'officer.statuses'],
    ['participant_role', 'hearing.roles'],
    ['recusal_outcome', 'hearing.recusal.outcomes'],
    ['draw_mode', 'hearing.draw.modes'],
    ['case_event', 'case.events'],
    ['import_kind', 'imports.kinds'],
    ['import_status', 'imports.statuses'],
    ['direction', 'indicator.directions'],
    ['indicator_unit', 'indicator.units'],
  ]
  it.each(named)('names every %s in both languages (%s)', (set, path) => {
    const missing = enums[set].map((v) => `${path}.${v}`).filter((k) => !zh.has(k) || !enLeaves.has(k))
    expect(missing).toEqual([])
  })
})

describe('stored locale', () => {
  const store = (v: string | null) => ({ getItem: (k: string) => (k === LOCALE_STORAGE_KEY ? v : null) })

  it('defaults to Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN')
    expect(storedLocale(store(null))).toBe('zh-CN')
  })

  it('reads a valid stored choice and ignores junk', () => {
    expect(storedLocale(store('en'))).toBe('en')
    expect(storedLocale(store('fr'))).toBe('zh-CN')
  })

  it('survives a storage that throws', () => {
    expect(
      storedLocale({
        getItem: () => {
          throw new Error('denied')
        },
      }),
    ).toBe('zh-CN')
  })
})
