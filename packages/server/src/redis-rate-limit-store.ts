import type { RateLimitStore } from './rate-limit-store.ts'

/**
 * The one method of a node-redis client (v4–v6, `createClient()` or `createCluster()`) this store uses, typed by
 * shape so this package depends on no Redis client: the app brings its own, connected. `listenerCount`, when the
 * client has it (node-redis clients are event emitters), is asked whether the app listens for `error`.
 */
export interface RedisScriptClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
  listenerCount?(event: 'error'): number
}

export interface RedisRateLimitStoreOptions {
  /** Put before every counter's key, so the limiter's keys sit apart from the app's. Default: `uppy-presign:rate:`. */
  prefix?: string
  /**
   * How long a count may take before it counts as a store failure (503, or passed with `failOpen`), in
   * milliseconds. Default: 1000. While Redis is away a node-redis client with its offline queue on (the default)
   * holds each command until Redis is back: without this bound every call would hang for the whole outage.
   */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 1000

/** The count, or a rejection once `ms` have passed without one. */
async function within<T>(ms: number, pending: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redisRateLimitStore: Redis did not answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([pending, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Count, then start the window on the first call, in one script: Redis runs a script without interleaving other
 * commands, so instances counting the same client at once each get their own count, and a counter can never be
 * left without an expiry (which would lock a client out for good). `PTTL < 0` also heals a key someone set
 * without one.
 */
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`

/**
 * Counts in Redis, so every instance of the app that uses the same Redis shares one limit per client. Keys expire
 * with their window: Redis holds one small counter per client active within a window.
 */
export function redisRateLimitStore(
  client: RedisScriptClient,
  options: RedisRateLimitStoreOptions = {},
): RateLimitStore {
  const prefix = options.prefix ?? 'uppy-presign:rate:'
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!(Number.isInteger(timeoutMs) && timeoutMs >= 1)) {
    throw new RangeError(`redisRateLimitStore: timeoutMs must be a positive integer (got ${timeoutMs})`)
  }
  // node-redis emits `error` when Redis goes away; an emitter with no listener for it throws, and the process dies
  // (SocketClosedUnexpectedlyError) at the first outage. Found now, at start-up, rather than then.
  if (typeof client.listenerCount === 'function' && client.listenerCount('error') === 0) {
    throw new TypeError(
      "redisRateLimitStore: the Redis client has no 'error' listener, so the first Redis outage would crash the process; add one before creating the store, e.g. client.on('error', (error) => console.error('redis', error))",
    )
  }
  return {
    async increment(key, windowMs) {
      // A failure here (Redis away, offline queue off, or no answer in time) is the limiter's to answer: 503 or failOpen.
      const reply = await within(
        timeoutMs,
        client.eval(INCREMENT_SCRIPT, { keys: [prefix + key], arguments: [String(windowMs)] }),
      )
      const [count, resetsInMs] = Array.isArray(reply) ? reply.map(Number) : []
      if (!(Number.isInteger(count) && Number.isInteger(resetsInMs))) {
        throw new Error(`redisRateLimitStore: unexpected reply to the counting script: ${JSON.stringify(reply)}`)
      }
      return { count: count as number, resetsInMs: resetsInMs as number }
    },
  }
}
