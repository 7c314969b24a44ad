import { api } from './client'
import type {
  CalendarYear,
  Category,
  CategoryList,
  CategoryRequest,
  DateString,
  DeadlineResponse,
  DocPrefix,
  DocPrefixList,
  DocPrefixRequest,
} from './types'

/** A period for /calendar/deadline: months or days, never both. */
export type Period = { months: number; days?: never } | { days: number; months?: never }

export const catalogApi = {
  categories: () => api.get<CategoryList>('/categories'),
  putCategory: (code: string, body: CategoryRequest) => api.put<Category>(`/categories/${encodeURIComponent(code)}`, body),
  docPrefixes: () => api.get<DocPrefixList>('/doc-prefixes'),
  putDocPrefix: (type: string, body: DocPrefixRequest) => api.put<DocPrefix>(`/doc-prefixes/${encodeURIComponent(type)}`, body),
}

export const calendarApi = {
  year: (year: number) => api.get<CalendarYear>(`/calendar/${year}`),
  putYear: (year: number, body: CalendarYear) => api.put<CalendarYear>(`/calendar/${year}`, body),
  /** The statutory deadline from a date, on the holiday calendar. */
  deadline: (from: DateString, period: Period, signal?: AbortSignal) =>
    api.get<DeadlineResponse>('/calendar/deadline', { query: { from, months: period.months, days: period.days }, signal }),
}
