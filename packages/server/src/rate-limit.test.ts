import { describe, expect, it } from 'vitest'
import { browserRequest, call, DEV_ORIGIN, presignCalls, useMock } from '../test/test-support.ts'
import { withClientAddress } from './client-address.ts'
import { guards } from './guards.ts'
import { nft2Proxy } from './nft2.ts'
import { forwardedForKey, type RateLimitOptions, rateLimit } from './rate-limit.ts'
import { memoryRateLimitStore, type RateLimitStore } from './rate-limit-store.ts'
import { startrailProxy } from './startrail.ts'
import type { ProxyGuard } from './types.ts'

const mock = useMock()

const FILES = { files: [{ fileName: 'a.png', mimeType: 'image/png' }] }
const PATH = '/app/nft2/presigned-image'

const nft2 = (guard: ProxyGuard) =>
  nft2Proxy({ apiKey: mock.config.nft2.apiKey, baseUrl: `${mock.url}/nft2`, allowedOrigins: [DEV_ORIGIN], guard })

/** A presign call from the dev page, from the given connection address (none: not recorded). */
const presign = (address?: string, headers: Record<string, string> = {}) =>
  withClientAddress(browserRequest(PATH, { body: FILES, headers }), address)

function manualClock() {
  let now = 0
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}

/** Statuses of calls made one after another (the order is what a limit is about). */
async function statuses(handler: ReturnType<typeof nft2>, requests: Request[]): Promise<number[]> {
  const out: number[] = []
  for (const request of requests) out.push((await call(handler, request)).status)
  return out
}

describe('rateLimit', () => {
  it('counts per client address; over the limit → 429 with the seconds left; a new window lets calls through', async () => {
    const clock = manualClock()
    const handler = nft2(rateLimit({ limit: 2, windowMs: 10_000, store: memoryRateLimitStore({ now: clock.now }) }))
    expect(await statuses(handler, [presign('192.0.2.1'), presign('192.0.2.1')])).toEqual([200, 200])
    clock.advance(2_500)
    const over = await call(handler, presign('192.0.2.1'))
    expect(over.status).toBe(429)
    expect(over.headers.get('retry-after')).toBe('8')
    expect(over.json).toEqual({
      statusCode: 429,
      message: 'too many calls: rateLimit "presign" allows 2 per 10 s per client; try again in 8 s',
      error: 'Too Many Requests',
    })
    expect((await call(handler, presign('192.0.2.2'))).status).toBe(200)
    clock.advance(7_499)
    expect((await call(handler, presign('192.0.2.1'))).headers.get('retry-after')).toBe('1')
    clock.advance(1)
    expect(await statuses(handler, [presign('192.0.2.1'), presign('192.0.2.1'), presign('192.0.2.1')])).toEqual([
      200, 200, 429,
    ])
    // Refused calls never reached the vendor.
    expect((await presignCalls(mock.url)).nft2).toBe(5)
  })

  it('without a recorded address or a key → 500 that says how to fix the set-up; the vendor is not called', async () => {
    const res = await call(nft2(rateLimit({ limit: 5, windowMs: 1000 })), presign())
    expect(res.status).toBe(500)
    expect(res.json.message).toMatch(
      /rateLimit "presign" cannot tell which client this is: record the connection address with withClientAddress\(request, address\)/,
    )
    const custom = await call(nft2(rateLimit({ limit: 5, windowMs: 1000, key: () => undefined })), presign('192.0.2.1'))
    expect(custom.status).toBe(500)
    expect(custom.json.message).toMatch(/its key\(\) returned nothing for this request/)
    expect((await presignCalls(mock.url)).nft2).toBe(0)
  })

  describe('forwardedForKey: the address your own proxies wrote, never what the client wrote', () => {
    const cases: Array<[string, number, string[], number[]]> = [
      // One load balancer appends the peer it saw: a client's forged first entries change nothing.
      [
        'one proxy, forged entries',
        1,
        ['203.0.113.7', '198.51.100.1, 203.0.113.7', '6.6.6.6, 203.0.113.7'],
        [200, 200, 429],
      ],
      ['one proxy, different clients', 1, ['203.0.113.7', '203.0.113.8', '203.0.113.7'], [200, 200, 200]],
      // CDN in front of the load balancer: the CDN wrote the client, the balancer wrote the CDN's edge.
      [
        'two proxies',
        2,
        ['203.0.113.7, 10.0.0.1', '1.1.1.1, 203.0.113.7, 10.0.0.2', '203.0.113.7, 10.0.0.3'],
        [200, 200, 429],
      ],
    ]
    it.each(cases)('%s', async (_, trustedProxies, forwarded, expected) => {
      const handler = nft2(rateLimit({ limit: 2, windowMs: 60_000, key: forwardedForKey({ trustedProxies }) }))
      const requests = forwarded.map((xff) =>
        browserRequest(PATH, { body: FILES, headers: { 'x-forwarded-for': xff } }),
      )
      expect(await statuses(handler, requests)).toEqual(expected)
    })

    it('a request that did not come through all of them → 500, not a shared or skipped count', async () => {
      const handler = nft2(rateLimit({ limit: 2, windowMs: 60_000, key: forwardedForKey({ trustedProxies: 2 }) }))
      const res = await call(
        handler,
        browserRequest(PATH, { body: FILES, headers: { 'x-forwarded-for': '203.0.113.7' } }),
      )
      expect(res.status).toBe(500)
      expect(res.json.message).toMatch(/key\(\) returned nothing/)
    })

    it.each([0, -1, 1.5])('refuses trustedProxies %s', (trustedProxies) => {
      expect(() => forwardedForKey({ trustedProxies })).toThrow(/trustedProxies must be a positive integer/)
    })
  })

  it('an app key (a user id) sees which vendor and route is called', async () => {
    const seen: unknown[] = []
    const handler = nft2(
      rateLimit({
        limit: 1,
        windowMs: 60_000,
        key: (request, routeCall) => {
          seen.push(routeCall)
          return request.headers.get('x-user') ?? undefined
        },
      }),
    )
    const as = (user: string) => browserRequest(PATH, { body: FILES, headers: { 'x-user': user } })
    expect(await statuses(handler, [as('ann'), as('bob'), as('ann')])).toEqual([200, 200, 429])
    expect(seen[0]).toEqual({ vendor: 'nft2', route: 'presigned-image' })
  })

  it('counts only calls that passed origin, route and method: no preflight, foreign origin or 404 uses the budget', async () => {
    const handler = nft2(rateLimit({ limit: 1, windowMs: 60_000 }))
    const preflight = new Request(`http://app.test${PATH}`, {
      method: 'OPTIONS',
      headers: { origin: DEV_ORIGIN, 'access-control-request-method': 'POST' },
    })
    const foreign = browserRequest(PATH, { body: FILES, origin: 'https://evil.example' })
    const missing = browserRequest('/app/nft2/nothing', { body: FILES })
    for (const request of [preflight, foreign, missing]) withClientAddress(request, '192.0.2.1')
    expect(await statuses(handler, [preflight, foreign, missing, presign('192.0.2.1'), presign('192.0.2.1')])).toEqual([
      204, 403, 404, 200, 429,
    ])
  })

  it('one limiter on two proxies is one budget; limits with other names in the same store are apart', async () => {
    const store = memoryRateLimitStore()
    const shared = rateLimit({ limit: 2, windowMs: 60_000, store })
    const startrail = startrailProxy({
      apiKey: mock.config.startrail.apiKey,
      issuerAddress: mock.config.startrail.issuerAddress,
      baseUrl: `${mock.url}/startrail`,
      allowedOrigins: [DEV_ORIGIN],
      guard: shared,
    })
    const signUrls = () =>
      withClientAddress(
        browserRequest('/app/startrail/port/api/v1/commerce/signedUrls', {
          body: { action: 'write', payload: [{ filename: 'a.png', category: 'artwork' }] },
        }),
        '192.0.2.1',
      )
    expect((await call(nft2(shared), presign('192.0.2.1'))).status).toBe(200)
    expect((await call(startrail, signUrls())).status).toBe(201)
    expect((await call(startrail, signUrls())).status).toBe(429)
    const other = rateLimit({ limit: 2, windowMs: 60_000, store, name: 'uploads-b' })
    const res = await call(nft2(other), presign('192.0.2.1'))
    expect(res.status).toBe(200)
  })

  describe('when the store fails', () => {
    const broken: RateLimitStore = {
      increment: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
    }
    it('refuses with 503 by default, tells onStoreError, and says nothing of the store to the browser', async () => {
      const errors: unknown[] = []
      const handler = nft2(
        rateLimit({ limit: 5, windowMs: 1000, store: broken, onStoreError: (error) => errors.push(error) }),
      )
      const res = await call(handler, presign('192.0.2.1'))
      expect(res.status).toBe(503)
      expect(res.json.message).toBe(
        'rateLimit "presign" could not count this call: its rate-limit store is unreachable; try again in 5 s',
      )
      expect(res.headers.get('retry-after')).toBe('5')
      expect(res.text).not.toContain('6379')
      expect(errors).toHaveLength(1)
      expect((await presignCalls(mock.url)).nft2).toBe(0)
    })
    it('lets calls through uncounted with failOpen', async () => {
      const handler = nft2(rateLimit({ limit: 5, windowMs: 1000, store: broken, failOpen: true }))
      expect((await call(handler, presign('192.0.2.1'))).status).toBe(200)
    })
  })

  it.each<[string, Partial<RateLimitOptions>, RegExp]>([
    ['limit 0', { limit: 0 }, /rateLimit: limit must be a positive integer \(got 0\)/],
    ['limit 1.5', { limit: 1.5 }, /limit must be a positive integer/],
    ['windowMs 0', { windowMs: 0 }, /rateLimit: windowMs must be a positive integer \(got 0\)/],
    ['windowMs Infinity', { windowMs: Number.POSITIVE_INFINITY }, /windowMs must be a positive integer/],
    ['an empty name', { name: '' }, /rateLimit: name must be a non-empty string/],
  ])('refuses %s when made', (_, override, message) => {
    expect(() => rateLimit({ limit: 10, windowMs: 1000, ...override })).toThrow(message)
  })
})

describe('guards', () => {
  it('runs guards in order; the first refusal wins and later ones do not run (nor count)', async () => {
    const ran: string[] = []
    const signedIn: ProxyGuard = (request) => {
      ran.push('session')
      return request.headers.has('x-session')
        ? undefined
        : { status: 401, problems: ['sign in first'], headers: { 'WWW-Authenticate': 'Session' } }
    }
    const limit = rateLimit({ limit: 1, windowMs: 60_000 })
    const counting: ProxyGuard = (request, routeCall) => {
      ran.push('limit')
      return limit(request, routeCall)
    }
    const handler = nft2(guards(signedIn, counting))
    const anonymous = await call(handler, presign('192.0.2.1'))
    expect(anonymous.status).toBe(401)
    expect(anonymous.json.message).toBe('sign in first')
    expect(ran).toEqual(['session'])
    expect(
      await statuses(handler, [presign('192.0.2.1', { 'x-session': '1' }), presign('192.0.2.1', { 'x-session': '1' })]),
    ).toEqual([200, 429])
  })
})
