// family.js - what the member form's sections share: the family rows (one
// row of the form, and the list as the API takes it) and which organisations
// a member may belong to.

export const RELATIONS = ['配偶', '儿子', '女儿', '儿媳', '女婿', '孙子', '孙女', '外孙', '外孙女', '父亲', '母亲', '兄弟', '姐妹', '其他']

/** An API family member (or nothing) -> a row of the form's table. */
export function familyRow(f = {}) {
  return { name: f.name || '', relation: f.relation || '', birth_year: f.birth_year || null, occupation: f.occupation || '' }
}

/** The table's rows -> the API's list: empty rows dropped, text trimmed. */
export function cleanFamily(list) {
  return list
    .filter((f) => f.name.trim() || f.relation.trim() || f.birth_year || f.occupation.trim())
    .map((f) => {
      const row = { name: f.name.trim(), relation: f.relation.trim() }
      if (f.birth_year) row.birth_year = Number(f.birth_year)
      if (f.occupation.trim()) row.occupation = f.occupation.trim()
      return row
    })
}

/** Members belong to a branch or a general branch only. */
export const notBranch = (org) => org.kind !== 'branch' && org.kind !== 'general_branch'
