import { refuse } from './json.ts'
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
  /** The JSON body as the vendor sent it, with any secret the vendor might have echoed blanked out. */
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

const REDACTED = '[redacted]'

/** The ways a secret can be written in a vendor's text: as is, and URL-encoded (a URL quoted back). */
const formsOf = (secrets: readonly string[]) => [
  ...new Set(secrets.filter(Boolean).flatMap((secret) => [secret, encodeURIComponent(secret)])),
]

/** Blanks out every form of each secret in one string. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const form of formsOf(secrets)) out = out.split(form).join(REDACTED)
  return out
}

/** Whether a parsed JSON value holds a secret anywhere, in a string or a property name. */
function holdsSecret(value: unknown, secrets: readonly string[]): boolean {
  if (typeof value === 'string') return redact(value, secrets) !== value
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item, secrets))
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, item]) => holdsSecret(key, secrets) || holdsSecret(item, secrets))
  }
  return false
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets)
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redact(key, secrets), redactValue(item, secrets)]),
    )
  }
  return value
}

/**
 * A vendor's JSON text with every secret blanked out; throws when the text is not JSON. Secrets are looked for in
 * the parsed strings, so one written with JSON escapes (`\u0061…`, `\/`) is found too. A text without any is passed
 * on byte for byte (a number beyond 2^53 survives); one with a secret is written anew from the redacted value.
 */
function redactJson(text: string, secrets: readonly string[]): string {
  const parsed: unknown = JSON.parse(text)
  return holdsSecret(parsed, secrets) ? JSON.stringify(redactValue(parsed, secrets)) : text
}

/** An IMF-fixdate, the only `Date` form RFC 9110 lets a server send. */
const isHttpDate = (value: string) =>
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value) && !Number.isNaN(Date.parse(value))
/** `Retry-After`: delay seconds or an HTTP date. */
const isRetryAfter = (value: string) => /^\d{1,10}$/.test(value) || isHttpDate(value)

/** A vendor header's value, passed on only in the header's own form, so nothing else can ride in it. */
function headerOfForm(response: Response, name: string, valid: (value: string) => boolean): string | null {
  const value = response.headers.get(name)?.trim()
  return value && valid(value) ? value : null
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
  if (text !== undefined) {
    try {
      return {
        status: response.status,
        json: redactJson(text, options.secrets),
        date: headerOfForm(response, 'date', isHttpDate),
        retryAfter: headerOfForm(response, 'retry-after', isRetryAfter),
      }
    } catch {
      // Not JSON: a gateway's HTML page or a cut-off body, reworded below in the vendor's shape.
    }
  }
  if (response.ok) return refuse(502, `${label} API answered ${response.status} without a JSON body`)
  const refusal = refuse(response.status, `${label} API answered ${response.status} without a JSON body`)
  const retryAfter = headerOfForm(response, 'retry-after', isRetryAfter)
  return retryAfter === null ? refusal : { ...refusal, headers: { 'Retry-After': retryAfter } }
}
