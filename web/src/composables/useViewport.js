// useViewport.js - the console's one breakpoint: below 768 px wide the
// console is on a phone (the menu folds into a drawer, tables turn into cards,
// dialogs go full width, forms put labels on top).  The width itself is
// there too, for tables that drop secondary columns on narrow desktops
// (DataTable's hide-below).  One listener for the whole console.
import { computed, reactive } from 'vue'

export const PHONE_MAX = 767

const viewport = reactive({ width: typeof window === 'undefined' ? 1280 : window.innerWidth })

if (typeof window !== 'undefined') {
  let pending = false
  window.addEventListener('resize', () => {
    if (pending) return
    pending = true
    requestAnimationFrame(() => {
      pending = false
      viewport.width = window.innerWidth
    })
  })
}

const isMobile = computed(() => viewport.width <= PHONE_MAX)

/** { width, isMobile }: reactive, shared. */
export function useViewport() {
  return { viewport, isMobile }
}

/** A ref-like computed: true on a phone. */
export function useIsMobile() {
  return isMobile
}
