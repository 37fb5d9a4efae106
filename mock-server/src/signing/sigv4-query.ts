// Verifies an AWS Signature Version 4 presigned (query-string) request the way S3 does:
// same checks, same order, same error codes and wording, so a client tested against this
// mock meets no surprise on real S3. The wording comes from real S3 answers quoted in public
// issues (see the tests); the algorithm from "Authenticating Requests: Using Query Parameters
// (AWS Signature Version 4)" in the S3 API reference.
import {
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  fail,
  hexBytes,
  parseBasicIsoDate,
  s3Time,
  safeEqual,
} from './canonical.ts'
import { bytesToHex, hmacSha256, sha256Hex, utf8ToBytes } from './hashes.ts'
import type { Verified } from './types.ts'

export interface S3Credentials {
  secretAccessKey: string
  region: string
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
const MAX_EXPIRES = 604800 // seven days: the longest a SigV4 presigned URL may live
const MAX_CLOCK_SKEW_MS = 15 * 60_000 // S3 accepts an X-Amz-Date up to 15 minutes ahead of its clock

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request") */
export function sigV4SigningKey(secret: string, yyyymmdd: string, region: string, service: string): Uint8Array {
  let key: Uint8Array = utf8ToBytes(`AWS4${secret}`)
  for (const part of [yyyymmdd, region, service, 'aws4_request']) key = hmacSha256(key, part)
  return key
}

/** S3's messages for a credential scope it cannot use, shared with the POST policy verifier. */
export type CredentialScope = { accessKeyId: string; date: string; region: string; service: string; terminal: string }

export function parseCredential(value: string): CredentialScope | undefined {
  const parts = value.split('/')
  if (parts.length !== 5 || !parts[0]) return undefined
  const [accessKeyId, date, region, service, terminal] = parts as [string, string, string, string, string]
  return { accessKeyId, date, region, service, terminal }
}

export const CREDENTIAL_MALFORMED =
  'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".'
export const DATE_MALFORMED = `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
export const UNKNOWN_ACCESS_KEY = 'The AWS Access Key Id you provided does not exist in our records.'

/** The checks S3 makes on the scope before it looks at the key, in S3's words; undefined if the scope is fine. */
export function scopeProblem(scope: CredentialScope, amzDate: string): string | undefined {
  if (scope.date !== amzDate.slice(0, 8)) {
    return `Invalid credential date "${scope.date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`
  }
  if (scope.service !== 's3') {
    return `Error parsing the X-Amz-Credential parameter; incorrect service "${scope.service}". This endpoint belongs to "s3".`
  }
  if (scope.terminal !== 'aws4_request') {
    return `Error parsing the X-Amz-Credential parameter; incorrect terminal "${scope.terminal}". This endpoint uses "aws4_request".`
  }
  return undefined
}

export function regionProblem(scope: CredentialScope, expected: string): string | undefined {
  return scope.region === expected
    ? undefined
    : `Error parsing the X-Amz-Credential parameter; the region '${scope.region}' is wrong; expecting '${expected}'`
}

const queryError = <T>(message: string, details?: Record<string, string>): Verified<T> =>
  fail(400, 'AuthorizationQueryParametersError', message, details)

export function verifySigV4Query(req: {
  method: string
  url: URL
  headers: Headers
  now: Date
  credentials: (accessKeyId: string) => S3Credentials | undefined
}): Verified<{ accessKeyId: string; signedHeaders: string[]; expiresAt: Date }> {
  const q = req.url.searchParams
  // S3 matches these names exactly (a lower-case x-amz-signature is just another query parameter).
  const algorithm = q.get('X-Amz-Algorithm')
  const credential = q.get('X-Amz-Credential')
  const signature = q.get('X-Amz-Signature')
  const amzDate = q.get('X-Amz-Date')
  const signedHeadersParam = q.get('X-Amz-SignedHeaders')
  const expiresParam = q.get('X-Amz-Expires')
  if (!algorithm || !credential || !signature || !amzDate || !signedHeadersParam || !expiresParam) {
    return queryError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    )
  }
  if (algorithm !== ALGORITHM) return queryError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256".')

  const scope = parseCredential(credential)
  if (!scope) return queryError(CREDENTIAL_MALFORMED)
  const signedAt = parseBasicIsoDate(amzDate)
  if (!signedAt) return queryError(DATE_MALFORMED)

  if (!/^-?\d+$/.test(expiresParam)) return queryError('X-Amz-Expires should be a number')
  const expires = Number(expiresParam)
  if (expires < 0) return queryError('X-Amz-Expires must be non-negative')
  if (expires > MAX_EXPIRES) {
    return queryError(
      `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_EXPIRES} seconds`,
    )
  }

  const scopeMessage = scopeProblem(scope, amzDate)
  if (scopeMessage) return queryError(scopeMessage)

  // Our region is a property of the key (one key, one test bucket region), so the key is looked
  // up before the region can be judged; real S3 takes the region from the bucket instead.
  const creds = req.credentials(scope.accessKeyId)
  if (!creds) return fail(403, 'InvalidAccessKeyId', UNKNOWN_ACCESS_KEY, { AWSAccessKeyId: scope.accessKeyId })
  const regionMessage = regionProblem(scope, creds.region)
  if (regionMessage) return queryError(regionMessage, { Region: creds.region })

  const expiresAt = new Date(signedAt.getTime() + expires * 1000)
  if (signedAt.getTime() - req.now.getTime() > MAX_CLOCK_SKEW_MS) {
    // Real S3 really does give X-Amz-Date back in epoch milliseconds here.
    return fail(403, 'AccessDenied', 'Request is not yet valid', {
      'X-Amz-Date': String(signedAt.getTime()),
      Expires: s3Time(expiresAt),
      ServerTime: s3Time(req.now),
    })
  }
  if (req.now.getTime() > expiresAt.getTime()) {
    return fail(403, 'AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expiresParam,
      Expires: s3Time(expiresAt),
      ServerTime: s3Time(req.now),
    })
  }

  const signedHeaders = signedHeadersParam.split(';').map((h) => h.toLowerCase())
  // S3 refuses, before any signature maths, a URL that does not sign `host` and a request that
  // carries x-amz-* headers the URL did not sign (an x-amz-acl slipped in by a client, say).
  // x-amz-content-sha256 is exempt: it only declares how the payload is hashed.
  const notSigned = signedHeaders.includes('host') ? [] : ['host']
  for (const [name] of req.headers) {
    if (name.startsWith('x-amz-') && name !== 'x-amz-content-sha256' && !signedHeaders.includes(name)) {
      notSigned.push(name)
    }
  }
  if (notSigned.length > 0) {
    return fail(403, 'AccessDenied', 'There were headers present in the request which were not signed', {
      HeadersNotSigned: notSigned.join(','),
    })
  }

  // A signed header the request lacks is signed as an empty value, exactly as S3 does: the
  // result is a SignatureDoesNotMatch whose CanonicalRequest shows 'content-type:' empty.
  const headerValue = (name: string): string => {
    const sent = req.headers.get(name)
    // The Host header is always on a real request; url.host stands in when a caller builds
    // a Headers object without it.
    if (sent === null) return name === 'host' ? req.url.host : ''
    return canonicalHeaderValue(sent)
  }
  const payloadHash = signedHeaders.includes('x-amz-content-sha256')
    ? headerValue('x-amz-content-sha256')
    : (q.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD')
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(req.url.pathname),
    canonicalQuery(q, (name) => name === 'X-Amz-Signature'),
    ...signedHeaders.map((name) => `${name}:${headerValue(name)}`),
    '',
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/${scope.terminal}`
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n')
  const expected = bytesToHex(
    hmacSha256(sigV4SigningKey(creds.secretAccessKey, scope.date, scope.region, 's3'), stringToSign),
  )

  if (!safeEqual(signature, expected)) {
    // The order of these elements is the order real S3 writes them in.
    return fail(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, {
      AWSAccessKeyId: scope.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: signature,
      StringToSignBytes: hexBytes(stringToSign),
      CanonicalRequest: canonicalRequest,
      CanonicalRequestBytes: hexBytes(canonicalRequest),
    })
  }
  return { ok: true, value: { accessKeyId: scope.accessKeyId, signedHeaders, expiresAt } }
}
