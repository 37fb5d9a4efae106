import type { ProxyGuard } from './types.ts'

/**
 * One `guard` made of several, run in order until one refuses: e.g. the app's session check before the rate limit,
 * so a caller that is not signed in is not counted against anyone.
 */
export function guards(...list: ProxyGuard[]): ProxyGuard {
  return async (request, call) => {
    for (const guard of list) {
      const refusal = await guard(request, call)
      if (refusal) return refusal
    }
    return undefined
  }
}
