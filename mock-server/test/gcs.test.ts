import { createHash, generateKeyPairSync } from 'node:crypto'
import { Storage } from '@google-cloud/storage'
import { describe, expect, it } from 'vitest'
import {
  advanceClock,
  type Bytes,
  bytesOf,
  gcsBucket,
  objects,
  setFault,
  stats,
  streamRequest,
  useMockServer,
  xmlField,
  xmlText,
} from './harness.ts'

const mock = useMockServer()
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest()
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const PNG = bytesOf(50_000, 31)

/** A V4 signed URL from `@google-cloud/storage`, offline, with the service account of `/__config`. */
async function signedUrl(key: string, action: 'write' | 'read', contentType?: string, expiresInMs = 15 * 60_000) {
  const file = (await gcsBucket(mock.config)).file(key)
  const [url] = await file.getSignedUrl({
    version: 'v4',
    action,
    ...(contentType ? { contentType } : {}),
    expires: Date.now() + expiresInMs,
  })
  return url
}

const put = (url: string, body: Bytes, contentType?: string) =>
  fetch(url, { method: 'PUT', body, headers: contentType ? { 'content-type': contentType } : {} })

async function expectGcsError(response: Response, status: number, code: string) {
  const text = await response.text()
  expect({ status: response.status, code: xmlField(text, 'Code') }).toEqual({ status, code })
  expect(response.headers.get('content-type')).toBe('application/xml')
  return text
}

describe('GCS V4 signed URLs from @google-cloud/storage', () => {
  it('a signed PUT with the signed Content-Type is stored: 200, ETag and x-goog-hash are the MD5', async () => {
    const response = await put(await signedUrl('srr-images/a/pic.png', 'write', 'image/png'), PNG, 'image/png')
    expect(response.status).toBe(200)
    expect(response.headers.get('etag')).toBe(`"${md5(PNG).toString('hex')}"`)
    expect(response.headers.get('x-goog-hash')).toBe(`md5=${md5(PNG).toString('base64')}`)
    expect(response.headers.get('x-goog-stored-content-length')).toBe(String(PNG.byteLength))
    expect(await objects(mock.url)).toEqual([
      expect.objectContaining({
        bucket: mock.config.gcs.bucket,
        key: 'srr-images/a/pic.png',
        size: PNG.byteLength,
        sha256: sha(PNG),
        contentType: 'image/png',
      }),
    ])
  })

  it('another Content-Type → 403 SignatureDoesNotMatch with <StringToSign> and <CanonicalRequest>, nothing stored', async () => {
    const text = await expectGcsError(
      await put(await signedUrl('x/pic.png', 'write', 'image/png'), PNG, 'image/jpeg'),
      403,
      'SignatureDoesNotMatch',
    )
    expect(xmlField(text, 'StringToSign')).toMatch(
      /^GOOG4-RSA-SHA256\n\d{8}T\d{6}Z\n\d{8}\/auto\/storage\/goog4_request\n[0-9a-f]{64}$/,
    )
    const canonical = xmlText(text, 'CanonicalRequest') ?? ''
    expect(canonical.split('\n').slice(0, 2)).toEqual(['PUT', `/${mock.config.gcs.bucket}/x/pic.png`])
    expect(canonical).toContain('\ncontent-type:image/jpeg\n')
    expect(canonical).toContain('\ncontent-type;host\n')
    expect(await objects(mock.url)).toEqual([])
  })

  it('no Content-Type when one was signed → 400 MalformedSecurityHeader naming content-type', async () => {
    const text = await expectGcsError(
      await put(await signedUrl('x/none.png', 'write', 'image/png'), PNG),
      400,
      'MalformedSecurityHeader',
    )
    expect(xmlField(text, 'ParameterName')).toBe('content-type')
    expect(await objects(mock.url)).toEqual([])
  })

  it('a read URL GETs the stored bytes back', async () => {
    await put(await signedUrl('r/pic.png', 'write', 'image/png'), PNG, 'image/png')
    const response = await fetch(await signedUrl('r/pic.png', 'read'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(sha(new Uint8Array(await response.arrayBuffer()))).toBe(sha(PNG))
  })

  it('gcs-get faults hit reads (GET and HEAD), not uploads: a 503 with Retry-After, then an expiry', async () => {
    await setFault(mock.url, { target: 'gcs-get', kind: 'status', status: 503, retryAfterSeconds: 2, count: 1 })
    await setFault(mock.url, { target: 'gcs-get', kind: 'expire', count: 1 })
    await setFault(mock.url, { target: 'gcs-get', kind: 'status', status: 500, count: 1 })
    // The upload draws none of them.
    expect((await put(await signedUrl('r/fault.png', 'write', 'image/png'), PNG, 'image/png')).status).toBe(200)
    const url = await signedUrl('r/fault.png', 'read')
    const slow = await fetch(url, { headers: { origin: 'http://localhost:5173' } })
    await expectGcsError(slow, 503, 'SlowDown')
    expect(slow.headers.get('retry-after')).toBe('2')
    expect(slow.headers.get('access-control-expose-headers')).toContain('Retry-After')
    await expectGcsError(await fetch(url), 400, 'ExpiredToken')
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(500)
    const ok = await fetch(url)
    expect(ok.status).toBe(200)
    expect(sha(new Uint8Array(await ok.arrayBuffer()))).toBe(sha(PNG))
    expect((await stats(mock.url)).storage).toMatchObject({
      'gcs-put': { total: 1, '200': 1 },
      'gcs-get': { total: 3, '503': 1, '400': 1, '200': 1 },
      'gcs-head': { total: 1, '500': 1 },
    })
  })

  it('gcs-get takes no fault about a request body or a hidden header', async () => {
    for (const kind of ['drip', 'reset', 'hide-header']) {
      const response = await fetch(`${mock.url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ target: 'gcs-get', kind }),
      })
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({ error: `kind ${kind} does not apply to target gcs-get` })
    }
  })

  it('a read URL of an object that is not there → 404 NoSuchKey', async () => {
    await expectGcsError(await fetch(await signedUrl('r/none.png', 'read')), 404, 'NoSuchKey')
  })

  it('a write URL used to GET → 403 SignatureDoesNotMatch (the method is signed)', async () => {
    const url = await signedUrl('m/pic.png', 'write', 'image/png')
    await put(url, PNG, 'image/png')
    await expectGcsError(await fetch(url, { headers: { 'content-type': 'image/png' } }), 403, 'SignatureDoesNotMatch')
  })

  it('expiry against the mock clock: accepted before it lapses, 400 ExpiredToken after, nothing stored', async () => {
    const url = await signedUrl('e/pic.png', 'write', 'image/png', 60_000)
    await advanceClock(mock.url, 50_000)
    expect((await put(url, PNG, 'image/png')).status).toBe(200)
    await advanceClock(mock.url, 15_000)
    const text = await expectGcsError(await put(url, bytesOf(10), 'image/png'), 400, 'ExpiredToken')
    expect(xmlText(text, 'Details')).toMatch(/expired/i)
    expect((await objects(mock.url)).map((o) => o.sha256)).toEqual([sha(PNG)])
  })

  describe('tampered twins', () => {
    it('another object path → 403 SignatureDoesNotMatch, nothing stored', async () => {
      const url = new URL(await signedUrl('t/pic.png', 'write', 'image/png'))
      url.pathname = url.pathname.replace('t/pic.png', 't/other.png')
      await expectGcsError(await put(url.toString(), PNG, 'image/png'), 403, 'SignatureDoesNotMatch')
      expect(await objects(mock.url)).toEqual([])
    })

    it('X-Goog-Expires lengthened → 403 SignatureDoesNotMatch', async () => {
      const url = new URL(await signedUrl('t/pic.png', 'write', 'image/png'))
      url.searchParams.set('X-Goog-Expires', '3600')
      await expectGcsError(await put(url.toString(), PNG, 'image/png'), 403, 'SignatureDoesNotMatch')
      expect(await objects(mock.url)).toEqual([])
    })

    it('signed by another key for the same service account → 403 SignatureDoesNotMatch', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
      const [url] = await new Storage({
        apiEndpoint: mock.config.gcs.endpoint,
        projectId: 'x',
        credentials: {
          client_email: mock.config.gcs.serviceAccount.client_email,
          private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
      })
        .bucket(mock.config.gcs.bucket)
        .file('t/pic.png')
        .getSignedUrl({ version: 'v4', action: 'write', contentType: 'image/png', expires: Date.now() + 60_000 })
      await expectGcsError(await put(url, PNG, 'image/png'), 403, 'SignatureDoesNotMatch')
      expect(await objects(mock.url)).toEqual([])
    })
  })

  it('an unsigned PUT → 401 AccessDenied (anonymous caller), nothing stored', async () => {
    const url = `${mock.config.gcs.endpoint}/${mock.config.gcs.bucket}/anon.png`
    const text = await expectGcsError(await put(url, PNG, 'image/png'), 401, 'AccessDenied')
    expect(xmlText(text, 'Details')).toContain('Anonymous caller')
    expect(await objects(mock.url)).toEqual([])
  })

  it('another bucket → 404 NoSuchBucket', async () => {
    const url = new URL(await signedUrl('b/pic.png', 'write', 'image/png'))
    url.pathname = url.pathname.replace(`/${mock.config.gcs.bucket}/`, '/other-bucket/')
    await expectGcsError(await put(url.toString(), PNG, 'image/png'), 404, 'NoSuchBucket')
    expect(await objects(mock.url)).toEqual([])
  })

  it('objects under srr-images/ (Startrail finalUrls) are readable unsigned; others are not', async () => {
    const { gcs } = mock.config
    await put(await signedUrl('srr-images/o/pic.png', 'write', 'image/png'), PNG, 'image/png')
    await put(await signedUrl('private/pic.png', 'write', 'image/png'), PNG, 'image/png')
    const open = await fetch(`${gcs.endpoint}/${gcs.bucket}/srr-images/o/pic.png`)
    expect(open.status).toBe(200)
    expect(sha(new Uint8Array(await open.arrayBuffer()))).toBe(sha(PNG))
    await expectGcsError(await fetch(`${gcs.endpoint}/${gcs.bucket}/private/pic.png`), 403, 'AccessDenied')
  })

  describe("Startrail's size rule: filesize < 2^31", () => {
    const fewBytes = [bytesOf(1000, 2)]

    it('a Content-Length of 2^31 is refused before the body is read, and nothing is stored', async () => {
      const url = await signedUrl('big/video.mp4', 'write', 'video/mp4')
      const answer = await streamRequest(url, {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-length': String(2 ** 31) },
        body: fewBytes,
        end: false,
        timeoutMs: 10_000,
      })
      expect(answer.answeredEarly).toBe(true)
      expect(answer.status).toBe(400)
      expect(xmlField(answer.text, 'Code')).toBe('EntityTooLarge')
      expect(xmlField(answer.text, 'MaxSizeAllowed')).toBe(String(2 ** 31 - 1))
      expect(await objects(mock.url)).toEqual([])
    })

    it('2^31 − 1 is not refused up front (the server waits for the bytes); a body that breaks off stores nothing', async () => {
      const url = await signedUrl('big/video.mp4', 'write', 'video/mp4')
      // No answer while the body is incomplete: the request is then dropped by the client.
      await expect(
        streamRequest(url, {
          method: 'PUT',
          headers: { 'content-type': 'video/mp4', 'content-length': String(2 ** 31 - 1) },
          body: fewBytes,
          end: false,
          timeoutMs: 500,
        }),
      ).rejects.toThrow('no answer within 500 ms')
      // The server sees the connection drop and keeps no partial object.
      await expect
        .poll(async () => (await fetch(`${mock.url}/__stats`)).json())
        .toMatchObject({
          storage: { 'gcs-put': { total: 1 } },
        })
      expect(await objects(mock.url)).toEqual([])
    })
  })
})
