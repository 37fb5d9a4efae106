/**
 * Soak (a script, not a test): 1,000 files of mixed sizes (1 KiB – 2 MiB) through the four flows in Chromium, with
 * about 5 % of the requests on every route failing at random (vendor 503s; storage 503, 429 with Retry-After,
 * connection resets, expired URLs). Files that end in an error are retried as a person would (Retry), at most
 * `SOAK_ROUNDS` rounds. Then every file must be stored exactly once with its source's SHA-256.
 *
 * Reports files/s, what the routes answered, presign calls, faults fired, retry rounds, and the page's JS heap and
 * the mock server's RSS at the start and the end. Writes bench/results/soak.json.
 *
 *   npm run soak                  SOAK_FILES=200 npm run soak
 */
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { MockObject, MockStats } from '../mock-server/src/controls/answers.ts'
import { CHROMIUM_LAUNCH } from '../test/chromium.ts'
import { rssOf, startServer } from './mock-process.ts'
import { servePage } from './page-server.ts'
import type { SoakResult } from './soak/soak-page.ts'

const COUNT = Number(process.env.SOAK_FILES ?? 1000)
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 5)
const root = join(import.meta.dirname, '..')

/** About 5 % of the requests on every route: the first armed fault whose dice roll hits fires. */
const FAULTS = [
  ...(['nft2', 'startrail', 'leonardo', 'typebot'] as const).map((target) => ({
    target,
    kind: 'status',
    status: 503,
    probability: 0.05,
  })),
  ...(['s3-put', 's3-post', 'gcs'] as const).flatMap((target) => [
    { target, kind: 'status', status: 503, probability: 0.015 },
    { target, kind: 'status', status: 429, retryAfterSeconds: 1, probability: 0.01 },
    { target, kind: 'reset', probability: 0.015 },
    { target, kind: 'expire', probability: 0.01 },
  ]),
]

const mb = (bytes: number) => Math.round((bytes / 1024 ** 2) * 10) / 10

async function main() {
  const mock = await startServer()
  const soakPage = await servePage('soak')
  const browser = await chromium.launch(CHROMIUM_LAUNCH)
  try {
    const control = async <T>(path: string, init?: RequestInit): Promise<T> => {
      const response = await fetch(`${mock.url}${path}`, init)
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
      return (await response.json()) as T
    }
    for (const fault of FAULTS) {
      await control('/__faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      })
    }

    const page = await browser.newPage()
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      const { metrics } = await cdp.send('Performance.getMetrics')
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN
    }
    await page.goto(soakPage.url)
    await page.waitForFunction(() => 'runSoak' in globalThis, undefined, { timeout: 60_000 })
    const heapBefore = await heap()
    const rssBefore = rssOf(mock.pid)

    console.log(`soak: ${COUNT} files through nft2, startrail, leonardo, typebot, ~5 % faults per route…`)
    const result = await page.evaluate(
      ({ api, count, rounds }) =>
        (globalThis as unknown as { runSoak: (a: string, c: number, r: number) => Promise<SoakResult> }).runSoak(
          api,
          count,
          rounds,
        ),
      { api: mock.url, count: COUNT, rounds: ROUNDS },
    )
    const heapAfter = await heap()
    const rssAfter = rssOf(mock.pid)

    const [objects, stats, armed] = await Promise.all([
      control<MockObject[]>('/__objects'),
      control<MockStats>('/__stats'),
      control<Array<{ target: string; kind: string; status?: number; fired: number }>>('/__faults'),
    ])
    const storedBySha = new Map<string, number>()
    for (const o of objects) storedBySha.set(o.sha256, (storedBySha.get(o.sha256) ?? 0) + 1)
    const notUploaded = result.files.filter((f) => !f.uploaded)
    const notStoredOnce = result.files.filter((f) => storedBySha.get(f.sha256) !== 1)
    const ok = notUploaded.length === 0 && notStoredOnce.length === 0 && objects.length === result.files.length
    const report = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length },
      files: result.files.length,
      bytes: result.files.reduce((n, f) => n + f.size, 0),
      seconds: Math.round(result.ms / 100) / 10,
      filesPerSecond: Math.round((result.files.length / (result.ms / 1000)) * 10) / 10,
      uploaded: result.files.length - notUploaded.length,
      storedExactlyOnceWithSourceSha256: result.files.length - notStoredOnce.length,
      objectsInStorage: objects.length,
      personRetryRounds: result.rounds,
      presignCalls: stats.presign,
      storageAnswers: stats.storage,
      faultsFired: armed.map((f) => ({ target: f.target, kind: f.kind, status: f.status, fired: f.fired })),
      clientHeapMB: { start: mb(heapBefore), end: mb(heapAfter) },
      serverRssMB: { start: mb(rssBefore), end: mb(rssAfter) },
      failures: [...notUploaded, ...notStoredOnce].slice(0, 10),
      ok,
    }
    writeFileSync(join(root, 'bench/results/soak.json'), `${JSON.stringify(report, null, 2)}\n`)
    console.log(JSON.stringify({ ...report, faultsFired: undefined, storageAnswers: undefined }, null, 2))
    console.log(ok ? 'soak: every file stored exactly once, byte-identical' : 'soak: FAILED (see failures)')
    process.exitCode = ok ? 0 : 1
  } finally {
    await browser.close()
    await soakPage.close()
    mock.stop()
  }
}

await main()
