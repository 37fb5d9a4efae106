import { beforeEach, describe, expect, it } from 'vitest'
import {
  allHeaderValues,
  browserRequest,
  call,
  DEV_ORIGIN,
  presignCalls,
  type RecordedCall,
  readableForms,
  recordingFetch,
  typebotSession,
  useMock,
} from '../test/test-support.ts'
import { withClientAddress } from './client-address.ts'
import { leonardoProxy } from './leonardo.ts'
import { nft2Proxy } from './nft2.ts'
import { rateLimit } from './rate-limit.ts'
import { memoryRateLimitStore } from './rate-limit-store.ts'
import { startrailProxy } from './startrail.ts'
import { typebotProxy } from './typebot.ts'
import type { CommonProxyOptions, FetchFunction, OriginPolicy, ProxyHandler } from './types.ts'

const mock = useMock()
// The Typebot cases name session s1: Typebot signs only for a session waiting at a file-input block.
beforeEach(() => typebotSession(mock.url, 's1'))
const EVIL = 'https://evil.example'

type Shared = Pick<CommonProxyOptions, 'fetch' | 'allowedOrigins' | 'timeoutMs' | 'guard'> & { baseUrl?: string }

interface VendorCase {
  vendor: 'nft2' | 'startrail' | 'leonardo' | 'typebot'
  make(options: Shared): ProxyHandler
  /** A valid browser request for this vendor's main route. */
  path: string
  body: unknown
  status: number
  secret(): string
  /** The headers the vendor must get, and nothing else (besides Content-Type). */
  keyHeaders(): Record<string, string>
  /** The vendor's error shape for a status and a message fragment. */
  errorShape(status: number, message: RegExp): unknown
}

const vendors: VendorCase[] = [
  {
    vendor: 'nft2',
    make: (o) => nft2Proxy({ apiKey: mock.config.nft2.apiKey, baseUrl: o.baseUrl ?? `${mock.url}/nft2`, ...o }),
    path: '/app/nft2/presigned-image',
    body: { files: [{ fileName: 'a.png', mimeType: 'image/png' }] },
    status: 200,
    secret: () => mock.config.nft2.apiKey,
    // The bearer token the proxy got for the API key (as NFT2's SDK does), never the key itself.
    keyHeaders: () => ({ authorization: expect.stringMatching(/^Bearer nft2-at-[0-9a-f]+$/) }),
    errorShape: (status, message) => ({
      statusCode: status,
      message: expect.stringMatching(message),
      error: expect.any(String),
    }),
  },
  {
    vendor: 'startrail',
    make: (o) =>
      startrailProxy({
        apiKey: mock.config.startrail.apiKey,
        issuerAddress: mock.config.startrail.issuerAddress,
        baseUrl: o.baseUrl ?? `${mock.url}/startrail`,
        ...o,
      }),
    path: '/app/startrail/port/api/v1/commerce/signedUrls',
    body: { action: 'write', payload: [{ filename: 'a.png', category: 'artwork' }] },
    status: 201,
    secret: () => mock.config.startrail.apiKey,
    keyHeaders: () => ({
      'commerce-api-key': mock.config.startrail.apiKey,
      'issuer-address': mock.config.startrail.issuerAddress,
    }),
    errorShape: (status, message) => ({ statusCode: status, message: expect.stringMatching(message) }),
  },
  {
    vendor: 'leonardo',
    make: (o) =>
      leonardoProxy({
        apiKey: mock.config.leonardo.apiKey,
        baseUrl: o.baseUrl ?? `${mock.url}/leonardo/api/rest/v1`,
        ...o,
      }),
    path: '/app/leonardo/init-image',
    body: { extension: 'png' },
    status: 200,
    secret: () => mock.config.leonardo.apiKey,
    keyHeaders: () => ({ authorization: `Bearer ${mock.config.leonardo.apiKey}` }),
    errorShape: (_status, message) => ({ error: expect.stringMatching(message), path: '$', code: expect.any(String) }),
  },
  {
    vendor: 'typebot',
    make: (o) =>
      typebotProxy({ token: mock.config.typebot.token, baseUrl: o.baseUrl ?? `${mock.url}/typebot/api`, ...o }),
    path: '/app/typebot/v2/generate-upload-url',
    body: { sessionId: 's1', fileName: 'a.txt', fileType: 'text/plain' },
    status: 200,
    secret: () => mock.config.typebot.token,
    keyHeaders: () => ({ authorization: `Bearer ${mock.config.typebot.token}` }),
    errorShape: (_status, message) => ({
      message: expect.any(String),
      code: expect.any(String),
      issues: [{ message: expect.stringMatching(message) }],
    }),
  },
]

/** A browser request from the dev page; `allowedOrigins` lists that page unless a test sets it (even to undefined). */
const send = (v: VendorCase, options: Shared, init: Parameters<typeof browserRequest>[1] = {}) =>
  call(v.make({ allowedOrigins: [DEV_ORIGIN], ...options }), browserRequest(v.path, { body: v.body, ...init }))

/** NFT2's token routes: the proxy calls them before the presign call; fakes below let them reach the mock. */
const isTokenRoute = (c: RecordedCall) => /\/nft2\/auth\//.test(new URL(c.url).pathname)

/** A recording fetch that answers the vendor's presign call with `answer` (NFT2's token exchange reaches the mock). */
const fakeVendor = (answer: (c: RecordedCall) => Response | Promise<Response>) =>
  recordingFetch((c) =>
    isTokenRoute(c) ? fetch(c.url, { method: c.method, headers: c.headers, body: c.body }) : answer(c),
  )

/** The presign calls among what a recording fetch saw. */
const presignCallsOf = (calls: RecordedCall[]) => calls.filter((c) => !isTokenRoute(c))

/** A store whose clock stands still: its windows never end within a test, however slow the machine. */
const frozenClockStore = () => memoryRateLimitStore({ now: () => 0 })

/** A base URL where nothing listens: the port of a server that was just closed. */
async function deadBaseUrl(): Promise<string> {
  const { createServer } = await import('node:net')
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

describe.each(vendors)('$vendor proxy', (v) => {
  describe('origin', () => {
    const cases: Array<[string, OriginPolicy | undefined, string | null, boolean]> = [
      ['no Origin (server-to-server, curl)', undefined, null, true],
      ['its own origin', undefined, 'http://app.test', true],
      ['another origin by default', undefined, DEV_ORIGIN, false],
      ['an origin in the list', [DEV_ORIGIN], DEV_ORIGIN, true],
      ['an origin not in the list', [DEV_ORIGIN], EVIL, false],
      ['an origin the predicate takes', (o) => o.endsWith('.example'), EVIL, true],
      ['an origin the predicate refuses', (o) => o.startsWith('http://localhost:'), EVIL, false],
      ['the opaque origin "null"', [DEV_ORIGIN], 'null', false],
    ]
    it.each(cases)('%s', async (_, allowedOrigins, origin, allowed) => {
      const res = await send(v, { allowedOrigins }, { origin })
      if (allowed) {
        expect(res.status).toBe(v.status)
        const crossOrigin = origin !== null && origin !== 'http://app.test'
        expect(res.headers.get('access-control-allow-origin')).toBe(crossOrigin ? origin : null)
        if (crossOrigin) expect(res.headers.get('access-control-expose-headers')).toBe('Date, Retry-After')
        expect((await presignCalls(mock.url))[v.vendor]).toBe(1)
      } else {
        expect(res.status).toBe(403)
        expect(res.json).toEqual(v.errorShape(403, /Origin .* is not allowed to call this proxy \(allowedOrigins\)/))
        expect(res.headers.get('access-control-allow-origin')).toBeNull()
        expect((await presignCalls(mock.url))[v.vendor]).toBe(0)
      }
      expect(res.headers.get('vary')).toContain('Origin')
    })

    it('answers an allowed preflight with the route’s methods, refuses others', async () => {
      const preflight = (origin: string, path = v.path) =>
        v.make({ allowedOrigins: [DEV_ORIGIN] })(
          new Request(`http://app.test${path}`, {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'content-type',
            },
          }),
        )
      const ok = await preflight(DEV_ORIGIN)
      expect(ok.status).toBe(204)
      expect(ok.headers.get('access-control-allow-origin')).toBe(DEV_ORIGIN)
      expect(ok.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS')
      expect(ok.headers.get('access-control-allow-headers')).toBe('content-type')
      expect(ok.headers.get('access-control-max-age')).toBe('600')
      const evil = await preflight(EVIL)
      expect(evil.status).toBe(403)
      expect(evil.headers.get('access-control-allow-origin')).toBeNull()
      expect((await preflight(DEV_ORIGIN, '/app/elsewhere')).status).toBe(404)
      expect((await presignCalls(mock.url))[v.vendor]).toBe(0)
    })
  })

  describe('headers and secrets', () => {
    it("forwards only the key header(s) and Content-Type, never the browser's", async () => {
      const vendor = recordingFetch()
      const res = await send(
        v,
        { fetch: vendor.fetch, allowedOrigins: [DEV_ORIGIN] },
        {
          headers: {
            authorization: 'Bearer the-users-own-session-token',
            cookie: 'session=abc; csrftoken=def',
            'x-api-key': 'attacker-key',
            'commerce-api-key': 'attacker-key',
            'issuer-address': '0xattacker',
            'x-forwarded-for': '203.0.113.9',
            'user-agent': 'Mozilla/5.0',
            referer: 'http://localhost:5173/page',
          },
        },
      )
      expect(res.status).toBe(v.status)
      expect(presignCallsOf(vendor.calls)).toHaveLength(1)
      const sent = Object.fromEntries(presignCallsOf(vendor.calls)[0]?.headers ?? [])
      expect(sent).toEqual({ ...v.keyHeaders(), 'content-type': 'application/json' })
    })

    it('never puts the key in what the browser gets back, success or refusal', async () => {
      const answers = [
        await send(v, { allowedOrigins: [DEV_ORIGIN] }),
        await send(v, { allowedOrigins: [DEV_ORIGIN] }, { body: { nonsense: true } }),
        await send(v, {}, { origin: EVIL }),
        await send(v, { baseUrl: await deadBaseUrl() }),
      ]
      for (const res of answers) {
        expect(res.text).not.toContain(v.secret())
        expect(allHeaderValues(res.headers)).not.toContain(v.secret())
      }
    })

    it('blanks out a key the vendor echoes, and passes no vendor header but Date and Retry-After', async () => {
      const vendor = fakeVendor(
        () =>
          new Response(JSON.stringify({ message: `bad key ${v.secret()}`, detail: { key: v.secret() } }), {
            status: 429,
            headers: {
              'content-type': 'application/json',
              date: 'Tue, 01 Jan 2030 00:00:00 GMT',
              'retry-after': '7',
              'set-cookie': 'vendor=1',
              'x-vendor-request-id': 'r1',
            },
          }),
      )
      const res = await send(v, { fetch: vendor.fetch })
      expect(res.status).toBe(429)
      expect(res.json).toEqual({ message: 'bad key [redacted]', detail: { key: '[redacted]' } })
      expect(res.headers.get('date')).toBe('Tue, 01 Jan 2030 00:00:00 GMT')
      expect(res.headers.get('retry-after')).toBe('7')
      expect(res.headers.get('set-cookie')).toBeNull()
      expect(res.headers.get('x-vendor-request-id')).toBeNull()
    })
  })

  describe('a key the vendor quotes back is blanked out, however it is written', () => {
    const unicodeEscaped = (text: string) =>
      [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    /** Every byte percent-encoded, as a URL may carry it (the mock's keys have nothing encodeURIComponent touches). */
    const percentAll = (text: string, hex: 'lower' | 'upper' = 'lower') =>
      [...new TextEncoder().encode(text)]
        .map((b) => b.toString(16).padStart(2, '0'))
        .map((h) => `%${hex === 'upper' ? h.toUpperCase() : h}`)
        .join('')
    const echoes: Array<[string, (key: string) => string]> = [
      ['in a message', (key) => JSON.stringify({ message: `invalid key ${key}` })],
      ['as a property name', (key) => JSON.stringify({ errors: { [key]: 'unknown key' } })],
      ['written with \\u escapes', (key) => `{"message":"invalid key ${unicodeEscaped(key)}"}`],
      [
        'URL-encoded inside a URL',
        (key) => JSON.stringify({ docs: `https://vendor.example/?key=${encodeURIComponent(key)}` }),
      ],
      ['in a list, on an error status', (key) => JSON.stringify({ statusCode: 401, message: [`bad ${key}`, key] })],
      // Found in issue 15 (S3): each of these reached the browser with the key readable.
      // The browser reads the last of duplicate properties: the first, with the key, is dropped, not marked.
      ['in the first of duplicate properties', (key) => `{"message":${JSON.stringify(key)},"message":"x"}`],
      ['in the last of duplicate properties', (key) => `{"message":"x","message":${JSON.stringify(key)}}`],
      ['in a nested JSON string', (key) => JSON.stringify({ detail: JSON.stringify({ message: key }) })],
      [
        'in a nested JSON string, with \\u escapes',
        (key) => JSON.stringify({ detail: `{"message":"${unicodeEscaped(key)}"}` }),
      ],
      [
        'percent-encoded in lower case',
        (key) => JSON.stringify({ docs: `https://vendor.example/?key=${percentAll(key)}` }),
      ],
      [
        'URL-encoded twice',
        (key) => JSON.stringify({ docs: `https://vendor.example/?key=${percentAll(percentAll(key, 'upper'))}` }),
      ],
    ]
    it.each(echoes)('%s', async (name, body) => {
      const vendor = fakeVendor(
        () => new Response(body(v.secret()), { status: 401, headers: { 'content-type': 'application/json' } }),
      )
      const res = await send(v, { fetch: vendor.fetch })
      expect(res.status).toBe(401)
      expect(res.json).toBeDefined()
      if (name.includes('first of duplicate')) expect(res.json).toEqual({ message: 'x' })
      else expect(res.text).toContain('[redacted]')
      expect(JSON.stringify(res.json)).not.toContain(v.secret())
      expect(res.text).not.toContain(v.secret())
      expect(res.text).not.toContain(encodeURIComponent(v.secret()))
      expect(readableForms(res.text).filter((form) => form.includes(v.secret()))).toEqual([])
    })

    it('an answer without the key is written anew as a browser would read it (duplicates collapse)', async () => {
      const text = '{"id": 12345678901234567890123, "ok" : true, "ok": false}'
      const vendor = fakeVendor(() => new Response(text, { headers: { 'content-type': 'application/json' } }))
      expect((await send(v, { fetch: vendor.fetch })).text).toBe(JSON.stringify(JSON.parse(text)))
    })
  })

  describe('Date and Retry-After pass only in their own form', () => {
    const cases: Array<[string, Record<string, string>, string | null, string | null]> = [
      [
        'seconds and an HTTP date',
        { 'retry-after': '7', date: 'Tue, 01 Jan 2030 00:00:00 GMT' },
        '7',
        'Tue, 01 Jan 2030 00:00:00 GMT',
      ],
      [
        'Retry-After as a date',
        { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' },
        'Wed, 21 Oct 2026 07:28:00 GMT',
        null,
      ],
      ['the key in Retry-After', { 'retry-after': 'KEY' }, null, null],
      ['extra text after the seconds', { 'retry-after': '7; key=KEY' }, null, null],
      ['a negative delay', { 'retry-after': '-1' }, null, null],
      ['the key in Date', { date: 'KEY' }, null, null],
      ['a date that is no date', { date: 'Tue, 99 Foo 2030 99:00:00 GMT' }, null, null],
    ]
    it.each(cases)('%s', async (_, headers, retryAfter, date) => {
      const withKey = Object.fromEntries(
        Object.entries(headers).map(([n, value]) => [n, value.replace('KEY', v.secret())]),
      )
      for (const [status, body] of [
        [429, '{"message":"slow down"}'],
        [503, '<html>busy</html>'],
      ] as const) {
        const vendor = fakeVendor(() => new Response(body, { status, headers: withKey }))
        const res = await send(v, { fetch: vendor.fetch })
        expect(res.status).toBe(status)
        expect(res.headers.get('retry-after')).toBe(retryAfter)
        if (status === 429) expect(res.headers.get('date')).toBe(date)
        expect(allHeaderValues(res.headers)).not.toContain(v.secret())
      }
    })
  })

  describe('vendor trouble, in the vendor’s shape', () => {
    it('vendor unreachable → 502', async () => {
      const res = await send(v, { baseUrl: await deadBaseUrl() })
      expect(res.status).toBe(502)
      expect(res.json).toEqual(v.errorShape(502, /API could not be reached \(ECONNREFUSED\)/))
    })

    it('vendor silent past timeoutMs → 504', async () => {
      const hang: FetchFunction = (_input, init) =>
        new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))
      const res = await send(v, { fetch: hang, timeoutMs: 50 })
      expect(res.status).toBe(504)
      expect(res.json).toEqual(v.errorShape(504, /did not answer within 50 ms/))
    })

    it('a redirect is not followed (it would carry the key elsewhere) → 502', async () => {
      const vendor = fakeVendor(
        () => new Response(null, { status: 307, headers: { location: 'https://evil.example/' } }),
      )
      const res = await send(v, { fetch: vendor.fetch })
      expect(presignCallsOf(vendor.calls)).toHaveLength(1)
      expect(res.status).toBe(502)
      expect(res.json).toEqual(v.errorShape(502, /answered with a redirect \(307\); the proxy does not follow it/))
    })

    it('a body that is not JSON → 502 on success, the same status on an error', async () => {
      const html = (status: number) => fakeVendor(() => new Response('<html>oops</html>', { status })).fetch
      const ok = await send(v, { fetch: html(200) })
      expect(ok.status).toBe(502)
      expect(ok.json).toEqual(v.errorShape(502, /answered 200 without a JSON body/))
      const down = await send(v, { fetch: html(503) })
      expect(down.status).toBe(503)
      expect(down.json).toEqual(v.errorShape(503, /answered 503 without a JSON body/))
    })

    it("the vendor's own 503 with Retry-After (mock fault) passes through", async () => {
      await fetch(`${mock.url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ target: v.vendor, kind: 'status', status: 503, retryAfterSeconds: 3, count: 1 }),
      })
      const res = await send(v, {})
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('3')
      expect((await presignCalls(mock.url))[v.vendor]).toBe(1)
    })
  })

  it('a guard (a rate limiter, say) refuses before the body is read or the vendor called', async () => {
    const seen: unknown[] = []
    const res = await send(v, {
      guard: (request, routeCall) => {
        seen.push({ ...routeCall, bodyUsed: request.bodyUsed })
        return {
          status: 429,
          problems: ['too many presign calls from this client; wait 5 s'],
          headers: { 'Retry-After': '5' },
        }
      },
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(res.json).toEqual(v.errorShape(429, /too many presign calls/))
    expect(seen).toEqual([{ vendor: v.vendor, route: expect.any(String), bodyUsed: false }])
    expect((await presignCalls(mock.url))[v.vendor]).toBe(0)
  })

  it('rateLimit: the call over the limit is 429 with Retry-After, in the vendor’s shape, naming the limit', async () => {
    const handler = v.make({
      allowedOrigins: [DEV_ORIGIN],
      guard: rateLimit({ limit: 2, windowMs: 60_000, store: frozenClockStore() }),
    })
    const from = (address: string) => withClientAddress(browserRequest(v.path, { body: v.body }), address)
    const statuses = []
    for (const address of ['192.0.2.1', '192.0.2.1', '192.0.2.2'])
      statuses.push((await call(handler, from(address))).status)
    expect(statuses).toEqual([v.status, v.status, v.status])
    const over = await call(handler, from('192.0.2.1'))
    expect(over.status).toBe(429)
    expect(over.headers.get('retry-after')).toBe('60')
    expect(over.headers.get('access-control-allow-origin')).toBe(DEV_ORIGIN)
    expect(over.json).toEqual(
      v.errorShape(429, /^too many calls: rateLimit "presign" allows 2 per 60 s per client; try again in 60 s$/),
    )
    expect((await presignCalls(mock.url))[v.vendor]).toBe(3)
  })
})
