import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { unshownErrors, useHearingDialogForm } from './useHearingDialogForm'

const invalid = (fields: { field: string; message: string; message_zh: string }[]) =>
  new ApiError({ status: 422, code: 'validation_failed', message: 'Some fields are invalid.', messageZh: '部分字段填写有误。', fields: fields.map((f) => ({ ...f, code: 'x' })) })

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
    const e = new ApiError({ status: 409, code: 'version_conflict', message: 'Changed meanwhile.', messageZh: '已被他人修改。' })
    expect(unshownErrors(e, shown, 'zh-CN')).toEqual(['已被他人修改。'])
    expect(unshownErrors(null, shown, 'zh-CN')).toEqual([])
  })
})

describe('useHearingDialogForm', () => {
  it('returns the result of a save, or null with the errors kept', async () => {
    const d = useHearingDialogForm(() => ['reason'])
    expect(await d.save(async () => 42)).toEqual({ value: 42 })
    expect(d.saving.value).toBe(false)
    const e = invalid([{ field: 'reason', message: 'Required.', message_zh: '必填。' }])
    expect(
      await d.save(async () => {
        throw e
      }),
    ).toBeNull()
    expect(d.fe.errorFor('reason')).toBe('必填。')
    expect(d.general.value).toEqual([])
    d.reset()
    expect(d.fe.errorFor('reason')).toBe('')
  })
})
