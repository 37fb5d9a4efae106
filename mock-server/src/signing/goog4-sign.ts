// Makes GCS V4 signed URLs (GOOG4-RSA-SHA256) with WebCrypto, byte for byte what `@google-cloud/storage`
// getSignedUrl({ version: 'v4' }) makes (goog4-sign.test.ts compares the two). The Node mock signs with Google's
// library itself; this signer exists for the in-page mock of the static Storybook, where that library cannot run.
import { canonicalHeaderValue, canonicalQuery, uriEncode } from './canonical.ts'
import { RSA_SHA256 } from './goog4.ts'
import { bytesToHex, sha256Hex, utf8ToBytes } from './hashes.ts'

export interface Goog4SignInput {
  /** The storage origin, e.g. `http://127.0.0.1:4012`; the library signs its hostname (no port) as `host`. */
  endpoint: string
  bucket: string
  key: string
  method: 'GET' | 'PUT'
  /** Signed as a header when given: the request must then send exactly this Content-Type. */
  contentType?: string
  clientEmail: string
  privateKey: CryptoKey
  now: Date
  expiresInSeconds: number
}

const basicIso = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '')

export async function signGoog4Url(input: Goog4SignInput): Promise<string> {
  // The library works in whole seconds: both instants are floored before X-Goog-Expires is their difference.
  const accessibleAt = Math.floor(input.now.getTime() / 1000)
  const expiration = Math.floor((input.now.getTime() + input.expiresInSeconds * 1000) / 1000)
  const date = basicIso(new Date(accessibleAt * 1000))
  const scope = `${date.slice(0, 8)}/auto/storage/goog4_request`
  const headers = new Map<string, string>([['host', new URL(input.endpoint).hostname]])
  if (input.contentType !== undefined) headers.set('content-type', input.contentType)
  const names = [...headers.keys()].sort()
  const signedHeaders = names.join(';')
  const path = `/${input.bucket}/${input.key.split('/').map(uriEncode).join('/')}`
  const query = new URLSearchParams([
    ['X-Goog-Algorithm', 'GOOG4-RSA-SHA256'],
    ['X-Goog-Credential', `${input.clientEmail}/${scope}`],
    ['X-Goog-Date', date],
    ['X-Goog-Expires', String(expiration - accessibleAt)],
    ['X-Goog-SignedHeaders', signedHeaders],
  ])
  const canonicalRequest = [
    input.method,
    path,
    canonicalQuery(query, () => false),
    ...names.map((name) => `${name}:${canonicalHeaderValue(headers.get(name) ?? '')}`),
    '',
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  ].join('\n')
  const stringToSign = ['GOOG4-RSA-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n')
  const signature = await crypto.subtle.sign(RSA_SHA256, input.privateKey, utf8ToBytes(stringToSign))
  query.set('X-Goog-Signature', bytesToHex(new Uint8Array(signature)))
  // The library writes the query with the same RFC 3986 encoding it signs (URLSearchParams would write '+').
  const search = [...query].map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`).join('&')
  return `${input.endpoint.replace(/\/+$/, '')}${path}?${search}`
}
