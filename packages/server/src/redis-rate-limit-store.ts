import type { RateLimitStore } from './rate-limit-store.ts'

/**
 * The one method of a node-redis client (v4–v6, `createClient()` or `createCluster()`) this store uses, typed by
 * shape so this package depends on no Redis client: the app brings its own, connected.
 */
export interface RedisScriptClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

export interface RedisRateLimitStoreOptions {
  /** Put before every counter's key, so the limiter's keys sit apart from the app's. Default: `uppy-presign:rate:`. */
  prefix?: string
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
  return {
    async increment(key, windowMs) {
      const reply = await client.eval(INCREMENT_SCRIPT, { keys: [prefix + key], arguments: [String(windowMs)] })
      const [count, resetsInMs] = Array.isArray(reply) ? reply.map(Number) : []
      if (!(Number.isInteger(count) && Number.isInteger(resetsInMs))) {
        throw new Error(`redisRateLimitStore: unexpected reply to the counting script: ${JSON.stringify(reply)}`)
      }
      return { count: count as number, resetsInMs: resetsInMs as number }
    },
  }
}
