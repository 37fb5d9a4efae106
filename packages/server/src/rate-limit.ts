import { clientAddressOf, forwardedClientAddress } from './client-address.ts'
import { refuse } from './json.ts'
import { memoryRateLimitStore, type RateLimitCount, type RateLimitStore } from './rate-limit-store.ts'
import type { ProxyCall, ProxyGuard } from './types.ts'

/** Names the client a call is counted against; undefined when it cannot tell. */
export type RateLimitKey = (request: Request, call: ProxyCall) => string | undefined | Promise<string | undefined>

export interface RateLimitOptions {
  /** Calls one client may make per window (every vendor and route the limiter guards counts). */
  limit: number
  /** The window, in milliseconds. It starts at a client's first call and is fixed from then on. */
  windowMs: number
  /**
   * Which client a call is from. Default: the connection's address, as the app recorded it with
   * `withClientAddress(request, address)` where it mounts the proxies. Behind your own load balancer use
   * {@link forwardedForKey}; with signed-in users, their user id is the best key of all.
   */
  key?: RateLimitKey
  /**
   * Where counts live. Default: {@link memoryRateLimitStore}, right for one instance only; with several instances
   * behind a load balancer use `redisRateLimitStore(client)` so they share one count per client.
   */
  store?: RateLimitStore
  /** Names this limit in messages and in the store's keys, so two limits can share one store. Default: `presign`. */
  name?: string
  /**
   * What to do when the store fails (Redis down): refuse with 503 (default), or let calls through uncounted
   * (`true`) when uploads matter more than the limit.
   */
  failOpen?: boolean
  /** Told of every store failure, e.g. to log it; the browser only learns that the limit could not be checked. */
  onStoreError?: (error: unknown) => void
}

/**
 * The key {@link rateLimit} should use behind `trustedProxies` proxies of your own (load balancers, CDNs) that
 * each append to `X-Forwarded-For`: the address the outermost of them saw. Never the header's first entry, which
 * the client writes. Opt-in: without such proxies the header is the client's word alone.
 */
export function forwardedForKey({ trustedProxies = 1 }: { trustedProxies?: number } = {}): RateLimitKey {
  if (!(Number.isInteger(trustedProxies) && trustedProxies >= 1)) {
    throw new RangeError(`forwardedForKey: trustedProxies must be a positive integer (got ${trustedProxies})`)
  }
  return (request) => forwardedClientAddress(request, trustedProxies)
}

function assertPositiveInteger(option: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`rateLimit: ${option} must be a positive integer (got ${value})`)
  }
}

/**
 * The `Retry-After` of a 503 when the store failed: no one knows when Redis is back, but a few seconds spaces the
 * browser's retries (the kit's uploader waits for it) without leaving an upload waiting long after a short outage.
 */
const STORE_RETRY_AFTER_SECONDS = 5

/** `60 s`, `1.5 s`: how the window reads in a message. */
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`

/**
 * A `guard` that lets each client make at most `limit` calls per `windowMs`, counted in `store`, and answers the
 * next ones 429 with `Retry-After` (whole seconds until the client's window ends), in the vendor's error shape.
 *
 * A fixed window: one counter per client that expires with its window. That is one atomic step in any store (one
 * Redis script) and a `Retry-After` that is exact; the price is that a client can fit up to twice `limit` calls
 * around the moment a window ends, which is fine for capping presign calls (cost and abuse), not for metering.
 */
export function rateLimit(options: RateLimitOptions): ProxyGuard {
  const { limit, windowMs, name = 'presign', failOpen = false } = options
  assertPositiveInteger('limit', limit)
  assertPositiveInteger('windowMs', windowMs)
  if (!name) throw new TypeError('rateLimit: name must be a non-empty string')
  const key = options.key ?? clientAddressOf
  const store = options.store ?? memoryRateLimitStore()

  return async (request, call) => {
    const client = await key(request, call)
    if (!client) {
      // Counting unknown callers together would throttle everyone at once; letting them through uncounted would
      // switch the limit off. Neither silently: this is the app's set-up to fix.
      return refuse(
        500,
        `rateLimit "${name}" cannot tell which client this is: ${
          options.key
            ? 'its key() returned nothing for this request'
            : 'record the connection address with withClientAddress(request, address) where the proxy is mounted, or pass rateLimit a key'
        }`,
      )
    }
    let counted: RateLimitCount
    try {
      counted = await store.increment(`${name}:${client}`, windowMs)
    } catch (error) {
      options.onStoreError?.(error)
      if (failOpen) return undefined
      return {
        status: 503,
        problems: [
          `rateLimit "${name}" could not count this call: its rate-limit store is unreachable; try again in ${STORE_RETRY_AFTER_SECONDS} s`,
        ],
        headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
      }
    }
    if (counted.count <= limit) return undefined
    const retryAfter = Math.max(1, Math.ceil(counted.resetsInMs / 1000))
    return {
      status: 429,
      problems: [
        `too many calls: rateLimit "${name}" allows ${limit} per ${seconds(windowMs)} per client; try again in ${retryAfter} s`,
      ],
      headers: { 'Retry-After': String(retryAfter) },
    }
  }
}
