// Editing an indicator's numerator or denominator: a sum of quantities such
// as "cases_received + count:appeal - count:review" (the server parses and
// validates it; this only helps to write it).

export interface Insertion {
  text: string
  /** Where the caret goes afterwards. */
  caret: number
}

const OPERATOR = /[+\-*(]$/
const OPERATOR_AFTER = /^[+\-*)]/

/**
 * Puts a quantity code at the caret (replacing a selection), joining it to
 * the terms around it with " + " unless an operator is already there.
 */
export function insertQuantity(text: string, code: string, start = text.length, end = start): Insertion {
  const s = Math.max(0, Math.min(start, text.length))
  const e = Math.max(s, Math.min(end, text.length))
  const before = text.slice(0, s).replace(/\s+$/, '')
  const after = text.slice(e).replace(/^\s+/, '')
  const lead = before === '' ? '' : OPERATOR.test(before) ? `${before} ` : `${before} + `
  const trail = after === '' ? '' : OPERATOR_AFTER.test(after) ? ` ${after}` : ` + ${after}`
  return { text: lead + code + trail, caret: lead.length + code.length }
}

/** The quantity codes an expression names, in order, each once (numbers and operators left out). */
export function expressionQuantities(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?/g)) {
    if (!out.includes(m[0])) out.push(m[0])
  }
  return out
}

/** The codes an expression names that are not among the known quantities. */
export function unknownQuantities(text: string, known: Iterable<string>): string[] {
  const set = new Set(known)
  return expressionQuantities(text).filter((q) => !set.has(q))
}
