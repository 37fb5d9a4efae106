// Helpers for this package's tests only: not shipped (outside `src`), not exported.
import type { FetchFunction, ProxyHandler } from '../src/types.ts'

/** The page the browser runs on in these tests, and the proxy's own origin (the app's server). */
export const DEV_ORIGIN = 'http://localhost:5173'
const APP = 'http://app.test'

/** One real mock server per test file, reset before each test: the mock's own harness. */
/** Starts a Typebot chat session at a file-input block on the mock (reset ends it): Typebot signs only for one. */
export { typebotSession, useMockServer as useMock } from '@uppy-presign/mock-server/test-harness'

/** Calls the mock's vendor emulators answered, per vendor. */
export const presignCalls = async (mockUrl: string) =>
  ((await (await fetch(`${mockUrl}/__stats`)).json()) as { presign: Record<string, number> }).presign

/** A browser-like request to the app's server: JSON body, a dev-origin page, the headers a browser would add. */
export function browserRequest(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; origin?: string | null } = {},
): Request {
  const { method = init.body === undefined ? 'GET' : 'POST', body, origin = DEV_ORIGIN } = init
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(origin === null ? {} : { origin }),
    ...init.headers,
  }
  return new Request(`${APP}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
}

/** Calls a handler and reads its JSON answer. */
export async function call(handler: ProxyHandler, request: Request) {
  const response = await handler(request)
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read vendor JSON of many shapes
  return { status: response.status, headers: response.headers, text, json: json as any }
}

export interface RecordedCall {
  url: string
  method: string
  headers: Headers
  body: string | undefined
}

/** A `fetch` that records what the proxy sends, then either really sends it or answers with `answer`. */
export function recordingFetch(answer?: (call: RecordedCall) => Response | Promise<Response>) {
  const calls: RecordedCall[] = []
  const recorder: FetchFunction = async (input, init = {}) => {
    const recorded: RecordedCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
    }
    calls.push(recorded)
    return answer ? answer(recorded) : fetch(input, init)
  }
  return { fetch: recorder, calls }
}

/** Every header value of a response, joined: to assert a secret appears nowhere in what the browser gets. */
export const allHeaderValues = (headers: Headers) => [...headers].map(([name, value]) => `${name}: ${value}`).join('\n')

/** Each `%XX` of an ASCII byte decoded, in either case, whatever else the text holds (a stray `%` stops nothing). */
const percentDecoded = (text: string) =>
  text.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))

function stringsIn(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out)
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key)
      stringsIn(item, out)
    }
  }
  return out
}

/**
 * What a reader could make of a text the proxy sent: the bytes themselves, every JSON string in them (escapes read,
 * strings holding JSON read again) and every percent-decoding, up to four steps deep. Written apart from the
 * proxy's own decoder, so a test does not check the redaction against itself.
 */
export function readableForms(text: string): string[] {
  const forms = new Set([text])
  let frontier = [text]
  for (let step = 0; step < 4 && frontier.length; step++) {
    const next: string[] = []
    for (const form of frontier) {
      const found = [percentDecoded(form)]
      try {
        stringsIn(JSON.parse(form), found)
      } catch {
        // Not JSON: only its percent-decoding reads on.
      }
      for (const item of found) {
        if (forms.has(item)) continue
        forms.add(item)
        next.push(item)
      }
    }
    frontier = next
  }
  return [...forms]
}
