// What the mock's S3 refuses to store although real S3 would take it: keys a URL or a file system would resolve to
// another key, and Content-Types it could not send back in a header. Both answer 400 InvalidArgument naming the
// field, the shape of S3's other refusals of a request argument.
import { isMediaType } from '@uppy-presign/vendors'
import type { XmlError } from '../http/xml-error.ts'

/**
 * S3 keeps a key's `.` and `..` segments literally, but a URL resolves them (fetch turns `/b/a/../x` into `/b/x`)
 * and so does any file system the object is copied to: S3's object key naming guidelines warn about them. The mock
 * refuses them, so a client that lets them through finds out here rather than in someone's `/etc/cron.d`.
 */
export function keySegmentProblem(key: string): XmlError | undefined {
  if (!key.split('/').some((segment) => segment === '.' || segment === '..')) return undefined
  return {
    status: 400,
    code: 'InvalidArgument',
    message:
      "Object key segments '.' and '..' are refused by this mock: S3 would store them literally, but URLs and file systems resolve them to another key or path. Choose a key without them.",
    details: { ArgumentName: 'key', ArgumentValue: key },
  }
}

/**
 * A stored Content-Type is sent back on every read: one that is not a header value (`image/png\r\nSet-Cookie: a=b`)
 * would make the object unreadable (500), and one that is not a media type would reach a browser as nonsense.
 */
export function contentTypeProblem(contentType: string): XmlError | undefined {
  // A list too: S3's POST policy documents Content-Type lists for `starts-with`.
  if (isMediaType(contentType, { list: true })) return undefined
  return {
    status: 400,
    code: 'InvalidArgument',
    message:
      'Content-Type must be a media type: type/subtype with optional parameters (RFC 9110 section 8.3.1), such as image/png or text/plain; charset=utf-8.',
    details: { ArgumentName: 'Content-Type', ArgumentValue: contentType },
  }
}
