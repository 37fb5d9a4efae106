import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createClient } from 'redis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RedisTestServer, startRedisServer } from '../test/redis-test-server.ts'
import { presignCalls, useMock } from '../test/test-support.ts'
import { nft2Proxy } from './nft2.ts'
import { forwardedForKey, rateLimit } from './rate-limit.ts'
import { redisRateLimitStore } from './redis-rate-limit-store.ts'
import { routeProxies } from './route-proxies.ts'

const mock = useMock()

type Client = ReturnType<typeof createClient>

let redis: RedisTestServer
/** Two connections, as two app instances on two machines would each have their own. */
let clients: [Client, Client]

let startError: unknown

beforeAll(async () => {
  try {
    redis = await startRedisServer()
    clients = [createClient({ url: redis.url }), createClient({ url: redis.url })]
    // The store refuses a client without one (an outage would crash the process); none is expected here.
    for (const client of clients) client.on('error', (error) => console.error('redis test client:', error))
    await Promise.all(clients.map((client) => client.connect()))
  } catch (error) {
    startError = error
  }
})

// Each test fails on its own (a failed beforeAll would only mark them skipped): no Redis is no pass.
beforeEach(() => {
  if (startError) throw startError
})

afterAll(async () => {
  await Promise.all((clients ?? []).map((client) => client.close()))
  await redis?.stop()
})

describe('redisRateLimitStore', () => {
  it('counts per key in a window that expires in Redis, under the prefix', async () => {
    const [client] = clients
    const store = redisRateLimitStore(client, { prefix: 'test-a:' })
    const first = await store.increment('k', 60_000)
    expect(first.count).toBe(1)
    expect(first.resetsInMs).toBe(60_000)
    const second = await store.increment('k', 60_000)
    expect(second.count).toBe(2)
    expect(second.resetsInMs).toBeGreaterThan(0)
    expect(second.resetsInMs).toBeLessThanOrEqual(60_000)
    expect((await store.increment('other', 60_000)).count).toBe(1)
    expect(await client.get('test-a:k')).toBe('2')
    const ttl = await client.pTTL('test-a:k')
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(60_000)
    expect((await redisRateLimitStore(client).increment('k', 1000)).count).toBe(1)
    expect(await client.exists('uppy-presign:rate:k')).toBe(1)
  })

  it('gives a counter left without an expiry one, so no client is locked out for good', async () => {
    const [client] = clients
    await client.set('test-b:stuck', '99')
    const counted = await redisRateLimitStore(client, { prefix: 'test-b:' }).increment('stuck', 5_000)
    expect(counted).toEqual({ count: 100, resetsInMs: 5_000 })
    expect(await client.pTTL('test-b:stuck')).toBeGreaterThan(0)
  })

  it('is atomic: concurrent calls through two connections each get their own count', async () => {
    const stores = clients.map((client) => redisRateLimitStore(client, { prefix: 'test-c:' }))
    const counts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stores[i % 2]?.increment('same', 60_000).then((c) => c.count)),
    )
    expect(counts.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
  })

  it('a reply the store does not understand is an error, not a count', async () => {
    const store = redisRateLimitStore({ eval: async () => 'OK' })
    await expect(store.increment('k', 1000)).rejects.toThrow(/unexpected reply to the counting script: "OK"/)
  })
})

/**
 * One app instance: its own Hono server on loopback, its own proxies and options, its own Redis connection. The
 * test plays the load balancer in front of both: it appends the client's address to `X-Forwarded-For`.
 */
async function startInstance(client: Client, limit: number, windowMs: number, name: string) {
  const uploads = routeProxies({
    '/api/nft2': nft2Proxy({
      apiKey: mock.config.nft2.apiKey,
      baseUrl: `${mock.url}/nft2`,
      guard: rateLimit({ limit, windowMs, name, key: forwardedForKey(), store: redisRateLimitStore(client) }),
    }),
  })
  const app = new Hono()
  app.all('/api/*', (c) => uploads(c.req.raw))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    presign: async (clientAddress: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/nft2/presigned-image`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress },
        body: JSON.stringify({ files: [{ fileName: 'a.png', mimeType: 'image/png' }] }),
      })
      return { status: response.status, retryAfter: response.headers.get('retry-after'), json: await response.json() }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Instance A on the first connection, B on the second, with the same options. */
const startInstances = (limit: number, windowMs: number, name: string) =>
  Promise.all([startInstance(clients[0], limit, windowMs, name), startInstance(clients[1], limit, windowMs, name)])

describe('two proxy instances on one Redis share one limit per client', () => {
  const statuses = async (calls: Array<() => Promise<{ status: number }>>) => {
    const out: number[] = []
    for (const next of calls) out.push((await next()).status)
    return out
  }

  it('the (limit+1)-th call is 429 from either instance; another client is unaffected', async () => {
    const [a, b] = await startInstances(3, 60_000, 'shared')
    try {
      const ann = '198.51.100.1'
      expect(await statuses([() => a.presign(ann), () => b.presign(ann), () => a.presign(ann)])).toEqual([
        200, 200, 200,
      ])
      for (const instance of [b, a] as const) {
        const over = await instance.presign(ann)
        expect(over.status).toBe(429)
        expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1)
        expect(Number(over.retryAfter)).toBeLessThanOrEqual(60)
        expect(over.json).toEqual({
          statusCode: 429,
          message: expect.stringMatching(
            /^too many calls: rateLimit "shared" allows 3 per 60 s per client; try again in \d+ s$/,
          ),
          error: 'Too Many Requests',
        })
      }
      const bob = '198.51.100.2'
      expect(await statuses([() => b.presign(bob), () => a.presign(bob)])).toEqual([200, 200])
      expect((await presignCalls(mock.url)).nft2).toBe(5)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('once the window has passed (waiting Retry-After), the client may call again, through either instance', async () => {
    const [a, b] = await startInstances(1, 2_000, 'short')
    try {
      const ann = '198.51.100.3'
      expect((await a.presign(ann)).status).toBe(200)
      const over = await b.presign(ann)
      expect(over.status).toBe(429)
      const seconds = Number(over.retryAfter)
      expect(seconds).toBeGreaterThanOrEqual(1)
      expect(seconds).toBeLessThanOrEqual(2)
      // Retry-After is whole seconds rounded up, so after it the window has certainly ended.
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
      expect((await b.presign(ann)).status).toBe(200)
      expect((await a.presign(ann)).status).toBe(429)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})
