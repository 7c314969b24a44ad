import { ref, shallowRef } from 'vue'
import { suggestionsApi } from '@/api/suggestions'
import type {
  Attachment,
  FollowUpRequest,
  Id,
  ReplyRequest,
  Suggestion,
  SuggestionRequest,
  TransitionRequest,
  VerificationRequest,
} from '@/api/types'

/** One suggestion: load it, and every change to it (each answered with the fresh state). */
export function useSuggestion() {
  const suggestion = shallowRef<Suggestion | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  function requireId(): Id {
    if (!suggestion.value) throw new Error('no suggestion loaded')
    return suggestion.value.id
  }

  async function load(id: Id): Promise<Suggestion> {
    loading.value = true
    error.value = null
    try {
      suggestion.value = await suggestionsApi.get(id)
      return suggestion.value
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  const reload = () => load(requireId())

  async function create(body: SuggestionRequest): Promise<Suggestion> {
    suggestion.value = await suggestionsApi.create(body)
    return suggestion.value
  }

  /** Saves a draft with the version it was loaded at (409 version_conflict when stale). */
  async function update(body: SuggestionRequest): Promise<Suggestion> {
    const current = suggestion.value
    if (!current) throw new Error('no suggestion loaded')
    suggestion.value = await suggestionsApi.update(current.id, { ...body, version: current.version })
    return suggestion.value
  }

  /** Deletes the loaded draft (its author's, never issued). */
  async function remove(): Promise<void> {
    await suggestionsApi.remove(requireId())
    suggestion.value = null
  }

  /** Takes an action on the version it was chosen on (409 version_conflict when stale). */
  async function transition(req: TransitionRequest): Promise<Suggestion> {
    const current = suggestion.value
    if (!current) throw new Error('no suggestion loaded')
    suggestion.value = await suggestionsApi.transition(current.id, { ...req, version: current.version })
    return suggestion.value
  }

  // A record answers only itself; the suggestion is reloaded for its new state.
  async function addReply(body: ReplyRequest): Promise<void> {
    await suggestionsApi.addReply(requireId(), body)
    await reload()
  }

  async function addFollowUp(body: FollowUpRequest): Promise<void> {
    await suggestionsApi.addFollowUp(requireId(), body)
    await reload()
  }

  async function addVerification(body: VerificationRequest): Promise<void> {
    await suggestionsApi.addVerification(requireId(), body)
    await reload()
  }

  async function attach(file: File, onProgress?: (fraction: number) => void): Promise<Attachment> {
    const att = await suggestionsApi.attach(requireId(), file, { onProgress })
    await reload()
    return att
  }

  return { suggestion, loading, error, load, reload, create, update, remove, transition, addReply, addFollowUp, addVerification, attach }
}
