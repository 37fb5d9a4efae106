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
  fetch = globalThis.fetch,
  fileNames,
  readError,
}: PresignRequestInput): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (cause) {
    throw new UnexplainedFailure('presignUnreachable', { fileNames, vendor, url, cause })
  }
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
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
