import { describe, expect, it } from 'vitest'
import type { Unit } from '@/api/types'
import { buildUnitTree, filterTree, subtreeIds, unitOptions } from './tree'

function unit(id: number, code: string, name: string, parent: number | null, active = true): Unit {
  return { id, code, name, short_name: name.slice(0, 2), level: 'basic', parent_id: parent, path: '', active, version: 1, name_en: null, short_name_en: null }
}

const units: Unit[] = [
  unit(5, '429006', '天门市人民检察院', 2),
  unit(3, '429004', '仙桃市人民检察院', 2),
  unit(1, '420000', '湖北省人民检察院', null),
  unit(2, '429000', '汉江分院', 1),
  unit(6, '420100', '武汉市人民检察院', 1, false),
]

describe('unit tree', () => {
  it('nests by parent and sorts by code', () => {
    const tree = buildUnitTree(units)
    expect(tree.map((n) => n.id)).toEqual([1])
    expect(tree[0]?.children.map((n) => n.id)).toEqual([6, 2])
    expect(tree[0]?.children[1]?.children.map((n) => n.id)).toEqual([3, 5])
  })

  it('makes a unit with an invisible parent a root', () => {
    const tree = buildUnitTree([unit(3, '429004', '仙桃', 2)])
    expect(tree.map((n) => n.id)).toEqual([3])
  })

  it('finds a subtree', () => {
    expect([...subtreeIds(units, 2)].sort()).toEqual([2, 3, 5])
    expect([...subtreeIds(units, 3)]).toEqual([3])
  })

  it('builds select options, disabling what the predicate says', () => {
    const opts = unitOptions(buildUnitTree(units), (n) => !n.active)
    expect(opts[0]?.label).toBe('湖北省人民检察院')
    expect(opts[0]?.children?.[0]).toEqual({ value: 6, label: '武汉市人民检察院', disabled: true })
  })

  it('filters by text keeping ancestors', () => {
    const hit = filterTree(buildUnitTree(units), '仙桃')
    expect(hit[0]?.id).toBe(1)
    expect(hit[0]?.children.map((n) => n.id)).toEqual([2])
    expect(hit[0]?.children[0]?.children.map((n) => n.id)).toEqual([3])
    expect(filterTree(buildUnitTree(units), '429006')[0]?.children[0]?.children[0]?.id).toBe(5)
  })
})
