import { ref } from 'vue'
import { suggestionsApi } from '@/api/suggestions'
import type { WorkResponse } from '@/api/types'

/** The home page's "my work": drafts, awaiting my approval, due within 7 days, overdue. */
export function useMyWork() {
  const work = ref<WorkResponse | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      work.value = await suggestionsApi.work()
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  return { work, loading, error, load }
}
