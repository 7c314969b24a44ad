import { ref, shallowRef } from 'vue'
import { i18n } from '@/i18n'
import { errorMessage, fieldErrors } from '@/utils/errors'
import { useFormErrors } from './useFormErrors'
import { useNotify } from './useNotify'

/** How a form reports a failure that its fields do not show. */
export interface SubmitOptions {
  /**
   * Reloads what the form was opened on. With it, a 409 is a conflict to
   * resolve: a version conflict offers this reload, another 409 (an illegal
   * transition, a locked field) is shown in an alert. Without it, every
   * failure is a notice.
   */
  reload?: () => unknown
  /** Runs first when a failure is not shown by the fields, e.g. to close the dialog. */
  onFailure?: (e: unknown) => void
  /**
   * Reports such a failure in place of the notice or the reload offer;
   * `false` leaves it to the page, which shows `failure`.
   */
  report?: ((e: unknown) => unknown) | false
  /** A notice when field errors are shown, for a long form whose marked fields may be out of view. */
  invalidNotice?: () => string
}

/**
 * The messages of a failure that no input of a dialog shows: none when
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
 * Sends a form and shows what the server says about it: the field errors
 * of a refusal (422, or a 400 naming a field) next to the fields, in the
 * user's language and following a language switch; anything else as a
 * notice, or, given `reload`, as a conflict to resolve (409). One request
 * at a time per form: `saving` is true while it runs.
 */
export function useSubmit(options: SubmitOptions = {}) {
  const fields = useFormErrors()
  const notify = useNotify()
  const saving = ref(false)
  /** The last failure the fields do not show (a conflict, a network error…). */
  const failure = shallowRef<unknown>(null)
  /** The last failure, whatever showed it. */
  const last = shallowRef<unknown>(null)

  /** Forgets every error, e.g. when the form opens again. */
  function reset(): void {
    fields.clear()
    failure.value = null
    last.value = null
  }

  async function report(e: unknown): Promise<void> {
    options.onFailure?.(e)
    if (options.report === false) return
    if (options.report) await options.report(e)
    else if (options.reload) await notify.mutationFailed(e, options.reload)
    else notify.failure(e)
  }

  /** Runs the request: its result when it succeeded, null when its errors are now shown. */
  async function send<T>(request: () => Promise<T>): Promise<{ value: T } | null> {
    saving.value = true
    reset()
    try {
      return { value: await request() }
    } catch (e) {
      last.value = e
      if (fields.take(e)) {
        if (options.invalidNotice) notify.error(options.invalidNotice())
      } else {
        failure.value = e
        await report(e)
      }
      return null
    } finally {
      saving.value = false
    }
  }

  /**
   * The field errors that no input of the form shows (for FormDialog's
   * general errors), each as "label: message"; `label` names a field
   * (its own name by default; '' for the message alone).
   */
  function otherErrors(shown: (field: string) => boolean, label: (field: string) => string = (f) => f): string[] {
    const t = i18n.global.t
    return Object.entries(fields.errors.value)
      .filter(([f]) => !shown(f))
      .map(([f, m]) => {
        const name = label(f)
        return name ? t('common.labelValue', { label: name, value: m }) : m
      })
  }

  /** For a dialog that shows every failure itself (`report: false`): what its inputs `shown` do not. */
  function unshown(shown: Iterable<string>): string[] {
    return unshownErrors(last.value, new Set(shown), i18n.global.locale.value)
  }

  const { errors, errorFor, clear, clearOnChange } = fields
  return { errors, errorFor, clear, clearOnChange, saving, failure, reset, send, otherErrors, unshown }
}
