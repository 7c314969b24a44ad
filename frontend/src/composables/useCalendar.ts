import { computed, ref } from 'vue'
import { calendarApi } from '@/api/catalog'
import { kindsOf, nextKind, splitKinds, type DayKind } from '@/utils/calendarGrid'

/** One year of the holiday calendar, edited day by day and saved whole. */
export function useCalendar() {
  const year = ref(new Date().getFullYear())
  const days = ref(new Map<string, DayKind>())
  const saved = ref('')
  const loading = ref(false)
  const saving = ref(false)

  const snapshot = () => JSON.stringify(splitKinds(days.value))
  const dirty = computed(() => snapshot() !== saved.value)
  const counts = computed(() => {
    const { holidays, workdays } = splitKinds(days.value)
    return { holidays: holidays.length, workdays: workdays.length }
  })

  async function load(y: number = year.value): Promise<void> {
    loading.value = true
    try {
      const cal = await calendarApi.year(y)
      year.value = y
      days.value = kindsOf(cal.holidays, cal.workdays)
      saved.value = snapshot()
    } finally {
      loading.value = false
    }
  }

  function toggle(date: string): void {
    const next = nextKind(date, days.value.get(date) ?? null)
    const m = new Map(days.value)
    if (next === null) m.delete(date)
    else m.set(date, next)
    days.value = m
  }

  async function save(): Promise<void> {
    saving.value = true
    try {
      const cal = await calendarApi.putYear(year.value, splitKinds(days.value))
      days.value = kindsOf(cal.holidays, cal.workdays)
      saved.value = snapshot()
    } finally {
      saving.value = false
    }
  }

  return { year, days, dirty, counts, loading, saving, load, toggle, save }
}
