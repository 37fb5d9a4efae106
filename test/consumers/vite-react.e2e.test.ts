// A Vite + React + TypeScript app made as `npm create vite@latest my-app -- --template react-ts` makes it
// (apps/vite-react: create-vite 9.3.0's template as it writes it, plus the app's own UploadPage.tsx, one line in
// App.tsx rendering it, and tsconfig.strict.json), with our packages installed from their packed tarballs and the
// rest from the registry. One install, then: the app's own `npm run build`, a strict `tsc` that checks our .d.ts,
// and in Chromium, under `vite dev` and the built `vite preview`, an upload through each of the three uploaders to
// the mock server, and the results panel's own layout inside the template's centred page. Each step is timed and
// the times printed (reported only, never asserted).
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, relative } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { MockConfig, MockObject } from '../../mock-server/src/controls/answers.ts'
import { type MockServer, startMockServer } from '../../mock-server/src/index.ts'
import { CHROMIUM_LAUNCH } from '../chromium.ts'
import { type FreshApp, freshApp } from './fresh-app.ts'
import { PANELS, panelStyles, uploadThroughEach } from './vite-react-page.ts'

const APP = join(import.meta.dirname, 'apps/vite-react')
/** What the page imports of ours; the server package is for the app's backend, not this page. */
const OURS = ['vendors', 'core', 'ipfs', 'gcs', 's3-post', 'react'].map((name) => `@uppy-presign/${name}`)
/** Vite's own server output, without colours (CI=true turns them on), so the URL can be read from it. */
const PLAIN = { NO_COLOR: '1' }

/** The fixture folder as files, bytes as they are (the template has a PNG). */
function appFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {}
  for (const entry of readdirSync(APP, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      files[relative(APP, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name))
  }
  return files
}

/** A free loopback port for a Vite server (`--strictPort`: it fails rather than move elsewhere). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

let mock: MockServer
let app: FreshApp
let browser: Browser
/** Timed with the app's own steps, in the order run. */
const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now()
  try {
    return await work()
  } finally {
    app.timings[step] = Math.round(performance.now() - started)
  }
}

beforeAll(async () => {
  const tarballs = inject('tarballs')
  const packed = OURS.map((name) => {
    const path = tarballs[name]
    if (!path) throw new Error(`global set-up packed no ${name}`)
    return path
  })
  // All three settle before any failure is thrown, so afterAll closes whichever started.
  const started = await Promise.allSettled([
    startMockServer({ port: 0 }).then((server) => (mock = server)),
    chromium.launch(CHROMIUM_LAUNCH).then((launched) => (browser = launched)),
    freshApp('vite-react', {
      files: appFiles(),
      // The template's package.json brings React, Vite, TypeScript and the rest; the app adds Uppy and ours.
      install: [...packed, '@uppy/core@6', '@uppy/dashboard@6', '@uppy/react@6'],
    }).then((made) => (app = made)),
  ])
  for (const result of started) if (result.status === 'rejected') throw result.reason
}, 180_000)

afterAll(async () => {
  await browser?.close()
  app?.remove() // kills any server still running, with its process group
  await mock?.close()
  console.log('vite-react consumer app, each step:')
  console.table(Object.entries(app?.timings ?? {}).map(([step, ms]) => ({ step, ms })))
})

/** The template's hero image: a real PNG, which Leonardo's init image takes too. */
const PNG = { name: 'hero.png', mimeType: 'image/png', buffer: readFileSync(join(APP, 'src/assets/hero.png')) }

/** The panel's code font (upload-results.css). */
const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'

const control = async <T>(path: string): Promise<T> => (await (await fetch(`${mock.url}${path}`)).json()) as T

/** The page at `url`, uploads through its three uploaders, the storage checked; then its results panels' layout. */
async function uploadsAndLayout(mode: string, url: string) {
  await fetch(`${mock.url}/__reset`, { method: 'POST' })
  const page: Page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  const workers: string[] = []
  page.on('worker', (worker) => workers.push(worker.url()))
  // A page reloaded by Vite (e.g. after optimizing a dependency found late) would lose its files: say so.
  const navigations: string[] = []
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url())
  })
  try {
    await timed(`${mode}: page load`, async () => {
      await page.goto(`${url}?mock=${encodeURIComponent(mock.url)}`)
      // Rendered: the last uploader's Dashboard has its file input.
      await page
        .locator('.uppy-presign-uploader')
        .nth(PANELS.length - 1)
        .locator('input.uppy-Dashboard-input')
        .first()
        .waitFor({ state: 'attached' })
    })
    const outcomes = await timed(`${mode}: 3 uploads`, () => uploadThroughEach(page, PNG))
    const [ipfs, gcs, leonardo] = outcomes
    expect(navigations, 'loaded once, never reloaded').toHaveLength(1)
    for (const outcome of outcomes) expect(outcome.status, `${outcome.panel}:\n${outcome.text}`).toBe('success')
    const [stored, config] = await Promise.all([control<MockObject[]>('/__objects'), control<MockConfig>('/__config')])
    // One object per uploader, each the file's bytes.
    expect(stored).toHaveLength(3)
    expect(new Set(stored.map((o) => o.sha256)).size).toBe(1)
    // The CID the bucket computed, and the page's own Web Worker found the same in the file's bytes.
    expect(ipfs?.shown.cid).toBe(stored.find((o) => o.bucket === config.s3.buckets.ipfs)?.cid)
    expect(ipfs?.cidVerified, ipfs?.text).toBe('true')
    // Computed by the kit's inline CID worker (a Blob URL), which the app did not configure.
    expect(
      workers.some((url) => url.startsWith('blob:')),
      workers.join(),
    ).toBe(true)
    expect(gcs?.shown['final-url']).toMatch(new RegExp(`^${mock.url}/startrail/static-files/.+`))
    expect(leonardo?.shown['image-id']).toMatch(/^[\w-]+$/)
    expect(errors).toEqual([])

    // Inside the template's page (#root { text-align: center }, :root { font: 18px/145% system-ui; letter-spacing })
    // each panel keeps its own layout: its text start-aligned, every element border-box, in the panel's own font
    // (code in its monospace, inline), without the host's letter-spacing.
    for (const panel of PANELS) {
      const [root, ...inside] = await panelStyles(page, panel)
      expect(root?.fontFamily).toMatch(/^-apple-system, /)
      const leaks = [root, ...inside].flatMap((style) => {
        if (!style) return []
        const own = {
          // A button's label is centred by the browser's own stylesheet, as everywhere.
          textAlign: style.element.startsWith('button') ? 'center' : 'start',
          boxSizing: 'border-box',
          letterSpacing: 'normal',
          fontFamily: style.element.startsWith('code') ? MONO : root?.fontFamily,
          // The template's `code { display: inline-flex }` would make each CID and id a box of its own.
          ...(style.element.startsWith('code') ? { display: 'inline' } : {}),
        }
        const wrong = Object.entries(own).filter(([key, value]) => style[key as keyof typeof own] !== value)
        return wrong.length === 0 ? [] : [{ ...style, wrong: wrong.map(([key]) => key) }]
      })
      expect(leaks, `${mode}: ${panel}`).toEqual([])
    }
  } finally {
    await page.close()
  }
}

/** The app's `npm run <script>` on a free loopback port, its page checked, the server stopped. */
async function served(mode: string, script: 'dev' | 'preview') {
  const port = await freePort()
  const server = await app.serve(
    `${mode}: ready`,
    'npm',
    ['run', script, '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/,
    PLAIN,
  )
  try {
    await uploadsAndLayout(mode, server.url)
  } finally {
    await server.stop()
  }
}

describe('a Vite + React + TypeScript app (create-vite react-ts) using @uppy-presign/react', () => {
  it("the app's own `npm run build` (tsc -b && vite build) passes", async () => {
    await app.run('npm run build', 'npm', ['run', 'build'])
  })

  // tsconfig.strict.json: the template's options and the strictest ones, skipLibCheck off (so @uppy/core's .d.ts
  // needs one more lib: see there).
  it('a strict tsc passes, our .d.ts checked too (skipLibCheck off)', async () => {
    await app.run('tsc -p tsconfig.strict.json', 'npx', ['tsc', '-p', 'tsconfig.strict.json'])
  })

  it('under `vite dev` (no app config): three uploads, the CID verified, the panels laid out', async () => {
    await served('vite dev', 'dev')
  })

  it('under the built `vite preview`: the same', async () => {
    await served('vite preview', 'preview')
  })
})
