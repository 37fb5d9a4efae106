// What a browser does around a cross-origin request, done by the in-page mock: a service worker's (MSW's) answer
// reaches the page without the browser's CORS checks, so without this the static Storybook would show every
// response header and never a CORS failure — and the "hidden x-amz-meta-cid" story would show nothing hidden.

import { WireRequest } from './wire-request.ts'

/** Headers a script may read from any cross-origin response (Fetch standard, "CORS-safelisted response-header"). */
const SAFELISTED_RESPONSE = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]

/** Request headers that never need a preflight (Fetch standard, "CORS-safelisted request-header"; values aside). */
const SAFELISTED_REQUEST = ['accept', 'accept-language', 'content-language', 'content-type']
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']

/** Whether the browser would send a preflight `OPTIONS` before this request. */
export function needsPreflight(request: Request): boolean {
  if (!['GET', 'HEAD', 'POST'].includes(request.method)) return true
  for (const [name, value] of request.headers) {
    if (!SAFELISTED_REQUEST.includes(name)) return true
    if (name === 'content-type' && !SIMPLE_CONTENT_TYPES.includes(value.split(';')[0]?.trim().toLowerCase() ?? '')) {
      return true
    }
  }
  return false
}

/** The preflight the browser would send for `request` from `origin`. */
export function preflightFor(request: Request, origin: string): Request {
  const headers = [...request.headers.keys()].filter((name) => name !== 'origin')
  return new WireRequest(
    request.url,
    { method: 'OPTIONS' },
    new Headers({
      origin,
      'access-control-request-method': request.method,
      ...(headers.length ? { 'access-control-request-headers': headers.sort().join(',') } : {}),
    }),
  )
}

/** Whether a preflight answer lets the request through (status, origin, method and every header allowed). */
export function preflightAllows(answer: Response, request: Request, origin: string): boolean {
  if (answer.status < 200 || answer.status > 299) return false
  if (!allowsOrigin(answer, origin)) return false
  const list = (name: string) =>
    (answer.headers.get(name) ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean)
  const methods = list('access-control-allow-methods')
  const headers = list('access-control-allow-headers')
  const simpleMethod = ['GET', 'HEAD', 'POST'].includes(request.method)
  if (!simpleMethod && !methods.includes(request.method.toLowerCase()) && !methods.includes('*')) return false
  return [...request.headers.keys()].every(
    (name) => name === 'origin' || headers.includes(name) || headers.includes('*'),
  )
}

const allowsOrigin = (response: Response, origin: string) => {
  const allowed = response.headers.get('access-control-allow-origin')
  return allowed === '*' || allowed === origin
}

/**
 * The response as a page's script would see it, or undefined where the browser would answer with a network error
 * (no or another `Access-Control-Allow-Origin`): only safelisted and exposed headers are left.
 */
export function corsFiltered(response: Response, origin: string): Response | undefined {
  if (!allowsOrigin(response, origin)) return undefined
  const exposed = (response.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
  const headers = new Headers()
  for (const [name, value] of response.headers) {
    if (SAFELISTED_RESPONSE.includes(name) || exposed.includes(name) || exposed.includes('*')) headers.set(name, value)
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
