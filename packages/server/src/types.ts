/** A Fetch-standard request handler: mounts as-is in Next.js route handlers, Hono, Deno, Workers, Bun. */
export type ProxyHandler = (request: Request) => Promise<Response>

/** The `fetch` a proxy calls the vendor with; any Fetch-standard implementation (or a test double). */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/**
 * Which browser origins may call a proxy, besides the proxy's own origin (always allowed): an exact list
 * (`['https://app.example.com']`) or a predicate. A request without an `Origin` header is always let through:
 * browsers send one on every cross-origin request and every POST, so its absence means no other site's page is
 * asking.
 */
export type OriginPolicy = readonly string[] | ((origin: string) => boolean)

/** The vendors a proxy can front. */
export type Vendor = 'nft2' | 'startrail' | 'leonardo' | 'typebot'

/**
 * Why a proxy refuses a request, before any vendor call. The proxy words it in the vendor's own error shape, so the
 * browser-side code reads one shape whether the vendor or the proxy said no.
 */
export interface Refusal {
  /** HTTP status: 400 malformed or against a vendor rule, 403 not allowed by this app, 429 throttled, … */
  status: number
  /** One entry per problem, each naming the field (`files.3.mimeType`) or rule (`allow.categories`) it breaks. */
  problems: string[]
  /** Where in the body the first problem is, as a JSON path (`$.extension`); used by vendors whose errors carry one. */
  path?: string
  /** Extra response headers, e.g. `Retry-After` on a 429. */
  headers?: Record<string, string>
}

/** What a {@link ProxyGuard} learns about the call it may refuse. */
export interface ProxyCall {
  vendor: Vendor
  /** The route's name, e.g. `presigned-image`, `signedUrls`, `init-image`, `datasets/{id}/upload`. */
  route: string
}

/**
 * Runs for every request that passed the origin, route and method checks, before the body is read and before the
 * vendor is called: the place for `rateLimit(…)` or an app's own authentication (`guards(…)` chains several).
 * Return a {@link Refusal} to stop the request, nothing to let it through.
 */
export type ProxyGuard = (request: Request, call: ProxyCall) => Refusal | undefined | Promise<Refusal | undefined>

/** Options every vendor proxy takes. */
export interface CommonProxyOptions {
  /**
   * The vendor API's base URL, exactly as its docs define it; the proxy appends the documented path
   * (a trailing slash is ignored).
   */
  baseUrl: string
  /**
   * Browser origins allowed besides the proxy's own (see {@link OriginPolicy}). Default: none, i.e. same-origin
   * pages and clients that send no `Origin`. Allowed origins also get their CORS preflight answered.
   */
  allowedOrigins?: OriginPolicy
  /** The `fetch` used to call the vendor. Default: `globalThis.fetch`, looked up on each call. */
  fetch?: FetchFunction
  /** How long to wait for the vendor before answering 504 in the vendor's error shape. Default: 30 000 ms. */
  timeoutMs?: number
  /** A hook that may refuse a call before the vendor is asked (rate limiting, app authentication). */
  guard?: ProxyGuard
}
