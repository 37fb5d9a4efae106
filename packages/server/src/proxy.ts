import { checkOrigin, corsHeaders, isPreflight, type OriginCheck, preflightResponse } from './cors.ts'
import { callVendor, type VendorAnswer } from './forward.ts'
import { isRefusal, readJsonBody, refuse } from './json.ts'
import type { CommonProxyOptions, ProxyHandler, Refusal, Vendor } from './types.ts'

/** What a route sends to the vendor once the browser's request passed every check. */
interface Forward {
  /** Appended to the base URL; parameters in it are already encoded. */
  path: string
  /** Rebuilt from the validated fields only, so nothing the proxy did not look at reaches the vendor. */
  body?: unknown
}

export interface RouteInput {
  request: Request
  /** The route's path parameters, decoded; undefined where the encoding was broken. */
  params: Array<string | undefined>
  /** The parsed JSON body (POST routes). */
  body: unknown
}

interface ProxyRoute {
  /** How the route is named to guards and in messages, e.g. `datasets/{id}/upload`. */
  name: string
  method: 'GET' | 'POST'
  /** Matches the end of the request path (proxies are mounted under any prefix); its groups are the parameters. */
  suffix: RegExp
  /** Set when the app has not enabled this route: why, naming the option. Refused with 403 before the body is read. */
  disabled?: string
  prepare(input: RouteInput): Forward | Refusal | Promise<Forward | Refusal>
}

/** Everything that makes one vendor's proxy differ from another's. */
export interface VendorSpec {
  vendor: Vendor
  /** The vendor's name in messages. */
  label: string
  /** The vendor's own error body for a refusal, so the browser reads one shape from proxy and vendor alike. */
  errorBody(refusal: Refusal): unknown
  /** The header(s) that carry the key: the only headers, with Content-Type, that the vendor receives. */
  keyHeaders: Record<string, string>
  /** Values that must never appear in what the browser gets back. */
  secrets: readonly string[]
  /** For a vendor whose key buys short-lived tokens: the headers of each call instead of `keyHeaders`. */
  auth?: VendorAuth
  routes: readonly ProxyRoute[]
}

/** Credentials obtained per call (NFT2's bearer token), renewed once when the vendor refuses them. */
export interface VendorAuth {
  /** Headers for the next call, or why none could be had: the vendor's own answer to the exchange, or a refusal. */
  authorize(): Promise<{ authHeaders: Record<string, string> } | VendorAnswer | Refusal>
  /** The vendor answered `status` to a call made with `used`: true when one replay with new credentials may help. */
  refused(status: number, used: { authHeaders: Record<string, string> }): boolean
  /** What the auth holds now (tokens, key): redacted from every answer, like `secrets`. */
  secrets(): readonly string[]
}

function decodeParam(raw: string | undefined): string | undefined {
  try {
    return raw === undefined ? undefined : decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** Headers on every answer: presigned URLs must not sit in a shared cache, and the answer depends on `Origin`. */
function commonHeaders(origin: OriginCheck): Record<string, string> {
  return { 'Cache-Control': 'no-store', Vary: 'Origin', ...corsHeaders(origin) }
}

function checkBaseUrl(baseUrl: string, option = 'baseUrl'): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new TypeError(`${option} must be an absolute URL (got ${JSON.stringify(baseUrl)})`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${option} must be an http(s) URL (got ${JSON.stringify(baseUrl)})`)
  }
  return baseUrl.replace(/\/+$/, '')
}

/**
 * The pipeline every vendor proxy runs, in this order: origin, route, preflight, method, guard, body, the route's
 * own checks, then one call to the vendor. Every refusal happens before the vendor is called.
 */
export function createProxy(spec: VendorSpec, options: CommonProxyOptions): ProxyHandler {
  const baseUrl = checkBaseUrl(options.baseUrl)
  const routeList = spec.routes.map((r) => `${r.method} …/${r.name}`).join(', ')

  return async (request) => {
    const origin = checkOrigin(request, options.allowedOrigins)
    const answer = (refusal: Refusal) =>
      Response.json(spec.errorBody(refusal), {
        status: refusal.status,
        headers: { ...commonHeaders(origin), ...refusal.headers },
      })
    if (!origin.allowed) {
      return answer(refuse(403, `Origin ${origin.crossOrigin} is not allowed to call this proxy (allowedOrigins)`))
    }
    const { pathname } = new URL(request.url)
    const matches = spec.routes.flatMap((route) => {
      const match = route.suffix.exec(pathname)
      return match ? [{ route, params: match.slice(1).map(decodeParam) }] : []
    })
    if (!matches.length)
      return answer(refuse(404, `no ${spec.label} route at ${pathname}; this proxy answers ${routeList}`))
    const methods = [...new Set(matches.map((m) => m.route.method))]
    if (isPreflight(request)) return preflightResponse(request, origin, methods)
    const match = matches.find((m) => m.route.method === request.method)
    if (!match) {
      return answer({
        status: 405,
        problems: [`${request.method} is not allowed at …/${matches[0]?.route.name}; use ${methods.join(' or ')}`],
        headers: { Allow: methods.join(', ') },
      })
    }
    if (match.route.disabled) return answer({ status: 403, problems: [match.route.disabled], path: '$' })
    const guarded = await options.guard?.(request, { vendor: spec.vendor, route: match.route.name })
    if (guarded) return answer(guarded)

    let body: unknown
    if (match.route.method === 'POST') {
      const read = await readJsonBody(request)
      if (isRefusal(read)) return answer(read)
      body = read.value
    }
    const prepared = await match.route.prepare({ request, params: match.params, body })
    if (isRefusal(prepared)) return answer(prepared)

    const call = (keyHeaders: Record<string, string>) =>
      callVendor(
        { url: baseUrl + prepared.path, method: match.route.method, keyHeaders, body: prepared.body },
        {
          fetch: options.fetch,
          timeoutMs: options.timeoutMs,
          label: spec.label,
          secrets: [...spec.secrets, ...(spec.auth?.secrets() ?? [])],
          signal: request.signal,
        },
      )
    let vendor: VendorAnswer | Refusal
    if (!spec.auth) vendor = await call(spec.keyHeaders)
    else {
      // Once with the held credentials; when the vendor refuses them, once more with new ones (never more).
      for (let attempt = 0; ; attempt++) {
        const authorized = await spec.auth.authorize()
        if (!('authHeaders' in authorized)) {
          vendor = authorized
          break
        }
        vendor = await call(authorized.authHeaders)
        if (attempt > 0 || isRefusal(vendor) || !spec.auth.refused(vendor.status, authorized)) break
      }
    }
    if (isRefusal(vendor)) return answer(vendor)
    const headers: Record<string, string> = {
      ...commonHeaders(origin),
      'Content-Type': 'application/json; charset=utf-8',
    }
    // The vendor's clock, not ours: a browser corrects its expiry maths against the clock that signed the URLs.
    if (vendor.date) headers.Date = vendor.date
    if (vendor.retryAfter) headers['Retry-After'] = vendor.retryAfter
    return new Response(vendor.json, { status: vendor.status, headers })
  }
}
