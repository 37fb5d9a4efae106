import type { FaultKind, FaultTarget } from '../mock-server/src/faults/fault-book.ts'
import type { MockConfig, MockObject, MockStats } from '../test/browser-harness.ts'

/**
 * How stories reach the mock server, in every way they run: under Vitest (`npm test`), in `npm start`'s Storybook,
 * and in a Storybook started by hand. Browser `fetch` only: this module runs in the page.
 */

export type { MockConfig, MockObject, MockStats }

declare global {
  /** Set by `.storybook/vitest.setup.ts` from `inject('mockUrl')`: the mock that Vitest's global setup started. */
  var __UPPY_PRESIGN_MOCK_URL__: string | undefined
  interface ImportMetaEnv {
    /** Set by `npm start` (scripts/start.ts) from `MOCK_PORT`; Storybook passes `STORYBOOK_*` variables to the page. */
    readonly STORYBOOK_MOCK_URL?: string
  }
}

/** Where `npm run mock` listens when nothing says otherwise. */
const DEFAULT_MOCK_URL = 'http://127.0.0.1:4010'

/**
 * The mock's API origin. A function, not a constant: Vitest's setup file sets the global after this module may
 * have been imported. The test's own mock comes first, so a Storybook left running on 4010 cannot catch its calls.
 */
export function mockUrl(): string {
  const url = globalThis.__UPPY_PRESIGN_MOCK_URL__ || import.meta.env.STORYBOOK_MOCK_URL || DEFAULT_MOCK_URL
  return url.replace(/\/+$/, '')
}

export type AppVendor = 'nft2' | 'startrail' | 'leonardo' | 'typebot'

/**
 * The demo app backend's presign proxy for a vendor (it holds the dev keys): what a story passes as an adapter's
 * `endpoint`, as a real app passes its own `/app/<vendor>` route.
 */
export const appEndpoint = (vendor: AppVendor): string => `${mockUrl()}/app/${vendor}`

/** A fault for `POST /__faults` (mock-server/README.md, "Faults"). */
export interface FaultSpec {
  target: FaultTarget
  kind: FaultKind
  /** Fires this many times, then is gone; without it, it fires on every matching request. */
  count?: number
  probability?: number
  status?: number
  retryAfterSeconds?: number
  delayMs?: number
  header?: string
}

async function control<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${mockUrl()}${path}`, init)
  } catch (error) {
    // A bare "Failed to fetch" does not say which server a story expected, nor how to start it.
    throw new Error(`the mock server at ${mockUrl()} did not answer ${path}; is it running (\`npm start\`)?`, {
      cause: error,
    })
  }
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/**
 * Deletes objects, zeroes stats, clears faults and vendor state, resets the clock: each story starts from the same
 * mock, so its play function is repeatable. Call it in the story's `beforeEach`.
 */
export const resetMock = () => control<{ ok: true }>('/__reset', { method: 'POST' })

/**
 * Starts a Typebot chat session waiting at a file-upload block (or moves one to `currentBlock`): Typebot signs uploads
 * only for such a session, and `resetMock()` ends them all. Call it in a Typebot story's `beforeEach`, after the reset.
 */
export const startTypebotSession = (sessionId: string, currentBlock?: { id?: string; type: string } | null) =>
  control<{ sessionId: string; currentBlock: { id?: string; type: string } | null }>(
    '/__typebot/sessions',
    postJson({ sessionId, ...(currentBlock === undefined ? {} : { currentBlock }) }),
  )

/** Throws when the mock refuses the fault, so a misspelt fault cannot make a story pass by never firing. */
export const setFault = (spec: FaultSpec) => control<{ id: number }>('/__faults', postJson(spec))

/** The faults still armed, with how often each fired (a counted fault disappears once spent). */
export const mockFaults = () => control<Array<FaultSpec & { id: number; fired: number }>>('/__faults')

export const clearFaults = () => control<{ ok: true }>('/__faults', { method: 'DELETE' })

/** What storage holds, with the CID the IPFS bucket computed for each of its objects. */
export const mockObjects = () => control<MockObject[]>('/__objects')

/** How many presign calls each vendor API answered and how storage answered each upload, by status. */
export const mockStats = () => control<MockStats>('/__stats')

/** Endpoints and dev credentials; browser code never needs the keys (the `/app/<vendor>` proxies hold them). */
export const mockConfig = () => control<MockConfig>('/__config')

/** Moves the mock's clock (every expiry check and signature reads it), e.g. past a presigned URL's lifetime. */
export const advanceClock = (ms: number) =>
  control<{ now: string; offsetMs: number }>('/__clock', postJson({ advanceMs: ms }))

/** Which mock the stories talk to: the Node server (`npm start`, `npm test`) or the in-page one (static build). */
export type MockKind = 'node' | 'in-page'

let started: Promise<MockKind> | undefined

/**
 * Makes sure a mock answers at `mockUrl()`: the Node mock when one is running; otherwise (a static Storybook opened
 * without `npm start`) the mock server's own handlers, started in this page through MSW at the same URLs, so every
 * story still works. The in-page mock's code is a chunk of its own, loaded only then. Once per page.
 */
export function ensureMock(): Promise<MockKind> {
  started ??= (async () => {
    try {
      const health = await fetch(`${mockUrl()}/__health`, { signal: AbortSignal.timeout(2000) })
      if (health.ok) return 'node'
    } catch {
      // Nothing listens there: fall back below.
    }
    const { startInPageMock } = await import('@uppy-presign/mock-server/in-page')
    const mock = await startInPageMock({ url: mockUrl() })
    console.info(
      `No mock server answered at ${mockUrl()}: running the in-page mock (MSW) at ${mock.url}, ${mock.s3Url}, ${mock.gcsUrl}.`,
    )
    return 'in-page'
  })()
  return started
}
