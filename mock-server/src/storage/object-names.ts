// Object names both storages refuse before looking any further: a path that does not percent-decode, and a name
// over 1,024 bytes of UTF-8. Each is answered in the service's own words (sources in the mock README).
import type { MiddlewareHandler } from 'hono'
import { type XmlError, xmlErrorResponse } from '../http/xml-error.ts'
import type { MockState } from '../state.ts'
import { discardRest, type StorageEnv } from './storage-route.ts'

/** S3 keys and GCS object names alike: "1–1024 bytes long, UTF-8". */
export const MAX_OBJECT_NAME_BYTES = 1024

export const utf8ByteLength = (text: string) => new TextEncoder().encode(text).byteLength

/** S3's answer to a key over its limit (`KeyTooLongError`), with the sizes a client needs to say why. */
export function s3KeyLengthProblem(key: string): XmlError | undefined {
  const size = utf8ByteLength(key)
  if (size <= MAX_OBJECT_NAME_BYTES) return undefined
  return {
    status: 400,
    code: 'KeyTooLongError',
    message: 'Your key is too long.',
    details: { Size: String(size), MaxSizeAllowed: String(MAX_OBJECT_NAME_BYTES) },
  }
}

/** GCS's answer to an object name over its limit: its words count bytes of UTF-8 as "characters". */
export function gcsNameLengthProblem(name: string): XmlError | undefined {
  const size = utf8ByteLength(name)
  if (size <= MAX_OBJECT_NAME_BYTES) return undefined
  return {
    status: 400,
    code: 'InvalidArgument',
    message: `The maximum object length is ${MAX_OBJECT_NAME_BYTES} characters, but got a name with ${size} characters.`,
  }
}

/** Whether every segment of a path percent-decodes to UTF-8 (`%ZZ` and a cut `%E0%A4%A` do not). */
function decodes(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment)
    return true
  } catch {
    return false
  }
}

/**
 * Answers a path that does not percent-decode with the service's `400 InvalidURI` before any route reads it (a
 * route's decoding would throw, a plain 500). An upload's body is read and dropped first, so the client reads the
 * answer instead of a reset connection.
 */
export function refuseUndecodablePaths(state: MockState, style: 's3' | 'gcs'): MiddlewareHandler<StorageEnv> {
  return async (c, next) => {
    if (decodes(new URL(c.req.url).pathname)) return next()
    if (c.req.method === 'PUT' || c.req.method === 'POST') await discardRest(c, state)
    return xmlErrorResponse({ status: 400, code: 'InvalidURI', message: "Couldn't parse the specified URI." }, style)
  }
}
