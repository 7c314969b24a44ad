import { computed, ref } from 'vue'
import { unitsApi } from '@/api/units'
import type { CreateUnitRequest, Id, Unit, UpdateUnitRequest } from '@/api/types'
import { buildUnitTree, unitOptions, type UnitNode } from '@/utils/tree'
import { localUnitName, useUnitNamesStore } from '@/stores/unitNames'
import { useI18n } from 'vue-i18n'

/** The units the caller can see, as a list and as a tree. */
export function useUnits() {
  const units = ref<Unit[]>([])
  const loading = ref(false)
  const error = ref<unknown>(null)

  const tree = computed<UnitNode[]>(() => buildUnitTree(units.value))
  const byId = computed(() => new Map(units.value.map((u) => [u.id, u])))
  const { locale } = useI18n()
  const names = useUnitNamesStore()
  const label = (u: Unit) => localUnitName(u, undefined, locale.value)
  const options = computed(() => unitOptions(tree.value, undefined, label))
  const activeOptions = computed(() => unitOptions(tree.value, (u) => !u.active, label))

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      units.value = (await unitsApi.list()).items
      names.put(units.value)
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  function replace(u: Unit): void {
    const i = units.value.findIndex((x) => x.id === u.id)
    if (i >= 0) units.value.splice(i, 1, u)
    else units.value.push(u)
  }

  async function create(body: CreateUnitRequest): Promise<Unit> {
    const u = await unitsApi.create(body)
    replace(u)
    return u
  }

  async function update(id: Id, body: UpdateUnitRequest): Promise<Unit> {
    const u = await unitsApi.update(id, body)
    replace(u)
    names.put([u])
    // A move changes the paths of the whole subtree; reload to stay exact.
    if (body.parent_id !== undefined) await load()
    return u
  }

  async function remove(u: Unit): Promise<void> {
    await unitsApi.remove(u.id, u.version)
    units.value = units.value.filter((x) => x.id !== u.id)
  }

  return { units, tree, byId, options, activeOptions, loading, error, load, create, update, remove }
}
