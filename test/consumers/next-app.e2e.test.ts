// A Next.js 16 App Router app, as create-next-app makes it (TypeScript, default next.config), installs our packed
// tarballs and renders <IpfsUploader verifyCid> from a client component under a server-component page. It must build
// with both of Next's bundlers (Turbopack, the default, and webpack), server-render the uploader, and upload in real
// Chromium against the real mock, with the CID verified in the inline worker, under `next start` after each build and
// under `next dev` with each bundler. One install serves the four; every step is timed and the table printed.
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, relative } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { MockObject } from '../../mock-server/src/controls/answers.ts'
import { type MockServer, startMockServer } from '../../mock-server/src/index.ts'
import { CHROMIUM_LAUNCH } from '../chromium.ts'
import { bytesOf } from '../generated-bytes.ts'
import { type FreshApp, freshApp, type RunningServer } from './fresh-app.ts'

const APP_SOURCE = join(import.meta.dirname, 'apps/next')

/** The fixture's files, path → bytes: what create-next-app writes (favicon.ico included), with our page. */
function appFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {}
  for (const entry of readdirSync(APP_SOURCE, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name)
      files[relative(APP_SOURCE, path)] = readFileSync(path)
    }
  }
  return files
}

// Vitest sets NODE_ENV=test, which Next.js warns about and which changes what it builds: unset, as in a terminal.
const NEXT_ENV: NodeJS.ProcessEnv = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined }
// `next start` and `next dev` print the URL, then "Ready in …" once they answer.
const READY = /- Local:\s+(http:\/\/\S+)[\s\S]*Ready in/

let mock: MockServer
let app: FreshApp
let browser: Browser

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Times a step of the test's own (a fetch, an upload) into the same table as the app's commands. */
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    return await work()
  } finally {
    app.timings[step] = Math.round(performance.now() - started)
  }
}

/** The app's own `next`, as its package.json scripts run it. */
const nextBin = () => join(app.dir, 'node_modules/.bin/next')

async function serveNext(step: string, args: string[]): Promise<RunningServer> {
  const port = await freePort()
  return app.serve(step, nextBin(), [...args, '-H', '127.0.0.1', '-p', String(port)], READY, NEXT_ENV)
}

const pageUrl = (server: RunningServer) => `${server.url}/?mock=${encodeURIComponent(mock.url)}`

/** The HTML Next.js sends before any script runs: the uploader's own markup, rendered on the server. */
async function serverRenders(label: string, server: RunningServer) {
  const response = await timed(`${label}: GET / (server render)`, () => fetch(pageUrl(server)))
  expect(response.status).toBe(200)
  const html = await response.text()
  // Markup only the kit's <Uploader> and @uppy/react's Dashboard write: their modules ran in Node.
  expect(html).toContain('class="uppy-presign-uploader')
  expect(html).toContain('class="uppy-Container"')
  // Next.js answers 200 with an empty shell when a client component throws on the server; this marker says so.
  expect(html).not.toContain('BAILOUT_TO_CLIENT_SIDE_RENDERING')
  expect(server.output()).not.toMatch(/window is not defined|document is not defined|⨯/)
}

/** A person's upload in Chromium: the Dashboard's file input, Upload, then the verified CID the panel shows. */
async function uploadsWithVerifiedCid(label: string, server: RunningServer) {
  await fetch(`${mock.url}/__reset`, { method: 'POST' })
  const page = await browser.newPage()
  const pageErrors: string[] = []
  const workers: string[] = []
  page.on('worker', (worker) => workers.push(worker.url()))
  page.on('pageerror', (error) => pageErrors.push(error.message))
  // React's hydration mismatches and Next's dev overlay errors are console errors. Chromium's own "Failed to load
  // resource" line names no URL: failed requests are listed by the response listener below instead.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(message.text())
    }
  })
  page.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`${response.status()} ${response.url()}`)
  })
  try {
    await timed(`${label}: page load (Chromium)`, () => page.goto(pageUrl(server), { timeout: 120_000 }))
    await timed(`${label}: upload with verifyCid`, async () => {
      // The Dashboard mounts in an effect: its input exists once the page has hydrated.
      await page.locator('input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])').setInputFiles({
        name: 'cat.png',
        mimeType: 'image/png',
        buffer: Buffer.from(bytesOf(200_000, 7)),
      })
      await page.getByRole('button', { name: 'Upload 1 file' }).click()
      await page.getByTestId('cid').waitFor({ timeout: 60_000 })
    })
    const shown = await page.getByTestId('cid').textContent()
    // Verified: the inline worker computed the file's CID in the browser and it matched the bucket's.
    expect(await page.getByTestId('cid-check').getAttribute('data-verified')).toBe('true')
    // The CID worker, from the Blob URL the inline worker module makes (no worker file for the bundler to find).
    expect(workers).toEqual([expect.stringMatching(/^blob:/)])
    const stored = (await (await fetch(`${mock.url}/__objects`)).json()) as MockObject[]
    expect(stored).toHaveLength(1)
    expect(stored[0]?.cid).toBe(shown)
    expect(pageErrors).toEqual([])
  } finally {
    await page.close()
  }
}

beforeAll(async () => {
  const tarballs = inject('tarballs')
  mock = await startMockServer({ port: 0 })
  browser = await chromium.launch(CHROMIUM_LAUNCH)
  // What create-next-app installs (next, react, react-dom; typescript and the types as dev dependencies), then
  // Uppy's packages and ours, as the README says.
  app = await freshApp('next', {
    files: appFiles(),
    install: [
      'next@16.4.6',
      'react@19',
      'react-dom@19',
      '@uppy/core@6',
      '@uppy/dashboard@6',
      '@uppy/react@6',
      ...Object.entries(tarballs)
        .filter(([name]) => name !== '@uppy-presign/server')
        .map(([, tarball]) => tarball),
    ],
    installDev: ['typescript@5', '@types/node@20', '@types/react@19', '@types/react-dom@19'],
  })
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await mock?.close()
  if (app) {
    const rows = Object.entries(app.timings).map(([step, ms]) => `  ${step.padEnd(52)} ${(ms / 1000).toFixed(1)} s`)
    console.log(`Next.js consumer app, ${app.dir}:\n${rows.join('\n')}`)
    app.remove()
  }
})

describe('a Next.js 16 App Router app with @uppy-presign/react', () => {
  for (const bundler of ['Turbopack', 'webpack'] as const) {
    const flag = bundler === 'webpack' ? ['--webpack'] : []

    it(`next build (${bundler}) passes; next start server-renders the uploader and uploads with verifyCid`, async () => {
      const { output } = await app.run(`next build (${bundler})`, nextBin(), ['build', ...flag], NEXT_ENV)
      expect(output).toContain(`Next.js 16.4.6 (${bundler})`)
      // Not "Compiled with warnings": nothing in our dist makes either bundler complain.
      expect(output).toContain('Compiled successfully')
      const server = await serveNext(`next start (${bundler} build): ready`, ['start'])
      try {
        await serverRenders(`start/${bundler}`, server)
        await uploadsWithVerifiedCid(`start/${bundler}`, server)
      } finally {
        await server.stop()
      }
    }, 300_000)
  }

  for (const bundler of ['Turbopack', 'webpack'] as const) {
    const flag = bundler === 'webpack' ? ['--webpack'] : []

    it(`next dev (${bundler}) server-renders the uploader and uploads with verifyCid`, async () => {
      const server = await serveNext(`next dev (${bundler}): ready`, ['dev', ...flag])
      try {
        expect(server.output()).toContain(`Next.js 16.4.6 (${bundler})`)
        // The first request compiles the page: its time is part of the server render's.
        await serverRenders(`dev/${bundler}`, server)
        await uploadsWithVerifiedCid(`dev/${bundler}`, server)
      } finally {
        await server.stop()
      }
    }, 300_000)
  }
})
