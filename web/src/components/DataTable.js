// DataTable.js - <bf-table>: an el-table on a desktop, a list of cards on a
// phone, both from the same <el-table-column> definitions.  A page writes its
// table once, as for el-table (every el-table attribute and event passes
// through); on a phone (composables/useViewport.js) each row becomes a card
// holding one "label: value" line per column, drawn by the column's own slot,
// formatter or prop, and the action column (fixed="right" or labelled 操作)
// becomes the card's footer.  Selection columns become a checkbox on the
// card, with the same selection-change event and the toggleRowSelection /
// clearSelection / getSelectionRows methods.  Two column attributes steer
// the layout:
//   hide-below="1400"  the desktop table drops the column when the window is
//                      narrower (a secondary column, rather than a table that
//                      scrolls sideways at 1280 px)
//   card-hide          the phone's card leaves the column out
//   card-title         the phone's card shows the column as its heading
// Pass :cards="false" for a table that must stay a table on a phone (it then
// scrolls inside itself).
import { Comment, Fragment, computed, defineComponent, h, ref, watch } from 'vue'
import { ElCheckbox, ElTable } from 'element-plus'
import { useViewport } from '../composables/useViewport.js'

function attr(props, name) {
  if (!props) return undefined
  if (name in props) return props[name]
  const camel = name.replace(/-(\w)/g, (_, c) => c.toUpperCase())
  return props[camel]
}

const isColumn = (n) => n && n.type && n.type.name === 'ElTableColumn'

// The el-table-column vnodes among a slot's output (v-if and v-for leave
// fragments and comments around them).
function columnsOf(nodes, out = []) {
  for (const n of nodes || []) {
    if (Array.isArray(n)) columnsOf(n, out)
    else if (!n || n.type === Comment) continue
    else if (n.type === Fragment) columnsOf(n.children, out)
    else if (isColumn(n)) out.push(n)
  }
  return out
}

function flag(v) {
  return v !== undefined && v !== false && v !== 'false'
}

function pathValue(row, path) {
  if (!path) return undefined
  return String(path)
    .split('.')
    .reduce((o, k) => (o == null ? o : o[k]), row)
}

// A column group (el-table-column holding columns) gives its children.
function groupChildren(slot) {
  try {
    const inner = columnsOf(slot({ row: {}, column: {}, $index: -1 }))
    return inner.length ? inner : null
  } catch {
    return null
  }
}

// What a card needs of a column vnode.
function describe(vnode, prefix = '') {
  const p = vnode.props || {}
  const slots = vnode.children && typeof vnode.children === 'object' ? vnode.children : {}
  const label = attr(p, 'label') || ''
  if (slots.default && !attr(p, 'prop') && !attr(p, 'type')) {
    const inner = groupChildren(slots.default)
    if (inner) return inner.flatMap((c) => describe(c, prefix + label + ' '))
  }
  return [
    {
      label: prefix + label,
      prop: attr(p, 'prop') || attr(p, 'property'),
      type: attr(p, 'type'),
      index: attr(p, 'index'),
      selectable: attr(p, 'selectable'),
      formatter: attr(p, 'formatter'),
      actions: attr(p, 'fixed') === 'right' || label === '操作',
      hidden: flag(attr(p, 'card-hide')),
      title: flag(attr(p, 'card-title')),
      slot: slots.default,
      header: slots.header,
    },
  ]
}

export default defineComponent({
  name: 'BfTable',
  inheritAttrs: false,
  props: {
    data: { type: Array, default: () => [] },
    rowClassName: { type: [String, Function], default: undefined },
    emptyText: { type: String, default: undefined },
    cards: { type: Boolean, default: true },
  },
  setup(props, { attrs, slots, expose }) {
    const { viewport, isMobile } = useViewport()
    const table = ref()
    const picked = ref([])
    const asCards = computed(() => props.cards && isMobile.value)

    watch(
      () => props.data,
      () => {
        if (asCards.value && picked.value.length) setPicked([])
      },
    )

    function setPicked(rows) {
      picked.value = rows
      const on = attrs.onSelectionChange || attrs['onSelection-change']
      if (on) on(rows.slice())
    }

    expose({
      toggleRowSelection(row, selected) {
        if (!asCards.value) return table.value && table.value.toggleRowSelection(row, selected)
        const has = picked.value.includes(row)
        const want = selected === undefined ? !has : !!selected
        if (want !== has) toggle(row, want)
      },
      clearSelection() {
        if (!asCards.value) return table.value && table.value.clearSelection()
        if (picked.value.length) setPicked([])
      },
      getSelectionRows() {
        return asCards.value ? picked.value.slice() : table.value ? table.value.getSelectionRows() : []
      },
      doLayout() {
        return table.value && table.value.doLayout()
      },
    })

    function desktopColumns() {
      const all = columnsOf(slots.default ? slots.default() : [])
      return all.filter((c) => {
        const below = Number(attr(c.props, 'hide-below'))
        return !below || viewport.width >= below
      })
    }

    function rowClass(row, i) {
      const c = props.rowClassName
      return typeof c === 'function' ? c({ row, rowIndex: i }) : c || ''
    }

    function cell(col, row, i) {
      if (col.type === 'index') return typeof col.index === 'function' ? col.index(i) : i + 1
      const column = { label: col.label, property: col.prop, no: i }
      if (col.slot) return col.slot({ row, column, $index: i })
      const value = pathValue(row, col.prop)
      if (col.formatter) return col.formatter(row, column, value, i)
      return value == null ? '' : String(value)
    }

    function label(col) {
      if (col.label) return col.label
      return col.header ? col.header({ column: {}, $index: -1 }) : ''
    }

    function checkbox(sel, row, i) {
      const ok = !sel.selectable || sel.selectable(row, i)
      return h(ElCheckbox, {
        class: 'bf-card-check',
        modelValue: picked.value.includes(row),
        disabled: !ok,
        'aria-label': '选择',
        onClick: (e) => e.stopPropagation(),
        'onUpdate:modelValue': (v) => toggle(row, v),
      })
    }

    function toggle(row, v) {
      setPicked(v ? props.data.filter((r) => r === row || picked.value.includes(r)) : picked.value.filter((r) => r !== row))
    }

    function card(cols, row, i) {
      const sel = cols.find((c) => c.type === 'selection')
      const title = cols.find((c) => c.title)
      const fields = cols.filter((c) => !c.actions && !c.hidden && !c.title && c.type !== 'selection' && c.type !== 'expand')
      const actions = cols.filter((c) => c.actions && !c.hidden)
      const onClick = attrs.onRowClick || attrs['onRow-click']
      const head = sel || title ? h('div', { class: 'bf-card-head' }, [sel && checkbox(sel, row, i), title && h('div', { class: 'bf-card-title' }, cell(title, row, i))]) : null
      return h('div', { class: ['bf-card', rowClass(row, i)], key: attrKey(row, i), onClick: onClick ? (e) => onClick(row, null, e) : undefined }, [
        head,
        ...fields.map((c) =>
          h('div', { class: 'bf-card-field' }, [h('div', { class: 'bf-card-label' }, label(c)), h('div', { class: 'bf-card-value' }, cell(c, row, i))]),
        ),
        actions.length ? h('div', { class: 'bf-card-actions' }, actions.map((c) => cell(c, row, i))) : null,
      ])
    }

    function attrKey(row, i) {
      const k = attrs['row-key'] || attrs.rowKey
      if (typeof k === 'function') return k(row)
      return k ? pathValue(row, k) : i
    }

    function passOn() {
      const out = {}
      for (const [k, v] of Object.entries(attrs)) if (k === 'class' || k === 'style' || k === 'id' || k.startsWith('data-')) out[k] = v
      return out
    }

    return () => {
      if (!asCards.value) {
        return h(
          ElTable,
          { ...attrs, ref: table, data: props.data, rowClassName: props.rowClassName, emptyText: props.emptyText },
          { ...slots, default: desktopColumns },
        )
      }
      const cols = columnsOf(slots.default ? slots.default() : []).flatMap((c) => describe(c))
      const rows = props.data || []
      const base = passOn()
      return h('div', { ...base, class: ['bf-cards', base.class] }, [
        rows.length ? rows.map((row, i) => card(cols, row, i)) : h('div', { class: 'bf-cards-empty' }, slots.empty ? slots.empty() : props.emptyText || '暂无数据'),
        slots.append ? slots.append() : null,
      ])
    }
  },
})
