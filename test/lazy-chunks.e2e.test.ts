// What a failure does when the kit's on-demand chunks cannot be fetched (the page's own server gone too): in real
// Chromium, the failure-messages or recovery chunk request is made to fail, and the storage answers 503; or the CID
// worker's chunk, with verifyCid on.
// Every file must still end uploaded or in an error that names it, nothing is retried without a backoff, and Retry
// uploads it.
// The page is a production build, as an app ships it, so those chunks are the requests an app's page makes.

import { rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import sirv from 'sirv'
import { build } from 'vite'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MockObject } from '../mock-server/src/controls/answers.ts'
import { type MockServer, startMockServer } from '../mock-server/src/index.ts'
import { CHROMIUM_LAUNCH } from './chromium.ts'
import type { Outcome } from './pages/lazy-chunks/lazy-chunks-page.ts'

let mock: MockServer
let pageServer: ReturnType<typeof createServer>
let pageUrl: string
const outDir = join(tmpdir(), `uppy-presign-lazy-chunks-${process.pid}`)
let browser: Browser
let page: Page

const control = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(`${mock.url}${path}`, init)
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return (await response.json()) as T
}
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

beforeAll(async () => {
  mock = await startMockServer({ port: 0 })
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(import.meta.dirname, 'pages/lazy-chunks'),
    build: { outDir, emptyOutDir: true },
  })
  pageServer = createServer(sirv(outDir))
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve))
  pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`
  browser = await chromium.launch(CHROMIUM_LAUNCH)
})
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => pageServer?.close(resolve))
  await rm(outDir, { recursive: true, force: true })
  await mock?.close()
})
beforeEach(async () => {
  await control('/__reset', { method: 'POST' })
  page = await browser.newPage()
  await page.goto(pageUrl)
  await page.waitForFunction(() => 'start' in globalThis, undefined, { timeout: 60_000 })
  return () => page.close()
})

/** Makes every request for this module's chunk fail as a dropped network would, and counts them. */
async function unreachable(module: string): Promise<{ blocked: number }> {
  const seen = { blocked: 0 }
  await page.route(new RegExp(`/assets/${module}-[\\w-]+\\.js$`), (route) => {
    seen.blocked++
    return route.abort('internetdisconnected')
  })
  return seen
}

const start = (verifyCid = false) =>
  page.evaluate(
    ([api, verify]) =>
      (globalThis as unknown as { start(api: string, verifyCid: boolean): Promise<Outcome> }).start(api, verify),
    [mock.url, verifyCid] as const,
  )
const retry = () => page.evaluate(() => (globalThis as unknown as { retry(): Promise<Outcome> }).retry())

/** 503s from the storage, armed once more than `count` so that one PUT too many would show as a firing. */
async function storage503(count: number): Promise<() => Promise<number>> {
  const { id } = await control<{ id: number }>(
    '/__faults',
    json({ target: 's3-put', kind: 'status', status: 503, count: count + 1 }),
  )
  return async () =>
    (await control<Array<{ id: number; fired: number }>>('/__faults')).find((fault) => fault.id === id)?.fired ??
    count + 1
}

/** The page's plugin: the engine's default `retries`, so a retryable failure is sent this many times in all. */
const ATTEMPTS = 5

/** Once the network is back and the fault gone, Retry stores the file, once. */
async function retryUploads() {
  await page.unrouteAll()
  await fetch(`${mock.url}/__faults`, { method: 'DELETE' })
  const after = await retry()
  expect(after.errors).toEqual([])
  expect(after.cids).toHaveLength(1)
  expect(await control<MockObject[]>('/__objects')).toHaveLength(1)
}

describe('failures while the on-demand chunks cannot be fetched', () => {
  it('without the failure explanations: the file still fails with its name and the status, and Retry uploads it', async () => {
    const blocked = await unreachable('failure-messages')
    // A failure without its words is still retried as its status says (the backoff code is there): every attempt
    // fails here, so the file ends in the fallback error.
    const fired = await storage503(ATTEMPTS)
    const first = await start()
    expect(blocked.blocked).toBeGreaterThan(0)
    expect(first.cids).toEqual([])
    expect(first.errors).toHaveLength(1)
    expect(first.errors[0]?.message).toMatch(
      /^photo\.png: the request was refused \(status 503\); its explanation could not be loaded \(.+\)\.$/,
    )
    expect(first.errors[0]).toMatchObject({ kind: 'server', status: 503, retryable: true })
    // Retried with backoff as any 503, no more than `retries` times.
    expect(await fired()).toBe(ATTEMPTS)
    expect(await control<MockObject[]>('/__objects')).toEqual([])
    await retryUploads()
  })

  it('without the backoff code: the 503 is explained and reported instead of retried blind, and Retry uploads it', async () => {
    const blocked = await unreachable('recovery')
    const fired = await storage503(1)
    const first = await start()
    expect(blocked.blocked).toBeGreaterThan(0)
    expect(first.cids).toEqual([])
    expect(first.errors).toHaveLength(1)
    // The storage's own explanation (the chunk with the words loaded), not the fallback.
    expect(first.errors[0]?.message).toMatch(/^photo\.png: /)
    expect(first.errors[0]?.message).not.toMatch(/could not be loaded/)
    expect(first.errors[0]).toMatchObject({ status: 503, retryable: true })
    expect(await fired()).toBe(1)
    await retryUploads()
  })

  it('without the CID worker’s code: the upload succeeds with the gateway’s CID unverified, and the reason is the failed load', async () => {
    const blocked = await unreachable('cid-worker.inline-worker')
    const first = await start(true)
    expect(blocked.blocked).toBeGreaterThan(0)
    expect(first.errors).toEqual([])
    expect(first.cids).toHaveLength(1)
    // The browser's own words for the failed fetch, not a guess at a cause (no Content-Security-Policy here).
    expect(first.bodies[0]).toMatchObject({
      cid: first.cids[0],
      cidVerified: false,
      cidUnverifiedReason: expect.stringMatching(
        /^The file's CID could not be computed in the browser \(Failed to fetch dynamically imported module: .*cid-worker\.inline-worker.*\), so the gateway's CID is not checked\.$/,
      ),
    })
  })
})
