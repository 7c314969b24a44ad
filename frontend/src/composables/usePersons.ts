import { ref } from 'vue'
import { personsApi } from '@/api/hearings'
import type { Person } from '@/api/types'

/**
 * Search of the master name index by a name substring, for picking a
 * person already on record. Answers that arrive after a newer search are
 * dropped, so fast typing never shows stale results.
 */
export function usePersonSearch() {
  const items = ref<Person[]>([])
  const loading = ref(false)
  let latest = 0

  async function search(q: string): Promise<void> {
    const term = q.trim()
    const n = ++latest
    if (!term) {
      items.value = []
      return
    }
    loading.value = true
    try {
      const page = await personsApi.search(term)
      if (n === latest) items.value = page.items
    } finally {
      if (n === latest) loading.value = false
    }
  }

  return { items, loading, search }
}
