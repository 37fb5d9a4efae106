import { advanceClock, revokeNft2Tokens, setFault, stats } from '@uppy-presign/mock-server/test-harness'
import { describe, expect, it } from 'vitest'
import {
  allHeaderValues,
  browserRequest,
  call,
  DEV_ORIGIN,
  presignCalls,
  recordingFetch,
  useMock,
} from '../test/test-support.ts'
import type { Nft2ProxyOptions } from './nft2.ts'
import { nft2Proxy } from './nft2.ts'

const mock = useMock()

const proxy = (allow?: Nft2ProxyOptions['allow']) =>
  nft2Proxy({ apiKey: mock.config.nft2.apiKey, baseUrl: `${mock.url}/nft2`, allowedOrigins: [DEV_ORIGIN], allow })

const presign = (files: unknown, allow?: Nft2ProxyOptions['allow'], path = '/app/nft2/presigned-image') =>
  call(proxy(allow), browserRequest(path, { body: { files } }))

const png = (fileName = 'a.png') => ({ fileName, mimeType: 'image/png' })

describe('nft2Proxy: forwarding', () => {
  it('presigns through the vendor and hands back its status, body and Date', async () => {
    const res = await presign([png('one.png'), { fileName: 'two.jpg', mimeType: 'image/jpeg' }])
    expect(res.status).toBe(200)
    expect(res.json.urls).toHaveLength(2)
    expect(res.json.urls[0]).toMatch(/\/nft2-protocol\/one-[0-9a-f]+\.png\?.*X-Amz-Signature=/)
    expect(res.headers.get('date')).toBeTruthy()
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe(DEV_ORIGIN)
    expect((await presignCalls(mock.url)).nft2).toBe(1)
  })

  it('matches the route by path suffix, under any prefix', async () => {
    for (const path of ['/presigned-image', '/api/v1/uploads/nft2/presigned-image']) {
      expect((await presign([png()], undefined, path)).status).toBe(200)
    }
    expect((await presignCalls(mock.url)).nft2).toBe(2)
  })

  it('sends only the validated fields of each file', async () => {
    const vendor = recordingFetch()
    const handler = nft2Proxy({ apiKey: mock.config.nft2.apiKey, baseUrl: `${mock.url}/nft2`, fetch: vendor.fetch })
    const res = await call(
      handler,
      browserRequest('/presigned-image', {
        origin: null,
        body: { files: [{ ...png(), bucket: 'other-bucket' }], apiKey: 'x' },
      }),
    )
    expect(res.status).toBe(200)
    // The token exchange, then the presign call.
    expect(vendor.calls.map((c) => c.url)).toEqual([
      `${mock.url}/nft2/auth/api-key/${mock.config.nft2.apiKey}`,
      `${mock.url}/nft2/upload/presigned-image`,
    ])
    expect(JSON.parse(vendor.calls[1]?.body ?? '')).toEqual({ files: [png()] })
  })

  it("passes the vendor's own refusals through (a wrong key on the server: the token exchange's 401)", async () => {
    const handler = nft2Proxy({ apiKey: 'wrong', baseUrl: `${mock.url}/nft2` })
    const res = await call(handler, browserRequest('/presigned-image', { origin: null, body: { files: [png()] } }))
    expect(res.status).toBe(401)
    expect(res.json).toMatchObject({ statusCode: 401, error: 'Unauthorized' })
  })
})

describe('nft2Proxy: the bearer token, got and kept as NFT2’s SDK does', () => {
  const request = () => browserRequest('/app/nft2/presigned-image', { body: { files: [png()] } })
  const tokenStats = async () => (await stats(mock.url)).tokens.nft2
  /** The mock's clock and the proxy's, moved together (the proxy judges expiry on its own clock). */
  const clocks = () => {
    let offsetMs = 0
    return {
      now: () => Date.now() + offsetMs,
      advance: async (ms: number) => {
        offsetMs += ms
        await advanceClock(mock.url, ms)
      },
    }
  }

  it('exchanges the API key (POST {baseUrl}/auth/api-key/{key}, body {}) and presigns with Bearer <accessToken>', async () => {
    const vendor = recordingFetch()
    const handler = nft2Proxy({
      allowedOrigins: [DEV_ORIGIN],
      apiKey: mock.config.nft2.apiKey,
      baseUrl: `${mock.url}/nft2/`,
      fetch: vendor.fetch,
    })
    expect((await call(handler, request())).status).toBe(200)
    const [exchange, presign] = vendor.calls
    expect(exchange?.method).toBe('POST')
    expect(exchange?.url).toBe(`${mock.url}/nft2/auth/api-key/${mock.config.nft2.apiKey}`)
    expect(exchange?.body).toBe('{}')
    expect(presign?.method).toBe('POST')
    expect(presign?.url).toBe(`${mock.url}/nft2/upload/presigned-image`)
    expect(presign?.headers.get('authorization')).toMatch(/^Bearer nft2-at-[0-9a-f]+$/)
    expect(presign?.headers.get('x-api-key')).toBeNull()
    expect(await tokenStats()).toEqual({ apiKey: 1, refreshToken: 0 })
  })

  it('reuses its token: many calls, sequential and concurrent, one exchange', async () => {
    const handler = proxy()
    for (let i = 0; i < 3; i++) expect((await call(handler, request())).status).toBe(200)
    const fresh = proxy()
    const together = await Promise.all(Array.from({ length: 5 }, () => call(fresh, request())))
    expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    // One exchange per proxy: each instance keeps its own token.
    expect(await tokenStats()).toEqual({ apiKey: 2, refreshToken: 0 })
    expect((await presignCalls(mock.url)).nft2).toBe(8)
  })

  it('refreshes with the refresh token before the token expires, without a refused call', async () => {
    const clock = clocks()
    const handler = nft2Proxy({
      allowedOrigins: [DEV_ORIGIN],
      apiKey: mock.config.nft2.apiKey,
      baseUrl: `${mock.url}/nft2`,
      now: clock.now,
    })
    expect((await call(handler, request())).status).toBe(200)
    // 50 min of the token's 60: still good, still used.
    await clock.advance(50 * 60_000)
    expect((await call(handler, request())).status).toBe(200)
    expect(await tokenStats()).toEqual({ apiKey: 1, refreshToken: 0 })
    // 4 min before expiry, inside the SDK's 5-min margin: refreshed first.
    await clock.advance(6 * 60_000)
    expect((await call(handler, request())).status).toBe(200)
    expect(await tokenStats()).toEqual({ apiKey: 1, refreshToken: 1 })
    // Three presign calls, none refused and replayed.
    expect((await presignCalls(mock.url)).nft2).toBe(3)
  })

  it('a revoked access token: refused (401), refreshed, the call replayed once', async () => {
    const handler = proxy()
    expect((await call(handler, request())).status).toBe(200)
    await revokeNft2Tokens(mock.url, { accessOnly: true })
    const res = await call(handler, request())
    expect(res.status).toBe(200)
    expect(res.json.urls).toHaveLength(1)
    expect(await tokenStats()).toEqual({ apiKey: 1, refreshToken: 1 })
    // The first and the replay (the mock counts calls that passed authentication).
    expect((await presignCalls(mock.url)).nft2).toBe(2)
  })

  it('NFT2 hands back the same refresh token: it is kept, not its redacted form, and refreshes again', async () => {
    const handler = proxy()
    expect((await call(handler, request())).status).toBe(200)
    for (const _ of [1, 2]) {
      await revokeNft2Tokens(mock.url, { accessOnly: true })
      expect((await call(handler, request())).status).toBe(200)
    }
    // Two refreshes with the one refresh token; no second API-key exchange after a refused `[redacted]`.
    expect(await tokenStats()).toEqual({ apiKey: 1, refreshToken: 2 })
  })

  it('refresh token revoked too: the refresh is refused (401), the API key exchanged again, the call replayed', async () => {
    const handler = proxy()
    expect((await call(handler, request())).status).toBe(200)
    await revokeNft2Tokens(mock.url)
    expect((await call(handler, request())).status).toBe(200)
    expect(await tokenStats()).toEqual({ apiKey: 2, refreshToken: 0 })
    expect((await presignCalls(mock.url)).nft2).toBe(2)
  })

  it('replays once only: a second 401 goes to the browser', async () => {
    const handler = proxy()
    await setFault(mock.url, { target: 'nft2', kind: 'status', status: 401, count: 2 })
    const res = await call(handler, request())
    expect(res.status).toBe(401)
    expect(res.json).toMatchObject({ statusCode: 401, error: 'Unauthorized' })
    expect((await presignCalls(mock.url)).nft2).toBe(2)
    expect(await tokenStats()).toEqual({ apiKey: 1, refreshToken: 1 })
  })

  it('a 403 is not an expired token (the SDK renews on 401 only): passed on, no renewal, no replay', async () => {
    await setFault(mock.url, { target: 'nft2', kind: 'status', status: 403, count: 1 })
    const res = await call(proxy(), request())
    expect(res.status).toBe(403)
    expect((await presignCalls(mock.url)).nft2).toBe(1)
    expect(await tokenStats()).toEqual({ apiKey: 1, refreshToken: 0 })
  })

  it('no token, refresh token or key in anything the browser gets, even when NFT2 quotes them back', async () => {
    const seen = new Set<string>()
    const vendor = recordingFetch(async (c) => {
      const response = await fetch(c.url, { method: c.method, headers: c.headers, body: c.body })
      const text = await response.text()
      for (const t of text.match(/nft2-(?:at|rt)-[0-9a-f]+/g) ?? []) seen.add(t)
      // The presign answer quotes the token it was called with.
      const quoted = c.url.endsWith('/upload/presigned-image')
        ? JSON.stringify({ ...JSON.parse(text), note: `called with ${c.headers.get('authorization')}` })
        : text
      return new Response(quoted, { status: response.status, headers: response.headers })
    })
    const handler = nft2Proxy({
      allowedOrigins: [DEV_ORIGIN],
      apiKey: mock.config.nft2.apiKey,
      baseUrl: `${mock.url}/nft2`,
      fetch: vendor.fetch,
    })
    const answers = [await call(handler, request())]
    await revokeNft2Tokens(mock.url, { accessOnly: true })
    answers.push(await call(handler, request()))
    await revokeNft2Tokens(mock.url)
    answers.push(await call(handler, request()))
    expect(seen.size).toBeGreaterThanOrEqual(4)
    const secrets = [mock.config.nft2.apiKey, ...seen]
    for (const res of answers) {
      expect(res.status).toBe(200)
      expect(res.json.note).toBe('called with Bearer [redacted]')
      for (const secret of secrets) {
        expect(res.text).not.toContain(secret)
        expect(allHeaderValues(res.headers)).not.toContain(secret)
      }
    }
  })

  it('an exchange answered without an accessToken → 502 in NFT2 shape', async () => {
    const vendor = recordingFetch(() => Response.json({ token: 'x' }))
    const res = await call(
      nft2Proxy({
        allowedOrigins: [DEV_ORIGIN],
        apiKey: mock.config.nft2.apiKey,
        baseUrl: `${mock.url}/nft2`,
        fetch: vendor.fetch,
      }),
      request(),
    )
    expect(res.status).toBe(502)
    expect(res.json).toEqual({
      statusCode: 502,
      message: 'NFT2 API answered its api-key exchange without an accessToken',
      error: 'Bad Gateway',
    })
    expect(vendor.calls).toHaveLength(1)
  })
})

describe('nft2Proxy: refusals, in NFT2 shape, before the vendor is called', () => {
  const gif = { fileName: 'cat.gif', mimeType: 'image/gif' }
  const cases: Array<[string, unknown, Nft2ProxyOptions['allow'], number, RegExp]> = [
    [
      'a mime type the app did not allow',
      [png(), { fileName: 'x.svg', mimeType: 'image/svg+xml' }],
      { mimeTypes: ['image/png', 'image/jpeg'] },
      403,
      /files\.1 \(x\.svg\): mimeType "image\/svg\+xml" is not allowed here \(allow\.mimeTypes: image\/png, image\/jpeg\)/,
    ],
    [
      'a mime type NFT2 does not take',
      [gif],
      undefined,
      400,
      /files\.0 \(cat\.gif\): mimeType "image\/gif" is not supported; use one of image\/png, image\/jpeg, image\/svg\+xml/,
    ],
    [
      'more files than allow.maxFiles',
      [png('1.png'), png('2.png'), png('3.png')],
      { maxFiles: 2 },
      403,
      /3 files in one call; allow\.maxFiles is 2/,
    ],
    [
      'more than NFT2’s 50',
      Array.from({ length: 51 }, (_, i) => png(`${i}.png`)),
      undefined,
      400,
      /no more than 50 elements \(got 51\)/,
    ],
    ['no files', [], undefined, 400, /files should not be empty/],
    ['files not an array', 'a.png', undefined, 400, /body must be JSON \{files/],
    [
      'a name with a path',
      [png('../etc/a.png')],
      undefined,
      400,
      /files\.0\.fileName \("\.\.\/etc\/a\.png"\) must be a plain file name/,
    ],
    [
      'a name the storage policy would read as a variable',
      [png(`\${filename}.png`)],
      undefined,
      400,
      /files\.0\.fileName \("\$\{filename\}\.png"\) must not contain "\$\{"/,
    ],
    ['an empty name', [png('')], undefined, 400, /files\.0\.fileName must be a non-empty string/],
    ['a file that is not an object', ['a.png'], undefined, 400, /files\.0 must be an object/],
  ]
  it.each(cases)('%s', async (_, files, allow, status, message) => {
    const res = await presign(files, allow)
    expect(res.status).toBe(status)
    expect(res.json).toMatchObject({ statusCode: status, error: status === 400 ? 'Bad Request' : 'Forbidden' })
    // NestJS: a 400's message is a list; other statuses carry one string.
    const text = Array.isArray(res.json.message) ? res.json.message.join('\n') : res.json.message
    expect(text).toMatch(message)
    expect(res.headers.get('access-control-allow-origin')).toBe(DEV_ORIGIN)
    expect((await presignCalls(mock.url)).nft2).toBe(0)
  })

  it('a malformed request wins over a forbidden one: fix it first', async () => {
    const res = await presign([gif, { fileName: 'x.svg', mimeType: 'image/svg+xml' }], { mimeTypes: ['image/png'] })
    expect(res.status).toBe(400)
    expect(res.json.message).toHaveLength(1)
  })

  it('refuses a body that is not JSON, not declared JSON, or too large', async () => {
    const handler = proxy()
    const notJson = await call(handler, browserRequest('/presigned-image', { body: '{files:' }))
    expect(notJson.status).toBe(400)
    expect(notJson.json.message).toEqual(['body must be JSON; it does not parse'])
    const form = await call(
      handler,
      browserRequest('/presigned-image', {
        body: 'files=a.png',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    )
    expect(form.status).toBe(415)
    expect(form.json).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' })
    const huge = await call(handler, browserRequest('/presigned-image', { body: { files: [png('a'.repeat(70_000))] } }))
    expect(huge.status).toBe(413)
    expect((await presignCalls(mock.url)).nft2).toBe(0)
  })

  it('refuses another method with 405 and Allow, an unknown path with 404', async () => {
    const get = await call(proxy(), browserRequest('/app/nft2/presigned-image'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect(get.json).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' })
    const unknown = await call(proxy(), browserRequest('/app/nft2/presigned-video', { body: { files: [png()] } }))
    expect(unknown.status).toBe(404)
    expect(unknown.json.message).toMatch(
      /no NFT2 route at \/app\/nft2\/presigned-video; this proxy answers POST …\/presigned-image/,
    )
    expect((await presignCalls(mock.url)).nft2).toBe(0)
  })
})

describe('nft2Proxy: options are checked when the proxy is made', () => {
  const base = { apiKey: 'k', baseUrl: 'http://127.0.0.1:1/nft2' }
  it('refuses allow.mimeTypes NFT2 does not take', () => {
    // @ts-expect-error: image/gif is not an NFT2 mime type, and the types say so too
    expect(() => nft2Proxy({ ...base, allow: { mimeTypes: ['image/gif'] } })).toThrow(
      /allow\.mimeTypes: "image\/gif" not accepted/,
    )
  })
  it.each([0, 51, 2.5])('refuses allow.maxFiles %s', (maxFiles) => {
    expect(() => nft2Proxy({ ...base, allow: { maxFiles } })).toThrow(/allow\.maxFiles must be an integer from 1 to 50/)
  })
  it('refuses a base URL that is not absolute http(s)', () => {
    expect(() => nft2Proxy({ ...base, baseUrl: '/nft2' })).toThrow(/baseUrl must be an absolute URL/)
    expect(() => nft2Proxy({ ...base, baseUrl: 'file:///etc' })).toThrow(/http\(s\) URL/)
  })
})
