import { watch } from 'vue'
import { createI18n } from 'vue-i18n'
import zhCN, { type MessageSchema } from './zh-CN'
import en from './en'

export type AppLocale = 'zh-CN' | 'en'
export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en']
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'procura.locale'

export const messages: Record<AppLocale, MessageSchema> = { 'zh-CN': zhCN, en }

export function isAppLocale(v: unknown): v is AppLocale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

/** The stored choice, or Chinese. */
export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): AppLocale {
  try {
    const v = storage?.getItem(LOCALE_STORAGE_KEY)
    return isAppLocale(v) ? v : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE
  }
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

/** Switches the language and remembers it (the document follows, see syncDocumentLanguage). */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // storage may be unavailable (private mode); the switch still applies
  }
}

/**
 * Keeps <html lang> on the interface language, from now on: screen readers
 * pronounce by it, and the stylesheet breaks English lines between words
 * only while Chinese breaks anywhere (styles/main.css).
 */
export function syncDocumentLanguage(doc: Document = document): void {
  watch(i18n.global.locale, (l) => (doc.documentElement.lang = l), { immediate: true, flush: 'sync' })
}

export function currentLocale(): AppLocale {
  return i18n.global.locale.value
}
