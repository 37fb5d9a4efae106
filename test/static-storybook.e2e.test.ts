// The static Storybook (`npm run build-storybook`) opened where no Node mock answers: every story must still work,
// its play function passing against the in-page mock (the mock server's own handlers through MSW) in real Chromium.
import { execFile } from 'node:child_process'
import { readdir, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type Browser, chromium } from 'playwright-core'
import sirv from 'sirv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_SECRETS } from '../mock-server/src/dev-secrets.ts'
import { CHROMIUM_LAUNCH } from './chromium.ts'

const root = join(import.meta.dirname, '..')

/** A loopback port nobody listens on: the static build looks for its mock there and must find none. */
async function deadPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })

const mockPort = await deadPort()
const outDir = join(tmpdir(), `uppy-presign-static-storybook-${process.pid}`)
// Built once, at collection, so that each story becomes a test of its own.
await promisify(execFile)(join(root, 'node_modules/.bin/storybook'), ['build', '-o', outDir, '--quiet'], {
  cwd: root,
  env: { ...process.env, STORYBOOK_MOCK_URL: `http://127.0.0.1:${mockPort}` },
  maxBuffer: 64 * 1024 * 1024,
})
const index = JSON.parse(await readFile(join(outDir, 'index.json'), 'utf8')) as {
  entries: Record<string, { id: string; type: string }>
}
const stories = Object.values(index.entries)
  .filter((entry) => entry.type === 'story')
  .map((entry) => entry.id)

// Storybook's preview channel, caught as the preview creates it: outside a test runner a play function that
// throws is only logged and the story still "finishes" with status success, so the exception must be heard too.
const LISTEN = `
  let channel
  window.__storyEvents = []
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value
      for (const name of ['storyFinished', 'playFunctionThrewException', 'storyThrewException', 'storyErrored']) {
        value.on(name, (event) => window.__storyEvents.push({ name, event }))
      }
    },
  })
`

type StoryEvent = { name: string; event: { status?: string; message?: string; reporters?: Report[] } }
type Report = { type: string; status: string; result?: { violations?: Array<{ id: string }> } }

let server: Server
let base: string
let browser: Browser

beforeAll(async () => {
  server = createServer(sirv(outDir, { dev: true }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch(CHROMIUM_LAUNCH)
})

afterAll(async () => {
  await browser?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await rm(outDir, { recursive: true, force: true })
})

// Each story in a page of its own (its own in-page mock), a few at a time (`maxConcurrency` in vite.config.ts).
describe.concurrent('static Storybook without a Node mock', () => {
  it('has every story, looks for its mock where none listens, and ships MSW’s current worker script', async () => {
    expect(stories.length).toBeGreaterThanOrEqual(24)
    expect(await refused(mockPort)).toBe(true)
    // `msw init` copies the worker; after an MSW upgrade the copy must be renewed (`npx msw init stories/public`).
    expect(await readFile(join(outDir, 'mockServiceWorker.js'), 'utf8')).toBe(
      await readFile(join(root, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8'),
    )
  })

  // The Node mock's dev keys are what its /__config hands out (its GCS key is made per start, so cannot be here).
  it('holds none of the Node mock’s dev keys: the in-page mock makes its own per page load', async () => {
    const files = (await readdir(outDir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile())
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const text = await readFile(join(file.parentPath, file.name), 'latin1')
      for (const secret of Object.values(DEV_SECRETS)) expect(text.includes(secret), `${file.name}`).toBe(false)
    }
  })

  for (const id of stories) {
    it(`${id}: the play function passes against the in-page mock, with no axe violation`, async () => {
      const page = await browser.newPage()
      const logs: string[] = []
      page.on('console', (message) => logs.push(message.text()))
      try {
        await page.addInitScript(LISTEN)
        await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`)
        await page.waitForFunction(
          () =>
            (window as unknown as { __storyEvents: StoryEvent[] }).__storyEvents.some(
              (e) => e.name === 'storyFinished',
            ),
          undefined,
          { timeout: 60_000 },
        )
        const events = await page.evaluate(() => (window as unknown as { __storyEvents: StoryEvent[] }).__storyEvents)
        const errors = events.filter((e) => e.name !== 'storyFinished').map((e) => `${e.name}: ${e.event.message}`)
        expect(errors).toEqual([])
        const finished = events.find((e) => e.name === 'storyFinished')?.event
        expect(finished?.status).toBe('success')
        const a11y = finished?.reporters?.filter((r) => r.type === 'a11y') ?? []
        expect(a11y.map((r) => [r.status, r.result?.violations?.map((v) => v.id) ?? []])).toEqual([['passed', []]])
        // The in-page mock answered, not some server: the page said so when it started it.
        expect(logs.some((line) => line.startsWith(`No mock server answered at http://127.0.0.1:${mockPort}`))).toBe(
          true,
        )
      } finally {
        await page.close()
      }
    })
  }
})
