import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/main.css'
import App from './App.vue'
import { router } from './router'
import { i18n, syncDocumentLanguage } from './i18n'
import { connectSession } from './router/session'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
connectSession(router, useAuthStore(pinia))
app.use(router)
syncDocumentLanguage()
app.mount('#app')
