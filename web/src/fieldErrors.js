// fieldErrors.js - shows a server error where it belongs.  The server is the
// authority on validation: a 400/409 naming `error.field` is shown at that
// form item (el-form-item :error="errors.<field>", found by data-field) and
// scrolled into view; anything else becomes a toast.
import { nextTick, reactive } from 'vue'
import { ElMessage } from 'element-plus'

export function useFieldErrors() {
  const errors = reactive({})

  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }

  /** Field names like "family[2].name" or "family.2.name" belong to "family". */
  function normalise(field) {
    return String(field).split(/[.[]/)[0]
  }

  /**
   * Shows e at its field when root (an element) has [data-field=<field>];
   * else as an ElMessage.  Returns true when shown at a field.
   */
  async function show(e, root) {
    clear()
    await nextTick() // let el-form-item see '' first, so the same message shows again
    if ((e.status === 400 || e.status === 409) && e.field) {
      const candidates = [e.field, normalise(e.field)]
      for (const f of candidates) {
        const el = (root || document).querySelector(`[data-field="${CSS.escape(f)}"]`)
        if (!el) continue
        errors[f] = e.message
        if (f !== e.field) errors[e.field] = e.message // lets a table mark the one cell
        await nextTick()
        // A row field (family[2].name) focuses its own cell when it has one.
        const sub = f !== e.field && el.querySelector(`[data-subfield="${CSS.escape(e.field)}"]`)
        const target = sub || el
        target.scrollIntoView({ block: 'center', behavior: 'smooth' })
        const input = target.matches('input, textarea') ? target : target.querySelector('input:not([type=hidden]), textarea')
        if (input) input.focus({ preventScroll: true })
        return true
      }
    }
    ElMessage.error({ message: e.message, grouping: true })
    return false
  }

  return { errors, clear, show }
}
