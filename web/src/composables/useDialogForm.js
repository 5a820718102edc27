// The small form dialogs (v-model open/closed): a blank form on every opening,
// client rules first, then the request; on success the dialog closes and says
// what came of it, on failure the server's message goes to its field.
import { reactive, ref } from 'vue'
import { useFieldErrors } from '../fieldErrors.js'

/**
 * emit: the dialog's emit (it declares update:modelValue); blank: () => the
 * empty form.  Returns { formRef, fe, saving, form, reset, submit }.
 */
export function useDialogForm(emit, blank) {
  const formRef = ref()
  const fe = useFieldErrors()
  const saving = ref(false)
  const form = reactive(blank())

  /** On opening: no old errors, the blank form (with `preset` over it). */
  function reset(preset) {
    fe.clear()
    Object.assign(form, blank(), preset)
    if (formRef.value) formRef.value.clearValidate()
  }

  /**
   * Validates, asks `confirm` (if given; false stops), then runs `send`, which
   * returns the event to emit after closing, as [name, ...args].
   */
  async function submit(send, confirm) {
    try {
      await formRef.value.validate()
    } catch {
      return
    }
    if (confirm && !(await confirm())) return
    saving.value = true
    try {
      const event = await send()
      emit('update:modelValue', false)
      emit(...event)
    } catch (e) {
      fe.show(e, formRef.value && formRef.value.$el)
    } finally {
      saving.value = false
    }
  }

  return { formRef, fe, saving, form, reset, submit }
}
