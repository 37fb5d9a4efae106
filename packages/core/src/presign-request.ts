import type { FailureInputs, FailureName, ReadVendorError } from './failures.ts'

/**
 * A failure not yet in words: thrown where no plugin's locale is at hand (a vendor adapter's presign call), worded
 * by the engine (or `awsS3SignRequest`) with the app's locale.
 */
export class UnexplainedFailure<N extends FailureName = FailureName> extends Error {
  constructor(
    readonly failure: N,
    readonly input: FailureInputs[N],
  ) {
    super(`${failure} failure`)
    this.name = 'UnexplainedFailure'
  }
}

export interface PresignRequestInput {
  /** The vendor's name as users know it, for messages. */
  vendor: string
  url: string
  method?: 'POST' | 'GET'
  body?: unknown
  headers?: Record<string, string>
  fetch?: typeof fetch
  /** The files this call is for, named in every error. */
  fileNames: string[]
  /** Reads the vendor's error body (its documented shape) into problems, for the message. */
  readError?: ReadVendorError
}

/** One JSON request, as the kit's API clients send it: a JSON body when there is one, the app's headers. */
export interface JsonCall {
  url: string
  method?: 'POST' | 'GET'
  body?: unknown
  headers?: Record<string, string>
  fetch?: typeof fetch
  signal?: AbortSignal
}

/**
 * Sends a JSON request and reads the whole answer: its text, and its JSON value (undefined when the text is not
 * JSON). A request that gets no answer throws what `fetch` threw.
 */
export async function callJson({
  url,
  method = 'POST',
  body,
  headers,
  fetch = globalThis.fetch,
  signal,
}: JsonCall): Promise<{ response: Response; text: string; json: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { response, text, json }
}

/**
 * One JSON call to a presign API (the vendor's, or the app's proxy of it). Any non-2xx answer, no answer, or an
 * answer that is not JSON is thrown as an `UnexplainedFailure` that the engine words; no answer is retryable.
 */
export async function presignRequest<T>({
  vendor,
  url,
  method = 'POST',
  body,
  headers,
  fetch,
  fileNames,
  readError,
}: PresignRequestInput): Promise<T> {
  let answer: Awaited<ReturnType<typeof callJson>>
  try {
    answer = await callJson({ url, method, body, headers, fetch })
  } catch (cause) {
    throw new UnexplainedFailure('presignUnreachable', { fileNames, vendor, url, cause })
  }
  const { response, text, json } = answer
  if (!response.ok) {
    const retryAfter = response.headers.get('retry-after') ?? undefined
    throw new UnexplainedFailure('presignRefused', {
      fileNames,
      vendor,
      status: response.status,
      body: json ?? text,
      ...(readError ? { readError } : {}),
      ...(retryAfter ? { retryAfter } : {}),
    })
  }
  if (json === undefined) {
    throw new UnexplainedFailure('presignNotJson', { fileNames, vendor, status: response.status, text })
  }
  return json as T
}
