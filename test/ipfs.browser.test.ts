import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import IpfsPresign, { type IpfsPresignOptions, type IpfsResult, nft2 } from '@uppy-presign/ipfs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  advanceClock,
  faults,
  type MockObject,
  mockUrl,
  objects,
  pngBlob,
  setFault,
  sha256Hex,
  stats,
  useMockServer,
} from './browser-harness.ts'
import { addFile, recordEvents, uploadAll } from './uppy-helpers.ts'

/**
 * The engine's whole behaviour, proven through one flow as a deployment runs it: browser → the app's presign proxy
 * (/app/nft2) → the NFT2 mock → the IPFS bucket. Every check reads what the mock saw (`/__stats`, `/__objects`)
 * as well as what Uppy reported, so a test cannot pass on the client's word alone.
 */
const mock = useMockServer()
const proxy = () => nft2({ endpoint: `${mock.url}/app/nft2` })

/** NFT2's URLs live one hour (the mock's choice: the doc gives no lifetime). */
const URL_LIFETIME_MS = 3600_000
/** Backoff steps of a millisecond: these tests prove that retries happen, not how long jitter waits. */
const FAST = { retryBaseMs: 1 } as const

const instances: Uppy<Meta, Body>[] = []
afterEach(() => {
  // A test that failed half-way must not leave an upload running into the next test's mock state.
  for (const uppy of instances.splice(0)) uppy.destroy()
})

function ipfsUppy(options: Partial<IpfsPresignOptions> = {}) {
  const uppy = new Uppy<Meta, Body>({ autoProceed: false }).use(IpfsPresign, { presign: proxy(), ...options })
  instances.push(uppy)
  return uppy
}

const clearFaults = async () => {
  const response = await fetch(`${mockUrl()}/__faults`, { method: 'DELETE' })
  expect(response.status).toBe(200)
}

const ipfsObjects = async () => (await objects()).filter((o) => o.bucket === mock.config.s3.buckets.ipfs)

/** Polls until `check` holds, for a bounded time: the mock finishes an aborted request on its own schedule. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const s3Put = async () => (await stats()).storage['s3-put'] ?? { total: 0 }
const presignCalls = async () => (await stats()).presign.nft2

/** CIDv0: base58btc of a sha2-256 multihash, what Filebase (and kubo's defaults) give. */
const CID_V0 = /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/

/** The upload-success body is exactly `{ cid, url }`, both those of the object the storage holds. */
function expectStored(object: MockObject | undefined, body: unknown) {
  expect(object?.cid).toMatch(CID_V0)
  expect(body).toEqual({ cid: object?.cid, url: `${mock.config.s3.endpoint}/${object?.bucket}/${object?.key}` })
}

function uploadErrorOf(error: Error | undefined): UploadError {
  expect(error).toBeInstanceOf(UploadError)
  return error as UploadError
}

describe('IpfsPresign through the NFT2 proxy: success', () => {
  it('uploads and reports the CID the gateway computed, with progress up to the whole file', async () => {
    const uppy = ipfsUppy()
    const data = pngBlob(300_000, 3)
    const id = addFile(uppy, 'cat.png', data)
    const events = recordEvents(uppy)
    const outcomes = await uploadAll(uppy)
    events.stop()
    const outcome = outcomes.get(id)
    expect(outcome?.error).toBeUndefined()
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.sha256).toBe(await sha256Hex(data))
    expect(stored[0]?.contentType).toBe('image/png')
    const body = outcome?.body as unknown as IpfsResult
    expectStored(stored[0], body)
    expect(outcome?.uploadURL).toBe(body.url)
    expect(events.successes).toHaveLength(1)
    expect(events.errors).toHaveLength(0)
    // The last progress event is the whole file: the bar reaches 100 % from the bytes sent, not from the success.
    const progress = events.progress.filter((p) => p.id === id)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toEqual({ id, bytesUploaded: 300_000, bytesTotal: 300_000 })
    expect(progress.every((p, i) => i === 0 || p.bytesUploaded >= (progress[i - 1]?.bytesUploaded ?? 0))).toBe(true)
    const file = uppy.getFile(id)
    expect(file.progress.uploadComplete).toBe(true)
    expect(file.progress.percentage).toBe(100)
    expect(file.error ?? null).toBeNull()
    expect(file.response?.body).toEqual(body)
    expect(await presignCalls()).toBe(1)
    expect(await s3Put()).toEqual({ total: 1, 200: 1 })
  })

  it('gets the gateway CID of a multi-chunk file (~1 MB: four 256 KiB leaves under one root)', async () => {
    const uppy = ipfsUppy()
    const data = pngBlob(1_000_000, 7)
    const id = addFile(uppy, 'big.png', data)
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.size).toBe(1_000_000)
    expect(stored[0]?.sha256).toBe(await sha256Hex(data))
    expectStored(stored[0], outcome?.body as unknown as IpfsResult)
  })

  it("gives the CID kubo gives: 'hello world\\n' is QmT78zSu…", async () => {
    // An oracle independent of the mock's own CID code: kubo's default `ipfs add` prints this CID for these bytes,
    // as Filebase's x-amz-meta-cid does. NFT2 checks the declared type, not bytes.
    const uppy = ipfsUppy()
    const id = addFile(uppy, 'hello.png', new Blob(['hello world\n'], { type: 'image/png' }))
    const body = (await uploadAll(uppy)).get(id)?.body as unknown as IpfsResult
    expect(body.cid).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
    expectStored((await ipfsObjects())[0], body)
  })

  it('with a gateway, uploadURL is gateway + CID and serves the bytes that were sent', async () => {
    const uppy = ipfsUppy({ gateway: `${mock.url}/ipfs/` })
    const data = pngBlob(50_000, 8)
    const id = addFile(uppy, 'gw.png', data)
    const outcome = (await uploadAll(uppy)).get(id)
    const body = outcome?.body as unknown as IpfsResult
    expectStored((await ipfsObjects())[0], body)
    expect(outcome?.uploadURL).toBe(`${mock.url}/ipfs/${body.cid}`)
    const served = await fetch(outcome?.uploadURL ?? '')
    expect(served.status).toBe(200)
    expect(await sha256Hex(await served.blob())).toBe(await sha256Hex(data))
  })

  it('signs 120 files in exactly 3 presign calls (NFT2: at most 50 per call) and stores each once', async () => {
    const uppy = ipfsUppy()
    const blobs = new Map<string, Blob>()
    for (let i = 0; i < 120; i++) {
      const data = pngBlob(1024, 100 + i)
      blobs.set(addFile(uppy, `tile-${i}.png`, data), data)
    }
    const outcomes = await uploadAll(uppy)
    expect([...outcomes.values()].filter((o) => o.error)).toEqual([])
    expect(outcomes.size).toBe(120)
    expect(uppy.getFiles().filter((f) => !f.progress.uploadComplete || f.error)).toEqual([])
    expect(await presignCalls()).toBe(3)
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(120)
    expect(await s3Put()).toEqual({ total: 120, 200: 120 })
    const byUrl = new Map(stored.map((o) => [`${mock.config.s3.endpoint}/${o.bucket}/${o.key}`, o]))
    for (const [id, data] of blobs) {
      const body = outcomes.get(id)?.body as unknown as IpfsResult
      const object = byUrl.get(body.url)
      expect(object?.sha256).toBe(await sha256Hex(data))
      expectStored(object, body)
    }
  })

  it('accepts a user presign function answering the generic shape [{ url, headers }]', async () => {
    const vendor = proxy()
    const seen: string[][] = []
    const uppy = ipfsUppy({
      presign: async (files) => {
        seen.push(files.map((f) => `${f.fileName} ${f.mimeType}`))
        const { urls } = await vendor(files)
        return urls.map((url, i) => ({ url, headers: { 'Content-Type': files[i]?.mimeType ?? '' } }))
      },
    })
    const png = addFile(uppy, 'a.png', pngBlob(2000, 11))
    const svg = addFile(
      uppy,
      'b.svg',
      new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/svg+xml' }),
    )
    const outcomes = await uploadAll(uppy)
    expect(outcomes.get(png)?.error).toBeUndefined()
    expect(outcomes.get(svg)?.error).toBeUndefined()
    expect(seen).toEqual([['a.png image/png', 'b.svg image/svg+xml']])
    const stored = await ipfsObjects()
    expect(stored.map((o) => o.contentType).sort()).toEqual(['image/png', 'image/svg+xml'])
    const svgObject = stored.find((o) => o.contentType === 'image/svg+xml')
    expectStored(svgObject, outcomes.get(svg)?.body as unknown as IpfsResult)
  })
})

describe('IpfsPresign: checks before any request', () => {
  it('uploads a PNG named `photo` with no type, presigned and stored as image/png (typed from its bytes)', async () => {
    const uppy = ipfsUppy()
    // No extension, no type: what a browser hands over for such a file. The bytes are a PNG's.
    const data = pngBlob(40_000, 12).slice()
    expect(data.type).toBe('')
    const id = addFile(uppy, 'photo', data, '')
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.contentType).toBe('image/png')
    expect(stored[0]?.sha256).toBe(await sha256Hex(data))
    expectStored(stored[0], outcome?.body)
    expect(await presignCalls()).toBe(1)
  })

  it('refuses an extension-less file of random bytes with no type, naming the file, with no presign call', async () => {
    const uppy = ipfsUppy()
    const bytes = crypto.getRandomValues(new Uint8Array(4096))
    bytes[0] = 0x00 // none of PNG's, JPEG's or an SVG's first byte, whatever the rest
    const id = addFile(uppy, 'mystery', new Blob([bytes]), '')
    const error = uploadErrorOf((await uploadAll(uppy)).get(id)?.error)
    expect(error.message).toBe(
      'mystery: its type could not be told from its name or its bytes; accepted types: image/png, image/jpeg, image/svg+xml.',
    )
    expect(error.info).toMatchObject({ kind: 'invalid-file', fileName: 'mystery', retryable: false })
    expect(uppy.getFile(id).error).toBe(error.message)
    expect(await stats()).toEqual({
      presign: { nft2: 0, startrail: 0, leonardo: 0, typebot: 0 },
      // Nor did the proxy fetch an NFT2 token for it.
      tokens: { nft2: { apiKey: 0, refreshToken: 0 } },
      storage: {},
    })
  })

  it('refuses batchSize: 51 at use(): NFT2 presigns at most 50 files per call', () => {
    expect(() => ipfsUppy({ batchSize: 51 })).toThrow(
      'IpfsPresign: batchSize 51 is more than NFT2 presigns in one call (at most 50 files); set batchSize to 50 or less.',
    )
  })

  it('refuses a GIF naming the file and the accepted types, with no presign call', async () => {
    const uppy = ipfsUppy()
    const id = addFile(
      uppy,
      'cat.gif',
      new Blob([new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])], { type: 'image/gif' }),
    )
    const outcome = (await uploadAll(uppy)).get(id)
    const error = uploadErrorOf(outcome?.error)
    expect(error.message).toBe(
      'cat.gif: image/gif cannot be uploaded here; accepted types: image/png, image/jpeg, image/svg+xml.',
    )
    expect(error.info.kind).toBe('invalid-file')
    expect(error.info.fileName).toBe('cat.gif')
    expect(uppy.getFile(id).error).toBe(error.message)
    expect(uppy.getFile(id).progress.uploadComplete).toBe(false)
    expect(await stats()).toEqual({
      presign: { nft2: 0, startrail: 0, leonardo: 0, typebot: 0 },
      // Nor did the proxy fetch an NFT2 token for it.
      tokens: { nft2: { apiKey: 0, refreshToken: 0 } },
      storage: {},
    })
  })
})

describe('IpfsPresign: expiry', () => {
  it('re-presigns once when the storage says the URL expired, then stores the file', async () => {
    await setFault({ target: 's3-put', kind: 'expire', count: 1 })
    const uppy = ipfsUppy()
    const data = pngBlob(5000, 21)
    const id = addFile(uppy, 'late.png', data)
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    expect(await presignCalls()).toBe(2)
    expect(await s3Put()).toEqual({ total: 2, 403: 1, 200: 1 })
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.sha256).toBe(await sha256Hex(data))
    expectStored(stored[0], outcome?.body as unknown as IpfsResult)
  })

  it('reports one clear expired error when the fresh URL is refused as expired too, without a third presign', async () => {
    await setFault({ target: 's3-put', kind: 'expire', count: 2 })
    const uppy = ipfsUppy()
    const id = addFile(uppy, 'late.png', pngBlob(5000, 22))
    const events = recordEvents(uppy)
    const outcome = (await uploadAll(uppy)).get(id)
    events.stop()
    const error = uploadErrorOf(outcome?.error)
    expect(error.info.kind).toBe('expired')
    expect(error.info.status).toBe(403)
    expect(error.message).toBe(
      "late.png: the upload URL expired before the upload reached the storage (403 AccessDenied: Request has expired). It must be signed again: uploads have to start before their signature lapses. If this repeats, check the device's clock and how long files wait between signing and sending.",
    )
    expect(events.errors).toHaveLength(1)
    expect(events.successes).toHaveLength(0)
    expect(uppy.getFile(id).error).toBe(error.message)
    expect(await presignCalls()).toBe(2)
    expect(await s3Put()).toEqual({ total: 2, 403: 2 })
    expect(await ipfsObjects()).toEqual([])
  })

  it('re-presigns a file signed in the same batch whose URL lapsed on the storage clock while the first uploaded', async () => {
    // The first PUT drips in slowly; once the mock has drawn the fault it has also checked that PUT's signature,
    // so moving its clock then expires only what is still waiting: the second file's URL from the same batch.
    await setFault({ target: 's3-put', kind: 'drip', delayMs: 60, count: 1 })
    const uppy = ipfsUppy({ limit: 1 })
    const first = addFile(uppy, 'first.png', pngBlob(1_000_000, 31))
    const secondData = pngBlob(4000, 32)
    const second = addFile(uppy, 'second.png', secondData)
    const events = recordEvents(uppy)
    const running = uploadAll(uppy)
    await waitFor('the first PUT to draw the drip fault', async () => (await faults()).length === 0)
    expect(await presignCalls()).toBe(1)
    await advanceClock(URL_LIFETIME_MS + 60_000)
    const outcomes = await running
    events.stop()
    expect(outcomes.get(first)?.error).toBeUndefined()
    expect(outcomes.get(second)?.error).toBeUndefined()
    expect(events.errors).toHaveLength(0)
    expect(events.successes.map((s) => s.id)).toEqual([first, second])
    // One batch for both, then one re-presign for the second file only, after its single 403.
    expect(await presignCalls()).toBe(2)
    expect(await s3Put()).toEqual({ total: 3, 200: 2, 403: 1 })
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(2)
    const secondObject = stored.find((o) => o.size === 4000)
    expect(secondObject?.sha256).toBe(await sha256Hex(secondData))
    expectStored(secondObject, outcomes.get(second)?.body as unknown as IpfsResult)
  })

  it('re-presigns a held URL that would lapse before it is sent, before sending it (no 403)', async () => {
    // A margin that leaves a URL sendable for 2 s after it was asked for: the second file of the batch waits
    // 3 s behind the first (delay fault), so its URL must be replaced before its PUT, not after a refusal.
    await setFault({ target: 's3-put', kind: 'delay', delayMs: 3000, count: 1 })
    const uppy = ipfsUppy({ limit: 1, expiryMarginMs: URL_LIFETIME_MS - 2000 })
    const first = addFile(uppy, 'first.png', pngBlob(3000, 41))
    const second = addFile(uppy, 'second.png', pngBlob(4000, 42))
    const outcomes = await uploadAll(uppy)
    expect(outcomes.get(first)?.error).toBeUndefined()
    expect(outcomes.get(second)?.error).toBeUndefined()
    expect(await presignCalls()).toBe(2)
    expect(await s3Put()).toEqual({ total: 2, 200: 2 })
    expect(await ipfsObjects()).toHaveLength(2)
  })
})

describe('IpfsPresign: retries', () => {
  it('waits out a 429 with Retry-After: 2 before trying again', async () => {
    await setFault({ target: 's3-put', kind: 'status', status: 429, retryAfterSeconds: 2, count: 1 })
    const uppy = ipfsUppy(FAST)
    const id = addFile(uppy, 'busy.png', pngBlob(5000, 51))
    const started = performance.now()
    const outcome = (await uploadAll(uppy)).get(id)
    const elapsed = performance.now() - started
    expect(outcome?.error).toBeUndefined()
    // A lower bound only: the backoff alone (retryBaseMs 1) would have come back within milliseconds.
    expect(elapsed).toBeGreaterThanOrEqual(2000)
    expect(await s3Put()).toEqual({ total: 2, 429: 1, 200: 1 })
    expect(await ipfsObjects()).toHaveLength(1)
  })

  it('retries a 500 and a 503 from the storage, then stores the file', async () => {
    await setFault({ target: 's3-put', kind: 'status', status: 500, count: 1 })
    await setFault({ target: 's3-put', kind: 'status', status: 503, count: 1 })
    const uppy = ipfsUppy(FAST)
    const data = pngBlob(5000, 52)
    const id = addFile(uppy, 'flaky.png', data)
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    expect(await s3Put()).toEqual({ total: 3, 500: 1, 503: 1, 200: 1 })
    expect(await presignCalls()).toBe(1)
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.sha256).toBe(await sha256Hex(data))
  })

  it('gives up after `retries` with the storage error, and uppy.retryUpload succeeds once the storage recovers', async () => {
    await setFault({ target: 's3-put', kind: 'status', status: 500 })
    const uppy = ipfsUppy({ ...FAST, retries: 2 })
    const id = addFile(uppy, 'down.png', pngBlob(5000, 53))
    const events = recordEvents(uppy)
    const outcome = (await uploadAll(uppy)).get(id)
    const error = uploadErrorOf(outcome?.error)
    expect(error.info.kind).toBe('server')
    expect(error.info.status).toBe(500)
    expect(error.message).toBe(
      'down.png: the storage failed (500 InternalError: We encountered an internal error. Please try again.). The failure is on the storage side; try again later.',
    )
    expect(await s3Put()).toEqual({ total: 3, 500: 3 })
    expect(uppy.getFile(id).error).toBe(error.message)
    expect(uppy.getFile(id).progress.uploadComplete).toBe(false)

    await clearFaults()
    await uppy.retryUpload(id)
    events.stop()
    expect(events.errors).toHaveLength(1)
    expect(events.successes.map((s) => s.id)).toEqual([id])
    const file = uppy.getFile(id)
    expect(file.error ?? null).toBeNull()
    expect(file.progress.uploadComplete).toBe(true)
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expectStored(stored[0], file.response?.body as unknown as IpfsResult)
    expect(await s3Put()).toEqual({ total: 4, 500: 3, 200: 1 })
  })

  it('retries a connection reset mid-body and stores the file exactly once, intact', async () => {
    // Chromium itself resends a request once after a reset on a reused connection, without telling the page: two
    // resets get past that, so the page sees a network error and the engine's retry is what stores the file.
    await setFault({ target: 's3-put', kind: 'reset', count: 2 })
    const uppy = ipfsUppy(FAST)
    const data = pngBlob(600_000, 54)
    const id = addFile(uppy, 'reset.png', data)
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    expect(await faults()).toEqual([])
    // The broken requests are counted when the mock finishes them, on its own schedule.
    await waitFor('the mock to finish all three PUTs', async () => (await s3Put()).total === 3)
    expect((await s3Put())[200]).toBe(1)
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.size).toBe(600_000)
    expect(stored[0]?.sha256).toBe(await sha256Hex(data))
    expectStored(stored[0], outcome?.body as unknown as IpfsResult)
  })
})

describe('IpfsPresign: errors that are not retried', () => {
  it('reports a connection reset as a network error when no retries are left, storing nothing', async () => {
    // The counterpart of the test above: with retries off, the page itself sees the reset (status 0).
    await setFault({ target: 's3-put', kind: 'reset', count: 2 })
    const uppy = ipfsUppy({ ...FAST, retries: 0 })
    const id = addFile(uppy, 'reset.png', pngBlob(600_000, 55))
    const error = uploadErrorOf((await uploadAll(uppy)).get(id)?.error)
    expect(error.info.kind).toBe('network')
    expect(error.info.status).toBe(0)
    expect(error.message).toBe(
      `reset.png: no response (status 0): the network failed, or the storage's CORS rules (at ${new URL(mock.config.s3.endpoint).host}) do not allow this origin/method/headers; check AllowedOrigins includes ${location.origin}, AllowedMethods includes PUT, AllowedHeaders includes content-type.`,
    )
    // Chromium resends by itself only over a reused connection, so the mock drew one or both resets: wait for
    // each PUT it drew to be counted before reading the totals.
    const left = (await faults())[0]
    const drawn = 2 - (left ? (left.count as number) - left.fired : 0)
    await waitFor('the mock to finish the reset PUTs', async () => (await s3Put()).total === drawn)
    expect(await s3Put()).not.toHaveProperty('200')
    expect(await ipfsObjects()).toEqual([])
  })

  it('reports a signature mismatch once, without retrying a request that cannot succeed', async () => {
    // A backend that hands out the wrong Content-Type for the URL it signed: the storage refuses the signature.
    const vendor = proxy()
    const uppy = ipfsUppy({
      ...FAST,
      presign: async (files) =>
        (await vendor(files)).urls.map((url) => ({ url, headers: { 'Content-Type': 'image/png' } })),
    })
    const id = addFile(
      uppy,
      'logo.svg',
      new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/svg+xml' }),
    )
    const error = uploadErrorOf((await uploadAll(uppy)).get(id)?.error)
    expect(error.info.kind).toBe('signature-mismatch')
    expect(error.info.status).toBe(403)
    expect(error.info.code).toBe('SignatureDoesNotMatch')
    expect(error.message).toBe(
      'logo.svg: the storage refused the signature, which covers content-type and host; it received content-type "image/png", so the URL was signed for other values or with other credentials. Send exactly the Content-Type the presign response gave (the URL signs it). If that is what was sent, the signer\'s credentials are wrong.',
    )
    expect(await s3Put()).toEqual({ total: 1, 403: 1 })
    expect(await presignCalls()).toBe(1)
    expect(await ipfsObjects()).toEqual([])
  })
})

describe('IpfsPresign: CORS', () => {
  it('names x-amz-meta-cid and ExposeHeaders when the CID header is hidden from the page', async () => {
    await setFault({ target: 's3-put', kind: 'hide-header', count: 1 })
    const uppy = ipfsUppy(FAST)
    const data = pngBlob(5000, 61)
    const id = addFile(uppy, 'hidden.png', data)
    const outcome = (await uploadAll(uppy)).get(id)
    const error = uploadErrorOf(outcome?.error)
    expect(error.info.kind).toBe('cors')
    expect(error.info.details?.header).toBe('x-amz-meta-cid')
    expect(error.message).toBe(
      `hidden.png: the storage answered but the browser may not read x-amz-meta-cid: add it to the bucket's CORS ExposeHeaders (S3: <ExposeHeader>x-amz-meta-cid</ExposeHeader>; GCS: "responseHeader": ["x-amz-meta-cid"]) in the rule for ${location.origin}. The file itself may already be stored.`,
    )
    // Not retried: the same answer would come back. The bytes did arrive: the CID is unreadable here, not lost.
    expect(await s3Put()).toEqual({ total: 1, 200: 1 })
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.sha256).toBe(await sha256Hex(data))
    expect(stored[0]?.cid).toMatch(CID_V0)
    expect(uppy.getFile(id).error).toBe(error.message)
    expect(uppy.getFile(id).progress.uploadComplete).toBe(false)
  })
})

describe('IpfsPresign: the presign API', () => {
  it('retries a 503 from NFT2 and then uploads', async () => {
    await setFault({ target: 'nft2', kind: 'status', status: 503, count: 1 })
    const uppy = ipfsUppy(FAST)
    const id = addFile(uppy, 'cat.png', pngBlob(5000, 71))
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    expect(await presignCalls()).toBe(2)
    const stored = await ipfsObjects()
    expect(stored).toHaveLength(1)
    expectStored(stored[0], outcome?.body as unknown as IpfsResult)
  })

  it("reports NFT2's own message when it stays down, after 1 + retries calls, for every file of the batch", async () => {
    await setFault({ target: 'nft2', kind: 'status', status: 503 })
    const uppy = ipfsUppy({ ...FAST, retries: 2 })
    const a = addFile(uppy, 'a.png', pngBlob(5000, 72))
    const b = addFile(uppy, 'b.png', pngBlob(5000, 73))
    const events = recordEvents(uppy)
    const outcomes = await uploadAll(uppy)
    events.stop()
    const message =
      "NFT2 failed to sign a.png, b.png (503): Service Unavailable. The failure is on the vendor's side; try again later."
    for (const id of [a, b]) {
      const error = uploadErrorOf(outcomes.get(id)?.error)
      expect(error.info.kind).toBe('presign')
      expect(error.info.status).toBe(503)
      expect(error.message).toBe(message)
    }
    expect(events.errors.map((e) => e.id).sort()).toEqual([a, b].sort())
    // One batch, retried twice; its failure is each file's, without a call per file.
    expect(await presignCalls()).toBe(3)
    expect(await s3Put()).toEqual({ total: 0 })
    expect(await ipfsObjects()).toEqual([])
  })

  it('waits out a 429 with Retry-After: 1 from NFT2 (through the proxy) before signing again', async () => {
    await setFault({ target: 'nft2', kind: 'status', status: 429, retryAfterSeconds: 1, count: 1 })
    const uppy = ipfsUppy(FAST)
    const id = addFile(uppy, 'cat.png', pngBlob(5000, 76))
    const started = performance.now()
    const outcome = (await uploadAll(uppy)).get(id)
    const elapsed = performance.now() - started
    expect(outcome?.error).toBeUndefined()
    expect(elapsed).toBeGreaterThanOrEqual(1000)
    expect(await presignCalls()).toBe(2)
    expect(await ipfsObjects()).toHaveLength(1)
  })

  it('names the file when a user presign function throws, after retrying it', async () => {
    let calls = 0
    const uppy = ipfsUppy({
      ...FAST,
      retries: 1,
      presign: async () => {
        calls++
        throw new Error('signing backend answered 502')
      },
    })
    const id = addFile(uppy, 'cat.png', pngBlob(1000, 77))
    const error = uploadErrorOf((await uploadAll(uppy)).get(id)?.error)
    expect(error.info).toMatchObject({ kind: 'presign', fileName: 'cat.png', retryable: true })
    expect(error.message).toBe(
      'cat.png: the presign call failed: signing backend answered 502. Check the presign function and the endpoint it calls.',
    )
    expect(error.cause).toBeInstanceOf(Error)
    expect(calls).toBe(2)
    expect(uppy.getFile(id).error).toBe(error.message)
  })

  it('refuses, without retrying, a user presign answer that is not a list, or has more URLs than files', async () => {
    const answers: unknown[] = [
      { url: 'https://example.invalid/x' },
      { urls: ['https://a.invalid/1', 'https://a.invalid/2'] },
    ]
    const messages = [
      'cat.png: the presign response could not be used: expected { urls: [...] } or a list of { url, headers }. Check what the presign endpoint returns.',
      'cat.png: the presign response has 2 signed uploads for 1 file; nothing can be matched safely. Check the presign endpoint.',
    ]
    for (const [i, answer] of answers.entries()) {
      let calls = 0
      const uppy = ipfsUppy({
        ...FAST,
        presign: async () => {
          calls++
          return answer as { urls: string[] }
        },
      })
      const id = addFile(uppy, 'cat.png', pngBlob(1000, 78))
      const error = uploadErrorOf((await uploadAll(uppy)).get(id)?.error)
      expect(error.info).toMatchObject({ kind: 'malformed-presign', fileName: 'cat.png', retryable: false })
      expect(error.message).toBe(messages[i])
      expect(calls).toBe(1)
    }
    expect(await s3Put()).toEqual({ total: 0 })
  })

  it('refuses a presign answer with fewer URLs than files, naming the mismatch, and stores nothing', async () => {
    await setFault({ target: 'nft2', kind: 'malformed', count: 1 })
    const uppy = ipfsUppy(FAST)
    const a = addFile(uppy, 'a.png', pngBlob(5000, 74))
    const b = addFile(uppy, 'b.png', pngBlob(5000, 75))
    const outcomes = await uploadAll(uppy)
    for (const id of [a, b]) {
      const error = uploadErrorOf(outcomes.get(id)?.error)
      expect(error.info.kind).toBe('malformed-presign')
      expect(error.message).toBe(
        'a.png, b.png: the presign response has 1 signed upload for 2 files; nothing can be matched safely. Check the presign endpoint.',
      )
    }
    // Not retried: a vendor that miscounts once cannot be trusted to pair URLs with files.
    expect(await presignCalls()).toBe(1)
    expect(await s3Put()).toEqual({ total: 0 })
    expect(await ipfsObjects()).toEqual([])
  })
})

describe('IpfsPresign: cancel', () => {
  const SLOW_SIZE = 16_000_000
  for (const how of ['removeFile', 'cancelAll'] as const) {
    it(`${how} mid-upload: no success, no error, and nothing stored`, async () => {
      await setFault({ target: 's3-put', kind: 'drip', delayMs: 20 })
      const uppy = ipfsUppy()
      const id = addFile(uppy, 'slow.png', pngBlob(SLOW_SIZE, 81))
      const events = recordEvents(uppy)
      const running = uploadAll(uppy)
      await waitFor('the upload to be under way', async () => events.progress.some((p) => p.id === id))
      // Really mid-upload: Chromium hands a few MiB to the socket at once, so the body is larger than that.
      expect(events.progress.at(-1)?.bytesUploaded).toBeLessThan(SLOW_SIZE)
      if (how === 'removeFile') uppy.removeFile(id)
      else uppy.cancelAll()
      await running
      // The mock counts the PUT once the aborted request has ended on its side; only then is "nothing stored" final.
      // A bound, not a timing goal: on a loaded machine the dripping mock takes seconds to notice the abort.
      await waitFor('the mock to finish the aborted PUT', async () => (await s3Put()).total === 1, 20_000)
      events.stop()
      expect(events.successes).toEqual([])
      expect(events.errors).toEqual([])
      expect(uppy.getFiles()).toEqual([])
      expect(await s3Put()).not.toHaveProperty('200')
      expect(await ipfsObjects()).toEqual([])
      expect(await presignCalls()).toBe(1)
    })
  }

  it('never signs a file removed while it waits its turn', async () => {
    // One file per call and per slot: the second file is neither signed nor sent until the first is done.
    await setFault({ target: 's3-put', kind: 'delay', delayMs: 500, count: 1 })
    const uppy = ipfsUppy({ limit: 1, batchSize: 1 })
    const first = addFile(uppy, 'first.png', pngBlob(3000, 91))
    const second = addFile(uppy, 'second.png', pngBlob(3000, 92))
    const events = recordEvents(uppy)
    const running = uploadAll(uppy)
    await waitFor('the first PUT to reach the mock', async () => (await faults()).length === 0)
    uppy.removeFile(second)
    await running
    events.stop()
    expect(events.successes.map((s) => s.id)).toEqual([first])
    expect(events.errors).toEqual([])
    expect(await presignCalls()).toBe(1)
    expect(await s3Put()).toEqual({ total: 1, 200: 1 })
    expect(await ipfsObjects()).toHaveLength(1)
  })

  it('stops retrying a failing presign call on cancelAll, instead of calling the vendor for nobody', async () => {
    await setFault({ target: 'nft2', kind: 'status', status: 503 })
    const uppy = ipfsUppy({ retries: 5, retryBaseMs: 400 })
    addFile(uppy, 'gone.png', pngBlob(3000, 93))
    const events = recordEvents(uppy)
    const running = uploadAll(uppy)
    await waitFor('the first presign call', async () => ((await presignCalls()) ?? 0) >= 1)
    uppy.cancelAll()
    await running
    const callsAtCancel = await presignCalls()
    // Five more attempts with a 400 ms base would take seconds; none may come after the cancel.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    events.stop()
    expect(await presignCalls()).toBe(callsAtCancel)
    expect(callsAtCancel).toBeLessThanOrEqual(2)
    expect(events.successes).toEqual([])
    expect(events.errors).toEqual([])
  })
})
