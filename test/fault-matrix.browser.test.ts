import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, { startrail } from '@uppy-presign/gcs'
import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'
import S3PostPolicy, { leonardo, typebot } from '@uppy-presign/s3-post'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { faults, objects, pngBlob, setFault, sha256Hex, typebotSession, useMockServer } from './browser-harness.ts'
import { addFile, type Outcome, uploadAll } from './uppy-helpers.ts'

/**
 * The fault matrix: each vendor flow × each fault the mock can inject, in Chromium, browser → the app's presign
 * proxy → vendor mock → storage. Whatever the fault, the file ends in one of two known states:
 *
 * - **uploaded**: the result is reported once, and storage holds exactly one object for the file, with the
 *   source's SHA-256 (and, for NFT2, the CID the result carries);
 * - **error**: the error names the file and the cause; once the fault is gone, Uppy's `retryAll()` uploads it, and
 *   then storage holds exactly one object with the source's SHA-256.
 *
 * Transient faults fire a counted number of times (what a flaky network or an overloaded service does); faults
 * that come from a broken answer (malformed presign, 5xx that does not stop) persist until cleared. The same table
 * is in the README ("Reliability").
 */

type FlowName = 'NFT2' | 'Startrail' | 'Leonardo' | 'Typebot'
type Expect = { outcome: 'uploaded' } | { outcome: 'error'; cause: RegExp }

interface Flow {
  vendor: 'nft2' | 'startrail' | 'leonardo' | 'typebot'
  storage: 's3-put' | 'gcs' | 's3-post'
  make(): Uppy<Meta, Body>
}

interface FaultCase {
  name: string
  /** Sets the fault up for a flow (or moves the client's clock); `undefined` = this fault does not apply. */
  arm(flow: Flow): Promise<void>
  expect: Partial<Record<FlowName, Expect>>
}

const mock = useMockServer()
// The Typebot flow's chat waits at its file-upload block (after the reset each test starts with).
beforeEach(() => typebotSession('session-7'))
// Backoff steps of 1 ms: the matrix tests outcomes, not waiting (Retry-After is still honoured).
const FAST = { retryBaseMs: 1 }

const FLOWS: Record<FlowName, Flow> = {
  NFT2: {
    vendor: 'nft2',
    storage: 's3-put',
    // With the CID checked in the browser, as an app that puts CIDs on chain should run it.
    make: () =>
      new Uppy<Meta, Body>().use(IpfsPresign, {
        presign: nft2({ endpoint: `${mock.url}/app/nft2` }),
        verifyCid: true,
        ...FAST,
      }),
  },
  Startrail: {
    vendor: 'startrail',
    storage: 'gcs',
    make: () =>
      new Uppy<Meta, Body>().use(GcsSignedUrl, {
        presign: startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' }),
        ...FAST,
      }),
  },
  Leonardo: {
    vendor: 'leonardo',
    storage: 's3-post',
    make: () =>
      new Uppy<Meta, Body>().use(S3PostPolicy, {
        presign: leonardo.initImage({ endpoint: `${mock.url}/app/leonardo` }),
        ...FAST,
      }),
  },
  Typebot: {
    vendor: 'typebot',
    storage: 's3-post',
    make: () =>
      new Uppy<Meta, Body>().use(S3PostPolicy, {
        presign: typebot({ endpoint: `${mock.url}/app/typebot`, sessionId: 'session-7' }),
        ...FAST,
      }),
  },
}

const uploaded: Expect = { outcome: 'uploaded' }
const everyFlow = (e: Expect): Record<FlowName, Expect> => ({ NFT2: e, Startrail: e, Leonardo: e, Typebot: e })

/** Moves the page's clock (Date only; timers run normally) by `ms`: a client whose clock is off. */
const skewClientClock = async (ms: number) => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ms, shouldAdvanceTime: true })
}

const MATRIX: FaultCase[] = [
  {
    name: 'expired descriptor (storage answers "expired" once)',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'expire', count: 1 })),
    expect: everyFlow(uploaded),
  },
  {
    name: '429 with Retry-After: 1 (twice)',
    arm: async (f) =>
      void (await setFault({ target: f.storage, kind: 'status', status: 429, retryAfterSeconds: 1, count: 2 })),
    expect: everyFlow(uploaded),
  },
  {
    name: 'storage 500 (twice)',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'status', status: 500, count: 2 })),
    expect: everyFlow(uploaded),
  },
  {
    name: 'storage 503 (twice)',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'status', status: 503, count: 2 })),
    expect: everyFlow(uploaded),
  },
  {
    // Twice: Chromium itself retries a PUT whose connection reset once, so the kit sees the second.
    name: 'socket reset mid-body (twice)',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'reset', count: 2 })),
    expect: everyFlow(uploaded),
  },
  {
    name: 'slow drip (storage reads 10 ms apart)',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'drip', delayMs: 10 })),
    expect: everyFlow(uploaded),
  },
  {
    name: 'presign API 503 (twice)',
    arm: async (f) => void (await setFault({ target: f.vendor, kind: 'status', status: 503, count: 2 })),
    expect: everyFlow(uploaded),
  },
  {
    name: 'presign API 500 that does not stop',
    arm: async (f) => void (await setFault({ target: f.vendor, kind: 'status', status: 500 })),
    expect: everyFlow({ outcome: 'error', cause: /\(500\)|500/ }),
  },
  {
    name: 'malformed presign response',
    arm: async (f) => void (await setFault({ target: f.vendor, kind: 'malformed' })),
    expect: everyFlow({ outcome: 'error', cause: /presign|signed|policy|response/i }),
  },
  {
    // The header each flow needs is not the hidden one here (NFT2's x-amz-meta-cid has rows of its own).
    name: 'hidden ETag (not in Access-Control-Expose-Headers)',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'hide-header', header: 'ETag' })),
    expect: everyFlow(uploaded),
  },
  {
    // The CID the gateway computed cannot be read; the browser's own CID stands in, marked unverified.
    name: 'hidden x-amz-meta-cid (not in Access-Control-Expose-Headers)',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'hide-header' })),
    expect: { NFT2: uploaded },
  },
  {
    // The gateway names the CID of other bytes: caught, and Retry sends the same bytes to the same signed URL.
    name: 'wrong CID in x-amz-meta-cid',
    arm: async (f) => void (await setFault({ target: f.storage, kind: 'wrong-cid' })),
    expect: { NFT2: { outcome: 'error', cause: /CID/ } },
  },
  {
    name: 'client clock 10 minutes ahead',
    arm: () => skewClientClock(10 * 60_000),
    expect: everyFlow(uploaded),
  },
  {
    name: 'client clock 10 minutes behind',
    arm: () => skewClientClock(-10 * 60_000),
    expect: everyFlow(uploaded),
  },
]

afterEach(() => {
  vi.useRealTimers()
})

async function clearFaults() {
  await fetch(`${mock.url}/__faults`, { method: 'DELETE' })
}

/** Uploaded: reported once, one object in storage with the source's bytes (and the CID the result names). */
async function expectStoredOnce(outcome: Outcome | undefined, source: Blob) {
  expect(outcome?.error, outcome?.error?.message).toBeUndefined()
  const stored = await objects()
  expect(stored).toHaveLength(1)
  expect(stored[0]?.sha256).toBe(await sha256Hex(source))
  const body = outcome?.body as { cid?: string; cidVerified?: boolean } | undefined
  if (stored[0]?.cid !== undefined) {
    // The CID the result carries is the stored bytes' own, verified unless the gateway's could not be read.
    expect(body?.cid).toBe(stored[0].cid)
    expect(typeof body?.cidVerified).toBe('boolean')
  }
}

describe('fault matrix: every flow × every fault ends uploaded once or in a retryable error', () => {
  for (const fault of MATRIX) {
    for (const [flowName, flow] of Object.entries(FLOWS) as Array<[FlowName, Flow]>) {
      const expected = fault.expect[flowName]
      if (!expected) continue
      it(`${flowName} × ${fault.name} → ${expected.outcome}`, async () => {
        const uppy = flow.make()
        try {
          const source = pngBlob(300_000, 7)
          const name = `matrix-${flowName.toLowerCase()}.png`
          const id = addFile(uppy, name, source)
          await fault.arm(flow)
          const first = (await uploadAll(uppy)).get(id)
          vi.useRealTimers()
          // The fault really fired: a counted one is spent (gone), one that persists has fired at least once.
          for (const armed of await faults()) {
            expect(armed.count, `fault ${JSON.stringify(armed)} left unspent`).toBeUndefined()
            expect(armed.fired).toBeGreaterThan(0)
          }
          if (expected.outcome === 'uploaded') {
            await expectStoredOnce(first, source)
            return
          }
          expect(first?.body).toBeUndefined()
          expect(first?.error).toBeInstanceOf(UploadError)
          expect(first?.error?.message).toContain(name)
          expect(first?.error?.message).toMatch(expected.cause)
          // At most what the storage accepted before the flow refused its answer (a wrong CID); Retry (retryAll)
          // then succeeds once the fault is gone, and replaces that object rather than adding a second one.
          expect((await objects()).length).toBeLessThanOrEqual(1)
          await clearFaults()
          await expectStoredOnce((await uploadAll(uppy, (u) => u.retryAll())).get(id), source)
        } finally {
          uppy.destroy()
        }
      })
    }
  }
})
