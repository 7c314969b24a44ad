import { ref, shallowRef } from 'vue'
import { reportsApi } from '@/api/analysis'
import type { BimonthlyReport, Id, ReportSnapshot, ReportSnapshotSummary } from '@/api/types'
import type { ReportSelection } from '@/api/ui-types'
import { saveBlob } from '@/utils/download'
import { useKeysetList } from './useKeysetList'

/** The file name of a report export when the server names none. */
export function reportFilename(q: ReportSelection, unitName: string): string {
  return `业务数据分析研判报告_${unitName || q.unit_id || ''}_${q.year}年第${q.bimonth}双月.xlsx`
}

/**
 * The two-month report (业务数据分析研判报告): the live report for a unit and
 * period, its Excel export, the summary paragraphs as edited before a
 * snapshot, and the snapshots that freeze them.
 */
export function useBimonthlyReport() {
  const report = shallowRef<BimonthlyReport | null>(null)
  /** The snapshot shown instead of the live report, if any. */
  const snapshot = shallowRef<ReportSnapshot | null>(null)
  const loading = ref(false)
  const exporting = ref(false)
  const saving = ref(false)
  /** The summary paragraphs as edited on the page, by indicator code, sent with the next snapshot. */
  const summaryEdits = ref<Record<string, string>>({})
  const snapshots = useKeysetList<{ unitId?: Id }, ReportSnapshotSummary>({
    initial: () => ({}),
    fetch: (f, cursor) => reportsApi.snapshots({ unit_id: f.unitId, limit: 20, cursor }),
  })

  /** The snapshots of a unit (or of every unit in scope). */
  function loadSnapshots(unitId: Id | undefined): Promise<void> {
    snapshots.setFilters({ unitId })
    return snapshots.search()
  }

  async function load(q: ReportSelection): Promise<void> {
    loading.value = true
    try {
      report.value = await reportsApi.bimonthly(q)
      snapshot.value = null
      summaryEdits.value = {}
    } finally {
      loading.value = false
    }
  }

  async function exportExcel(q: ReportSelection): Promise<string> {
    exporting.value = true
    try {
      const { blob, filename } = await reportsApi.export(q)
      const name = filename ?? reportFilename(q, report.value?.unit.name ?? '')
      saveBlob(blob, name)
      return name
    } finally {
      exporting.value = false
    }
  }

  function editSummary(code: string, text: string): void {
    summaryEdits.value = { ...summaryEdits.value, [code]: text }
  }

  /** The edited summaries that differ from the generated ones; a blank one keeps the generated text. */
  function changedSummaries(): Record<string, string> {
    const generated = new Map((report.value?.summaries ?? []).map((x) => [x.code, x.text]))
    return Object.fromEntries(
      Object.entries(summaryEdits.value).filter(([code, text]) => text.trim() !== '' && text.trim() !== generated.get(code)),
    )
  }

  async function saveSnapshot(q: ReportSelection & { unit_id: Id }): Promise<ReportSnapshot> {
    saving.value = true
    try {
      const summaries = changedSummaries()
      const s = await reportsApi.snapshot({
        unit_id: q.unit_id,
        year: q.year,
        bimonth: q.bimonth,
        ...(Object.keys(summaries).length > 0 ? { summaries } : {}),
      })
      await loadSnapshots(q.unit_id).catch(() => undefined)
      return s
    } finally {
      saving.value = false
    }
  }

  async function viewSnapshot(id: Id): Promise<void> {
    loading.value = true
    try {
      snapshot.value = await reportsApi.getSnapshot(id)
    } finally {
      loading.value = false
    }
  }

  function closeSnapshot(): void {
    snapshot.value = null
  }

  return {
    report,
    snapshot,
    loading,
    exporting,
    saving,
    snapshots,
    summaryEdits,
    loadSnapshots,
    load,
    exportExcel,
    editSummary,
    saveSnapshot,
    viewSnapshot,
    closeSnapshot,
  }
}
