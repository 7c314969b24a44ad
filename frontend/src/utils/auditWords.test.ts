import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { actionLabel, changeSummary, fieldLabel, valueText, type Translator } from './auditWords'

function translator(locale: 'zh-CN' | 'en'): Translator {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
  const g = i18n.global
  return { t: (k, n) => (n ? g.t(k, n) : g.t(k)), te: (k) => g.te(k) }
}

describe('audit events in words', () => {
  const zh = translator('zh-CN')
  const eng = translator('en')

  it('names actions in the user language, hearing actions as the hearing page does', () => {
    expect(actionLabel(zh, 'suggestion', 'issue')).toBe('制发送达')
    expect(actionLabel(eng, 'suggestion', 'issue')).not.toBe('issue')
    expect(actionLabel(zh, 'hearing', 'approve')).toBe('批准听证')
    expect(actionLabel(zh, 'suggestion', 'approve')).toBe('审批同意')
    expect(actionLabel(zh, 'hearing', 'officer_draw')).toBe('抽取听证员')
    expect(actionLabel(zh, 'hearing', 'add_participant', { role: 'hearing_officer' })).toBe('选用听证员')
    expect(actionLabel(zh, 'user', 'reset_password')).toBe('重置密码')
    expect(actionLabel(zh, 'x', 'never_heard_of')).toBe('never_heard_of')
  })

  it('labels fields and reads coded values', () => {
    expect(fieldLabel(zh, 'status')).toBe('状态')
    expect(`${fieldLabel(zh, 'status')}：${valueText(zh, 'suggestion', 'status', 'approved')} → ${valueText(zh, 'suggestion', 'status', 'issued')}`).toBe(
      '状态：已审批 → 已制发',
    )
    expect(valueText(zh, 'hearing', 'status', 'scheduled')).toBe(zhCN.hearing.statuses.scheduled)
    expect(valueText(zh, 'unit', 'level', 'city')).toBe('市级院')
    expect(valueText(zh, 'user', 'active', false)).toBe('否')
    expect(valueText(zh, 'user', 'grants', [{ role: 'prosecutor', unit_id: 3, unit_code: '429004' }])).toBe('检察官（429004）')
    expect(valueText(zh, 'suggestion', 'served_on', '')).toBe('—')
    expect(valueText(zh, 'suggestion', 'items', ['建议一', '建议二'])).toBe('建议一；建议二')
    expect(valueText(eng, 'hearing', 'mode', 'random')).toBe('Random (reproducible)')
    expect(valueText(eng, 'user', 'grants', [{ role: 'prosecutor', unit_code: '429004' }, { role: 'clerk', unit_code: '429004' }])).toBe(
      'Prosecutor (429004); Clerk (429004)',
    )
  })

  it('sums up a change, status first, without bookkeeping', () => {
    const before = { id: 1, version: 3, title: 'A', status: 'approved', doc_no: '' }
    const after = { id: 1, version: 4, title: 'A', status: 'issued', doc_no: '仙检社建〔2026〕1号' }
    expect(changeSummary(zh, 'suggestion', before, after)).toEqual(['状态：已审批 → 已制发', '文号：— → 仙检社建〔2026〕1号'])
    expect(changeSummary(eng, 'suggestion', before, after)[0]).toBe(`Status: ${en.suggestion.statuses.approved} → ${en.suggestion.statuses.issued}`)
    expect(changeSummary(zh, 'suggestion', null, after)).toEqual([])
  })

  it('has a label for every field the server records on suggestions, hearings, units and users', () => {
    const fields = [
      'id', 'status', 'type', 'category', 'title', 'recipient', 'doc_no', 'served_on', 'reply_due_on', 'objected_on', 'paused_days',
      'filed_on', 'extension_months', 'escalation_level', 'closed_reason', 'items', 'case_numbers', 'copy_to', 'urgent',
      'civil_enforcement', 'kind', 'case_number', 'public', 'involves_minor', 'proposed_decision', 'starts_at', 'location',
      'in_hearing_room', 'livestream_url', 'livestream_approved', 'departure_approved', 'held_at', 'decision', 'follows_proposal',
      'status_reason', 'postponements', 'code', 'name', 'short_name', 'level', 'parent_id', 'path', 'active', 'version', 'username',
      'unit_id', 'unit_code', 'must_change_password', 'grants', 'mode', 'seed', 'count', 'proposed', 'role', 'attended', 'conflict',
      'recusal_reason', 'recusal_outcome', 'position', 'opinion', 'participant_id', 'sessions_ended', 'locked_until', 'delayed_until',
      'holidays', 'workdays',
    ]
    for (const tr of [zh, eng]) expect(fields.filter((f) => fieldLabel(tr, f) === f)).toEqual([])
  })
})
