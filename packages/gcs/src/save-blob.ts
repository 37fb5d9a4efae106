/**
 * FileSaver.js keeps the object URL of a save alive 40 s after the click: the browser reads it after `click()`
 * returns, and revoking it at once can cancel the save.
 */
const SAVE_URL_LIFETIME_MS = 40_000

/** The browser's save-file for bytes already in the page: a temporary `<a download>` of an object URL, clicked. */
export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  try {
    link.click()
  } finally {
    link.remove()
    setTimeout(() => URL.revokeObjectURL(href), SAVE_URL_LIFETIME_MS)
  }
}
