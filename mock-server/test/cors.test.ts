import { describe, expect, it } from 'vitest'
import { gcsBucket, presignPut, setFault, useMockServer, xmlField } from './harness.ts'

const mock = useMockServer()
const DEV = 'http://localhost:5173'
const EVIL = 'http://evil.example'
const HELLO = new TextEncoder().encode('hello world\n')

const listOf = (value: string | null) => (value ?? '').split(',').map((h) => h.trim().toLowerCase())

function preflight(url: string, origin: string, method = 'PUT', headers = 'content-type') {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  })
}

/** One URL on each of the three origins the mock serves. */
const origins = () => {
  const { config } = mock
  return [
    ['API', `${mock.url}/nft2/upload/presigned-image`, 'POST'],
    ['S3', `${config.s3.endpoint}/${config.s3.buckets.ipfs}/a.png`, 'PUT'],
    ['GCS', `${config.gcs.endpoint}/${config.gcs.bucket}/a.png`, 'PUT'],
  ] as const
}

describe('CORS', () => {
  describe('preflight', () => {
    it.each(['API', 'S3', 'GCS'])(
      '%s: a dev origin gets allow-origin, the methods and the asked headers',
      async (name) => {
        const [, url, method] = origins().find(([n]) => n === name) ?? []
        for (const origin of [DEV, 'http://127.0.0.1:6006', 'http://localhost']) {
          const response = await preflight(url ?? '', origin, method, 'content-type,x-amz-meta-foo')
          expect(response.status).toBe(204)
          expect(response.headers.get('access-control-allow-origin')).toBe(origin)
          expect(listOf(response.headers.get('access-control-allow-methods'))).toEqual(
            expect.arrayContaining(['get', 'head', 'put', 'post']),
          )
          expect(listOf(response.headers.get('access-control-allow-headers'))).toEqual(
            expect.arrayContaining(['content-type', 'x-amz-meta-foo']),
          )
          expect(listOf(response.headers.get('vary'))).toContain('origin')
        }
      },
    )

    it.each(['API', 'S3', 'GCS'])('%s: a foreign origin gets no allow-origin', async (name) => {
      const [, url, method] = origins().find(([n]) => n === name) ?? []
      for (const origin of [EVIL, 'http://localhost.evil.example:5173', 'https://localhost:5173', 'null']) {
        const response = await preflight(url ?? '', origin, method)
        expect(response.status).toBe(403)
        expect(response.headers.get('access-control-allow-origin')).toBeNull()
        expect(response.headers.get('access-control-allow-methods')).toBeNull()
      }
    })
  })

  describe('actual requests', () => {
    it('a successful S3 PUT from a dev origin exposes ETag and x-amz-meta-cid (and both are sent)', async () => {
      const { config } = mock
      const url = await presignPut(config, { bucket: config.s3.buckets.ipfs, key: 'c.txt' })
      const response = await fetch(url, { method: 'PUT', body: HELLO, headers: { origin: DEV } })
      expect(response.status).toBe(200)
      expect(response.headers.get('access-control-allow-origin')).toBe(DEV)
      expect(listOf(response.headers.get('access-control-expose-headers'))).toEqual(
        expect.arrayContaining(['etag', 'x-amz-meta-cid']),
      )
      expect(response.headers.get('etag')).not.toBeNull()
      expect(response.headers.get('x-amz-meta-cid')).not.toBeNull()
    })

    it('a successful GCS PUT exposes ETag', async () => {
      const [url] = await (await gcsBucket(mock.config))
        .file('c.png')
        .getSignedUrl({ version: 'v4', action: 'write', contentType: 'image/png', expires: Date.now() + 60_000 })
      const response = await fetch(url, {
        method: 'PUT',
        body: HELLO,
        headers: { origin: DEV, 'content-type': 'image/png' },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('access-control-allow-origin')).toBe(DEV)
      expect(listOf(response.headers.get('access-control-expose-headers'))).toContain('etag')
    })

    it.each(['API', 'S3', 'GCS'])('%s: error responses carry Access-Control-Allow-Origin too', async (name) => {
      const [, url, method] = origins().find(([n]) => n === name) ?? []
      // Unsigned / unauthenticated: 401 from the API and GCS, 403 XML from S3.
      const response = await fetch(url ?? '', { method, body: HELLO, headers: { origin: DEV } })
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.headers.get('access-control-allow-origin')).toBe(DEV)
      if (name === 'S3') {
        expect(response.status).toBe(403)
        expect(xmlField(await response.text(), 'Code')).toBe('AccessDenied')
        expect(listOf(response.headers.get('access-control-expose-headers'))).toEqual(
          expect.arrayContaining(['etag', 'x-amz-meta-cid']),
        )
      }
    })

    it('a 403 SignatureDoesNotMatch from S3 carries allow-origin', async () => {
      const { config } = mock
      const url = await presignPut(config, {
        bucket: config.s3.buckets.uploads,
        key: 's.png',
        contentType: 'image/png',
      })
      const response = await fetch(url, {
        method: 'PUT',
        body: HELLO,
        headers: { origin: DEV, 'content-type': 'image/jpeg' },
      })
      expect(response.status).toBe(403)
      expect(xmlField(await response.text(), 'Code')).toBe('SignatureDoesNotMatch')
      expect(response.headers.get('access-control-allow-origin')).toBe(DEV)
    })

    it.each(['s3-put', 'gcs'] as const)(
      '%s: a 429 fault with Retry-After lets the browser read Retry-After',
      async (target) => {
        await setFault(mock.url, { target, kind: 'status', status: 429, retryAfterSeconds: 3 })
        const url =
          target === 's3-put'
            ? `${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/r`
            : `${mock.config.gcs.endpoint}/${mock.config.gcs.bucket}/r`
        const response = await fetch(url, { method: 'PUT', body: HELLO, headers: { origin: DEV } })
        expect(response.status).toBe(429)
        expect(response.headers.get('retry-after')).toBe('3')
        expect(response.headers.get('access-control-allow-origin')).toBe(DEV)
        expect(listOf(response.headers.get('access-control-expose-headers'))).toContain('retry-after')
      },
    )

    it.each(['API', 'S3', 'GCS'])('%s: a foreign origin gets no Access-Control-* headers', async (name) => {
      const [, url, method] = origins().find(([n]) => n === name) ?? []
      const response = await fetch(url ?? '', { method, body: HELLO, headers: { origin: EVIL } })
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
      expect(response.headers.get('access-control-expose-headers')).toBeNull()
    })

    it('controls answer CORS as well (a demo page reads /__config)', async () => {
      const response = await fetch(`${mock.url}/__config`, { headers: { origin: DEV } })
      expect(response.headers.get('access-control-allow-origin')).toBe(DEV)
    })
  })
})
