// What `startrailReads` needs only once a read fails: its strings and the code that words the failure. One chunk,
// loaded with the first failure, as `refusals.ts` is for uploads.

import {
  displayFileName,
  isRetryableStatus,
  type PresignShapeProblem,
  parseStorageErrorXml,
  type Translate,
  UploadError,
  type UploadErrorKind,
} from '@uppy-presign/core'
import type { StartrailNameRule } from '@uppy-presign/vendors'

export { default } from './locale.ts'

/** What a failed signed GET left to judge it by. */
export interface DownloadFailureInput {
  fileName: string
  category: string
  /** 0 when no answer reached the page (the network, or CORS). */
  status: number
  body: string
  /** The Content-Type the read URL was signed for. */
  signed: string
  /** The Content-Type the request set (the signed one, unless something in the page changed it). */
  sent: string
  retryAfter?: string | null
}

/** How GCS puts a header value into its canonical request: trimmed, inner runs of spaces as one. */
const canonical = (value: string) => value.trim().replace(/\s+/g, ' ')

/** The `content-type:` line of the canonical request GCS computed from what it received. */
function receivedContentType(canonicalRequest: string | undefined): string | undefined {
  for (const line of (canonicalRequest ?? '').split(/\r?\n/).slice(3)) {
    if (line === '') break
    if (line.toLowerCase().startsWith('content-type:')) return line.slice('content-type:'.length)
  }
  return undefined
}

const pageOrigin = () => (globalThis as { location?: { origin?: string } }).location?.origin ?? "this page's origin"

/** A piece of an unknown answer, fit for a one-line message. */
const snippet = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}

/**
 * A signed GET that did not answer 200, in words: which file, what the storage refused (its XML error) and what to
 * do. `expired` is retryable (the caller signs again once); network, 429 and 5xx are retryable (the caller backs off).
 */
export function downloadFailure(t: Translate, input: DownloadFailureInput): UploadError {
  const { fileName, category, status, body, signed, sent } = input
  const name = fileName
  const { code, message = '', details } = parseStorageErrorXml(body)
  const said = code ? `${status} ${code}` : String(status)
  const fail = (kind: UploadErrorKind, key: string, retryable: boolean, values: Record<string, unknown> = {}) =>
    new UploadError(t(key, { name, category, signed, said, ...values }), {
      kind,
      fileName,
      status,
      ...(code ? { code } : {}),
      retryable,
      details: { ...details, ...(input.retryAfter ? { 'retry-after': input.retryAfter } : {}) },
    })
  if (status === 0) {
    return new UploadError(t('readNoResponse', { name, origin: pageOrigin() }), {
      kind: 'network',
      fileName,
      status: 0,
      retryable: true,
    })
  }
  if (code === 'SignatureDoesNotMatch') {
    const received = receivedContentType(details.CanonicalRequest)
    if (received === undefined) return fail('signature-mismatch', 'readSignatureRefused', false)
    if (canonical(sent) !== canonical(signed)) {
      return fail('signature-mismatch', 'readTypeSentOther', false, {
        received: canonical(sent),
        header: 'content-type',
      })
    }
    if (received !== canonical(signed)) {
      return fail('signature-mismatch', 'readTypeChangedOnTheWay', false, { received, header: 'content-type' })
    }
    return fail('signature-mismatch', 'readSignatureRefused', false)
  }
  if (code === 'MalformedSecurityHeader') {
    if (!/content-type/i.test(details.ParameterName ?? ''))
      return fail('signature-mismatch', 'readSignatureRefused', false)
    // GCS names the signed header the request lacked: the download sent it, so it was removed on the way.
    return fail('signature-mismatch', 'readTypeRemovedOnTheWay', false, { header: 'content-type' })
  }
  if (code === 'ExpiredToken' || (code === 'AccessDenied' && /expired/i.test(message))) {
    return fail('expired', 'readExpired', true)
  }
  if (status === 404) return fail('storage', 'readNotStored', false)
  if (status === 429 || status === 503 || code === 'SlowDown' || code === 'TooManyRequests') {
    return fail('rate-limited', 'readSlowDown', true)
  }
  if (status >= 500) return fail('server', 'readStorageFailed', isRetryableStatus(status))
  const own = message || details.Details || snippet(body)
  return fail(status === 408 ? 'network' : 'storage', 'readRefused', isRetryableStatus(status), {
    message: own || '—',
  })
}

/** A file to read that Startrail could never have stored under this name, or that has no category to read it in. */
export function readRequestRefusal(
  t: Translate,
  fileName: string,
  problem: { noCategory: true } | { broken: StartrailNameRule[] },
): UploadError {
  const name = fileName
  if ('noCategory' in problem) {
    return new UploadError(t('readNoCategory', { name }), { kind: 'invalid-file', fileName, retryable: false })
  }
  const suggestion = name.trim().replace(/\s+/gu, '-')
  const problems = problem.broken
    .map((rule) => t(rule === 'noSpaces' ? 'nameHasSpaces' : 'nameNeedsExtension', { name, suggestion }))
    .join(' ')
  return new UploadError(t('readBadName', { name, problems }), { kind: 'invalid-file', fileName, retryable: false })
}

/** A signedUrls answer for reads that cannot be used: the uploader's `malformedPresign` words. */
export function malformedReadAnswer(t: Translate, names: string[], problem: PresignShapeProblem): UploadError {
  const about = problem.fileIndex === undefined ? names : names.slice(problem.fileIndex, problem.fileIndex + 1)
  const shown = about.map(displayFileName).join(', ')
  return new UploadError(t('malformedPresign', { names: shown, problem: t(problem.key, problem.values) }), {
    kind: 'malformed-presign',
    ...(about.length === 1 ? { fileName: about[0] } : {}),
    retryable: false,
  })
}
