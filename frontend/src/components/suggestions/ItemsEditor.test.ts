import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '@/i18n'
import { toRows, type ItemRow } from '@/utils/items'
import ItemsEditor from './ItemsEditor.vue'

function setup(texts: string[], errors: Record<number, string> = {}) {
  let rows: ItemRow[] = toRows(texts.map((text) => ({ text })))
  const wrapper = mount(ItemsEditor, {
    props: { modelValue: rows, errors, 'onUpdate:modelValue': (v: ItemRow[]) => void wrapper.setProps({ modelValue: (rows = v) }) },
    global: { plugins: [i18n] },
  })
  return { wrapper, rows: () => rows.map((r) => r.text) }
}

describe('ItemsEditor', () => {
  it('numbers the items and shows an error under its row', () => {
    const { wrapper } = setup(['a', ''], { 1: '此项为必填项。' })
    expect(wrapper.findAll('.no').map((n) => n.text())).toEqual(['1', '2'])
    const rows = wrapper.findAll('[data-testid="item-row"]')
    expect(rows[1]?.text()).toContain('此项为必填项。')
    expect(rows[1]?.classes()).toContain('invalid')
  })

  it('moves, removes and adds items', async () => {
    const { wrapper, rows } = setup(['a', 'b', 'c'])
    await wrapper.find('[aria-label="上移 3"]').trigger('click')
    expect(rows()).toEqual(['a', 'c', 'b'])
    await wrapper.find('[aria-label="删除此项 1"]').trigger('click')
    expect(rows()).toEqual(['c', 'b'])
    await wrapper.find('[data-testid="item-add"]').trigger('click')
    expect(rows()).toEqual(['c', 'b', ''])
    expect((wrapper.find('[aria-label="上移 1"]').element as HTMLButtonElement).disabled).toBe(true)
  })
})
