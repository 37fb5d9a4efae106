// A plain Node server app (test/consumers/apps/node-server/: `.js` under `"type": "module"`, no TypeScript, no
// loader) with @uppy-presign/server from its tarball, once on node:http and once on Express 5. Each mounts the presign
// proxies under /api with the mock's vendor base URLs and dev keys (from its environment) and serves the plain page
// (test/consumers/apps/plain/, bundled by esbuild in the same app), which uploads through its own server:
// Chromium → the app's proxy → the mock's vendor API → presigned URL → the mock's storage. No key reaches the page.
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MockConfig, MockStats } from '../../mock-server/src/controls/answers.ts'
import { type MockServer, startMockServer } from '../../mock-server/src/index.ts'
import { CHROMIUM_LAUNCH } from '../chromium.ts'
import type { FreshApp } from './fresh-app.ts'
import { expectStored, fixtureFiles, pagePngs, plainPageApp, uploadThroughDashboards } from './plain-page.ts'

let mock: MockServer
let config: MockConfig
let app: FreshApp
let browser: Browser

const control = async <T>(path: string, init?: RequestInit): Promise<T> =>
  (await (await fetch(`${mock.url}${path}`, init)).json()) as T

beforeAll(async () => {
  mock = await startMockServer({ port: 0 })
  config = await control<MockConfig>('/__config')
  app = await plainPageApp('node-server', {
    extra: fixtureFiles('node-server'),
    packages: ['@uppy-presign/server'],
    registry: ['express@5'],
  })
  browser = await chromium.launch(CHROMIUM_LAUNCH)
}, 300_000)

afterAll(async () => {
  console.log('node server timings (ms):', app?.timings)
  await browser?.close()
  app?.remove()
  await mock?.close()
})

beforeEach(() => control('/__reset', { method: 'POST' }))

/** The app's configuration as its host would give it: vendor base URLs and keys, in the environment only. */
const serverEnv = (): NodeJS.ProcessEnv => ({
  NFT2_API_KEY: config.nft2.apiKey,
  NFT2_BASE_URL: `${mock.url}/nft2`,
  STARTRAIL_API_KEY: config.startrail.apiKey,
  STARTRAIL_ISSUER_ADDRESS: config.startrail.issuerAddress,
  STARTRAIL_BASE_URL: `${mock.url}/startrail`,
  LEONARDO_API_KEY: config.leonardo.apiKey,
  LEONARDO_BASE_URL: `${mock.url}/leonardo/api/rest/v1`,
})

/** Every credential the mock holds: none may appear in anything the page sent or received. */
const secrets = () => [
  config.nft2.apiKey,
  config.startrail.apiKey,
  config.leonardo.apiKey,
  config.typebot.token,
  config.s3.secretAccessKey,
  // A line from the middle of the service account's private key.
  config.gcs.serviceAccount.private_key.split('\n')[5] as string,
]

interface Exchange {
  url: string
  method: string
  sent: string
  received: string
}

/** Every request the page made and its answer, headers and bodies as text. */
function recordTraffic(page: Page): () => Promise<Exchange[]> {
  const pending: Array<Promise<Exchange>> = []
  page.on('response', (response) => {
    const request = response.request()
    pending.push(
      (async () => ({
        url: response.url(),
        method: request.method(),
        sent: JSON.stringify(await request.allHeaders()) + (request.postData() ?? ''),
        received: JSON.stringify(await response.allHeaders()) + (await response.text().catch(() => '')),
      }))(),
    )
  })
  return () => Promise.all(pending)
}

describe.each([
  ['node:http', 'server-http.js'],
  ['Express 5', 'server-express.js'],
])('%s', (framework, script) => {
  it('serves the page, whose uploads go through its own proxies to the vendors and storage; no key reaches the page', async () => {
    const server = await app.serve(`start ${framework}`, 'node', [script], /app at (http:\S+)/, serverEnv())
    const page = await browser.newPage()
    try {
      const pageErrors: string[] = []
      page.on('pageerror', (error) => pageErrors.push(error.message))
      const traffic = recordTraffic(page)

      const started = performance.now()
      await page.goto(server.url)
      await page.waitForFunction(() => 'uploads' in globalThis)
      const files = pagePngs()
      const results = await uploadThroughDashboards(page, files)
      app.timings[`upload through ${framework}`] = Math.round(performance.now() - started)

      await expectStored(mock.url, results, files)
      expect(pageErrors).toEqual([])
      // Each vendor was asked once, and not by the page: it only spoke to its own server and the storage.
      const vendorStats = await control<MockStats>('/__stats')
      expect(vendorStats.presign).toEqual({ nft2: 1, startrail: 1, leonardo: 1, typebot: 0 })
      // The NFT2 proxy exchanged its API key for a bearer token once, on the server (as NFT2's SDK does).
      expect(vendorStats.tokens.nft2).toEqual({ apiKey: 1, refreshToken: 0 })
      const exchanges = await traffic()
      const origin = new URL(server.url).origin
      const origins = new Set(exchanges.map(({ url }) => new URL(url).origin))
      expect([...origins].sort()).toEqual([origin, mock.s3Url, mock.gcsUrl].sort())
      // The presign calls were answered by the app's proxies, with the vendors' presigned URLs.
      const presigned = exchanges.filter(({ url, method }) => url.startsWith(`${origin}/api/`) && method === 'POST')
      expect(presigned.map(({ url }) => new URL(url).pathname).sort()).toEqual([
        '/api/leonardo/init-image',
        '/api/nft2/presigned-image',
        '/api/startrail/port/api/v1/commerce/signedUrls',
      ])
      for (const { received } of presigned) expect(received).toMatch(/X-Amz-Signature|X-Goog-Signature|"fields"/)
      // Real values (a missing one would make the check vacuous), and the page's bundle was among what it received.
      for (const secret of secrets()) expect(secret.length).toBeGreaterThan(15)
      expect(exchanges.some(({ url, received }) => url.endsWith('/assets/app.js') && received.length > 100_000)).toBe(
        true,
      )
      for (const exchange of exchanges) {
        // Nor any NFT2 token the proxy got for its key (the mock's tokens have these prefixes).
        expect(exchange.sent + exchange.received, exchange.url).not.toMatch(/nft2-(at|rt)-[0-9a-f]/)
        for (const secret of secrets()) {
          expect(exchange.sent, exchange.url).not.toContain(secret)
          expect(exchange.received, exchange.url).not.toContain(secret)
        }
      }
      console.log(`${framework}: ${exchanges.length} requests from the page, none carrying a vendor key`)
    } finally {
      await page.close()
      await server.stop()
    }
  })
})
