import { explanations } from './load-explanations.ts'

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
}

/**
 * One JSON call to a presign API (the vendor's, or the app's proxy of it): any non-2xx answer becomes an
 * `UploadError` in words, read from the vendor's documented error shape; no answer at all is a retryable one.
 */
export async function presignRequest<T>({
  vendor,
  url,
  method = 'POST',
  body,
  headers,
  fetch = globalThis.fetch,
  fileNames,
}: PresignRequestInput): Promise<T> {
  const names = fileNames.join(', ')
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (cause) {
    throw (await explanations(names, 0)).presignUnreachable(fileNames, vendor, url, cause)
  }
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  if (!response.ok) {
    const { vendorApiError } = await explanations(names, response.status)
    const error = vendorApiError({ vendor, status: response.status, body: json ?? text, fileNames })
    const retryAfter = response.headers.get('retry-after')
    if (retryAfter) error.info.details = { ...error.info.details, 'retry-after': retryAfter }
    throw error
  }
  if (json === undefined) throw (await explanations(names)).presignNotJson(fileNames, vendor, response.status, text)
  return json as T
}
