import type { OriginPolicy } from './types.ts'

/** Response headers a browser script may read: `Date` to correct a skewed clock, `Retry-After` to wait out a 429. */
const EXPOSED_HEADERS = 'Date, Retry-After'
/** Browsers cache a preflight answer this long (seconds), so a burst of presign calls costs one OPTIONS. */
const PREFLIGHT_MAX_AGE = '600'

/** Whether a request may be served, and whether it came from another origin (then it needs CORS headers). */
export interface OriginCheck {
  allowed: boolean
  /** The `Origin` header, when there is one and it is not the proxy's own origin. */
  crossOrigin?: string
}

const normalise = (origin: string) => origin.trim().replace(/\/+$/, '').toLowerCase()

export function checkOrigin(request: Request, policy: OriginPolicy | undefined): OriginCheck {
  const origin = request.headers.get('origin')
  // Browsers send Origin on every cross-origin request and on every POST; without one, no other site's page is asking.
  if (origin === null) return { allowed: true }
  if (normalise(origin) === normalise(new URL(request.url).origin)) return { allowed: true }
  if (policy === undefined) return { allowed: false, crossOrigin: origin }
  const allowed =
    typeof policy === 'function' ? policy(origin) : policy.some((entry) => normalise(entry) === normalise(origin))
  return { allowed, crossOrigin: origin }
}

/** CORS headers for an allowed cross-origin request's answer (errors included, or the browser hides them). */
export function corsHeaders(check: OriginCheck): Record<string, string> {
  if (!check.allowed || check.crossOrigin === undefined) return {}
  return { 'Access-Control-Allow-Origin': check.crossOrigin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS }
}

export const isPreflight = (request: Request) =>
  request.method === 'OPTIONS' && request.headers.has('access-control-request-method')

/**
 * The answer to an allowed preflight. The asked-for request headers are granted as asked: the proxy reads none of
 * them except `Content-Type` and forwards none at all, so granting them lets an app send its own (an auth token for
 * a guard) without opening anything.
 */
export function preflightResponse(request: Request, check: OriginCheck, methods: readonly string[]): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(check),
      'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
      'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? 'content-type',
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
      Vary: 'Origin, Access-Control-Request-Headers',
    },
  })
}
