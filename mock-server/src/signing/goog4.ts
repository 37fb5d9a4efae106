// Verifies a Google Cloud Storage V4 signed URL (GOOG4-RSA-SHA256, query-string form), as
// `@google-cloud/storage` getSignedUrl({ version: 'v4' }) makes it: the same canonical request
// as SigV4, signed with the service account's RSA key instead of an HMAC chain. Error bodies
// follow what GCS answers today (Code, a terse Message, the explanation in Details).
import { canonicalHeaderValue, canonicalQuery, canonicalUri, fail, parseBasicIsoDate } from './canonical.ts'
import { hexToBytes, sha256Hex, utf8ToBytes } from './hashes.ts'
import type { Verified } from './types.ts'

const ALGORITHM = 'GOOG4-RSA-SHA256'
const MAX_EXPIRES = 604800 // seven days, as for SigV4
const MAX_CLOCK_SKEW_MS = 15 * 60_000

// GCS's answer to anything wrong with the signing parameters or headers themselves: 400,
// 'Invalid argument.', the reason in <Details> and the culprit in <ParameterName>.
const malformed = <T>(details: string, parameterName: string): Verified<T> =>
  fail(400, 'MalformedSecurityHeader', 'Invalid argument.', {
    Details: `Your request has a malformed header. ${details}`,
    ParameterName: parameterName,
  })

// GCS writes instants in its Details as '2019-02-01T09:00:10+00:00'.
/** GCS writes times in its errors as `2026-09-11T23:48:45+00:00`. */
export const gcsTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, '+00:00')

/** WebCrypto's name for GCS's RSA-SHA256 (PKCS #1 v1.5): the same in Node and in a browser. */
export const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const

// subtle.verify rejects rather than answering false for a key it cannot use (one made for another algorithm).
async function rsaVerifies(stringToSign: string, publicKey: CryptoKey, hexSignature: string): Promise<boolean> {
  try {
    return await crypto.subtle.verify(RSA_SHA256, publicKey, hexToBytes(hexSignature), utf8ToBytes(stringToSign))
  } catch {
    return false
  }
}

export async function verifyGoog4Query(req: {
  method: string
  url: URL
  headers: Headers
  now: Date
  publicKeyFor: (clientEmail: string) => CryptoKey | undefined
}): Promise<Verified<{ clientEmail: string; signedHeaders: string[]; expiresAt: Date }>> {
  const q = req.url.searchParams
  // GCS reads its X-Goog-* parameters case-insensitively: the client libraries themselves send
  // 'x-goog-signature' in lower case in some styles (see the conformance vectors).
  const param = (lowerName: string): string | null => {
    for (const [name, value] of q) if (name.toLowerCase() === lowerName) return value
    return null
  }
  const algorithm = param('x-goog-algorithm')
  const credential = param('x-goog-credential')
  const goog4Date = param('x-goog-date')
  const expiresParam = param('x-goog-expires')
  const signedHeadersParam = param('x-goog-signedheaders')
  const signature = param('x-goog-signature')
  const required = {
    algorithm,
    credential,
    date: goog4Date,
    expires: expiresParam,
    signedheaders: signedHeadersParam,
    signature,
  }
  for (const [name, value] of Object.entries(required)) {
    if (!value) return malformed('Missing required query parameter.', `x-goog-${name}`)
  }
  if (algorithm !== ALGORITHM) return malformed('Unsupported signing algorithm.', 'x-goog-algorithm')

  // email/yyyymmdd/location/storage/goog4_request; location is 'auto' from the Node library,
  // a region name from others. The email itself may not contain '/'.
  const scopeParts = (credential ?? '').split('/')
  if (scopeParts.length !== 5 || scopeParts.some((part) => part === '')) {
    return malformed('Invalid credential.', 'x-goog-credential')
  }
  const [clientEmail, scopeDate, , service, terminal] = scopeParts as [string, string, string, string, string]
  if (service !== 'storage' || terminal !== 'goog4_request')
    return malformed('Invalid credential.', 'x-goog-credential')

  const dateText = goog4Date ?? ''
  const signedAt = parseBasicIsoDate(dateText)
  if (!signedAt) return malformed('Invalid date.', 'x-goog-date')
  if (scopeDate !== dateText.slice(0, 8))
    return malformed('Credential date does not match X-Goog-Date.', 'x-goog-credential')
  const expiresText = expiresParam ?? ''
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : Number.NaN
  if (!(expires >= 1 && expires <= MAX_EXPIRES)) {
    return malformed(`X-Goog-Expires must be between 1 and ${MAX_EXPIRES} seconds.`, 'x-goog-expires')
  }

  // GCS judges time before the signature: an expired URL whose X-Goog-Expires was edited is
  // still reported as expired, not as a signature mismatch.
  const expiresAt = new Date(signedAt.getTime() + expires * 1000)
  if (req.now.getTime() > expiresAt.getTime()) {
    return fail(400, 'ExpiredToken', 'Invalid argument.', {
      Details: `The provided token has expired. Request signature expired at: ${gcsTime(expiresAt)}`,
    })
  }
  if (signedAt.getTime() - req.now.getTime() > MAX_CLOCK_SKEW_MS) {
    return malformed(`Request is not yet valid. Request signature valid from: ${gcsTime(signedAt)}`, 'x-goog-date')
  }

  const signedHeaders = (signedHeadersParam ?? '').split(';').map((h) => h.toLowerCase())
  // The Host must be signed, and so must any x-goog-* header the request carries
  // (x-goog-content-length-range, x-goog-resumable…): GCS refuses them unsigned.
  if (!signedHeaders.includes('host')) return malformed('Header must be signed.', 'host')
  for (const [name] of req.headers) {
    if (name.startsWith('x-goog-') && !signedHeaders.includes(name)) return malformed('Header must be signed.', name)
  }
  // Unlike S3, GCS does not sign a missing header as empty: it refuses the request outright.
  for (const name of signedHeaders) {
    if (name !== 'host' && req.headers.get(name) === null) {
      return malformed('Header was included in signedheaders, but not in the request.', name)
    }
  }

  // The Node library signs `host` as the endpoint's hostname without the port (GCS itself is
  // always on 443), so the canonical host is url.hostname whatever the Host header says.
  const headerValue = (name: string): string =>
    name === 'host' ? req.url.hostname : canonicalHeaderValue(req.headers.get(name) ?? '')
  const payloadHash = signedHeaders.includes('x-goog-content-sha256')
    ? headerValue('x-goog-content-sha256')
    : 'UNSIGNED-PAYLOAD'
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(req.url.pathname),
    canonicalQuery(q, (name) => name.toLowerCase() === 'x-goog-signature'),
    ...signedHeaders.map((name) => `${name}:${headerValue(name)}`),
    '',
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
  const stringToSign = [ALGORITHM, dateText, scopeParts.slice(1).join('/'), sha256Hex(canonicalRequest)].join('\n')

  // An unknown service account and a wrong signature look the same from outside: GCS cannot
  // verify the signature with any key it knows.
  const publicKey = req.publicKeyFor(clientEmail)
  const sig = signature ?? ''
  if (!publicKey || !/^(?:[0-9a-f]{2})+$/i.test(sig) || !(await rsaVerifies(stringToSign, publicKey, sig))) {
    return fail(403, 'SignatureDoesNotMatch', 'Access denied.', {
      Details:
        'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.',
      StringToSign: stringToSign,
      CanonicalRequest: canonicalRequest,
    })
  }
  return { ok: true, value: { clientEmail, signedHeaders, expiresAt } }
}
