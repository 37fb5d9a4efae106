import { beforeAll, beforeEach, inject } from 'vitest'
import type { MockConfig, MockObject, MockStats } from '../mock-server/src/controls/answers.ts'
import { bytesOf } from './generated-bytes.ts'

export type { MockConfig, MockObject, MockStats }
export { bytesOf }

/** The hex SHA-256 of bytes, as `/__objects` gives it for what storage holds. */
export async function sha256Hex(data: Blob | ArrayBuffer): Promise<string> {
  const buffer = data instanceof Blob ? await data.arrayBuffer() : data
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The browser-side twin of `mock-server/test/harness.ts`: the same controls, over the page's own `fetch` only (this
 * module runs in Chromium, so no node imports). The one mock server is started by `browser-global-setup.ts` and
 * shared by every browser test file, so each test starts from a reset.
 */

/** A function, not a constant: importing this module then never depends on when the runner's state is ready. */
export const mockUrl = (): string => inject('mockUrl')

async function control<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${mockUrl()}${path}`, init)
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

const postJsonInit = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

let cachedConfig: Promise<MockConfig> | undefined

/** Endpoints and dev credentials. Fixed for the life of the server, so fetched once per page. */
export const config = (): Promise<MockConfig> => {
  // A failed fetch is not kept, or one hiccup would fail every later test of the page.
  cachedConfig ??= control<MockConfig>('/__config').catch((error: unknown) => {
    cachedConfig = undefined
    throw error
  })
  return cachedConfig
}

/**
 * Clears objects, stats, faults and the clock. It does not wait for requests still in flight: a PUT whose
 * connection a `reset` fault destroyed is counted in `/__stats` when its handler finishes, which can be after the
 * next test's reset. Assert exact stat totals only after clean answers; after a reset, check `faults()` instead.
 */
export const reset = () => control<{ ok: true }>('/__reset', { method: 'POST' })

export const objects = () => control<MockObject[]>('/__objects')

export const stats = () => control<MockStats>('/__stats')

/** Throws when the mock refuses the fault, so a misspelt fault cannot make a test pass by never firing. */
export const setFault = (fault: Record<string, unknown>) => control<{ id: number }>('/__faults', postJsonInit(fault))

/** The faults still armed, with how often each fired: a counted fault disappears once spent. */
export const faults = () => control<Array<Record<string, unknown> & { id: number; fired: number }>>('/__faults')

/**
 * Starts a Typebot chat session at a block (a file input unless told), or moves one there (mock control route).
 * Typebot signs uploads only for a session waiting at a block that takes files; `/__reset` ends every session.
 */
export const typebotSession = (sessionId: string, currentBlock?: Record<string, unknown> | null) =>
  control<{ sessionId: string; currentBlock: Record<string, unknown> | null }>(
    '/__typebot/sessions',
    postJsonInit({ sessionId, ...(currentBlock === undefined ? {} : { currentBlock }) }),
  )

export const advanceClock = (advanceMs: number) =>
  control<{ now: string; offsetMs: number }>('/__clock', postJsonInit({ advanceMs }))

/** Resets the mock before each test of the calling file and returns the (cached) config once it is known. */
export function useMockServer() {
  const ctx = {} as { url: string; config: MockConfig }
  beforeAll(async () => {
    ctx.url = mockUrl()
    ctx.config = await config()
  })
  beforeEach(async () => {
    await reset()
  })
  return ctx
}

/** The text of an XML element in an S3/GCS error body. */
export const xmlField = (xml: string, name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]

/** Deterministic pseudo-random bytes (the same LCG as the node harness), so a failing CID names the same input. */

/** PNG magic followed by filler: enough for any magic-number check, any size. */
export function pngBlob(size: number, seed = 1): Blob {
  const bytes = bytesOf(size, seed)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return new Blob([bytes], { type: 'image/png' })
}

export interface XhrResult {
  xhr: XMLHttpRequest
  /** `load`, or `error` / `abort` / `timeout` when no HTTP answer reached the page (status 0). */
  outcome: 'load' | 'error' | 'abort' | 'timeout'
  /** `xhr.upload` progress events as `[loaded, total]`, in order. */
  progress: Array<[number, number]>
}

/**
 * One XMLHttpRequest, the transport Uppy's uploaders use, settled on its final event. Upload listeners are added
 * before `send`, since only then does the browser report upload progress (and preflight for it).
 */
export function xhrSend(
  method: string,
  url: string,
  body: XMLHttpRequestBodyInit | null,
  headers: Record<string, string> = {},
): Promise<XhrResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    const progress: Array<[number, number]> = []
    xhr.open(method, url)
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value)
    xhr.upload.addEventListener('progress', (e) => progress.push([e.loaded, e.total]))
    for (const outcome of ['load', 'error', 'abort', 'timeout'] as const) {
      xhr.addEventListener(outcome, () => resolve({ xhr, outcome, progress }))
    }
    xhr.send(body)
  })
}
