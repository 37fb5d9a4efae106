import { describe, expect, it } from 'vitest'
import { faults, objects, pngBlob, setFault, stats, useMockServer, xhrSend, xmlField } from './browser-harness.ts'

/**
 * The mock's browser-facing contract, checked by a real Chromium page on a real origin: what node tests can only
 * assert header by header (CORS, exposed headers, upload progress) is here what a page can or cannot actually see.
 * A request from a foreign origin cannot be made from this page at all; `mock-server/test/cors.test.ts` covers it.
 */
const mock = useMockServer()

const EIGHT_MB = 8 * 1024 * 1024
const CIDV0 = /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/

/**
 * One NFT2 presigned PUT URL for a PNG, got as NFT2's SDK gets one: the API key exchanged for a bearer token, then
 * the presign call with it. The dev key is fine in a test; kit code never holds a vendor key.
 */
async function presignPng(fileName = 'art.png'): Promise<string> {
  const exchange = await fetch(`${mock.url}/nft2/auth/api-key/${mock.config.nft2.apiKey}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  expect(exchange.status).toBe(200)
  const { accessToken } = (await exchange.json()) as { accessToken: string }
  const response = await fetch(`${mock.url}/nft2/upload/presigned-image`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ files: [{ fileName, mimeType: 'image/png' }] }),
  })
  expect(response.status).toBe(200)
  const { urls } = (await response.json()) as { urls: string[] }
  expect(urls).toHaveLength(1)
  return urls[0] as string
}

const putPng = (url: string, blob: Blob, contentType = 'image/png') =>
  xhrSend('PUT', url, blob, { 'content-type': contentType })

describe('the mock seen from a Chromium page', () => {
  it('serves the page from a dev origin the CORS allow-list covers, cross-origin to the mock', () => {
    // Vitest's browser server (http://localhost:<port>); the mock allows any port on localhost / 127.0.0.1.
    expect(location.origin).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+$/)
    expect(new URL(mock.url).hostname).toBe('127.0.0.1')
    // Another host and port: every request below really goes through CORS, preflights included.
    expect(new URL(mock.url).origin).not.toBe(location.origin)
    expect(new URL(mock.config.s3.endpoint).origin).not.toBe(location.origin)
    // WebCrypto (for CID checks) needs a secure context; localhost is one.
    expect(window.isSecureContext).toBe(true)
  })

  it('an 8 MB PUT to an NFT2 URL succeeds and the page reads the same x-amz-meta-cid the bucket holds', async () => {
    const { xhr, outcome, progress } = await putPng(await presignPng(), pngBlob(EIGHT_MB))

    expect(outcome).toBe('load')
    expect(xhr.status).toBe(200)
    // On loopback Chromium sends 8 MB within its 50 ms progress interval: often only the final event comes.
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toEqual([EIGHT_MB, EIGHT_MB])
    const cid = xhr.getResponseHeader('x-amz-meta-cid')
    expect(cid).toMatch(CIDV0)
    expect(xhr.getResponseHeader('etag')).toMatch(/^"[0-9a-f]{32}"$/)

    const stored = await objects()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ size: EIGHT_MB, contentType: 'image/png', cid })
  })

  it('upload progress reports a partial count while the server is not reading yet (delay)', async () => {
    // The server reads nothing for 500 ms, so the kernel's socket buffers fill and the browser stalls mid-body,
    // well past Chromium's progress interval. (With `drip` the buffers, which grow to tens of MB on loopback, can
    // swallow the whole file before the first report; 40 MB and a 1 s stall leave room even on a loaded machine.)
    const SIZE = 40_000_000
    await setFault({ target: 's3-put', kind: 'delay', delayMs: 1000 })
    const { xhr, progress } = await putPng(await presignPng(), pngBlob(SIZE))

    expect(xhr.status).toBe(200)
    const loaded = progress.map(([bytes]) => bytes)
    expect(loaded.some((bytes) => bytes > 0 && bytes < SIZE)).toBe(true)
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b))
    expect(progress.every(([, total]) => total === SIZE)).toBe(true)
    expect(loaded.at(-1)).toBe(SIZE)
  })

  it('with the hide-header fault the page cannot read x-amz-meta-cid, though the object has one', async () => {
    await setFault({ target: 's3-put', kind: 'hide-header' })
    const { xhr, outcome } = await putPng(await presignPng(), pngBlob(4096))

    expect(outcome).toBe('load')
    expect(xhr.status).toBe(200)
    // Sent on the wire (the node tests assert that), withheld by CORS: what a bucket without ExposeHeaders does.
    expect(xhr.getResponseHeader('x-amz-meta-cid')).toBeNull()
    expect(xhr.getAllResponseHeaders()).not.toMatch(/x-amz-meta-cid/i)
    // Only that one header is withheld.
    expect(xhr.getResponseHeader('etag')).not.toBeNull()
    const [stored] = await objects()
    expect(stored?.cid).toMatch(CIDV0)
  })

  it('a PUT with another Content-Type than the signed one gets 403 with a readable XML body', async () => {
    const { xhr, outcome } = await putPng(await presignPng(), pngBlob(4096), 'image/jpeg')

    expect(outcome).toBe('load')
    expect(xhr.status).toBe(403)
    // Readable only because error responses carry Access-Control-Allow-Origin too; otherwise this would be status 0.
    expect(xmlField(xhr.responseText, 'Code')).toBe('SignatureDoesNotMatch')
    expect(xhr.responseText).toContain('image/jpeg')
    expect(await objects()).toEqual([])
  })

  it('a connection reset mid-upload is a network error (status 0, error event) and stores nothing', async () => {
    // No count: Chromium resends a request whose reused connection was reset (next test), so every attempt must
    // meet the reset for the page to see it.
    await setFault({ target: 's3-put', kind: 'reset' })
    const { xhr, outcome } = await putPng(await presignPng(), pngBlob(EIGHT_MB))

    expect(outcome).toBe('error')
    expect(xhr.status).toBe(0)
    expect(xhr.responseText).toBe('')
    expect(await objects()).toEqual([])
    const puts = (await stats()).storage['s3-put'] ?? {}
    expect(puts['200']).toBeUndefined()
    expect(puts.total).toBeGreaterThanOrEqual(1)
  })

  it('a single reset is absorbed by Chromium itself: the fault is spent, yet the page sees one success', async () => {
    // Not the mock's behaviour but the browser's, pinned here because it decides how retry tests must be written:
    // Chromium resends a request whose reused connection was reset, so a `count: 1` reset never reaches an
    // uploader's retry logic; use `count: 2` or more for that.
    await setFault({ target: 's3-put', kind: 'reset', count: 1 })
    const { xhr, outcome } = await putPng(await presignPng(), pngBlob(EIGHT_MB))

    expect(outcome).toBe('load')
    expect(xhr.status).toBe(200)
    expect(await faults()).toEqual([])
    expect(await objects()).toHaveLength(1)
    expect((await stats()).storage['s3-put']?.['200']).toBe(1)
  })
})
