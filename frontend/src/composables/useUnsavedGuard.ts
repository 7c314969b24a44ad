import { onBeforeUnmount, onMounted, type Ref } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { i18n } from '@/i18n'
import { useNotify } from './useNotify'

/**
 * Warns before leaving a page with unsaved changes: inside the app with a
 * confirmation, on reload or tab close with the browser's own prompt.
 * `bypass` lets a page leave on purpose (e.g. right after saving).
 */
export function useUnsavedGuard(dirty: Ref<boolean>, bypass?: () => boolean) {
  const notify = useNotify()
  onBeforeRouteLeave(async () => {
    if (!dirty.value || bypass?.()) return true
    return notify.confirm(i18n.global.t('common.unsavedChanges'))
  })
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!dirty.value || bypass?.()) return
    e.preventDefault()
    e.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))
}
