import { callJson, isRetryableStatus, type Translate, translator } from '@uppy-presign/core'
import { type LeonardoRequestProblem, readLeonardoError } from '@uppy-presign/vendors'
import { type LeonardoStepStrings, leonardoStepLocale } from './leonardo-step-locale.ts'

/** Where the kit reaches Leonardo's REST API: in a browser, the app's `leonardoProxy`, which holds the key. */
export interface LeonardoApiOptions {
  /** Leonardo's REST base, `…/api/rest/v1`, or the app's proxy of it (`/app/leonardo`). */
  endpoint: string
  /** Extra request headers. The Leonardo API key belongs on your server (`leonardoProxy`), not here. */
  headers?: Record<string, string>
  fetch?: typeof fetch
  /** Replacements for the messages of these calls (`LeonardoStepStrings`), for translation. */
  locale?: { strings: Partial<LeonardoStepStrings> }
}

/** What went wrong in a step after the upload (a generation, a dataset), by what to do about it. */
export type LeonardoErrorKind =
  /** The request breaks a rule of Leonardo's reference: nothing was sent. */
  | 'invalid-request'
  /** Leonardo (or the app's proxy) answered with an error: `status`, `code` and `path` say which. */
  | 'refused'
  /** No answer (network, CORS): retryable. */
  | 'unreachable'
  /** An answer that is not the documented shape. */
  | 'malformed-answer'
  /** The generation ended FAILED. */
  | 'failed'
  /** Leonardo knows no generation of that id. */
  | 'not-found'
  /** Still PENDING when the wait's time was up; it may still finish. */
  | 'timed-out'

/** A failed step after the upload, with a message that says what was asked, what rule, and what to do (`hint`). */
export class LeonardoError extends Error {
  constructor(
    message: string,
    readonly kind: LeonardoErrorKind,
    readonly info: {
      status?: number
      /** Leonardo's error code (`validation-failed`, `not-found` …). */
      code?: string
      /** Where in the request the problem is, as a JSON path (`$.prompt`). */
      path?: string
      generationId?: string
      /** Whether the same call may succeed later. */
      retryable: boolean
      hint?: string
      cause?: unknown
    },
  ) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause })
    this.name = 'LeonardoError'
  }
}

export const wordsOf = (api: LeonardoApiOptions): Translate => translator([leonardoStepLocale, api.locale])

/** A hint for a refusal: what the app or its user can change, by where the problem is. */
function hintFor(t: Translate, status: number, code: string | undefined, path: string | undefined): string | undefined {
  if (status === 401) return t('hintKey')
  if (status === 403) return t('hintNotAllowed')
  if (path === '$.prompt') return t('hintPrompt')
  if (path === '$.init_image_id') return t('hintInitImage')
  if (status === 429 || status >= 500 || code === 'unexpected') return t('hintLater')
  return undefined
}

/** The request's own problems (checked before sending), as a `LeonardoError`. */
export function invalidRequest(
  api: LeonardoApiOptions,
  what: string,
  problems: LeonardoRequestProblem[],
): LeonardoError {
  const t = wordsOf(api)
  const first = problems[0]
  const hint = first?.path === '$.prompt' ? t('hintPrompt') : undefined
  const list = problems.map((p) => `${p.message} (at ${p.path})`).join('; ')
  return new LeonardoError(
    [t('invalidRequest', { what, problems: list }), hint].filter(Boolean).join(' '),
    'invalid-request',
    { path: first?.path, retryable: false, ...(hint ? { hint } : {}) },
  )
}

/**
 * One JSON call to Leonardo (or the app's proxy): the parsed answer, or a `LeonardoError` whose message has
 * Leonardo's own words (`{error, path, code}`) and a hint.
 */
export async function leonardoCall(
  api: LeonardoApiOptions,
  what: string,
  method: 'GET' | 'POST',
  path: string,
  { body, signal }: { body?: unknown; signal?: AbortSignal } = {},
): Promise<unknown> {
  const t = wordsOf(api)
  const url = `${api.endpoint.replace(/\/+$/, '')}${path}`
  let answer: Awaited<ReturnType<typeof callJson>>
  try {
    answer = await callJson({ url, method, body, headers: api.headers, fetch: api.fetch, signal })
  } catch (cause) {
    // An abort is the app's own doing: it gets its reason back, as from fetch.
    if (signal?.aborted) throw signal.reason
    const reason = String((cause as Error)?.message ?? cause).replace(/\.$/, '')
    throw new LeonardoError(t('unreachable', { what, url, reason }), 'unreachable', { retryable: true, cause })
  }
  const { response, text, json } = answer
  if (!response.ok) {
    const reading = readLeonardoError(json ?? text)
    const code = reading?.code
    const where = reading?.details?.path
    const said = reading?.issues.map((i) => i.message).join('; ') || text.slice(0, 200) || response.statusText
    const hint = hintFor(t, response.status, code, where)
    const { status } = response
    const retryable = isRetryableStatus(status)
    throw new LeonardoError(
      [t('refused', { what, status: response.status, said }), hint].filter(Boolean).join(' '),
      'refused',
      {
        status: response.status,
        retryable,
        ...(code ? { code } : {}),
        ...(where ? { path: where } : {}),
        ...(hint ? { hint } : {}),
      },
    )
  }
  if (json === undefined) {
    throw new LeonardoError(t('malformedAnswer', { what, problem: t('notJson') }), 'malformed-answer', {
      status: response.status,
      retryable: false,
    })
  }
  return json
}
