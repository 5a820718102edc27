// main.js - starts the console: Element Plus in Chinese, the router, and the
// rule that any 401 from the server sends the user back to the login page
// (and a 403 password_change_required to the password change).
import { createApp } from 'vue'
import ElementPlus, { ElMessage } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles/main.css'
import App from './App.vue'
import router from './router.js'
import DataTable from './components/DataTable.js'
import { onPasswordDue, onUnauthorized } from './api.js'
import { forget, session } from './session.js'
import { loginQuery } from './lib/redirect.js'

let redirecting = false
onUnauthorized(() => {
  if (redirecting) return
  redirecting = true
  forget()
  ElMessage.warning({ message: '登录已过期，请重新登录', grouping: true })
  // back to the page the user was on (or was going to) once logged in again
  const here = router.currentRoute.value
  const pending = router.pendingTarget
  const from = pending ? pending.fullPath : here.name && here.name !== 'login' ? here.fullPath : '/'
  router
    .replace({ name: 'login', query: loginQuery(from, 'expired') })
    .finally(() => {
      redirecting = false
    })
})

// The server says the password must be changed first (an expiry that came
// while working): to the change page.
onPasswordDue(() => {
  if (!session.passwordDue) session.passwordDue = 'expired'
  if (router.currentRoute.value.name !== 'password-change') router.replace({ name: 'password-change' })
})

// <bf-table>: el-table on a desktop, cards on a phone (components/DataTable.js)
createApp(App).use(ElementPlus, { locale: zhCn }).use(router).component('BfTable', DataTable).mount('#app')
