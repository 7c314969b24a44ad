import { computed, shallowRef, watch } from 'vue'
import { i18n } from '@/i18n'
import { isApiError, type ApiError } from '@/api/client'
import { fieldErrors } from '@/utils/errors'

/**
 * Server-side field errors for one form, shown next to each field. They
 * follow a language switch, since the server sends both languages. Forms
 * use it through useSubmit, which sends the request and fills it.
 */
export function useFormErrors() {
  const failure = shallowRef<ApiError | null>(null)
  const cleared = shallowRef<ReadonlySet<string>>(new Set())

  const errors = computed<Record<string, string>>(() => {
    const all = fieldErrors(failure.value, i18n.global.locale.value)
    return Object.fromEntries(Object.entries(all).filter(([field]) => !cleared.value.has(field)))
  })

  /** Takes the field errors of a failed request; true when there were any. */
  function take(e: unknown): boolean {
    failure.value = isApiError(e) ? e : null
    cleared.value = new Set()
    return Object.keys(errors.value).length > 0
  }

  /** Forgets all errors, or those of one field (e.g. once the user edits it). */
  function clear(field?: string): void {
    if (field === undefined) {
      failure.value = null
      cleared.value = new Set()
    } else {
      cleared.value = new Set([...cleared.value, field])
    }
  }

  /** The error for a field, for `<el-form-item :error>`. */
  function errorFor(field: string): string {
    return errors.value[field] ?? ''
  }

  /** Drops a field's server error as soon as the user changes that field. */
  function clearOnChange(form: object): void {
    watch(
      () => ({ ...form }) as Record<string, unknown>,
      (now, before) => {
        for (const key of Object.keys(now)) if (now[key] !== before[key]) clear(key)
      },
    )
  }

  return { errors, take, clear, errorFor, clearOnChange }
}
