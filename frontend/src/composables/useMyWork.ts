import { suggestionsApi } from '@/api/suggestions'
import { useResource } from './useResource'

/** The home page's "my work": the caller's drafts (and the suggestion lists of GET /suggestions/work). */
export function useMyWork() {
  const r = useResource(() => suggestionsApi.work())
  return { work: r.data, loading: r.loading, error: r.error, load: r.load }
}
