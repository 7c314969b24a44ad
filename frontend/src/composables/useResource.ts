import { ref, type Ref } from 'vue'

/** One answer loaded on demand, with its loading and error state (the home page's boxes). */
export function useResource<T>(fetch: () => Promise<T>) {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      data.value = await fetch()
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  return { data, loading, error, load }
}
