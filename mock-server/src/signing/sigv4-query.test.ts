import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesToHex } from './hashes.ts'
import { type S3Credentials, sigV4SigningKey, verifySigV4Query } from './sigv4-query.ts'

// AWS's published example credentials (the S3 and IAM docs use them in every SigV4 example).
const DOC_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE'
const DOC_S3_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

describe('sigV4SigningKey', () => {
  it('derives the signing key of the SigV4 docs example', () => {
    // IAM User Guide, "Examples of how to derive a signing key for Signature Version 4":
    // secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.
    const key = sigV4SigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam')
    expect(bytesToHex(key)).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d')
  })
})

describe('verifySigV4Query against the S3 docs example', () => {
  // S3 API Reference, "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)":
  // GET examplebucket/test.txt, signed 20130524T000000Z for 86400 s, us-east-1.
  const DOC_SIGNATURE = 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404'
  const DOC_QUERY =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
  const DOC_CANONICAL_REQUEST = [
    'GET',
    '/test.txt',
    DOC_QUERY,
    'host:examplebucket.s3.amazonaws.com',
    '',
    'host',
    'UNSIGNED-PAYLOAD',
  ].join('\n')
  const DOC_STRING_TO_SIGN = [
    'AWS4-HMAC-SHA256',
    '20130524T000000Z',
    '20130524/us-east-1/s3/aws4_request',
    '3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04',
  ].join('\n')
  const docCredentials = (id: string): S3Credentials | undefined =>
    id === DOC_ACCESS_KEY ? { secretAccessKey: DOC_S3_SECRET, region: 'us-east-1' } : undefined
  const verifyDoc = (signature: string, now: string, query = DOC_QUERY) =>
    verifySigV4Query({
      method: 'GET',
      url: new URL(`https://examplebucket.s3.amazonaws.com/test.txt?${query}&X-Amz-Signature=${signature}`),
      headers: new Headers({ host: 'examplebucket.s3.amazonaws.com' }),
      now: new Date(now),
      credentials: docCredentials,
    })

  it('accepts the published URL and reports what it signed', () => {
    const result = verifyDoc(DOC_SIGNATURE, '2013-05-24T01:00:00Z')
    expect(result).toEqual({
      ok: true,
      value: { accessKeyId: DOC_ACCESS_KEY, signedHeaders: ['host'], expiresAt: new Date('2013-05-25T00:00:00Z') },
    })
  })

  it('explains a mismatch with the canonical request and string to sign the docs show', () => {
    const flipped = `b${DOC_SIGNATURE.slice(1)}`
    const result = verifyDoc(flipped, '2013-05-24T01:00:00Z')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.status).toBe(403)
    expect(result.error.code).toBe('SignatureDoesNotMatch')
    expect(result.error.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    )
    expect(result.error.details?.CanonicalRequest).toBe(DOC_CANONICAL_REQUEST)
    expect(result.error.details?.StringToSign).toBe(DOC_STRING_TO_SIGN)
    expect(result.error.details?.SignatureProvided).toBe(flipped)
    expect(result.error.details?.AWSAccessKeyId).toBe(DOC_ACCESS_KEY)
    expect(result.error.details?.StringToSignBytes?.startsWith('41 57 53 34 2d 48 4d 41 43')).toBe(true)
    expect(Object.keys(result.error.details ?? {})).toEqual([
      'AWSAccessKeyId',
      'StringToSign',
      'SignatureProvided',
      'StringToSignBytes',
      'CanonicalRequest',
      'CanonicalRequestBytes',
    ])
  })

  it('refuses the URL one second after X-Amz-Date + X-Amz-Expires, as S3 words it', () => {
    expect(verifyDoc(DOC_SIGNATURE, '2013-05-25T00:00:00Z').ok).toBe(true)
    const lapsed = verifyDoc(DOC_SIGNATURE, '2013-05-25T00:00:01Z')
    // Real S3 writes these elements in this order.
    expect(Object.keys((!lapsed.ok && lapsed.error.details) || {})).toEqual(['X-Amz-Expires', 'Expires', 'ServerTime'])
    expect(lapsed).toEqual({
      ok: false,
      error: {
        status: 403,
        code: 'AccessDenied',
        message: 'Request has expired',
        details: { 'X-Amz-Expires': '86400', Expires: '2013-05-25T00:00:00Z', ServerTime: '2013-05-25T00:00:01Z' },
      },
    })
  })

  it('refuses a URL dated more than 15 minutes in the future', () => {
    expect(verifyDoc(DOC_SIGNATURE, '2013-05-23T23:45:00Z').ok).toBe(true)
    expect(verifyDoc(DOC_SIGNATURE, '2013-05-23T23:44:59Z')).toEqual({
      ok: false,
      error: {
        status: 403,
        code: 'AccessDenied',
        message: 'Request is not yet valid',
        details: {
          'X-Amz-Date': String(Date.UTC(2013, 4, 24)),
          Expires: '2013-05-25T00:00:00Z',
          ServerTime: '2013-05-23T23:44:59Z',
        },
      },
    })
  })

  it('insists that host is signed', () => {
    const result = verifyDoc(
      DOC_SIGNATURE,
      '2013-05-24T01:00:00Z',
      DOC_QUERY.replace('SignedHeaders=host', 'SignedHeaders=range'),
    )
    expect(result).toEqual({
      ok: false,
      error: {
        status: 403,
        code: 'AccessDenied',
        message: 'There were headers present in the request which were not signed',
        details: { HeadersNotSigned: 'host' },
      },
    })
  })
})

// ---- URLs made by the real AWS SDK signer, as the mock's clients will make them ----

const ACCESS_KEY = 'AKIAMOCKSERVER000001'
const SECRET = 'mock/secret+key/for/tests/only0000000000'
const REGION = 'eu-central-1'
const ENDPOINT = 'http://127.0.0.1:4011'
const SIGNED_AT = new Date('2026-03-01T12:00:00Z')
const SOON = new Date('2026-03-01T12:01:00Z')

const s3 = new S3Client({
  region: REGION,
  endpoint: ENDPOINT,
  forcePathStyle: true,
  credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
  requestChecksumCalculation: 'WHEN_REQUIRED',
})
const credentials = (id: string): S3Credentials | undefined =>
  id === ACCESS_KEY ? { secretAccessKey: SECRET, region: REGION } : undefined

const presignPut = async (Bucket: string, Key: string, ContentType = 'image/png', expiresIn = 600) =>
  new URL(
    await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key, ContentType }), {
      expiresIn,
      signableHeaders: new Set(['content-type']),
      signingDate: SIGNED_AT,
    }),
  )

type Overrides = {
  method?: string
  headers?: Record<string, string>
  now?: Date
  credentials?: (id: string) => S3Credentials | undefined
}
const verifyPut = (url: URL, o: Overrides = {}) =>
  verifySigV4Query({
    method: o.method ?? 'PUT',
    url,
    headers: new Headers(o.headers ?? { host: '127.0.0.1:4011', 'content-type': 'image/png' }),
    now: o.now ?? SOON,
    credentials: o.credentials ?? credentials,
  })

const withParam = (url: URL, name: string, value: string | null): URL => {
  const copy = new URL(url)
  if (value === null) copy.searchParams.delete(name)
  else copy.searchParams.set(name, value)
  return copy
}

const codeOf = (result: ReturnType<typeof verifySigV4Query>) =>
  result.ok ? 'ok' : `${result.error.status} ${result.error.code}: ${result.error.message}`

describe('verifySigV4Query with getSignedUrl(PutObjectCommand)', () => {
  it('accepts the URL with the Host and Content-Type it was signed for', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const result = verifyPut(url)
    expect(result).toEqual({
      ok: true,
      value: {
        accessKeyId: ACCESS_KEY,
        signedHeaders: ['content-type', 'host'],
        expiresAt: new Date('2026-03-01T12:10:00Z'),
      },
    })
  })

  it('names the Content-Type that differs in the CanonicalRequest it returns', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const result = verifyPut(url, { headers: { host: '127.0.0.1:4011', 'content-type': 'image/jpeg' } })
    expect(codeOf(result)).toBe(
      '403 SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    )
    if (result.ok) return
    expect(result.error.details?.CanonicalRequest).toContain('\ncontent-type:image/jpeg\nhost:127.0.0.1:4011\n')
    expect(result.error.details?.CanonicalRequest?.startsWith('PUT\n/uploads/photos/cat.png\n')).toBe(true)
  })

  it('signs a missing signed header as empty, so the request fails with SignatureDoesNotMatch', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const result = verifyPut(url, { headers: { host: '127.0.0.1:4011' } })
    expect(codeOf(result)).toMatch(/^403 SignatureDoesNotMatch/)
    if (!result.ok) expect(result.error.details?.CanonicalRequest).toContain('\ncontent-type:\nhost:')
  })

  it('refuses a Host with another port', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const result = verifyPut(url, { headers: { host: '127.0.0.1:4012', 'content-type': 'image/png' } })
    expect(codeOf(result)).toMatch(/^403 SignatureDoesNotMatch/)
  })

  it('refuses a changed key, bucket, method or signature', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const otherKey = new URL(url)
    otherKey.pathname = '/uploads/photos/dog.png'
    const otherBucket = new URL(url)
    otherBucket.pathname = '/other/photos/cat.png'
    const signature = url.searchParams.get('X-Amz-Signature') ?? ''
    const flipped = withParam(url, 'X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`)
    for (const result of [
      verifyPut(otherKey),
      verifyPut(otherBucket),
      verifyPut(flipped),
      verifyPut(url, { method: 'GET' }),
    ]) {
      expect(codeOf(result)).toMatch(/^403 SignatureDoesNotMatch/)
    }
  })

  it('refuses a longer X-Amz-Expires or a moved X-Amz-Date as a signature mismatch', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    expect(codeOf(verifyPut(withParam(url, 'X-Amz-Expires', '6000')))).toMatch(/^403 SignatureDoesNotMatch/)
    expect(codeOf(verifyPut(withParam(url, 'X-Amz-Date', '20260301T120030Z')))).toMatch(/^403 SignatureDoesNotMatch/)
  })

  it('refuses an X-Amz-Date on another day than the credential scope', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    expect(codeOf(verifyPut(withParam(url, 'X-Amz-Date', '20260302T120000Z')))).toBe(
      '400 AuthorizationQueryParametersError: Invalid credential date "20260301". This date is not the same as X-Amz-Date: "20260302".',
    )
  })

  it('refuses an unknown access key id', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const result = verifyPut(url, { credentials: () => undefined })
    expect(result).toEqual({
      ok: false,
      error: {
        status: 403,
        code: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
        details: { AWSAccessKeyId: ACCESS_KEY },
      },
    })
  })

  it('refuses a credential scope for another region', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const result = verifyPut(url, { credentials: () => ({ secretAccessKey: SECRET, region: 'us-east-1' }) })
    expect(result).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'AuthorizationQueryParametersError',
        message:
          "Error parsing the X-Amz-Credential parameter; the region 'eu-central-1' is wrong; expecting 'us-east-1'",
        details: { Region: 'us-east-1' },
      },
    })
  })

  it('refuses the URL once it has lapsed', async () => {
    const url = await presignPut('uploads', 'photos/cat.png', 'image/png', 60)
    expect(verifyPut(url, { now: new Date('2026-03-01T12:01:00Z') }).ok).toBe(true)
    const result = verifyPut(url, { now: new Date('2026-03-01T12:01:01Z') })
    expect(codeOf(result)).toBe('403 AccessDenied: Request has expired')
    if (!result.ok) expect(result.error.details?.['X-Amz-Expires']).toBe('60')
  })

  it('refuses unsigned x-amz-* headers but not x-amz-content-sha256', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const base = { host: '127.0.0.1:4011', 'content-type': 'image/png' }
    expect(verifyPut(url, { headers: { ...base, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }).ok).toBe(true)
    const result = verifyPut(url, { headers: { ...base, 'x-amz-acl': 'public-read' } })
    expect(result).toEqual({
      ok: false,
      error: {
        status: 403,
        code: 'AccessDenied',
        message: 'There were headers present in the request which were not signed',
        details: { HeadersNotSigned: 'x-amz-acl' },
      },
    })
  })

  it("answers malformed or missing parameters with S3's AuthorizationQueryParametersError messages", async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    const cases: [string, string | null, string][] = [
      [
        'X-Amz-Signature',
        null,
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      ],
      [
        'X-Amz-Expires',
        null,
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      ],
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA1', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256".'],
      [
        'X-Amz-Credential',
        `${ACCESS_KEY}/20260301/${REGION}/s3`,
        'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
      ],
      [
        'X-Amz-Credential',
        `${ACCESS_KEY}/20260301/${REGION}/sqs/aws4_request`,
        'Error parsing the X-Amz-Credential parameter; incorrect service "sqs". This endpoint belongs to "s3".',
      ],
      [
        'X-Amz-Credential',
        `${ACCESS_KEY}/20260301/${REGION}/s3/aws5_request`,
        'Error parsing the X-Amz-Credential parameter; incorrect terminal "aws5_request". This endpoint uses "aws4_request".',
      ],
      ['X-Amz-Date', '2026-03-01T12:00:00Z', `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`],
      ['X-Amz-Date', '20260231T120000Z', `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`],
      ['X-Amz-Expires', 'ten', 'X-Amz-Expires should be a number'],
      ['X-Amz-Expires', '-1', 'X-Amz-Expires must be non-negative'],
      [
        'X-Amz-Expires',
        '604801',
        'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
      ],
    ]
    for (const [name, value, message] of cases) {
      expect(codeOf(verifyPut(withParam(url, name, value))), `${name}=${value}`).toBe(
        `400 AuthorizationQueryParametersError: ${message}`,
      )
    }
  })

  it('takes a zero X-Amz-Expires as a URL that has already lapsed', async () => {
    const url = await presignPut('uploads', 'photos/cat.png')
    expect(codeOf(verifyPut(withParam(url, 'X-Amz-Expires', '0')))).toBe('403 AccessDenied: Request has expired')
  })

  it('accepts keys with spaces, unicode and reserved characters, and only those keys', async () => {
    for (const key of ['a b/ü.png', "it's (1)!*~.png", 'x+y=z&w;v.png', '日本/空 白.jpg', 'dir//double.png']) {
      const url = await presignPut('uploads', key)
      expect(codeOf(verifyPut(url)), key).toBe('ok')
      const tampered = new URL(url)
      tampered.pathname = tampered.pathname.replace('.', '-')
      expect(codeOf(verifyPut(tampered)), key).toMatch(/^403 SignatureDoesNotMatch/)
    }
    // The same key sent less escaped (as a browser may write it) is still the same key.
    const url = await presignPut('uploads', "it's (1).png")
    const relaxed = new URL(url)
    relaxed.pathname = "/uploads/it's%20(1).png"
    expect(codeOf(verifyPut(relaxed))).toBe('ok')
  })

  it('accepts a presigned GetObject without Content-Type', async () => {
    const url = new URL(
      await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'uploads', Key: 'a b/ü.png' }), {
        expiresIn: 300,
        signingDate: SIGNED_AT,
      }),
    )
    const result = verifyPut(url, { method: 'GET', headers: { host: '127.0.0.1:4011' } })
    expect(result.ok && result.value.signedHeaders).toEqual(['host'])
  })

  it('accepts every key the SDK can sign (property)', async () => {
    const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s !== '.' && s !== '..')
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 3 }), async (segments) => {
        const url = await presignPut('uploads', segments.join('/'))
        expect(codeOf(verifyPut(url))).toBe('ok')
      }),
      { numRuns: 60 },
    )
  })
})
