import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { Notification, SuggestionSummary } from '@/api/types'
import TodoCard from './TodoCard.vue'
import WorkCard from './WorkCard.vue'

const Blank = defineComponent({ render: () => null })
const router = () =>
  createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/s/:id', name: 'suggestion-detail', component: Blank },
      { path: '/s', name: 'suggestions', component: Blank },
      { path: '/n', name: 'notifications', component: Blank },
    ],
  })

const summary = (id: number, provisional: boolean): SuggestionSummary =>
  ({
    id,
    title: `建议${id}`,
    doc_no: null,
    recipient_name: '某局',
    status: 'issued',
    handling_prosecutor: { id: 1, name: '张三' },
    reply_due_on: '2027-01-20',
    reply_due_provisional: provisional,
    days_left: 44,
    overdue: false,
  }) as unknown as SuggestionSummary

const notice = (id: number, provisional: boolean): Notification => ({
  id,
  kind: 'reply_due',
  suggestion_id: id,
  hearing_id: null,
  subject: `建议${id}`,
  title_zh: '',
  title_en: '',
  created_at: '2026-12-01T10:00:00+08:00',
  read_at: null,
  done: false,
  due_on: '2027-01-20',
  days_left: 6,
  provisional,
})

describe('home cards', () => {
  it('the drafts card marks a provisional deadline 暂定, as the lists do', () => {
    i18n.global.locale.value = 'zh-CN'
    const w = mount(WorkCard, {
      props: { title: '草稿', items: [summary(1, true), summary(2, false)], empty: '', tone: 'info', all: '/s', testid: 'work-drafts', showHandler: true },
      global: { plugins: [i18n, ElementPlus, router()] },
    })
    const rows = w.findAll('li.row')
    expect(rows[0]!.find('[data-testid="deadline-provisional"]').exists()).toBe(true)
    expect(rows[1]!.find('[data-testid="deadline-provisional"]').exists()).toBe(false)
  })

  it('a to-do item with a provisional due date is marked 暂定', () => {
    i18n.global.locale.value = 'zh-CN'
    const w = mount(TodoCard, { props: { kind: 'reply_due', count: 2, items: [notice(1, true), notice(2, false)] }, global: { plugins: [i18n, ElementPlus, router()] } })
    const rows = w.findAll('li.row')
    expect(rows[0]!.find('[data-testid="deadline-provisional"]').exists()).toBe(true)
    expect(rows[1]!.find('[data-testid="deadline-provisional"]').exists()).toBe(false)
  })
})
