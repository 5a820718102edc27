// Lists whose page and page size live in the URL query (so that back, reload and
// a shared link show the same page): reading them, and pushing a new query with
// the defaults left out so that the URLs stay short and stable.
import { computed, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'

const DEFAULT_SIZE = 20

/** { page, size, pushQuery, followQuery } for a list whose sizes are `sizes`. */
export function useQueryPage(sizes) {
  const route = useRoute()
  const router = useRouter()
  const page = computed(() => Math.max(1, parseInt(route.query.page, 10) || 1))
  const size = computed(() => {
    const s = parseInt(route.query.size, 10)
    return sizes.includes(s) ? s : DEFAULT_SIZE
  })
  /** router.push(to) with `query`, less page 1, size 20 and undefined keys. */
  function pushQuery(to, query) {
    if (query.page === 1) query.page = undefined
    if (query.size === DEFAULT_SIZE) query.size = undefined
    for (const k of Object.keys(query)) if (query[k] === undefined) delete query[k]
    return router.push({ ...to, query })
  }
  /** Runs onChange when the query changes while the page (routeName) is shown. */
  function followQuery(routeName, onChange) {
    watch(
      () => route.query,
      () => {
        if (route.name !== routeName) return
        onChange()
      },
    )
  }
  return { page, size, pushQuery, followQuery }
}
