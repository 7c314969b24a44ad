import { ref, shallowRef } from 'vue'
import { hearingsApi } from '@/api/hearings'
import type {
  DrawRequest,
  DrawResponse,
  Hearing,
  HearingRequest,
  HearingTransitionRequest,
  Id,
  OpinionRequest,
  ParticipantRequest,
  RecusalRequest,
} from '@/api/types'

/** One hearing: load it, and every change to it (each followed by the fresh state). */
export function useHearing() {
  const hearing = shallowRef<Hearing | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  function requireId(): Id {
    if (!hearing.value) throw new Error('no hearing loaded')
    return hearing.value.id
  }

  async function load(id: Id): Promise<Hearing> {
    loading.value = true
    error.value = null
    try {
      hearing.value = await hearingsApi.get(id)
      return hearing.value
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  const reload = () => load(requireId())

  async function create(body: HearingRequest): Promise<Hearing> {
    hearing.value = await hearingsApi.create(body)
    return hearing.value
  }

  /** Saves the changed fields with the version loaded (409 when someone else saved first). */
  async function update(body: HearingRequest): Promise<Hearing> {
    const current = hearing.value
    if (!current) throw new Error('no hearing loaded')
    hearing.value = await hearingsApi.update(current.id, { ...body, version: current.version })
    return hearing.value
  }

  async function transition(body: HearingTransitionRequest): Promise<Hearing> {
    const current = hearing.value
    if (!current) throw new Error('no hearing loaded')
    hearing.value = await hearingsApi.transition(current.id, { ...body, version: current.version })
    return hearing.value
  }

  async function draw(body: DrawRequest): Promise<DrawResponse> {
    return hearingsApi.draw(requireId(), body)
  }

  /** Seats the chosen drawn officers one by one, then reloads. */
  async function seatOfficers(officerIds: Id[]): Promise<Hearing> {
    const id = requireId()
    try {
      for (const officerId of officerIds) await hearingsApi.addParticipant(id, { officer_id: officerId, role: 'hearing_officer' })
    } finally {
      await reload()
    }
    return hearing.value as Hearing
  }

  async function addParticipant(body: ParticipantRequest): Promise<Hearing> {
    await hearingsApi.addParticipant(requireId(), body)
    return reload()
  }

  async function removeParticipant(pid: Id): Promise<Hearing> {
    await hearingsApi.removeParticipant(requireId(), pid)
    return reload()
  }

  async function recordOpinion(pid: Id, body: OpinionRequest): Promise<Hearing> {
    await hearingsApi.opinion(requireId(), pid, body)
    return reload()
  }

  async function recordRecusal(pid: Id, body: RecusalRequest): Promise<Hearing> {
    await hearingsApi.recusal(requireId(), pid, body)
    return reload()
  }

  return {
    hearing,
    loading,
    error,
    load,
    reload,
    create,
    update,
    transition,
    draw,
    seatOfficers,
    addParticipant,
    removeParticipant,
    recordOpinion,
    recordRecusal,
  }
}
