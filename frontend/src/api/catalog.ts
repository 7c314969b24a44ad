import { api } from './client'
import type {
  CalendarYear,
  CalendarYearRequest,
  CalendarStatus,
  Category,
  CategoryList,
  CategoryRequest,
  DateString,
  DeadlinePeriod,
  DeadlineResponse,
  DocPrefix,
  DocPrefixList,
  DocPrefixRequest,
} from './types'

export const catalogApi = {
  categories: () => api.get<CategoryList>('/categories'),
  putCategory: (code: string, body: CategoryRequest) => api.put<Category>(`/categories/${encodeURIComponent(code)}`, body),
  docPrefixes: () => api.get<DocPrefixList>('/doc-prefixes'),
  putDocPrefix: (type: string, body: DocPrefixRequest) => api.put<DocPrefix>(`/doc-prefixes/${encodeURIComponent(type)}`, body),
}

export const calendarApi = {
  year: (year: number) => api.get<CalendarYear>(`/calendar/${year}`),
  /** The loaded years and the years to load (this year, next year, years of open deadlines). */
  status: () => api.get<CalendarStatus>('/calendar/status'),
  putYear: (year: number, body: CalendarYearRequest) => api.put<CalendarYear>(`/calendar/${year}`, body),
  /** The statutory deadline from a date, on the holiday calendar: a period in months or in days (the other 0). */
  deadline: (from: DateString, period: DeadlinePeriod, signal?: AbortSignal) =>
    api.get<DeadlineResponse>('/calendar/deadline', {
      query: { from, months: period.months || undefined, days: period.days || undefined },
      signal,
    }),
}
