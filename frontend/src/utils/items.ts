// The numbered suggestion items of the draft form. Rows carry a stable key
// so that reordering moves their text boxes along; the server numbers the
// items in the order they are sent (the numbers sent are ignored).
import type { SuggestionItem } from '@/api/types'

export interface ItemRow {
  key: number
  text: string
}

let lastKey = 0
const nextKey = () => ++lastKey

export function toRows(items: readonly Pick<SuggestionItem, 'text'>[]): ItemRow[] {
  return items.map((it) => ({ key: nextKey(), text: it.text }))
}

export function addRow(rows: readonly ItemRow[], text = ''): ItemRow[] {
  return [...rows, { key: nextKey(), text }]
}

export function removeRow(rows: readonly ItemRow[], index: number): ItemRow[] {
  return rows.filter((_, i) => i !== index)
}

/** Moves the row at `from` to `to` (clamped); other rows keep their order. */
export function moveRow(rows: readonly ItemRow[], from: number, to: number): ItemRow[] {
  if (from < 0 || from >= rows.length) return [...rows]
  const target = Math.max(0, Math.min(rows.length - 1, to))
  const out = [...rows]
  const [row] = out.splice(from, 1)
  if (row) out.splice(target, 0, row)
  return out
}

/** The items as they are shown and sent: numbered from 1 in order, text trimmed. */
export function numberItems(rows: readonly ItemRow[]): SuggestionItem[] {
  return rows.map((r, i) => ({ no: i + 1, text: r.text.trim() }))
}
