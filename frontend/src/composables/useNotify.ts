import { ElMessage, ElMessageBox } from 'element-plus'
import { i18n } from '@/i18n'
import { isApiError } from '@/api/client'
import { errorMessage } from '@/utils/errors'

/** Success and failure notices, and the reload offer on a 409. */
export function useNotify() {
  const t = i18n.global.t

  function success(message: string): void {
    ElMessage({ type: 'success', message, showClose: true })
  }

  function error(message: string): void {
    ElMessage({ type: 'error', message, showClose: true, duration: 6000 })
  }

  function failure(e: unknown): void {
    ElMessage({ type: 'error', message: errorMessage(e), showClose: true, duration: 6000 })
  }

  /**
   * Reports a failed mutation. A version conflict offers to reload the
   * latest data (calling `reload`); other 409s and errors are shown as they are.
   */
  async function mutationFailed(e: unknown, reload: () => unknown): Promise<void> {
    if (isApiError(e) && e.status === 409 && e.code === 'version_conflict') {
      try {
        await ElMessageBox.confirm(errorMessage(e), t('errors.conflictTitle'), {
          type: 'warning',
          confirmButtonText: t('errors.reloadNow'),
          cancelButtonText: t('common.cancel'),
        })
        await reload()
      } catch {
        // dismissed
      }
      return
    }
    if (isApiError(e) && e.status === 409) {
      await ElMessageBox.alert(errorMessage(e), t('errors.title'), { type: 'warning', confirmButtonText: t('common.ok') }).catch(
        () => undefined,
      )
      return
    }
    failure(e)
  }

  /** Asks for confirmation; resolves true when confirmed. */
  async function confirm(message: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, t('common.confirmTitle'), {
        type: 'warning',
        confirmButtonText: t('common.ok'),
        cancelButtonText: t('common.cancel'),
      })
      return true
    } catch {
      return false
    }
  }

  return { success, error, failure, mutationFailed, confirm }
}
