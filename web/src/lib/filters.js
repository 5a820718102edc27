// filters.js - how many of a list's filters are in force (FilterPanel's
// count on a phone): the fields of the page's filters object that are not
// empty ('', null, undefined, false, []) nor the value given in `idle` for
// them (a radio group's 全部).

/** The number of fields of `filters` in force. */
export function activeFilters(filters, idle = {}) {
  let n = 0
  for (const [k, v] of Object.entries(filters)) {
    if (v === '' || v === null || v === undefined || v === false) continue
    if (Array.isArray(v) && !v.length) continue
    if (k in idle && idle[k] === v) continue
    n++
  }
  return n
}
