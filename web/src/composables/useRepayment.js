// Registering a repayment in a loan's or a recovery's drawer: amount in yuan
// (sent as fen), date (default today on the server) and method; the same form
// and checks for both, so that they answer the same way.
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { useFieldErrors } from '../fieldErrors.js'
import { yuanToFen } from '../lib/money.js'

/**
 * saving: the page's busy flag; post(body): sends the repayment and keeps the
 * answer; after(): what to do once it is registered (reload the list).
 * Returns { repayRef, rfe, rp, resetRepay, repay }.
 */
export function useRepayment(saving, post, after) {
  const repayRef = ref()
  const rfe = useFieldErrors()
  const rp = reactive({ amount: '', date: '', method: 'cash' })

  function resetRepay() {
    rfe.clear()
    Object.assign(rp, { amount: '', date: '', method: 'cash' })
  }

  async function repay() {
    if (saving.value) return
    const root = repayRef.value && repayRef.value.$el
    const fen = yuanToFen(rp.amount)
    if (!fen || Number.isNaN(fen) || fen <= 0) return rfe.show({ status: 400, field: 'amount_fen', message: '请填写还款金额（元）' }, root)
    saving.value = true
    try {
      await post({ amount_fen: fen, date: rp.date || undefined, method: rp.method })
      rp.amount = ''
      ElMessage.success('已登记还款')
      after()
    } catch (e) {
      rfe.show(e, root)
    } finally {
      saving.value = false
    }
  }

  return { repayRef, rfe, rp, resetRepay, repay }
}
