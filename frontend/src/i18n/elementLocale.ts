// Element Plus and dayjs in the app's language, with weeks that start on
// Monday in both languages (as Chinese calendars do): the date pickers
// read the week start from the dayjs locale named by Element Plus's
// locale, el-calendar from dayjs's global locale.
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import 'dayjs/locale/en-gb'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import en from 'element-plus/es/locale/lang/en'
import type { Language } from 'element-plus/es/locale'

// British English: the words of en, the week of ISO 8601.
const enMonday: Language = { ...en, name: 'en-gb' }

/** Element Plus's locale for an app locale; its name is a dayjs locale whose week starts on Monday. */
export function elementLocale(appLocale: string): Language {
  return appLocale === 'en' ? enMonday : zhCn
}

/** Makes dayjs's global locale (used by el-calendar) follow the app's language. */
export function applyDayjsLocale(appLocale: string): void {
  dayjs.locale(elementLocale(appLocale).name)
}
