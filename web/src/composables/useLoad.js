// The loading of a page's data, written once: a spinner flag, the error
// (shown in the table's empty text or the page), a toast naming what failed
// (none on a 401: the login page follows), and a sequence number so that the
// answer of an older request (the user changed a filter meanwhile) is dropped.
import { ref } from 'vue'
import { ElMessage } from 'element-plus'

/**
 * what: the Chinese name of the data (「党员名册」 -> 「党员名册加载失败：…」);
 * fetch(...args): the request(s), resolving to the answer; show(answer):
 * puts a current answer on the page; empty(): clears it after a failure.
 * Returns { loading, error, load }; load(...args) passes args to fetch.
 */
export function useLoad(what, fetch, show, empty) {
  const loading = ref(false)
  const error = ref('')
  let seq = 0

  async function load(...args) {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const answer = await fetch(...args)
      if (mine === seq) show(answer)
    } catch (e) {
      if (mine !== seq) return
      if (empty) empty()
      error.value = e.message
      if (e.status !== 401) ElMessage.error(`${what}加载失败：${e.message}`)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  return { loading, error, load }
}
