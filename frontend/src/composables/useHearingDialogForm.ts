import { computed, ref } from 'vue'
import { i18n } from '@/i18n'
import { errorMessage, fieldErrors } from '@/utils/errors'
import { useFormErrors } from './useFormErrors'

/**
 * The messages of a failure that no input of the dialog shows: none when
 * some shown field has an error (it says what to fix), else the messages
 * of the other fields, else the error's own message.
 */
export function unshownErrors(failure: unknown, shown: ReadonlySet<string>, locale: string): string[] {
  if (!failure) return []
  const all = fieldErrors(failure, locale)
  if (Object.keys(all).some((f) => shown.has(f))) return []
  const rest = Object.values(all)
  return rest.length > 0 ? rest : [errorMessage(failure, locale)]
}

/**
 * A dialog's saving state and errors: field errors next to the inputs
 * (`fe.errorFor`), the rest above the form (`general`, for FormDialog).
 * `shownFields` names the fields that have an input at the moment.
 */
export function useHearingDialogForm(shownFields: () => Iterable<string>) {
  const fe = useFormErrors()
  const saving = ref(false)
  const failure = ref<unknown>(null)
  const general = computed(() => unshownErrors(failure.value, new Set(shownFields()), i18n.global.locale.value))

  function reset(): void {
    fe.clear()
    failure.value = null
  }

  /** Runs the save: its result when it succeeded, null when its errors are now shown. */
  async function save<T>(fn: () => Promise<T>): Promise<{ value: T } | null> {
    saving.value = true
    failure.value = null
    try {
      return { value: await fn() }
    } catch (e) {
      failure.value = e
      fe.take(e)
      return null
    } finally {
      saving.value = false
    }
  }

  return { fe, saving, failure, general, reset, save }
}
