// The engine's backoff, for code outside the engine that retries on its own (a flow's read client): the delay is
// computed in the recovery chunk, which loads on first use, as the engine loads it, so a page that never retries
// never fetches it.

import type { RetryDelayOptions } from './recovery.ts'

export type { RetryDelayOptions }

/**
 * The delay before retry number `attempt` (1 = the first retry): a sane `Retry-After` wins, else exponential backoff
 * with full jitter (see `retryDelayMs` in `recovery.ts`). Undefined when that code cannot be loaded (the page's server
 * gone too): the failure should then stand rather than be retried without a delay.
 */
export async function backoffDelayMs(attempt: number, opts: RetryDelayOptions = {}): Promise<number | undefined> {
  try {
    return (await import('./recovery.ts')).retryDelayMs(attempt, opts)
  } catch {
    return undefined
  }
}
