import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { catalogApi } from '@/api/catalog'
import type { Category, DocPrefix } from '@/api/types'

/**
 * The class-case categories and 文号 prefixes, loaded once per page load
 * (many pages name categories) and refreshed when an administrator edits them.
 */
export const useCatalogStore = defineStore('catalog', () => {
  const categories = ref<Category[]>([])
  const prefixes = ref<DocPrefix[]>([])
  let pending: Promise<void> | null = null
  const loaded = ref(false)

  const byCode = computed(() => new Map(categories.value.map((c) => [c.code, c])))
  const activeCategories = computed(() => categories.value.filter((c) => c.active))

  async function reload(): Promise<void> {
    const [cats, pre] = await Promise.all([catalogApi.categories(), catalogApi.docPrefixes()])
    categories.value = [...cats.items].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))
    prefixes.value = pre.items
    loaded.value = true
  }

  /** Loads once; concurrent callers share the request, a failure allows a retry. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= reload().finally(() => {
      pending = null
    })
    return pending
  }

  /** A category's name in the language, or its code when unknown. */
  function categoryName(code: string, locale: string): string {
    const c = byCode.value.get(code)
    if (!c) return code || '—'
    return locale.startsWith('zh') ? c.name_zh : c.name_en
  }

  return { categories, prefixes, loaded, byCode, activeCategories, reload, ensureLoaded, categoryName }
})
