import { refuse } from './json.ts'
import { redactedJson, revealsSecret } from './redact.ts'
import type { FetchFunction, Refusal } from './types.ts'

const DEFAULT_TIMEOUT_MS = 30_000

/** One request to the vendor, built by the proxy from what it validated: nothing of the browser's passes as-is. */
export interface VendorRequest {
  url: string
  method: 'GET' | 'POST'
  /** Exactly the vendor's key header(s); `Content-Type` is added for a body. */
  keyHeaders: Record<string, string>
  body?: unknown
}

/** What the vendor answered, when it answered JSON. */
export interface VendorAnswer {
  status: number
  /** The vendor's JSON body written anew, with any secret the vendor might have echoed blanked out. */
  json: string
  date: string | null
  retryAfter: string | null
}

export interface ForwardOptions {
  fetch: FetchFunction | undefined
  timeoutMs: number | undefined
  /** The vendor's name in messages. */
  label: string
  /** Strings that must never reach the browser, whatever the vendor sends. */
  secrets: readonly string[]
  /** The browser's request: when it goes away, the vendor call is cancelled too. */
  signal: AbortSignal | undefined
}

/** An IMF-fixdate, the only `Date` form RFC 9110 lets a server send. */
const isHttpDate = (value: string) =>
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value) && !Number.isNaN(Date.parse(value))
/** `Retry-After`: delay seconds or an HTTP date. */
const isRetryAfter = (value: string) => /^\d{1,10}$/.test(value) || isHttpDate(value)

/** A vendor header's value, passed on only in the header's own form (so nothing else can ride in it) and keyless. */
function headerOfForm(
  response: Response,
  name: string,
  valid: (value: string) => boolean,
  secrets: readonly string[],
): string | null {
  const value = response.headers.get(name)?.trim()
  return value && valid(value) && !revealsSecret(value, secrets) ? value : null
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

function signalFor(timeoutMs: number, browser: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs)
  // `AbortSignal.any` is missing from some runtimes still in use (Node < 20.3): then only the timeout applies.
  return browser && typeof AbortSignal.any === 'function' ? AbortSignal.any([timeout, browser]) : timeout
}

/** Why a fetch failed, in words safe to show: a system error code at most, never a URL or header. */
function failureReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  return typeof cause?.code === 'string' ? ` (${cause.code})` : ''
}

export async function callVendor(call: VendorRequest, options: ForwardOptions): Promise<VendorAnswer | Refusal> {
  const { label } = options
  const hasBody = call.body !== undefined
  const headers = { ...call.keyHeaders, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) }
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let response: Response
  try {
    response = await doFetch(call.url, {
      method: call.method,
      headers,
      ...(hasBody ? { body: JSON.stringify(call.body) } : {}),
      // A redirect would carry the key header to wherever the vendor points: refuse to follow one.
      redirect: 'manual',
      signal: signalFor(timeoutMs, options.signal),
    })
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return refuse(504, `${label} API did not answer within ${timeoutMs} ms`)
    }
    return refuse(502, `${label} API could not be reached${failureReason(error)}`)
  }
  const text = await response.text().catch(() => undefined)
  if (response.status >= 300 && response.status < 400) {
    return refuse(502, `${label} API answered with a redirect (${response.status}); the proxy does not follow it`)
  }
  const parsed = text === undefined ? undefined : parseJson(text)
  // Not JSON (a gateway's HTML page, a cut-off body): reworded below in the vendor's shape.
  if (parsed) {
    const json = redactedJson(parsed.value, options.secrets)
    if (json === undefined) {
      return refuse(
        502,
        `${label} API answered with its key in a form the proxy cannot blank out; the answer was withheld`,
      )
    }
    return {
      status: response.status,
      json,
      date: headerOfForm(response, 'date', isHttpDate, options.secrets),
      retryAfter: headerOfForm(response, 'retry-after', isRetryAfter, options.secrets),
    }
  }
  if (response.ok) return refuse(502, `${label} API answered ${response.status} without a JSON body`)
  const refusal = refuse(response.status, `${label} API answered ${response.status} without a JSON body`)
  const retryAfter = headerOfForm(response, 'retry-after', isRetryAfter, options.secrets)
  return retryAfter === null ? refusal : { ...refusal, headers: { 'Retry-After': retryAfter } }
}
