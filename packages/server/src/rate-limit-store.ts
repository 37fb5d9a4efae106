/** One call counted: how many calls the key has made in its current window, and when that window ends. */
export interface RateLimitCount {
  /** Calls in the current window, this one included. */
  count: number
  /**
   * Milliseconds until the window ends and the count starts again. Relative, not a timestamp: the store's clock
   * (Redis's) and the proxy's may differ, a duration does not.
   */
  resetsInMs: number
}

/**
 * Where a rate limiter keeps its counts. `increment` must be atomic for everyone sharing the store: two proxy
 * instances counting the same key at once must see two different counts.
 */
export interface RateLimitStore {
  /** Counts one call for `key` in a fixed window of `windowMs` that starts at the key's first call. */
  increment(key: string, windowMs: number): Promise<RateLimitCount>
}

export interface MemoryRateLimitStoreOptions {
  /** The clock, in milliseconds. Default: `Date.now`; tests pass their own to cross window boundaries. */
  now?: () => number
}

export interface MemoryRateLimitStore extends RateLimitStore {
  /** Keys held right now (expired ones are dropped as the store is used): to show memory stays bounded. */
  readonly size: number
}

/**
 * Counts in this process's memory: right for ONE instance only. Behind a load balancer with several instances
 * each would count its own share and a client would get `limit` × instances calls; use
 * {@link redisRateLimitStore} there. Memory stays bounded by the clients seen within one window: expired keys are
 * swept out at most once per window, so a sweep costs O(keys) once, not on every call.
 */
export function memoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): MemoryRateLimitStore {
  const now = options.now ?? Date.now
  const windows = new Map<string, { count: number; endsAt: number }>()
  let nextSweepAt = Number.NEGATIVE_INFINITY

  function sweep(at: number, windowMs: number): void {
    if (at < nextSweepAt) return
    for (const [key, entry] of windows) if (entry.endsAt <= at) windows.delete(key)
    nextSweepAt = at + windowMs
  }

  return {
    get size() {
      return windows.size
    },
    async increment(key, windowMs) {
      const at = now()
      sweep(at, windowMs)
      let entry = windows.get(key)
      if (!entry || entry.endsAt <= at) {
        entry = { count: 0, endsAt: at + windowMs }
        windows.set(key, entry)
      }
      entry.count += 1
      return { count: entry.count, resetsInMs: entry.endsAt - at }
    },
  }
}
