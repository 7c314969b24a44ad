import { describe, expect, it } from 'vitest'
import { SUGGESTION_STATUSES, TRANSITION_ACTIONS, type SuggestionAction } from '@/api/types'
import zhCN from '@/i18n/zh-CN'
import {
  ACTION_SPECS,
  buildTransition,
  extensionChoices,
  initialValues,
  isTransition,
  missingFields,
  orderActions,
  splitActions,
} from './actions'

describe('action → dialog mapping', () => {
  it('knows every action the server may allow, each with a label', () => {
    const all: SuggestionAction[] = [...TRANSITION_ACTIONS, 'edit', 'reply', 'followup', 'verify', 'attach', 'delete']
    expect(Object.keys(ACTION_SPECS).sort()).toEqual([...all].sort())
    for (const a of all) expect(zhCN.actions[a], a).toBeTruthy()
    expect(SUGGESTION_STATUSES).toHaveLength(12)
  })

  it('opens the record dialogs, the edit page and the upload for the non-transitions', () => {
    expect(ACTION_SPECS.reply.kind).toBe('reply')
    expect(ACTION_SPECS.followup.kind).toBe('followup')
    expect(ACTION_SPECS.verify.kind).toBe('verify')
    expect(ACTION_SPECS.edit.kind).toBe('edit')
    expect(ACTION_SPECS.attach.kind).toBe('attach')
    expect(ACTION_SPECS.delete.kind).toBe('delete')
    expect(TRANSITION_ACTIONS.every((a) => ACTION_SPECS[a].kind === 'transition')).toBe(true)
    expect(isTransition('issue')).toBe(true)
    expect(isTransition('reply')).toBe(false)
  })

  it('asks each transition for its inputs', () => {
    const fields = (a: keyof typeof ACTION_SPECS) => ACTION_SPECS[a].fields.map((f) => `${f.name}${f.required ? '*' : ''}`)
    expect(fields('submit')).toEqual([])
    expect(fields('recall')).toEqual([])
    expect(fields('return')).toEqual(['opinion*'])
    expect(fields('approve')).toEqual(['opinion'])
    expect(fields('issue')).toEqual(['served_on*', 'service_method*'])
    expect(fields('object')).toEqual(['on*'])
    expect(fields('uphold')).toEqual(['on*', 'opinion'])
    expect(fields('amend')).toEqual(['on*', 'opinion*'])
    expect(fields('withdraw')).toEqual(['reason*'])
    expect(fields('extend')).toEqual(['months*'])
    expect(fields('file_upward')).toEqual(['filed_on*'])
    expect(fields('escalate')).toEqual(['level*'])
    expect(fields('litigate')).toEqual(['reason'])
    expect(fields('close')).toEqual(['reason*'])
  })
})

describe('buttons', () => {
  it('puts the step forward first and the risky ones last, ignoring unknown actions', () => {
    expect(orderActions(['withdraw', 'attach', 'submit', 'edit', 'teleport'])).toEqual(['submit', 'attach', 'edit', 'withdraw'])
    expect(orderActions(['object', 'extend', 'file_upward', 'escalate', 'reply', 'attach'])).toEqual([
      'reply',
      'extend',
      'file_upward',
      'attach',
      'object',
      'escalate',
    ])
  })

  it('shows at most four buttons, the rest under "more"', () => {
    expect(splitActions(['approve', 'return', 'attach'])).toEqual({ buttons: ['approve', 'attach', 'return'], more: [] })
    const many = splitActions(['object', 'extend', 'file_upward', 'escalate', 'reply', 'attach'])
    expect(many.buttons).toEqual(['reply', 'extend', 'file_upward'])
    expect(many.more).toEqual(['attach', 'object', 'escalate'])
  })

  it("keeps the supervisor's 跟踪督促 of an issued suggestion a primary button, not under more", () => {
    const sup = splitActions(['object', 'file_upward', 'reply', 'followup', 'attach'])
    expect(sup.buttons).toContain('followup')
    expect(sup.more).not.toContain('followup')
  })
})

describe('transition requests', () => {
  it('starts dates at today and service in writing', () => {
    const v = initialValues('issue', '2026-11-26')
    expect(v.served_on).toBe('2026-11-26')
    expect(v.service_method).toBe('written')
    expect(initialValues('object', '2026-11-26').on).toBe('2026-11-26')
    expect(initialValues('approve', '2026-11-26').on).toBe('')
  })

  it('sends only the inputs of the action, trimmed, with the version', () => {
    const v = { ...initialValues('issue', '2026-11-26'), opinion: 'stray', reason: 'stray' }
    expect(buildTransition('issue', v, 3)).toEqual({ action: 'issue', version: 3, served_on: '2026-11-26', service_method: 'written' })
    expect(buildTransition('approve', { ...initialValues('approve', 'x'), opinion: '  同意。 ' }, 2)).toEqual({
      action: 'approve',
      version: 2,
      opinion: '同意。',
    })
    expect(buildTransition('approve', initialValues('approve', 'x'), 1)).toEqual({ action: 'approve', version: 1 })
    expect(buildTransition('extend', { ...initialValues('extend', 'x'), months: 2 }, 5)).toEqual({ action: 'extend', version: 5, months: 2 })
    expect(buildTransition('escalate', { ...initialValues('escalate', 'x'), level: 'party_committee_npc' }, 4)).toEqual({
      action: 'escalate',
      version: 4,
      level: 'party_committee_npc',
    })
  })

  it('lists the required inputs still empty', () => {
    expect(missingFields('return', initialValues('return', '2026-11-26'))).toEqual(['opinion'])
    expect(missingFields('return', { ...initialValues('return', 'x'), opinion: '   ' })).toEqual(['opinion'])
    expect(missingFields('amend', initialValues('amend', '2026-11-26'))).toEqual(['opinion'])
    expect(missingFields('issue', initialValues('issue', '2026-11-26'))).toEqual([])
    expect(missingFields('escalate', initialValues('escalate', '2026-11-26'))).toEqual(['level'])
    expect(missingFields('approve', initialValues('approve', '2026-11-26'))).toEqual([])
  })
})

describe('extension choices', () => {
  it('run from one month to the longest the server allows', () => {
    expect(extensionChoices(3)).toEqual([1, 2, 3])
    expect(extensionChoices(1)).toEqual([1])
    expect(extensionChoices(0)).toEqual([])
  })
})
