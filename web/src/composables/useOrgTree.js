// The organisations a page offers in its OrgTreeSelect: the flat list (for
// look-ups by id) and the tree built from it, kept in step in one place.
import { computed, ref } from 'vue'
import { loadOrgs } from '../session.js'
import { buildOrgTree } from '../util.js'

/** { orgs, orgTree, loadOrgTree }: set orgs (or call loadOrgTree) and the tree follows. */
export function useOrgTree() {
  const orgs = ref([])
  const orgTree = computed(() => buildOrgTree(orgs.value))
  /** Fetches the list (cached by the session); errors go to the caller. */
  async function loadOrgTree() {
    orgs.value = await loadOrgs()
    return orgs.value
  }
  return { orgs, orgTree, loadOrgTree }
}
