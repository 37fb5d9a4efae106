// A page with no framework and no TypeScript (test/consumers/apps/plain/): Dashboards for GcsSignedUrl (Startrail),
// S3PostPolicy (Leonardo) and IpfsPresign (NFT2, `verifyCid`), from the packed tarballs, bundled by esbuild with the
// flags a user would pass (`--bundle --format=esm --splitting`), served as static files on 127.0.0.1. In Chromium,
// files attached to the Dashboards upload through the mock's demo backend (/app/*) to its storage; the IPFS flow's
// on-demand chunks and its inlined CID worker must work as esbuild split them.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type MockServer, startMockServer } from '../../mock-server/src/index.ts'
import { CHROMIUM_LAUNCH } from '../chromium.ts'
import type { FreshApp, RunningServer } from './fresh-app.ts'
import { expectStored, pagePngs, plainPageApp, uploadThroughDashboards } from './plain-page.ts'

let mock: MockServer
let app: FreshApp
let site: RunningServer
let browser: Browser

beforeAll(async () => {
  mock = await startMockServer({ port: 0 })
  app = await plainPageApp('plain', {})
  site = await app.serve('serve', 'node', ['serve.js'], /page at (http:\S+)/)
  browser = await chromium.launch(CHROMIUM_LAUNCH)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await site?.stop()
  app?.remove()
  await mock?.close()
})

it('uploads through GcsSignedUrl, S3PostPolicy and IpfsPresign (CID verified in its worker) from an esbuild bundle', async () => {
  const built = readdirSync(join(app.dir, 'public/assets'))
  console.log(`esbuild wrote: ${built.join(', ')}`)
  expect(built).toContain('app.js')
  expect(built).toContain('app.css')

  const page = await browser.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const scripts: string[] = []
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(new URL(response.url()).pathname)
  })
  const workers: string[] = []
  page.on('worker', (worker) => workers.push(worker.url()))

  const started = performance.now()
  await page.goto(`${site.url}?backend=${encodeURIComponent(`${mock.url}/app`)}`)
  await page.waitForFunction(() => 'uploads' in globalThis)
  // The bundled Dashboard CSS is applied (it hides the file inputs behind the browse button).
  await expect
    .poll(() =>
      page
        .locator('#gcs input.uppy-Dashboard-input')
        .first()
        .evaluate((el) => getComputedStyle(el).opacity),
    )
    .toBe('0')
  const upFront = [...scripts]
  const files = pagePngs()
  const results = await uploadThroughDashboards(page, files)
  app.timings['upload in Chromium'] = Math.round(performance.now() - started)

  await expectStored(mock.url, results, files)
  expect(pageErrors).toEqual([])
  // The CID was computed in the worker the package inlines (a Blob URL), which esbuild left as it is.
  expect(workers.some((url) => url.startsWith('blob:'))).toBe(true)
  // verifyCid's code came in chunks loaded on demand, once a file was sent: esbuild split the package's import()s.
  const onDemand = scripts.slice(upFront.length).map((path) => path.replace('/assets/', ''))
  console.log(`loaded up front: ${upFront.join(', ')}; on demand: ${onDemand.join(', ')}`)
  for (const module of ['compute-cid', 'cid-worker.inline-worker', 'verify-cid']) {
    expect(onDemand.filter((name) => name.startsWith(`${module}-`))).toHaveLength(1)
    expect(upFront.some((path) => path.includes(`/${module}-`))).toBe(false)
  }
  expect(onDemand.every((name) => built.includes(name))).toBe(true)
  console.log('plain page timings (ms):', app.timings)
  await page.close()
})
