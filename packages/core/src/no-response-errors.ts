// Failures with no answer to read (status 0), or with an answer whose header the browser hides: the CORS rules to
// check, named. Loaded with the other failure explanations, on the first failure.

import { displayFileName } from './file-names.ts'
import { UploadError } from './upload-error.ts'

export function hostOf(url: string | undefined, withPort: boolean): string | undefined {
  try {
    const parsed = new URL(url ?? '')
    return withPort ? parsed.host : parsed.hostname
  } catch {
    return undefined
  }
}

export interface NoResponseInput {
  fileName: string
  method?: string
  url?: string
  /** Names of the request headers the upload set: each must be in the bucket's AllowedHeaders. */
  headers?: string[]
  /** This page's origin; `location.origin` by default. */
  origin?: string
  cause?: unknown
}

const pageOrigin = () => (globalThis as { location?: { origin?: string } }).location?.origin

/** No answer at all (status 0): the message names the file and every CORS setting the request depends on. */
function noResponseError(input: NoResponseInput, kind: 'network' | 'cors', hint: string): UploadError {
  const origin = input.origin ?? pageOrigin() ?? "this page's origin"
  const method = input.method ?? 'the upload method'
  const headers = [...new Set((input.headers ?? []).map((h) => String(h).toLowerCase()))]
  const storage = hostOf(input.url, true)
  const checks = [`AllowedOrigins includes ${origin}`, `AllowedMethods includes ${method}`]
  if (headers.length > 0) checks.push(`AllowedHeaders includes ${headers.join(', ')}`)
  return new UploadError(
    `${displayFileName(input.fileName)}: no response (status 0): the network failed, or the storage's CORS rules${storage ? ` (at ${storage})` : ''} do not allow this origin/method/headers; check ${checks.join(', ')}.`,
    {
      kind,
      fileName: String(input.fileName ?? ''),
      status: 0,
      retryable: kind === 'network',
      hint,
      details: { origin, method, ...(headers.length ? { headers: headers.join(', ') } : {}) },
      cause: input.cause,
    },
  )
}

/**
 * No answer at all (status 0) where the cause may be passing: the network. A browser cannot tell this from a CORS
 * refusal, so the message names both and the CORS settings to check. Retryable.
 */
export const networkError = (input: NoResponseInput): UploadError =>
  noResponseError(input, 'network', 'Check the network, and the bucket CORS settings named above.')

/**
 * No answer at all (status 0) once the engine has concluded it is CORS (e.g. it persisted through retries while
 * other requests got through): the same message, not retryable.
 */
export const corsError = (input: NoResponseInput): UploadError =>
  noResponseError(input, 'cors', "Fix the bucket's CORS settings named above.")

/**
 * The storage answered, but a header the flow needs (the CID in `x-amz-meta-cid`) is not in CORS
 * `Access-Control-Expose-Headers`, so the browser hides it from scripts. The file itself may already be stored.
 */
export function hiddenHeaderError(fileName: string, header: string, origin?: string): UploadError {
  const allowed = origin ?? pageOrigin()
  const hint = `Add it to the bucket's CORS ExposeHeaders (S3: <ExposeHeader>${header}</ExposeHeader>; GCS: "responseHeader": ["${header}"])${allowed ? ` in the rule for ${allowed}` : ''}.`
  return new UploadError(
    `${displayFileName(fileName)}: the storage answered but the browser may not read ${header}: ${hint.charAt(0).toLowerCase()}${hint.slice(1)} The file itself may already be stored.`,
    {
      kind: 'cors',
      fileName: String(fileName ?? ''),
      retryable: false,
      hint,
      details: { header, ...(allowed ? { origin: allowed } : {}) },
    },
  )
}
