// Ctrl+Enter (⌘+Enter on a Mac) submits a form; plain Enter never does, so
// a multi-line field keeps its newlines.  Bind the handler on the form's
// wrapper: <div @keydown="onKeydown">.
export function useCtrlEnter(submit) {
  return (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      submit()
    }
  }
}
