// Types the UI needs that are not part of the API (the API's own types are
// in types.ts, generated from the server's OpenAPI document).
import type { ReportQuery } from './types'

/** A JSON value, as the audit trail stores a record's state before and after. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/** Whether v is a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A two-monthly report as a page shows it: year and period always chosen (the server would default them). */
export type ReportSelection = ReportQuery & { year: number; bimonth: number }
