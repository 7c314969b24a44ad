import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import { ApiError } from '@/api/client'
import type { Suggestion, TransitionAction, TransitionRequest } from '@/api/types'
import TransitionDialog from './TransitionDialog.vue'

Object.assign(globalThis, { ASYNC_VALIDATOR_NO_WARNING: 1 })

const suggestion = {
  id: 5,
  version: 4,
  type: 'social_governance',
  urgent: false,
  civil_enforcement: false,
  reply_due_on: null,
} as unknown as Suggestion

async function open(action: TransitionAction, run: (req: TransitionRequest) => Promise<Suggestion>) {
  const wrapper = mount(TransitionDialog, {
    props: { modelValue: false, suggestion, action, run, reload: vi.fn(async () => undefined) },
    global: { plugins: [i18n] },
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
  afterEach(() => {
    document.body.innerHTML = ''
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
