import { getCurrentInstance, onBeforeUnmount, ref } from 'vue'
import { importsApi } from '@/api/cases'
import type { Id, ImportJob, ImportKind } from '@/api/types'
import { importActive } from '@/utils/importProgress'
import { useKeysetList } from './useKeysetList'

export const IMPORT_POLL_MS = 1000

/**
 * Case and event imports: upload a file, follow the job every second while
 * the server works on it, and the list of recent imports.
 */
export function useImports(pollMs = IMPORT_POLL_MS) {
  const job = ref<ImportJob | null>(null)
  const uploading = ref(false)
  const uploaded = ref(0)
  const recent = useKeysetList<object, ImportJob>({ initial: () => ({}), fetch: (_, cursor) => importsApi.list({ limit: 20, cursor }) })
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  function stop(): void {
    stopped = true
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function replaceInList(j: ImportJob): void {
    const i = recent.items.value.findIndex((x) => x.id === j.id)
    if (i >= 0) recent.items.value.splice(i, 1, j)
    else recent.items.value = [j, ...recent.items.value]
  }

  async function poll(id: Id): Promise<void> {
    timer = null
    if (stopped) return
    try {
      job.value = await importsApi.get(id)
      replaceInList(job.value)
    } catch {
      // A failed poll (network blip) is retried at the next tick.
    }
    if (!stopped && (job.value === null || importActive(job.value.status))) timer = setTimeout(() => void poll(id), pollMs)
  }

  /** Follows a job until it is done or failed. */
  function follow(j: ImportJob): void {
    stop()
    stopped = false
    job.value = j
    replaceInList(j)
    if (importActive(j.status)) timer = setTimeout(() => void poll(j.id), pollMs)
  }

  async function start(kind: ImportKind, file: File): Promise<ImportJob> {
    uploading.value = true
    uploaded.value = 0
    try {
      const j = await importsApi.start(kind, file, { onProgress: (f) => (uploaded.value = f) })
      follow(j)
      return j
    } finally {
      uploading.value = false
    }
  }

  /** Cancels a queued or running job and shows it as the server left it. */
  async function cancel(id: Id): Promise<ImportJob> {
    const j = await importsApi.cancel(id)
    if (job.value === null || job.value.id === id) follow(j)
    else replaceInList(j)
    return j
  }

  const loadRecent = () => recent.search()

  if (getCurrentInstance()) onBeforeUnmount(stop)

  return { job, uploading, uploaded, recent, loadRecent, start, follow, stop, cancel }
}
