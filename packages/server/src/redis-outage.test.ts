import { once } from 'node:events'
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

// Redis goes away under load and comes back: two proxy instances must neither crash nor hang, answer 503 (or pass
// with failOpen) meanwhile, and count again once Redis is back.

const mock = useMock()

/** What the test does with a node-redis client (the two it makes differ in type by their options). */
type Client = ReturnType<typeof createClient> | ReturnType<typeof createReadmeClient>

/** Set up as the server README shows: offline queue off (a command fails at once while Redis is away), reconnecting. */
const createReadmeClient = () =>
  createClient({
    url: redis.url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(retries * 50, 500) },
  })

let redis: RedisTestServer
let startError: unknown

/** What reached the process uncaught while Redis was away: must stay empty. */
const uncaught: unknown[] = []
const onUncaught = (error: unknown) => uncaught.push(error)

beforeAll(async () => {
  process.on('uncaughtException', onUncaught)
  process.on('unhandledRejection', onUncaught)
  try {
    redis = await startRedisServer()
  } catch (error) {
    startError = error
  }
})

beforeEach(() => {
  if (startError) throw startError
})

afterAll(async () => {
  process.off('uncaughtException', onUncaught)
  process.off('unhandledRejection', onUncaught)
  await redis?.stop()
})

/**
 * The two ways an app may connect: as the server README shows (offline queue off, so a command fails at once while
 * Redis is away), and with node-redis's defaults (commands wait in the offline queue: the store's timeout must
 * answer for them). Both with the `error` listener node-redis needs to not crash the process.
 */
async function connectClients(errors: unknown[]): Promise<[Client, Client]> {
  const readme = createReadmeClient()
  const defaults = createClient({ url: redis.url })
  for (const client of [readme, defaults]) client.on('error', (error) => errors.push(error))
  await Promise.all([readme.connect(), defaults.connect()])
  return [readme, defaults]
}

async function startInstance(client: Client, options: { name: string; limit: number; failOpen?: boolean }) {
  const storeErrors: unknown[] = []
  const uploads = routeProxies({
    '/api/nft2': nft2Proxy({
      apiKey: mock.config.nft2.apiKey,
      baseUrl: `${mock.url}/nft2`,
      guard: rateLimit({
        ...options,
        windowMs: 60_000,
        key: forwardedForKey(),
        store: redisRateLimitStore(client, { timeoutMs: 500 }),
        onStoreError: (error) => storeErrors.push(error),
      }),
    }),
  })
  const app = new Hono()
  app.all('/api/*', (c) => uploads(c.req.raw))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    storeErrors,
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

type Instance = Awaited<ReturnType<typeof startInstance>>
type Outcome = { status: number; retryAfter: string | null; json: unknown; afterKill: boolean }

/**
 * `total` calls from 30 clients, `concurrency` at a time, alternating the instances; once `killAfter` have been
 * answered, redis-server is killed while the other calls are in flight. Each outcome records whether its call
 * started after redis-server had exited.
 */
async function loadWithOutage(instances: Instance[], total: number, killAfter: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  let next = 0
  let answered = 0
  let killed = false
  let killing: Promise<void> | undefined
  const worker = async () => {
    while (next < total) {
      const i = next++
      const afterKill = killed
      const instance = instances[i % instances.length] as Instance
      const result = await instance.presign(`198.51.100.${i % 30}`)
      outcomes.push({ ...result, afterKill })
      if (++answered === killAfter) {
        killing = redis.kill().then(() => {
          killed = true
        })
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  await killing
  return outcomes
}

/** Redis back, empty, and both clients reconnected on their own. */
async function restartRedis(clients: Client[]): Promise<void> {
  await redis.restart()
  await Promise.all(clients.map((client) => (client.isReady ? undefined : once(client, 'ready'))))
}

const unreachable = (name: string) => ({
  statusCode: 503,
  message: `rateLimit "${name}" could not count this call: its rate-limit store is unreachable; try again in 5 s`,
  error: 'Service Unavailable',
})

describe('a Redis outage under load, two proxy instances on one Redis', () => {
  it('answers 503 with Retry-After while Redis is away, crashes nothing, and limits again once it is back', async () => {
    const clientErrors: unknown[] = []
    const clients = await connectClients(clientErrors)
    const instances = await Promise.all(clients.map((client) => startInstance(client, { name: 'outage', limit: 20 })))
    try {
      const outcomes = await loadWithOutage(instances, 240, 80)
      expect(outcomes).toHaveLength(240)
      // Before the outage every call passed; in flight at the kill, a call passed or was refused; after it, refused.
      expect(outcomes.filter((o) => ![200, 503].includes(o.status))).toEqual([])
      const afterKill = outcomes.filter((o) => o.afterKill)
      expect(afterKill.length).toBeGreaterThan(0)
      for (const refused of [...afterKill, ...outcomes.filter((o) => o.status === 503)]) {
        expect(refused.status).toBe(503)
        expect(refused.retryAfter).toBe('5')
        expect(refused.json).toEqual(unreachable('outage'))
      }
      // Both instances saw the store fail (the README client at once, the defaults client by the store's timeout).
      expect(instances.map((instance) => instance.storeErrors.length > 0)).toEqual([true, true])
      expect(clientErrors.length).toBeGreaterThan(0)
      expect(uncaught).toEqual([])

      await restartRedis(clients)
      const [a, b] = instances as [Instance, Instance]
      const ann = '203.0.113.7'
      for (let i = 0; i < 20; i++) expect((await (i % 2 ? a : b).presign(ann)).status).toBe(200)
      const over = await a.presign(ann)
      expect(over.status).toBe(429)
      expect((await b.presign(ann)).status).toBe(429)
      expect(uncaught).toEqual([])
    } finally {
      await Promise.all(instances.map((instance) => instance.close()))
      await Promise.all(clients.map((client) => client.close()))
    }
  })

  it('with failOpen, calls pass uncounted while Redis is away, and are counted again once it is back', async () => {
    const clientErrors: unknown[] = []
    const clients = await connectClients(clientErrors)
    const instances = await Promise.all(
      clients.map((client) => startInstance(client, { name: 'open', limit: 20, failOpen: true })),
    )
    try {
      const outcomes = await loadWithOutage(instances, 160, 60)
      expect(outcomes.map((o) => o.status)).toEqual(Array(160).fill(200))
      expect(outcomes.some((o) => o.afterKill)).toBe(true)
      expect(instances.map((instance) => instance.storeErrors.length > 0)).toEqual([true, true])
      expect((await presignCalls(mock.url)).nft2).toBe(160)
      expect(uncaught).toEqual([])

      await restartRedis(clients)
      const [a, b] = instances as [Instance, Instance]
      const bob = '203.0.113.8'
      for (let i = 0; i < 20; i++) expect((await (i % 2 ? a : b).presign(bob)).status).toBe(200)
      expect((await b.presign(bob)).status).toBe(429)
    } finally {
      await Promise.all(instances.map((instance) => instance.close()))
      await Promise.all(clients.map((client) => client.close()))
    }
  })
})

describe('redisRateLimitStore refuses what would fail in an outage', () => {
  it('a node-redis client without an error listener (it would crash the process when Redis goes away)', () => {
    const client = createClient({ url: redis.url })
    expect(() => redisRateLimitStore(client)).toThrow(
      /redisRateLimitStore: the Redis client has no 'error' listener.*client\.on\('error'/,
    )
    client.on('error', () => {})
    expect(() => redisRateLimitStore(client)).not.toThrow()
  })

  it('a Redis that does not answer within timeoutMs is a store failure, not a call held open', async () => {
    const store = redisRateLimitStore({ eval: () => new Promise(() => {}) }, { timeoutMs: 50 })
    await expect(store.increment('k', 1000)).rejects.toThrow(/redisRateLimitStore: Redis did not answer within 50 ms/)
    expect(() => redisRateLimitStore({ eval: async () => [1, 1] }, { timeoutMs: 0 })).toThrow(
      /timeoutMs must be a positive integer/,
    )
  })
})
