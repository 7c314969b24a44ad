import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ElMessage, ElMessageBox } from 'element-plus'
import { ApiError } from '@/api/client'
import { setLocale } from '@/i18n'
import { unshownErrors, useSubmit } from './useSubmit'

vi.mock('element-plus', () => ({ ElMessage: vi.fn(), ElMessageBox: { confirm: vi.fn(), alert: vi.fn() } }))

const invalid = (fields: { field: string; message: string; message_zh: string }[]) =>
  new ApiError({
    status: 422,
    code: 'validation_failed',
    message: 'Some fields are invalid.',
    messageZh: '部分字段填写有误。',
    fields: fields.map((f) => ({ ...f, code: 'x' })),
  })
const conflict = new ApiError({ status: 409, code: 'version_conflict', message: 'Changed meanwhile.', messageZh: '已被他人修改。' })
const illegal = new ApiError({ status: 409, code: 'illegal_transition', message: 'Not now.', messageZh: '当前状态不允许。' })
const fail = (e: unknown) => async (): Promise<never> => {
  throw e
}
const messages = () => vi.mocked(ElMessage).mock.calls.map(([o]) => [(o as { type: string }).type, (o as { message: string }).message])

describe('useSubmit', () => {
  beforeEach(() => {
    vi.mocked(ElMessage).mockClear()
    vi.mocked(ElMessageBox.confirm).mockReset()
    vi.mocked(ElMessageBox.alert).mockReset().mockResolvedValue({ action: 'confirm' } as never)
    setLocale('zh-CN')
  })
  afterEach(() => setLocale('zh-CN'))

  it('returns the result, saving while the request runs', async () => {
    const s = useSubmit()
    let release: (v: number) => void = () => undefined
    const sent = s.send(() => new Promise<number>((r) => (release = r)))
    expect(s.saving.value).toBe(true)
    release(42)
    expect(await sent).toEqual({ value: 42 })
    expect(s.saving.value).toBe(false)
    expect(messages()).toEqual([])
  })

  it('shows field errors by their fields in the user language, and forgets them on the next send', async () => {
    const s = useSubmit({ invalidNotice: () => 'fix them' })
    const e = invalid([
      { field: 'title', message: 'Required.', message_zh: '必填。' },
      { field: 'version', message: 'Missing.', message_zh: '缺少版本号。' },
    ])
    expect(await s.send(fail(e))).toBeNull()
    expect(s.errorFor('title')).toBe('必填。')
    setLocale('en')
    expect(s.errorFor('title')).toBe('Required.')
    expect(s.failure.value).toBeNull()
    expect(messages()).toEqual([['error', 'fix them']])
    expect(s.otherErrors((f) => f === 'title')).toEqual(['version: Missing.'])
    expect(s.otherErrors((f) => f === 'title', () => '')).toEqual(['Missing.'])
    await s.send(async () => 1)
    expect(s.errors.value).toEqual({})
  })

  it('reports any other failure as a notice, after onFailure', async () => {
    const order: string[] = []
    vi.mocked(ElMessage).mockImplementation((() => order.push('notice')) as never)
    const s = useSubmit({ onFailure: () => order.push('closed') })
    expect(await s.send(fail(illegal))).toBeNull()
    expect(order).toEqual(['closed', 'notice'])
    expect(messages()).toEqual([['error', '当前状态不允许。']])
    expect(s.failure.value).toBe(illegal)
    expect(s.errors.value).toEqual({})
  })

  it('offers the reload on a version conflict, and alerts on another 409', async () => {
    vi.mocked(ElMessageBox.confirm).mockResolvedValue({ action: 'confirm' } as never)
    const reload = vi.fn()
    const s = useSubmit({ reload })
    await s.send(fail(conflict))
    expect(ElMessageBox.confirm).toHaveBeenCalledOnce()
    expect(reload).toHaveBeenCalledOnce()
    await s.send(fail(illegal))
    expect(ElMessageBox.alert).toHaveBeenCalledOnce()
    expect(reload).toHaveBeenCalledOnce()
    // A dismissed offer reloads nothing.
    vi.mocked(ElMessageBox.confirm).mockRejectedValue('cancel')
    await s.send(fail(conflict))
    expect(reload).toHaveBeenCalledOnce()
    expect(messages()).toEqual([])
  })

  it('leaves the failure to the page when asked, or to its own report', async () => {
    const quiet = useSubmit({ report: false })
    await quiet.send(fail(conflict))
    expect(quiet.failure.value).toBe(conflict)
    expect(messages()).toEqual([])
    quiet.reset()
    expect(quiet.failure.value).toBeNull()

    const report = vi.fn()
    const own = useSubmit({ report, reload: vi.fn() })
    await own.send(fail(conflict))
    expect(report).toHaveBeenCalledWith(conflict)
    expect(ElMessageBox.confirm).not.toHaveBeenCalled()
  })

  it('lists in a dialog what its inputs do not show', async () => {
    const s = useSubmit({ report: false })
    await s.send(fail(invalid([{ field: 'minutes', message: 'Record the minutes first.', message_zh: '请先录入听证笔录。' }])))
    expect(s.unshown(['decision'])).toEqual(['请先录入听证笔录。'])
    expect(s.unshown(['minutes'])).toEqual([])
    await s.send(fail(conflict))
    expect(s.unshown(['decision'])).toEqual(['已被他人修改。'])
  })
})

describe('unshownErrors', () => {
  const shown = new Set(['decision', 'reasons'])

  it('says nothing above the form when a shown field has an error', () => {
    const e = invalid([
      { field: 'decision', message: 'Required.', message_zh: '必填。' },
      { field: 'minutes', message: 'Record the minutes first.', message_zh: '请先录入听证笔录。' },
    ])
    expect(unshownErrors(e, shown, 'zh-CN')).toEqual([])
  })

  it('lists the errors of fields the dialog has no input for', () => {
    const e = invalid([{ field: 'minutes', message: 'Record the minutes first.', message_zh: '请先录入听证笔录。' }])
    expect(unshownErrors(e, shown, 'zh-CN')).toEqual(['请先录入听证笔录。'])
    expect(unshownErrors(e, shown, 'en')).toEqual(['Record the minutes first.'])
  })

  it('falls back to the error itself', () => {
    expect(unshownErrors(conflict, shown, 'zh-CN')).toEqual(['已被他人修改。'])
    expect(unshownErrors(null, shown, 'zh-CN')).toEqual([])
  })
})
