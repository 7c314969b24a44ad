import { ref } from 'vue'
import { storeToRefs } from 'pinia'
import { catalogApi } from '@/api/catalog'
import type { Category, CategoryRequest, DocPrefix } from '@/api/types'
import { useCatalogStore } from '@/stores/catalog'

/** The categories and 文号 prefixes administration. */
export function useCatalog() {
  const store = useCatalogStore()
  const { categories, prefixes } = storeToRefs(store)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      await store.reload()
    } finally {
      loading.value = false
    }
  }

  async function saveCategory(code: string, body: CategoryRequest): Promise<Category> {
    const saved = await catalogApi.putCategory(code, body)
    await store.reload()
    return saved
  }

  async function savePrefix(type: string, prefix: string): Promise<DocPrefix> {
    const saved = await catalogApi.putDocPrefix(type, { prefix })
    await store.reload()
    return saved
  }

  return { categories, prefixes, loading, load, saveCategory, savePrefix }
}
