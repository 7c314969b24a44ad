import { afterEach, describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import { ApiError } from '@/api/client'
import { setLocale } from '@/i18n'
import { useFormErrors } from './useFormErrors'

const invalid = new ApiError({
  status: 422,
  code: 'validation_failed',
  message: 'Some fields are invalid.',
  messageZh: '部分字段填写有误。',
  fields: [
    { field: 'code', code: 'duplicate', message: 'The code is taken.', message_zh: '单位编码已存在。' },
    { field: 'name', code: 'required', message: 'Required.', message_zh: '必填。' },
  ],
})

describe('useFormErrors', () => {
  afterEach(() => setLocale('zh-CN'))

  it('keeps the field errors of a failure and follows the language', () => {
    setLocale('zh-CN')
    const f = useFormErrors()
    expect(f.take(invalid)).toBe(true)
    expect(f.errorFor('code')).toBe('单位编码已存在。')
    setLocale('en')
    expect(f.errorFor('code')).toBe('The code is taken.')
  })

  it('clears one field or all', () => {
    const f = useFormErrors()
    f.take(invalid)
    f.clear('code')
    expect(f.errorFor('code')).toBe('')
    expect(f.errorFor('name')).not.toBe('')
    f.clear()
    expect(f.errors.value).toEqual({})
  })

  it('drops an error when its field changes', async () => {
    const form = reactive({ code: '429004', name: '' })
    const f = useFormErrors()
    f.clearOnChange(form)
    f.take(invalid)
    form.code = '429099'
    await nextTick()
    expect(f.errorFor('code')).toBe('')
    expect(f.errorFor('name')).not.toBe('')
  })

  it('reports false for a failure without field errors', () => {
    const f = useFormErrors()
    expect(f.take(new ApiError({ status: 409, code: 'version_conflict', message: 'x' }))).toBe(false)
    expect(f.take(new Error('boom'))).toBe(false)
  })
})
