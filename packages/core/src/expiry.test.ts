import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expiresAtFromPolicy, expiresAtFromUrl, expiresAtOf, lifetimeOf, policyLifetime } from './expiry.ts'

// Signed by the mock server (AWS SDK getSignedUrl, @google-cloud/storage getSignedUrl, createPresignedPost) on
// 2026-11-22; the signatures are cut short, nothing here checks them.
const NFT2_PUT_URL =
  'http://127.0.0.1:37835/nft2-protocol/photo-10a2f1971b49.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIAMOCKDEV000000001%2F20261122%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261122T025314Z&X-Amz-Expires=3600&X-Amz-Signature=016acb49&X-Amz-SignedHeaders=content-type%3Bhost&x-id=PutObject'
const STARTRAIL_GCS_URL =
  'http://127.0.0.1:43599/artwork-staging-images/srr-images/0xf1B51E02804A7AF4Eb4c2f57dc9a05510A513C17/photo.jpg?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=startrail-signer%40mock-project.iam.gserviceaccount.com%2F20261122%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20261122T025314Z&X-Goog-Expires=900&X-Goog-SignedHeaders=content-type%3Bhost&X-Goog-Signature=69fba929'
/** `{"expiration":"2026-11-22T02:55:14Z","conditions":[["content-length-range",1,33554432],{"Content-Type":"image/png"},…]}` */
const LEONARDO_POLICY =
  'eyJleHBpcmF0aW9uIjoiMjAyNi0xMS0yMlQwMjo1NToxNFoiLCJjb25kaXRpb25zIjpbWyJjb250ZW50LWxlbmd0aC1yYW5nZSIsMSwzMzU1NDQzMl0seyJDb250ZW50LVR5cGUiOiJpbWFnZS9wbmcifSx7ImJ1Y2tldCI6InVwbG9hZHMifSx7IlgtQW16LUFsZ29yaXRobSI6IkFXUzQtSE1BQy1TSEEyNTYifSx7IlgtQW16LUNyZWRlbnRpYWwiOiJBS0lBTU9DS0RFVjAwMDAwMDAwMS8yMDI2MTEyMi91cy1lYXN0LTEvczMvYXdzNF9yZXF1ZXN0In0seyJYLUFtei1EYXRlIjoiMjAyNjExMjJUMDI1MzE0WiJ9LHsia2V5IjoidXNlcnMvNWYwZDJjOWUtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDBkMGUwL2luaXRJbWFnZXMvNDQ2YmZmNzItZTgyNC00YWY0LWFlNmQtYTE4NWNiM2U0MjMwLnBuZyJ9XX0='

const SIGNED_AT = Date.UTC(2026, 10, 22, 2, 53, 14)
const toBase64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))

describe('expiresAtFromUrl', () => {
  it('reads SigV4 X-Amz-Date + X-Amz-Expires (NFT2: one hour)', () => {
    expect(expiresAtFromUrl(NFT2_PUT_URL)).toBe(SIGNED_AT + 3600_000)
  })

  it('reads GCS V4 X-Goog-Date + X-Goog-Expires (Startrail: 15 minutes)', () => {
    expect(expiresAtFromUrl(STARTRAIL_GCS_URL)).toBe(SIGNED_AT + 900_000)
  })

  it('matches parameter names case-insensitively, as GCS does', () => {
    expect(expiresAtFromUrl('https://storage.googleapis.com/b/o?x-goog-date=20261122T025314Z&x-goog-expires=60')).toBe(
      SIGNED_AT + 60_000,
    )
    expect(expiresAtFromUrl('https://s3.example/b/k?x-amz-date=20261122T025314Z&X-AMZ-EXPIRES=120')).toBe(
      SIGNED_AT + 120_000,
    )
  })

  it('reads relative URLs and ignores the fragment', () => {
    expect(expiresAtFromUrl('/upload?X-Amz-Date=20261122T025314Z&X-Amz-Expires=10#X-Amz-Expires=99')).toBe(
      SIGNED_AT + 10_000,
    )
  })

  it('reads the V2 form (Expires in epoch seconds beside Signature)', () => {
    expect(expiresAtFromUrl('https://s3.example/b/k?AWSAccessKeyId=AK&Expires=1795316000&Signature=abc')).toBe(
      1795316000_000,
    )
    // Without Signature, `Expires` is just some parameter of an unsigned URL.
    expect(expiresAtFromUrl('https://example.com/file?Expires=1795316000')).toBeUndefined()
  })

  it.each([
    ['no query', 'https://example.com/file.png'],
    ['not a URL at all', 'definitely not a url'],
    ['date without expires', 'https://x/?X-Amz-Date=20261122T025314Z'],
    ['expires without date', 'https://x/?X-Amz-Expires=60'],
    ['an impossible date', 'https://x/?X-Amz-Date=20261131T025314Z&X-Amz-Expires=60'],
    ['30 February', 'https://x/?X-Amz-Date=20260230T025314Z&X-Amz-Expires=60'],
    ['month 13', 'https://x/?X-Amz-Date=20261322T025314Z&X-Amz-Expires=60'],
    ['hour 24', 'https://x/?X-Amz-Date=20261122T240000Z&X-Amz-Expires=60'],
    ['second 60', 'https://x/?X-Amz-Date=20261122T025360Z&X-Amz-Expires=60'],
    ['an extended ISO date', 'https://x/?X-Amz-Date=2026-11-22T02:53:14Z&X-Amz-Expires=60'],
    ['negative expires', 'https://x/?X-Amz-Date=20261122T025314Z&X-Amz-Expires=-60'],
    ['exponent expires', 'https://x/?X-Amz-Date=20261122T025314Z&X-Amz-Expires=6e1'],
    ['empty string', ''],
  ])('is undefined for %s', (_, url) => {
    expect(expiresAtFromUrl(url)).toBeUndefined()
  })

  it('never throws, and answers a finite time or undefined, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (tail) => {
        for (const url of [
          tail,
          `https://x/?X-Amz-Date=${tail}&X-Amz-Expires=${tail}`,
          `?x-goog-date=20261122T025314Z&x-goog-expires=${tail}`,
        ]) {
          const at = expiresAtFromUrl(url)
          expect(at === undefined || Number.isFinite(at)).toBe(true)
        }
      }),
    )
  })
})

describe('expiresAtFromPolicy', () => {
  it('reads the expiration of a POST policy (Leonardo: 2 minutes after signing)', () => {
    expect(expiresAtFromPolicy({ Policy: LEONARDO_POLICY })).toBe(SIGNED_AT + 120_000)
  })

  it('accepts the lower-case field name some signers use', () => {
    expect(expiresAtFromPolicy({ policy: LEONARDO_POLICY })).toBe(SIGNED_AT + 120_000)
  })

  it('accepts base64url and missing padding', () => {
    // `?>` and `~~` encode to `/` and `+` in standard base64, so this policy has both in it.
    const json = '{"expiration":"2026-11-22T02:55:14.000Z","conditions":[{"key":"a?>b~~"}]}'
    const standard = toBase64(json)
    expect(standard).toMatch(/[+/]/)
    const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    expect(expiresAtFromPolicy({ Policy: urlSafe })).toBe(SIGNED_AT + 120_000)
    expect(expiresAtFromPolicy({ Policy: standard.replace(/=+$/, '') })).toBe(SIGNED_AT + 120_000)
  })

  it('reads expirations with an offset instead of Z', () => {
    expect(expiresAtFromPolicy({ Policy: toBase64('{"expiration":"2026-11-22T03:55:14+01:00"}') })).toBe(
      SIGNED_AT + 120_000,
    )
  })

  it.each([
    ['no policy', {}],
    ['not base64', { Policy: 'not base64!' }],
    ['base64 of something not JSON', { Policy: toBase64('hello') }],
    ['JSON without expiration', { Policy: toBase64('{"conditions":[]}') }],
    ['an expiration in words', { Policy: toBase64('{"expiration":"tomorrow"}') }],
    ['a numeric expiration', { Policy: toBase64('{"expiration":1795316000}') }],
    ['JSON null', { Policy: toBase64('null') }],
    ['bytes that are not UTF-8', { Policy: btoa('\xff\xfe{') }],
  ])('is undefined for %s', (_, fields) => {
    expect(expiresAtFromPolicy(fields as Record<string, string>)).toBeUndefined()
  })

  it('never throws, for any fields', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.string({ unit: 'binary' })),
        fc.string({ unit: 'binary' }),
        (fields, policy) => {
          const at = expiresAtFromPolicy({ ...fields, Policy: policy })
          expect(at === undefined || Number.isFinite(at)).toBe(true)
          expiresAtFromPolicy(fields)
        },
      ),
    )
    expect(expiresAtFromPolicy(null as unknown as Record<string, string>)).toBeUndefined()
  })
})

describe('expiresAtOf', () => {
  it('prefers what the vendor said explicitly', () => {
    expect(expiresAtOf({ method: 'PUT', url: NFT2_PUT_URL, headers: {}, expiresAt: 42 })).toBe(42)
  })

  it('reads a PUT from its URL, and a POST from the expiry its flow read from the policy', () => {
    expect(expiresAtOf({ method: 'PUT', url: STARTRAIL_GCS_URL, headers: {} })).toBe(SIGNED_AT + 900_000)
    const fields = { Policy: LEONARDO_POLICY }
    expect(
      expiresAtOf({ method: 'POST', url: 'http://127.0.0.1:37835/uploads', fields, ...policyLifetime(fields) }),
    ).toBe(SIGNED_AT + 120_000)
  })

  it('is undefined when nothing says (unknown, not "never")', () => {
    expect(expiresAtOf({ method: 'PUT', url: 'https://example.com/upload', headers: {} })).toBeUndefined()
    expect(expiresAtOf({ method: 'POST', url: 'https://example.com/upload', fields: {} })).toBeUndefined()
  })
})

describe('lifetimeOf', () => {
  const signedAt = Date.UTC(2026, 10, 22, 2, 53, 14)

  it('reads when a URL was signed and when it lapses, SigV4 and GCS V4 alike', () => {
    expect(
      lifetimeOf({ method: 'PUT', url: 'https://x/k?X-Amz-Date=20261122T025314Z&X-Amz-Expires=3600', headers: {} }),
    ).toEqual({ signedAt, expiresAt: signedAt + 3_600_000 })
    expect(
      lifetimeOf({ method: 'PUT', url: '/k?x-goog-date=20261122T025314Z&x-goog-expires=900', headers: {} }),
    ).toEqual({ signedAt, expiresAt: signedAt + 900_000 })
  })

  it("policyLifetime reads a policy's X-Amz-Date field, in any case, beside its expiration", () => {
    const policy = btoa(JSON.stringify({ expiration: '2026-11-22T02:55:14.000Z', conditions: [] }))
    const lifetime = { signedAt, expiresAt: signedAt + 120_000 }
    expect(policyLifetime({ Policy: policy, 'X-Amz-Date': '20261122T025314Z' })).toEqual(lifetime)
    expect(policyLifetime({ policy, 'x-amz-date': '20261122T025314Z' })).toEqual(lifetime)
    expect(lifetimeOf({ method: 'POST', url: 'https://x/', fields: { Policy: policy }, ...lifetime })).toEqual(lifetime)
  })

  it('leaves out what the upload does not say', () => {
    expect(lifetimeOf({ method: 'PUT', url: 'https://x/k', headers: {}, expiresAt: 5 })).toEqual({
      signedAt: undefined,
      expiresAt: 5,
    })
    expect(lifetimeOf({ method: 'PUT', url: 'https://x/k?X-Amz-Date=2026-11-22', headers: {} })).toEqual({
      signedAt: undefined,
      expiresAt: undefined,
    })
  })
})
