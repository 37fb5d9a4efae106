import { fetcher } from '@uppy/core/utils'
import type { SignedUpload } from './flow.ts'

/** What storage answered, as far as the browser lets a script see it. */
export interface StorageResponse {
  status: number
  /** A response header, or null when absent or not exposed by CORS (the browser cannot tell which). */
  header(name: string): string | null
  body: string
  /** The request headers that were sent, for naming the one a signature mismatch is about. */
  sentHeaders: Record<string, string>
}

export interface SendOptions {
  signal: AbortSignal
  onProgress: (loaded: number, total: number) => void
  /**
   * Milliseconds without upload progress before `onStalled` is told. A warning, not a timeout: `fetcher` lets the
   * request go on (as `@uppy/xhr-upload` does), since a slow link is not a dead one and abort is the user's call.
   */
  stallTimeoutMs: number
  onStalled?: (timeoutMs: number) => void
}

/** Thrown for any answer but 2xx, and for no answer at all (status 0). */
export class StorageRequestFailed extends Error {
  constructor(readonly response: StorageResponse) {
    super(`storage answered ${response.status}`)
  }
}

function toResponse(xhr: XMLHttpRequest, sentHeaders: Record<string, string>): StorageResponse {
  return {
    status: xhr.status,
    header: (name) => xhr.getResponseHeader(name),
    // responseType is never set, so the body is always text.
    body: xhr.responseText,
    sentHeaders,
  }
}

/**
 * One attempt at sending a file to a signed URL, on Uppy's XHR `fetcher` (upload progress, abort, stall timeout);
 * retries are the engine's, so `fetcher`'s own are off. A PUT sends the raw bytes with exactly the signed headers;
 * a POST sends every policy field first and the file last, as S3 requires.
 */
export async function sendSignedUpload(
  signed: SignedUpload,
  data: Blob,
  fileName: string,
  opts: SendOptions,
): Promise<StorageResponse> {
  let body: XMLHttpRequestBodyInit
  let headers: Record<string, string> = {}
  if (signed.method === 'PUT') {
    headers = { ...signed.headers }
    // Without an explicit Content-Type the browser would send the Blob's type, which the signature may not cover.
    const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    body = hasType ? data : new Blob([data])
  } else {
    const form = new FormData()
    for (const [name, value] of Object.entries(signed.fields)) form.append(name, value)
    form.append('file', data, fileName)
    body = form
  }
  let xhr: XMLHttpRequest
  try {
    xhr = await fetcher(signed.url, {
      method: signed.method,
      body,
      headers,
      retries: 0,
      timeout: opts.stallTimeoutMs,
      signal: opts.signal,
      onTimeout: opts.onStalled,
      onUploadProgress: (event) => {
        if (event.lengthComputable) opts.onProgress(event.loaded, event.total)
      },
    })
  } catch (error) {
    const request = (error as { request?: XMLHttpRequest }).request
    if (!request) throw error
    throw new StorageRequestFailed(toResponse(request, headers))
  }
  return toResponse(xhr, headers)
}
