import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { StoryTheme } from '../.storybook/preview.tsx'

/**
 * What the vendor-flow stories share: real images drawn in the page, attaching them as a person does, and the checks
 * that compare what the page shows with what the mock stored. Not a story file (no `.stories.`), so Storybook does not
 * index it.
 */

/** The toolbar's theme as the kit's `theme` prop takes it; anything unexpected falls back to light, as the page does. */
export const storyTheme = (globals: Record<string, unknown>): StoryTheme =>
  globals.theme === 'dark' ? 'dark' : 'light'

export interface DrawOptions {
  width?: number
  height?: number
  /** The gradient's two ends: give each file its own, so no two files of a story have the same bytes (or CID). */
  from?: string
  to?: string
  type?: 'image/png' | 'image/jpeg' | 'image/webp'
}

/**
 * A real image, drawn in the page: the Dashboard makes its thumbnail, the Leonardo adapter checks its magic bytes and
 * can scale it (`fitTo`), and the mock's generation can decode it — as with a person's photo.
 */
export async function drawnImage(name: string, options: DrawOptions = {}): Promise<File> {
  const { width = 64, height = 64, from = '#1269cf', to = '#f5b400', type = 'image/png' } = options
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2d canvas context')
  const gradient = context.createLinearGradient(0, 0, width, height)
  gradient.addColorStop(0, from)
  gradient.addColorStop(1, to)
  context.fillStyle = gradient
  context.fillRect(0, 0, width, height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type))
  if (!blob) throw new Error(`the canvas gave no ${type}`)
  return new File([blob], name, { type })
}

/**
 * Attaches files through the Dashboard's own `<input type=file>` (the files one, not the folder one beside it with
 * the same class), as its "browse files" link does, and waits until the Dashboard lists each of them.
 */
export async function attachFiles(canvasElement: HTMLElement, files: File[]): Promise<void> {
  // The Dashboard mounts in an effect (and some stories render it only once their setup call has answered).
  const input = await waitFor(
    () => {
      const found = canvasElement.querySelector<HTMLInputElement>(
        'input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])',
      )
      if (!found) throw new Error('the Dashboard rendered no file input')
      return found
    },
    { timeout: 10_000 },
  )
  await userEvent.upload(input, files)
  const dashboard = canvasElement.querySelector<HTMLElement>('.uppy-Dashboard')
  if (!dashboard) throw new Error('no .uppy-Dashboard around the input')
  // Retried, not checked once: the Dashboard fades a new item in, and on a busy machine the first look can land
  // before it is visible.
  for (const file of files) {
    await waitFor(() => expect(within(dashboard).getByText(file.name)).toBeVisible(), { timeout: 10_000 })
  }
}

/** Clicks the Dashboard's Upload button, named as a person reads it ("Upload 2 files"). */
export async function clickUpload(canvasElement: HTMLElement, count: number): Promise<void> {
  const name = `Upload ${count} ${count === 1 ? 'file' : 'files'}`
  await userEvent.click(within(canvasElement).getByRole('button', { name }))
}

/** The kit's results panel, by its accessible name: where a person looks for what came back. */
export const resultsPanel = (canvasElement: HTMLElement): HTMLElement =>
  within(canvasElement).getByRole('region', { name: 'Upload results' })

/** The results panel's row of one file (`<li data-file-id>`), found by the name it shows. */
export function resultRow(panel: HTMLElement, fileName: string): HTMLElement {
  const row = within(panel).getByText(fileName).closest<HTMLElement>('li[data-file-id]')
  if (!row) throw new Error(`the results panel has no row for ${fileName}`)
  return row
}

/**
 * Waits until every row of the results panel says Uploaded, and the Dashboard says Complete. Both, because the
 * Dashboard settles a moment after the last file (Uppy throttles its total progress): until then it still shows its
 * Cancel button, focused, and the a11y check that follows the play function would judge a half-finished screen.
 * The default timeout grows with the number of files (30 s, plus 200 ms a file); pass `timeout` to choose.
 */
export async function waitForUploaded(
  panel: HTMLElement,
  count: number,
  { timeout = 30_000 + 200 * count }: { timeout?: number } = {},
): Promise<void> {
  const started = Date.now()
  await waitFor(
    () => {
      const rows = panel.querySelectorAll('li[data-file-id]')
      expect(rows).toHaveLength(count)
      for (const row of rows) {
        // A failure would otherwise only show up as "still uploading": say what the panel said instead.
        const alert = row.querySelector('[role="alert"]')
        if (alert) throw new Error(`upload failed: ${alert.textContent}`)
        expect(row.getAttribute('data-status')).toBe('success')
      }
    },
    { timeout },
  )
  // The Dashboard of the same uploader (the kit wraps both in .uppy-presign-uploader), else the page's only one.
  const dashboard =
    panel.closest('.uppy-presign-uploader')?.querySelector<HTMLElement>('.uppy-Dashboard') ??
    panel.ownerDocument.querySelector<HTMLElement>('.uppy-Dashboard')
  if (!dashboard) throw new Error('no .uppy-Dashboard on the page')
  await waitFor(() => expect(within(dashboard).getByText('Complete')).toBeVisible(), {
    timeout: Math.max(10_000, timeout - (Date.now() - started)),
  })
}

/** The toolbar's theme reached the Dashboard and the results panel (the dark variants would prove nothing otherwise). */
export async function expectTheme(canvasElement: HTMLElement, globals: Record<string, unknown>): Promise<void> {
  const theme = storyTheme(globals)
  await expect(canvasElement.querySelector('.uppy-Dashboard')?.getAttribute('data-uppy-theme')).toBe(theme)
  await expect(resultsPanel(canvasElement).getAttribute('data-theme')).toBe(theme)
}

/** Lower-case hex SHA-256, the form `/__objects` gives, to compare bytes served with bytes sent. */
export async function sha256Hex(data: Blob | ArrayBuffer): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Waits until an `<img>` has really decoded (a broken image is `complete` too, with a natural width of 0). */
export async function expectImageLoaded(img: HTMLImageElement): Promise<void> {
  await waitFor(() => expect(img.complete && img.naturalWidth > 0).toBe(true), { timeout: 15_000 })
}
