// The progress of a case or event import, for the progress bar.
import type { ImportJob, ImportStatus } from '@/api/types'

/** Whether the server is still working on the job (poll it). */
export function importActive(status: ImportStatus): boolean {
  return status === 'queued' || status === 'running'
}

/**
 * The percentage of rows done (0–100), or null while the file is not yet
 * counted (rows_total 0): the bar is then indeterminate. A finished job is 100.
 */
export function importPercent(job: Pick<ImportJob, 'status' | 'rows_total' | 'rows_ok' | 'rows_failed'>): number | null {
  if (job.status === 'done') return 100
  if (job.rows_total <= 0) return job.status === 'failed' || job.status === 'cancelled' ? 0 : null
  const done = job.rows_ok + job.rows_failed
  return Math.max(0, Math.min(100, Math.floor((done / job.rows_total) * 100)))
}

/** The progress bar's colour state. */
export function importBarStatus(job: Pick<ImportJob, 'status' | 'rows_failed'>): '' | 'success' | 'warning' | 'exception' {
  if (job.status === 'failed') return 'exception'
  if (job.status === 'cancelled') return 'warning'
  if (job.status !== 'done') return ''
  return job.rows_failed > 0 ? 'warning' : 'success'
}
