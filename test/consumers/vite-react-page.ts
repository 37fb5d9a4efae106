// Drives the Vite app's upload page (test/consumers/apps/vite-react/src/UploadPage.tsx) in Chromium as a person
// would: a file through each Dashboard's own file input, its Upload button, then what its results panel shows.
import type { Page } from 'playwright-core'

/** The page's uploaders, in page order, by their results panel's name. */
export const PANELS = ['IPFS uploads', 'Artwork uploads', 'Init image uploads'] as const

export interface PanelOutcome {
  panel: string
  /** The file's `data-status` once settled: `success` or `error`. */
  status: string | null
  /** What the panel says, for a failure's message. */
  text: string
  /** By `data-testid`: the CID, its check, the final URL, the image id … */
  shown: Record<string, string>
  /** `data-verified` of the CID check line, when there is one. */
  cidVerified: string | null
}

type PageFile = { name: string; mimeType: string; buffer: Buffer }

/** Uploads `file` through the `index`th uploader and waits until its file has settled. */
async function uploadThrough(page: Page, index: number, file: PageFile): Promise<PanelOutcome> {
  const panel = PANELS[index] as string
  const root = page.locator('.uppy-presign-uploader').nth(index)
  // The Dashboard's input for files (the other one is for folders).
  await root.locator('input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])').setInputFiles(file)
  await root.getByRole('button', { name: 'Upload 1 file' }).click()
  const results = page.getByRole('region', { name: panel })
  await results
    .locator('li[data-status="success"], li[data-status="error"]')
    .waitFor({ timeout: 30_000 })
    .catch(async (error: Error) => {
      const text = await results.innerText({ timeout: 1000 }).catch(() => '(no panel)')
      throw new Error(`${panel}: the file did not settle; the panel says:\n${text}\n${error.message}`)
    })
  return results.evaluate(
    (section, name) => ({
      panel: name,
      status: section.querySelector('li')?.getAttribute('data-status') ?? null,
      text: (section as HTMLElement).innerText,
      shown: Object.fromEntries(
        [...section.querySelectorAll('[data-testid]')].map((el) => [
          el.getAttribute('data-testid') as string,
          el.getAttribute('href') ?? el.textContent ?? '',
        ]),
      ),
      cidVerified: section.querySelector('[data-testid="cid-check"]')?.getAttribute('data-verified') ?? null,
    }),
    panel,
  )
}

/**
 * Uploads `file` through each uploader in turn: a panel grows as its file uploads, which would move the next
 * uploader's Upload button under a click in flight.
 */
export async function uploadThroughEach(page: Page, file: PageFile): Promise<PanelOutcome[]> {
  const outcomes: PanelOutcome[] = []
  for (const index of PANELS.keys()) outcomes.push(await uploadThrough(page, index, file))
  return outcomes
}

/** Per element of a results panel (its root first): the computed styles that a host page's CSS could leak into. */
export interface PanelStyles {
  element: string
  textAlign: string
  boxSizing: string
  fontFamily: string
  fontSize: string
  lineHeight: string
  letterSpacing: string
  display: string
}

/** The computed styles of a results panel's root and every element in it. */
export function panelStyles(page: Page, panel: string): Promise<PanelStyles[]> {
  return page.getByRole('region', { name: panel }).evaluate((root) =>
    [root, ...root.querySelectorAll('*')].map((element) => {
      const style = getComputedStyle(element)
      const testId = element.getAttribute('data-testid')
      const tag = element.tagName.toLowerCase() + (testId ? `[data-testid=${testId}]` : '')
      return {
        element: `${tag} .${element.getAttribute('class') ?? ''}`,
        textAlign: style.textAlign,
        boxSizing: style.boxSizing,
        fontFamily: style.fontFamily,
        fontSize: style.fontSize,
        lineHeight: style.lineHeight,
        letterSpacing: style.letterSpacing,
        display: style.display,
      }
    }),
  )
}
