import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { changedPaths, errorMessage, fieldErrors, flattenPaths, indexedErrors } from './errors'

const conflict = new ApiError({ status: 409, code: 'version_conflict', message: 'Changed by someone else', messageZh: '已被他人修改' })

describe('errorMessage', () => {
  it('uses message_zh in Chinese and message in English', () => {
    expect(errorMessage(conflict, 'zh-CN')).toBe('已被他人修改')
    expect(errorMessage(conflict, 'en')).toBe('Changed by someone else')
  })

  it('falls back to the catalogue by code when message_zh is absent', () => {
    const e = new ApiError({ status: 401, code: 'invalid_credentials', message: 'Invalid credentials' })
    expect(errorMessage(e, 'zh-CN')).toBe('用户名或密码错误。')
  })

  it('reports the lockout in the server words, else with the wait from Retry-After', () => {
    const worded = new ApiError({ status: 429, code: 'locked', message: 'Try in 5 minutes', messageZh: '请 5 分钟后再试。', retryAfter: 290 })
    expect(errorMessage(worded, 'zh-CN')).toBe('请 5 分钟后再试。')
    const bare = new ApiError({ status: 429, code: 'locked', message: 'locked', retryAfter: 290 })
    expect(errorMessage(bare, 'zh-CN')).toContain('5 分钟')
    expect(errorMessage(bare, 'en')).toContain('5 min')
    const noTime = new ApiError({ status: 429, code: 'locked', message: 'locked' })
    expect(errorMessage(noTime, 'zh-CN')).toContain('暂时锁定')
  })

  it('reports network failures and unknown errors generically', () => {
    expect(errorMessage(new ApiError({ status: 0, code: 'network_error', message: 'Network error' }), 'zh-CN')).toContain('无法连接')
    expect(errorMessage(new Error('boom'), 'zh-CN')).toBe('操作失败，请稍后重试。')
  })
})

describe('fieldErrors', () => {
  const e = new ApiError({
    status: 422,
    code: 'validation_failed',
    message: 'Invalid',
    fields: [
      { field: 'code', code: 'invalid', message: 'must be 6 digits', message_zh: '应为 6 位数字' },
      { field: 'name', code: 'required', message: 'is required', message_zh: '' },
      { field: 'name', code: 'too_long', message: 'is too long', message_zh: '' },
    ],
  })

  it('keys messages by field in the user language', () => {
    expect(fieldErrors(e, 'zh-CN')).toEqual({ code: '应为 6 位数字', name: '必填; 超出长度限制' })
    expect(fieldErrors(e, 'en')).toEqual({ code: 'must be 6 digits', name: 'is required; is too long' })
  })

  it('is empty for other errors', () => {
    expect(fieldErrors(new Error('x'))).toEqual({})
  })
})

describe('errors of list fields', () => {
  const errors = {
    'items[1].text': '必填',
    'items[3].text': '过长',
    'items[3].no': 'x',
    items: '至少一项',
    'case_numbers[0]': '17 位数字',
    'recipient.name': '必填',
  }

  it('picks the elements of a list by index', () => {
    expect(indexedErrors(errors, 'items', 'text')).toEqual({ 1: '必填', 3: '过长' })
    expect(indexedErrors(errors, 'case_numbers')).toEqual({ 0: '17 位数字' })
    expect(indexedErrors(errors, 'items')).toEqual({ 1: '必填', 3: '过长; x' })
    expect(indexedErrors(errors, 'recipient')).toEqual({})
  })

  it('flattens a request to the paths the server names', () => {
    expect(flattenPaths({ title: 't', recipient: { name: 'n' }, items: [{ text: 'a' }], copy_to: [] })).toEqual({
      title: 't',
      'recipient.name': 'n',
      items: 1,
      'items[0].text': 'a',
      copy_to: 0,
    })
  })

  it('finds the paths that changed', () => {
    const before = flattenPaths({ recipient: { name: 'a', kind: 'court' }, items: [{ text: 'x' }] })
    const after = flattenPaths({ recipient: { name: 'b', kind: 'court' }, items: [{ text: 'x' }, { text: '' }] })
    expect(changedPaths(before, after).sort()).toEqual(['items', 'items[1].text', 'recipient.name'])
  })
})
