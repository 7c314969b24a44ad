// Builds the unit tree the server leaves to the client.
import type { Id, Unit } from '@/api/types'

export interface UnitNode extends Unit {
  children: UnitNode[]
}

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code.localeCompare(b.code)
}

/**
 * Nests units under their parents, sorted by code. A unit whose parent the
 * caller cannot see becomes a root (a basic-level user sees only their unit).
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map<Id, UnitNode>()
  for (const u of units) nodes.set(u.id, { ...u, children: [] })
  const roots: UnitNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parent_id !== null ? nodes.get(n.parent_id) : undefined
    if (parent && parent !== n) parent.children.push(n)
    else roots.push(n)
  }
  const sort = (list: UnitNode[]): void => {
    list.sort(byCode)
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}

/** The ids of a unit and everything below it. */
export function subtreeIds(units: readonly Unit[], rootId: Id): Set<Id> {
  const children = new Map<Id, Id[]>()
  for (const u of units) {
    if (u.parent_id === null) continue
    const list = children.get(u.parent_id) ?? []
    list.push(u.id)
    children.set(u.parent_id, list)
  }
  const out = new Set<Id>()
  const stack = [rootId]
  while (stack.length > 0) {
    const id = stack.pop() as Id
    if (out.has(id)) continue
    out.add(id)
    stack.push(...(children.get(id) ?? []))
  }
  return out
}

export interface UnitOption {
  value: Id
  label: string
  disabled?: boolean
  children?: UnitOption[]
}

/** Options for a tree select; `disable` greys out units that may not be chosen, `label` names them (in the user's language). */
export function unitOptions(
  tree: readonly UnitNode[],
  disable?: (u: UnitNode) => boolean,
  label: (u: UnitNode) => string = (u) => u.name,
): UnitOption[] {
  return tree.map((n) => {
    const opt: UnitOption = { value: n.id, label: label(n) }
    if (disable?.(n)) opt.disabled = true
    if (n.children.length > 0) opt.children = unitOptions(n.children, disable, label)
    return opt
  })
}

/** Units whose name, short name (Chinese or English) or code contain the text, with their ancestors kept. */
export function filterTree(tree: readonly UnitNode[], text: string): UnitNode[] {
  const q = text.trim().toLowerCase()
  if (!q) return [...tree]
  const out: UnitNode[] = []
  for (const n of tree) {
    const children = filterTree(n.children, q)
    const hit = [n.name, n.short_name, n.code, n.name_en ?? '', n.short_name_en ?? ''].some((s) => s.toLowerCase().includes(q))
    if (hit || children.length > 0) out.push({ ...n, children: hit ? n.children : children })
  }
  return out
}
