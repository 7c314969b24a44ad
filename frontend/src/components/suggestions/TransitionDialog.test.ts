import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import { ApiError } from '@/api/client'
import type { Rules, Suggestion, TransitionAction, TransitionRequest } from '@/api/types'
import TransitionDialog from './TransitionDialog.vue'

Object.assign(globalThis, { ASYNC_VALIDATOR_NO_WARNING: 1 })

const suggestion = {
  id: 5,
  version: 4,
  type: 'public_interest',
  urgent: true,
  civil_enforcement: false,
  reply_due_on: '2026-12-20',
  reply_period: { months: 0, days: 15 },
  filing_period: { months: 0, days: 5 },
} as unknown as Suggestion

/** Rules unlike the statutory ones, so that a copy in the client would show. */
const rules: Rules = { hearing_kinds: [], min_officers: 3, max_officers: 7, notice_days: 3, filing_period: { months: 0, days: 5 }, max_extension_months: 4 }

/** The server: GET /rules, and /calendar/deadline answering with the period it was asked for. */
const fetchMock = vi.fn(async (input: string) => {
  const url = new URL(input, 'http://localhost')
  const body = url.pathname.endsWith('/rules')
    ? rules
    : { due_on: `${url.searchParams.get('months') ?? 0}m${url.searchParams.get('days') ?? 0}d` }
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
})

async function open(action: TransitionAction, run: (req: TransitionRequest) => Promise<Suggestion>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const wrapper = mount(TransitionDialog, {
    props: { modelValue: false, suggestion, action, run, reload: vi.fn(async () => undefined) },
    global: { plugins: [pinia, i18n] },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  return wrapper
}
const dialog = () => document.body.querySelector('[data-testid="transition-dialog"]')
const save = async () => {
  ;(document.body.querySelector('[data-testid="dialog-save"]') as HTMLButtonElement).click()
  await flushPromises()
}

describe('TransitionDialog', () => {
  beforeEach(() => {
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('previews the deadlines of an issue with the periods the server gave the suggestion', async () => {
    await open('issue', vi.fn(async () => suggestion))
    const text = document.body.querySelector('[data-testid="deadline-preview"]')?.textContent ?? ''
    expect(text).toContain('送达之日起 15 日')
    expect(text).toContain('0m15d')
    expect(text).toContain('0m5d')
  })

  it('offers the extensions the server allows', async () => {
    await open('extend', vi.fn(async () => suggestion))
    const choices = [...document.body.querySelectorAll('[data-testid="action-months"] .el-radio-button')].map((b) => b.textContent?.trim())
    expect(choices).toEqual(['1 个月', '2 个月', '3 个月', '4 个月'])
  })

  it('asks for the opinion of a return before calling the server, then sends it with the version', async () => {
    const run = vi.fn(async () => suggestion)
    const w = await open('return', run)
    expect(dialog()?.getAttribute('data-action')).toBe('return')
    await save()
    expect(run).not.toHaveBeenCalled()
    expect(document.body.querySelector('.el-form-item')?.classList.contains('is-error')).toBe(true)
    const textarea = document.body.querySelector('[data-testid="action-opinion"]') as HTMLTextAreaElement
    textarea.value = '  事实部分需补充。 '
    textarea.dispatchEvent(new Event('input'))
    await nextTick()
    await save()
    expect(run).toHaveBeenCalledWith({ action: 'return', version: 4, opinion: '事实部分需补充。' })
    expect(w.emitted('done')?.[0]?.[0]).toBe('return')
  })

  it('lists what a refused submit still lacks, in words', async () => {
    const run = vi.fn(async () => {
      throw new ApiError({
        status: 422,
        code: 'validation_failed',
        message: 'x',
        fields: [
          { field: 'facts', code: 'required', message: 'This field is required.', message_zh: '此项为必填项。' },
          { field: 'items', code: 'required', message: 'List at least one item.', message_zh: '请至少填写一条建议内容。' },
        ],
      })
    })
    await open('submit', run)
    await save()
    const text = document.body.textContent ?? ''
    expect(text).toContain('查明的事实：此项为必填项。')
    expect(text).toContain('建议事项：请至少填写一条建议内容。')
  })
})
