import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  GCS_PUT_SIGNATURE_MISMATCH,
  S3_POST_POLICY_CONTENT_TYPE,
  S3_PUT_EXPIRED,
} from '../test/storage-error-bodies.ts'
import { parseStorageErrorXml } from './storage-error-xml.ts'

// Real answers of the mock server (mock-server/src) to deliberately bad requests; failure-messages.test.ts has the
// whole set and where they came from.

describe('parseStorageErrorXml', () => {
  it('reads code, message and every detail of a GCS answer, entities decoded', () => {
    const { code, message, details } = parseStorageErrorXml(GCS_PUT_SIGNATURE_MISMATCH)
    expect(code).toBe('SignatureDoesNotMatch')
    expect(message).toBe('Access denied.')
    expect(Object.keys(details)).toEqual(['Details', 'StringToSign', 'CanonicalRequest'])
    expect(details.CanonicalRequest?.split('\n')).toEqual([
      'PUT',
      '/artwork-staging-images/srr-images/0xf1B51E02804A7AF4Eb4c2f57dc9a05510A513C17/photo.jpg',
      'X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=startrail-signer%40mock-project.iam.gserviceaccount.com%2F20261122%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20261122T025314Z&X-Goog-Expires=900&X-Goog-SignedHeaders=content-type%3Bhost',
      'content-type:image/png',
      'host:127.0.0.1',
      '',
      'content-type;host',
      'UNSIGNED-PAYLOAD',
    ])
  })

  it('reads an S3 answer with its extra elements', () => {
    const { code, details } = parseStorageErrorXml(S3_PUT_EXPIRED)
    expect(code).toBe('AccessDenied')
    expect(details).toMatchObject({
      'X-Amz-Expires': '3600',
      Expires: '2026-11-22T03:53:15Z',
      ServerTime: '2026-11-22T04:53:15Z',
    })
    expect(parseStorageErrorXml(S3_POST_POLICY_CONTENT_TYPE).message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/png"]',
    )
  })

  it('copes with what real services and proxies also send: CDATA, comments, namespaces, empty and nested elements', () => {
    const xml = `<?xml version="1.0"?><!-- <Error><Code>Fake</Code></Error> --><s3:Error xmlns:s3="urn:x"><s3:Code>NoSuchKey</s3:Code><Message><![CDATA[a <b> & c]]></Message><Key/><Extra><Inner>x</Inner> &#x263A;&#9731;&unknown;</Extra></s3:Error>`
    expect(parseStorageErrorXml(xml)).toEqual({
      code: 'NoSuchKey',
      message: 'a <b> & c',
      details: { Key: '', Extra: 'x ☺☃&unknown;' },
    })
  })

  it('keeps odd element names as plain details', () => {
    const { details } = parseStorageErrorXml('<Error><__proto__>x</__proto__><constructor>y</constructor></Error>')
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype)
    expect(Object.entries(details)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ])
  })

  it.each([
    ['an empty body', ''],
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['JSON', '{"error":{"code":403,"message":"Forbidden"}}'],
    ['a success document', '<PostResponse><Location>x</Location></PostResponse>'],
    ['plain text', 'Forbidden'],
  ])('gives no code and no details for %s', (_, body) => {
    expect(parseStorageErrorXml(body)).toEqual({ details: {} })
  })

  it('reads what arrived of a body cut short', () => {
    expect(parseStorageErrorXml('<Error><Code>SlowDown</Code><Message>Please red')).toEqual({
      code: 'SlowDown',
      details: {},
    })
  })

  it('stays fast on hostile bodies (a linear scan, no backtracking)', () => {
    const started = performance.now()
    for (const body of [
      '<a'.repeat(200_000),
      `<Error>${'<a>'.repeat(100_000)}`,
      `<Error><Code>${'<Code>'.repeat(100_000)}`,
      `<Error><M>${'&#x'.repeat(100_000)}</M></Error>`,
      `<Error><M>${'<<'.repeat(100_000)}</M></Error>`,
    ]) {
      parseStorageErrorXml(body)
    }
    expect(performance.now() - started).toBeLessThan(2000)
  })

  const xmlish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '<Error>',
          '</Error>',
          '<Code>',
          '</Code>',
          '<Message>',
          '</Message>',
          '<',
          '>',
          '/>',
          '<![CDATA[',
          ']]>',
        ),
        fc.constantFrom(
          '<!--',
          '-->',
          '&amp;',
          '&#x110000;',
          '&#99999999;',
          '&#xD800;',
          '<?xml?>',
          '<a:b>',
          '</a:b>',
          '<Details/>',
        ),
        fc.string({ unit: 'binary', maxLength: 6 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''))

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(fc.oneof(xmlish, fc.string({ unit: 'binary' })), (body) => {
        const parsed = parseStorageErrorXml(body)
        expect(typeof parsed.details).toBe('object')
        for (const value of Object.values(parsed.details)) expect(typeof value).toBe('string')
      }),
      { numRuns: 1000 },
    )
    expect(parseStorageErrorXml(undefined as unknown as string)).toEqual({ details: {} })
  })
})
