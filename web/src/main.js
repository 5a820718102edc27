// main.js - starts the console: Element Plus in Chinese, the router, and the
// rule that any 401 from the server sends the user back to the login page.
import { createApp } from 'vue'
import ElementPlus, { ElMessage } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles/main.css'
import App from './App.vue'
import router from './router.js'
import { onUnauthorized } from './api.js'
import { forget } from './session.js'

let redirecting = false
onUnauthorized(() => {
  if (redirecting) return
  redirecting = true
  forget()
  ElMessage.warning({ message: '登录已过期，请重新登录', grouping: true })
  const here = router.currentRoute.value
  router
    .replace({ name: 'login', query: here.name && here.name !== 'login' ? { redirect: here.fullPath } : {} })
    .finally(() => {
      redirecting = false
    })
})

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app')
