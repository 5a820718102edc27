// 返回 on a detail or form page: back in the history when the page was
// reached from within the console (the list with its filters as they were),
// else the list route `name` (a link opened in a new tab, a reload).
import { useRouter } from 'vue-router'

export function useBack(name) {
  const router = useRouter()
  return () => (window.history.state && window.history.state.back ? router.back() : router.push({ name }))
}
