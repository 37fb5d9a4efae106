import { parseHttpDate } from './clock-skew.ts'

export interface RetryDelayOptions {
  /** The ceiling of the first retry's delay; it doubles with each attempt. Default 500 ms. */
  baseMs?: number
  /** The ceiling of any backoff delay. Default 30 s. */
  maxMs?: number
  /** The answer's `Retry-After` header (seconds or an HTTP-date). */
  retryAfter?: string | null
  /** The longest `Retry-After` obeyed; a longer one is shortened to this. Default 120 s. */
  maxRetryAfterMs?: number
  /** In [0, 1); injectable for tests. */
  random?: () => number
  /**
   * Now, for an HTTP-date `Retry-After`; injectable for tests. The date is on the server's clock, so pass
   * `() => clockSkew.serverNow()` when a `ClockSkew` estimate exists.
   */
  now?: () => number
}

/**
 * How long `Retry-After` asks to wait, in ms, or undefined when it says nothing usable (absent, garbage, or a
 * date already past, which on a skewed clock says nothing about the server's wish).
 */
export function retryAfterMs(retryAfter: string | null | undefined, now: () => number = Date.now): number | undefined {
  if (typeof retryAfter !== 'string') return undefined
  const text = retryAfter.trim()
  // delta-seconds is whole seconds; some servers send fractions, which mean the same thing.
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  const date = parseHttpDate(text)
  if (date === undefined) return undefined
  const wait = date - now()
  return wait > 0 ? wait : undefined
}

/**
 * The delay before retry number `attempt` (1 = the first retry after one failure).
 *
 * A sane `Retry-After` wins: the server knows when it will take the request again, and coming back earlier only
 * earns another 429 and spends an attempt. It has its own cap (`maxRetryAfterMs`, 120 s) rather than `maxMs`,
 * because `maxMs` bounds our own guesses, not the server's answer; above 120 s a browser upload would look hung,
 * so the wait is shortened to the cap (call `retryAfterMs` to give up instead).
 *
 * Otherwise exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a
 * uniform random delay in [0, min(maxMs, baseMs · 2^(attempt-1))), which spreads many files retrying together
 * across the window instead of having them collide again in step.
 */
export function retryDelayMs(attempt: number, opts: RetryDelayOptions = {}): number {
  const { baseMs = 500, maxMs = 30_000, maxRetryAfterMs = 120_000, random = Math.random, now = Date.now } = opts
  const asked = retryAfterMs(opts.retryAfter, now)
  if (asked !== undefined) return Math.min(asked, Math.max(0, maxRetryAfterMs))
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt) - 1) : 0
  // 2 ** 1075 is Infinity; Math.min below turns any overflow into maxMs.
  const ceiling = Math.max(0, Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 1024)))
  const r = random()
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5
  return Math.floor(fraction * ceiling)
}
