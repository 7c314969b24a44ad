// Chart data as CSV (with a byte-order mark, so that Excel reads the Chinese).

type Cell = string | number | null | undefined

function field(v: Cell): string {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The rows as CSV text, CRLF line ends, with a leading BOM. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n'
}
